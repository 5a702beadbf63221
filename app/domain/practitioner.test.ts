import fc from "fast-check";
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import {
  buildPractitionerResults,
  ROLE_GROUPS,
  isStaffGap,
  parseMinGroup,
  scoreResponse,
  suppressGroups,
  type GroupNode,
  type StaffGroup,
  type Tally,
} from "./practitioner";
import { validateTool, type Band, type ToolDefinition } from "./tool-schema";
import { visibleQuestions } from "./survey-engine";

const BANDS: Band[] = [
  { code: "fully", label: "Fully met", min: 85, colour: "#00703c" },
  { code: "mostly", label: "Mostly met", min: 60, colour: "#1d70b8" },
  { code: "partly", label: "Partially met", min: 30, colour: "#f47738" },
  { code: "not", label: "Not met", min: 0, colour: "#d4351c" },
];

function shippedSurvey(): ToolDefinition {
  const result = validateTool(JSON.parse(fs.readFileSync("surveys/practitioner-s11/2026.1.json", "utf8")));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.tool;
}

/**
 * What a reader can work out from the shown figures: every shown group's count is known, and every group
 * equals the sum of its children. Solving every equation with one unknown until none is left gives all a
 * subtraction can reveal; each equation still holding unknowns reveals only their sum.
 */
function derivable(root: GroupNode, withheld: Set<string>): { known: Map<string, number>; unknownSums: number[] } {
  const nodes: GroupNode[] = [];
  const walk = (node: GroupNode) => {
    nodes.push(node);
    node.children.forEach(walk);
  };
  walk(root);
  const known = new Map(nodes.filter((node) => !withheld.has(node.key)).map((node) => [node.key, node.n]));
  const equations = nodes.filter((node) => node.children.length > 0);
  let changed = true;
  while (changed) {
    changed = false;
    for (const parent of equations) {
      const members = [parent, ...parent.children];
      const unknown = members.filter((member) => !known.has(member.key));
      if (unknown.length !== 1) continue;
      const target = unknown[0];
      const childSum = parent.children.filter((child) => child !== target).reduce((sum, child) => sum + (known.get(child.key) ?? 0), 0);
      known.set(target.key, target === parent ? childSum : (known.get(parent.key) ?? 0) - childSum);
      changed = true;
    }
  }
  const unknownSums = equations
    .filter((parent) => known.has(parent.key))
    .map((parent) => parent.children.filter((child) => !known.has(child.key)).reduce((sum, child) => sum + child.n, 0))
    .filter((sum) => sum > 0);
  return { known, unknownSums };
}

/** A random partnership: sectors of agencies of role-group cells, each with a random count of responses. */
const cellCount = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 60 }));
const treeArbitrary = fc
  .array(fc.array(fc.array(cellCount, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 })
  .map((sectors): GroupNode => {
    const sum = (children: GroupNode[]) => children.reduce((total, child) => total + child.n, 0);
    const sectorNodes = sectors.map((agencies, s) => {
      const agencyNodes = agencies.map((cells, a) => {
        const cellNodes = cells.map((n, c) => ({ key: `cell:${s}:${a}:${c}`, n, children: [] }));
        return { key: `agency:${s}:${a}`, n: sum(cellNodes), children: cellNodes };
      });
      return { key: `sector:${s}`, n: sum(agencyNodes), children: agencyNodes };
    });
    return { key: "partnership", n: sum(sectorNodes), children: sectorNodes };
  });

describe("suppressGroups", () => {
  it("withholds a group under the minimum and the next smallest sibling beside it", () => {
    const root: GroupNode = {
      key: "p",
      n: 41,
      children: [
        { key: "a", n: 4, children: [] },
        { key: "b", n: 12, children: [] },
        { key: "c", n: 25, children: [] },
      ],
    };
    expect([...suppressGroups(root, 10)].sort()).toEqual(["a", "b"]);
  });

  it("withholds everything when the whole partnership is under the minimum", () => {
    const root: GroupNode = { key: "p", n: 9, children: [{ key: "a", n: 9, children: [] }] };
    expect([...suppressGroups(root, 10)].sort()).toEqual(["a", "p"]);
  });

  it("never lets subtraction reveal a group smaller than the minimum, for any counts", () => {
    fc.assert(
      fc.property(treeArbitrary, fc.integer({ min: 5, max: 12 }), (root, minGroup) => {
        const withheld = suppressGroups(root, minGroup);
        const { known, unknownSums } = derivable(root, withheld);
        const walk = (node: GroupNode): void => {
          // Every small, non-empty group is withheld, and no subtraction brings its count back.
          if (node.n > 0 && node.n < minGroup) {
            expect(withheld.has(node.key)).toBe(true);
            expect(known.has(node.key)).toBe(false);
          }
          node.children.forEach(walk);
        };
        walk(root);
        // What subtraction does give is a sum over withheld groups: never a small group either.
        for (const sum of unknownSums) expect(sum).toBeGreaterThanOrEqual(minGroup);
      }),
      { numRuns: 500 },
    );
  });

  it("withholds every child of a withheld group, so shown children never add up to it", () => {
    fc.assert(
      fc.property(treeArbitrary, (root) => {
        const withheld = suppressGroups(root, 10);
        const walk = (node: GroupNode, parentWithheld: boolean): void => {
          if (parentWithheld) expect(withheld.has(node.key)).toBe(true);
          node.children.forEach((child) => walk(child, withheld.has(node.key)));
        };
        walk(root, false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("scoreResponse", () => {
  it("counts agree as positive, disagree as not, and leaves don't know out", () => {
    const tool = shippedSurvey();
    const answers = { p4: "strongly_agree", p5: "disagree", p6: "dont_know", p7: "agree" };
    const outcomes = scoreResponse(tool, answers, visibleQuestions(tool.survey, answers));
    expect(outcomes.find((outcome) => outcome.standard === "S11-3")).toEqual({ standard: "S11-3", points: 1, max: 2 });
    // S11-6: p6 don't know (left out), p7 agree.
    expect(outcomes.find((outcome) => outcome.standard === "S11-6")).toEqual({ standard: "S11-6", points: 1, max: 1 });
    expect(outcomes.find((outcome) => outcome.standard === "S11-1")).toEqual({ standard: "S11-1", points: 0, max: 0 });
  });
});

describe("buildPractitionerResults", () => {
  const standards = [{ code: "S11-1", title: "Leadership" }];
  const agencies = [
    { id: 1, name: "Council", sector: "local_authority" as const },
    { id: 2, name: "Police", sector: "police" as const },
    { id: 3, name: "Probation", sector: "probation" as const },
  ];
  const tally = (agencyId: number, roleGroup: Tally["roleGroup"], responses: number, points: number, max: number): Tally => ({
    agencyId,
    roleGroup,
    standard: "S11-1",
    responses,
    points,
    max,
  });

  /** Results of one standard (S11-1, one statement) for the three agencies, minimum 10, unless told otherwise. */
  const build = (tallies: Tally[], options: Partial<Parameters<typeof buildPractitionerResults>[0]> = {}) =>
    buildPractitionerResults({ minGroup: 10, bands: BANDS, standards, perResponseMax: { "S11-1": 1 }, agencies, tallies, ...options });

  it("pools answers into staff % per agency and for the partnership, banded with the assured tool's bands", () => {
    const results = buildPractitionerResults({
      minGroup: 10,
      bands: BANDS,
      standards,
      perResponseMax: { "S11-1": 1 },
      agencies,
      tallies: [
        tally(1, "frontline", 10, 9, 10),
        tally(1, "manager", 10, 5, 10),
        tally(2, "frontline", 12, 3, 12),
        tally(3, null, 11, 0, 0),
      ],
    });
    const council = results.agencies[0];
    expect(council.total).toEqual({ suppressed: false, n: 20, standards: { "S11-1": { percent: 70, band: "mostly" } } });
    expect(council.roleGroups.map((entry) => [entry.roleGroup, entry.group.suppressed])).toEqual([
      ["frontline", false],
      ["manager", false],
    ]);
    expect(results.agencies[1].total).toEqual({ suppressed: false, n: 12, standards: { "S11-1": { percent: 25, band: "not" } } });
    // Everyone answered "don't know": no percentage, never 0%.
    expect(results.agencies[2].total).toEqual({ suppressed: false, n: 11, standards: { "S11-1": { percent: null, band: null } } });
    expect(results.partnership).toEqual({ suppressed: false, n: 43, standards: { "S11-1": { percent: (100 * 17) / 32, band: "partly" } } });
  });

  it("withholds an agency under the minimum and one more, so the partnership total does not give it away", () => {
    const results = buildPractitionerResults({
      minGroup: 10,
      bands: BANDS,
      standards,
      perResponseMax: { "S11-1": 1 },
      agencies: [agencies[0], { ...agencies[1], sector: "local_authority" }, { ...agencies[2], sector: "local_authority" }],
      tallies: [tally(1, "frontline", 4, 4, 4), tally(2, "frontline", 12, 6, 12), tally(3, "frontline", 30, 15, 30)],
    });
    expect(results.agencies.map((entry) => entry.total.suppressed)).toEqual([true, true, false]);
    expect(results.partnership.suppressed).toBe(false);
  });

  it("withholds a standard too few answered in a group, though the group is large: eleven 'don't know' do not hide the twelfth", () => {
    const results = buildPractitionerResults({
      minGroup: 10,
      bands: BANDS,
      standards: [...standards, { code: "S11-2", title: "Recruitment" }],
      // S11-1 has one statement, S11-2 two: one response can add 1 and 2 to their maxima.
      perResponseMax: { "S11-1": 1, "S11-2": 2 },
      agencies,
      tallies: [
        // Council: 12 responses; S11-1 answered by one of them (max 1); S11-2 by all twelve.
        tally(1, "frontline", 12, 0, 1),
        { ...tally(1, "frontline", 12, 18, 24), standard: "S11-2" },
        // Police: 30 responses, all answering both.
        tally(2, "frontline", 30, 20, 30),
        { ...tally(2, "frontline", 30, 40, 60), standard: "S11-2" },
      ],
    });
    const council = results.agencies[0].total;
    if (council.suppressed) throw new Error("the council's 12 responses should show");
    expect(council.standards["S11-1"]).toEqual({ percent: null, band: null, withheld: true });
    expect(council.standards["S11-2"]).toMatchObject({ percent: 75 });
    // The partnership's S11-1 (31 answered) minus the police's (30) would give the council's one: so the police's S11-1 is withheld too.
    const police = results.agencies[1].total;
    if (police.suppressed) throw new Error("the police's 30 responses should show");
    expect(police.standards["S11-1"]).toMatchObject({ withheld: true });
    expect(police.standards["S11-2"]).toMatchObject({ percent: (100 * 40) / 60 });
  });

  it("never shows a standard's figure that fewer than the minimum answered, nor one that gives such a group away by subtraction", () => {
    const person = fc.record({
      agencyId: fc.integer({ min: 1, max: 3 }),
      roleGroup: fc.constantFrom(...ROLE_GROUPS, null),
      answered: fc.boolean(),
      agrees: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(person, { maxLength: 90 }), fc.integer({ min: 5, max: 12 }), (people, minGroup) => {
        // Tallies as the store keeps them: per agency and role group, responses, and S11-1's pooled points and maximum.
        const cells = new Map<string, Tally>();
        for (const one of people) {
          const key = `${one.agencyId}:${one.roleGroup}`;
          const cell = cells.get(key) ?? tally(one.agencyId, one.roleGroup, 0, 0, 0);
          cell.responses += 1;
          cell.max += one.answered ? 1 : 0;
          cell.points += one.answered && one.agrees ? 1 : 0;
          cells.set(key, cell);
        }
        const results = buildPractitionerResults({
          minGroup,
          bands: BANDS,
          standards,
          perResponseMax: { "S11-1": 1 },
          agencies,
          tallies: [...cells.values()],
        });
        const answered = (inGroup: (one: (typeof people)[number]) => boolean) =>
          people.filter((one) => one.answered && inGroup(one)).length;
        const sectorOf = new Map(agencies.map((agency) => [agency.id, agency.sector]));
        // Every group whose S11-1 figure shows, with how many answered it and its children (for subtraction).
        const shown = (group: StaffGroup) => !group.suppressed && group.standards["S11-1"].percent !== null;
        const checks: { group: StaffGroup; count: number; children: { group: StaffGroup; count: number }[] }[] = [];
        for (const entry of results.agencies) {
          const roleChildren = entry.roleGroups.map((role) => ({
            group: role.group,
            count: answered((one) => one.agencyId === entry.agency.id && (one.roleGroup ?? "none") === role.roleGroup),
          }));
          checks.push({ group: entry.total, count: answered((one) => one.agencyId === entry.agency.id), children: roleChildren });
          checks.push(...roleChildren.map((child) => ({ ...child, children: [] })));
        }
        const agencyChildren = (sector: string) =>
          results.agencies
            .filter((entry) => entry.agency.sector === sector)
            .map((entry) => ({ group: entry.total, count: answered((one) => one.agencyId === entry.agency.id) }));
        for (const { sector, group } of results.sectors)
          checks.push({ group, count: answered((one) => sectorOf.get(one.agencyId) === sector), children: agencyChildren(sector) });
        checks.push({
          group: results.partnership,
          count: answered(() => true),
          children: results.sectors.map(({ sector, group }) => ({
            group,
            count: answered((one) => sectorOf.get(one.agencyId) === sector),
          })),
        });
        for (const { group, count, children } of checks) {
          if (!shown(group)) continue;
          expect(count).toBeGreaterThanOrEqual(minGroup);
          const hidden = count - children.filter((child) => shown(child.group)).reduce((sum, child) => sum + child.count, 0);
          expect(hidden === 0 || hidden >= minGroup).toBe(true);
        }
      }),
    );
  });

  it("shows nothing while the survey runs, however many have answered, so no answer can be read from a change", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom(...ROLE_GROUPS, null), fc.integer({ min: 1, max: 80 })), {
          maxLength: 12,
        }),
        (cells) => {
          const tallies = cells.map(([agencyId, roleGroup, responses]) =>
            tally(agencyId, roleGroup, responses, Math.floor(responses / 2), responses),
          );
          const held = build(tallies, { heldUntilClose: true });
          const before = build(tallies.slice(1), { heldUntilClose: true });
          expect(held.heldUntilClose).toBe(true);
          // Every figure withheld, no role group listed: the same page before and after one more answer.
          expect(held).toEqual(before);
          expect(
            [held.partnership, ...held.sectors.map((entry) => entry.group), ...held.agencies.map((entry) => entry.total)].every(
              (group) => group.suppressed,
            ),
          ).toBe(true);
          expect(held.agencies.every((entry) => entry.roleGroups.length === 0)).toBe(true);
        },
      ),
    );
  });
});

describe("isStaffGap", () => {
  it("is a gap only when the rating is above the staff band", () => {
    expect(isStaffGap(BANDS, "fully", "mostly")).toBe(true);
    expect(isStaffGap(BANDS, "mostly", "mostly")).toBe(false);
    expect(isStaffGap(BANDS, "partly", "fully")).toBe(false);
    expect(isStaffGap(BANDS, "fully", null)).toBe(false);
  });
});

describe("parseMinGroup", () => {
  it("defaults to 10 and never accepts fewer than 5", () => {
    expect(parseMinGroup(undefined)).toEqual({ ok: true, value: 10 });
    expect(parseMinGroup("7")).toEqual({ ok: true, value: 7 });
    expect(parseMinGroup("4")).toMatchObject({ ok: false });
    expect(parseMinGroup("ten")).toMatchObject({ ok: false });
  });
});
