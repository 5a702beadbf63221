import type { Sector } from "./tool-schema";
import type { Band, ToolDefinition } from "./tool-schema";
import { bandFor, maxPointsOf, scoreReturn, type Answers } from "./scoring";
import { listQuestions } from "./survey-json";

/**
 * The practitioner survey (DESIGN §11): an agency's own staff answer anonymously, each statement mapped to a
 * standard of the assured tool. A response is scored by the tool rules (§5): agree = 1, disagree = 0, "don't
 * know" not applicable, so a standard's staff % is the pooled share of positive answers. Figures for small
 * groups are withheld, with complementary suppression so no withheld group is recoverable by subtraction
 * (decision 018).
 */

export const ROLE_GROUPS = ["frontline", "manager", "other"] as const;
export type RoleGroup = (typeof ROLE_GROUPS)[number];
export const ROLE_GROUP_LABELS: Record<RoleGroup | "none", string> = {
  frontline: "Frontline practitioners",
  manager: "Managers and supervisors",
  other: "Other roles",
  none: "Role not given",
};

/** The GP Patient Survey's threshold (DOMAIN §9.3): no figure for fewer than 10 people. */
export const DEFAULT_MIN_GROUP = 10;
/** A partnership may lower the threshold, never below this. */
export const MIN_GROUP_FLOOR = 5;

/**
 * The minimum group size a partnership set (`PRACTITIONER_MIN_GROUP`), read strictly: unset = 10; a whole
 * number of at least 5 is taken; anything else is refused with the reason, so a typo never lowers the bar.
 */
export function parseMinGroup(raw: string | undefined): { ok: true; value: number } | { ok: false; message: string } {
  if (raw === undefined || raw.trim() === "") return { ok: true, value: DEFAULT_MIN_GROUP };
  if (!/^\d+$/.test(raw.trim()))
    return { ok: false, message: `PRACTITIONER_MIN_GROUP must be a whole number of at least ${MIN_GROUP_FLOOR} (got "${raw}")` };
  const value = Number(raw.trim());
  if (value < MIN_GROUP_FLOOR)
    return {
      ok: false,
      message: `PRACTITIONER_MIN_GROUP must be at least ${MIN_GROUP_FLOOR}: smaller groups could identify the people in them (got ${value})`,
    };
  return { ok: true, value };
}

/** One response's result on one standard: points and maximum of its applicable answers. */
export interface StandardOutcome {
  standard: string;
  points: number;
  max: number;
}

/**
 * Scores one response with the return scoring rules (`scoreReturn`) and keeps, per standard of the survey,
 * the summed points and maximum of its included answers ("don't know" and unanswered contribute nothing),
 * so groups pool answers by adding these up.
 */
export function scoreResponse(tool: ToolDefinition, answers: Answers, visible: ReadonlySet<string>): StandardOutcome[] {
  const score = scoreReturn(tool, answers, visible);
  return tool.standards.map((standard) => {
    const included = score.items.filter((item) => item.standard === standard.code && item.status === "included");
    return {
      standard: standard.code,
      points: included.reduce((sum, item) => sum + item.weight * item.points, 0),
      max: included.reduce((sum, item) => sum + item.weight * item.max, 0),
    };
  });
}

/**
 * The most one response can add to each standard's pooled maximum: every one of its items answered (weights
 * included). A "don't know" adds nothing, so a group's maximum on a standard divided by this is the fewest
 * people who can have answered it (`buildPractitionerResults` withholds a standard too few answered).
 */
export function perResponseMax(tool: ToolDefinition): Record<string, number> {
  const elements = new Map(listQuestions(tool.survey).map((question) => [question.name, question.element]));
  const most: Record<string, number> = {};
  for (const [key, rule] of Object.entries(tool.items)) {
    // A matrix row's key is "question.row", and its rule scores against the matrix question.
    const element = elements.get(key) ?? elements.get(key.slice(0, key.lastIndexOf(".")));
    if (!element) continue;
    most[rule.standard] = (most[rule.standard] ?? 0) + (rule.weight ?? 1) * maxPointsOf(rule, element);
  }
  return most;
}

/** Running totals for one agency, role group and standard: how many responses, and their pooled points. */
export interface Tally {
  agencyId: number;
  roleGroup: RoleGroup | null;
  standard: string;
  responses: number;
  points: number;
  max: number;
}

/** A group in the hierarchy partnership → sector → agency → role group, with its number of responses. */
export interface GroupNode {
  key: string;
  n: number;
  children: GroupNode[];
}

/**
 * Which groups' figures are withheld. A group with fewer than `minGroup` responses is withheld (primary
 * suppression). Then, within every shown group, the withheld children must add up to 0 or at least
 * `minGroup` responses: otherwise "total minus the shown children" would give a small group's figure, so the
 * next smallest child is withheld too (complementary suppression, as the GP Patient Survey does). A withheld
 * group's children are all withheld, since shown children would add up to it. Empty groups show nothing and
 * need no cover. Returns the withheld keys.
 */
export function suppressGroups(root: GroupNode, minGroup: number): Set<string> {
  const withheld = new Set<string>();
  const withholdAll = (node: GroupNode) => {
    withheld.add(node.key);
    node.children.forEach(withholdAll);
  };
  const visit = (node: GroupNode) => {
    if (node.n < minGroup) return withholdAll(node);
    const filled = node.children.filter((child) => child.n > 0);
    const hidden = new Set(filled.filter((child) => child.n < minGroup));
    let hiddenTotal = [...hidden].reduce((sum, child) => sum + child.n, 0);
    if (hiddenTotal > 0 && hiddenTotal < minGroup) {
      // The smallest shown children first (ties by key, so the choice is the same every time), until the cover is enough.
      const shownChildren = filled
        .filter((child) => !hidden.has(child))
        .sort((a, b) => a.n - b.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const next of shownChildren) {
        if (hiddenTotal >= minGroup) break;
        hidden.add(next);
        hiddenTotal += next.n;
      }
    }
    for (const child of node.children) {
      if (hidden.has(child)) withholdAll(child);
      else visit(child);
    }
  };
  visit(root);
  return withheld;
}

/**
 * A shown group's staff figures, or a withheld one (which says only that it is withheld). Within a shown group
 * a standard too few people answered (the rest said "don't know") is withheld on its own (`withheld`).
 */
export type StaffGroup =
  | { suppressed: false; n: number; standards: Record<string, { percent: number | null; band: string | null; withheld?: true }> }
  | { suppressed: true };

export interface PractitionerResults {
  minGroup: number;
  /**
   * The survey is still taking answers, so every group is withheld (`buildPractitionerResults`). Absent in results
   * frozen before it existed, which were of closed surveys or shown as they were.
   */
  heldUntilClose?: boolean;
  /** The assured tool's bands: staff % is banded with them so it reads beside the self rating. */
  bands: Band[];
  standards: { code: string; title: string }[];
  partnership: StaffGroup;
  sectors: { sector: Sector; group: StaffGroup }[];
  agencies: {
    agency: { id: number; name: string; sector: Sector };
    total: StaffGroup;
    roleGroups: { roleGroup: RoleGroup | "none"; group: StaffGroup }[];
  }[];
}

interface Sum {
  n: number;
  points: Map<string, number>;
  max: Map<string, number>;
}

function emptySum(): Sum {
  return { n: 0, points: new Map(), max: new Map() };
}

/**
 * Staff % per group and standard from the tallies, in one pass, with small groups withheld
 * (`suppressGroups`). A group's n is its number of responses; the same groups are withheld on every
 * standard, so subtraction on any standard meets the same cover. A standard everyone in a shown group
 * answered "don't know" has no percentage (null), never 0%.
 *
 * A group's responses are not all answers to every standard: "don't know" adds nothing. So each standard is
 * checked again with the fewest people who can have answered it in each group (its pooled maximum over
 * `perResponseMax`), by the same rules and cover, and withheld in the groups where that is too few: twelve
 * responses of which eleven said "don't know" must not show the twelfth person's answer.
 *
 * While the survey is still taking answers (`heldUntilClose`) every group is withheld and no role group is
 * listed: a figure that moved with each answer would let anyone who knows who has just answered read that person's
 * answers (and role) from the change, whatever the group's size. Once it closes, the figures are shown once, and
 * never change again.
 */
export function buildPractitionerResults(input: {
  minGroup: number;
  heldUntilClose?: boolean;
  bands: Band[];
  standards: { code: string; title: string }[];
  /** `perResponseMax` of the survey's tool. */
  perResponseMax: Record<string, number>;
  agencies: { id: number; name: string; sector: Sector }[];
  tallies: Tally[];
}): PractitionerResults {
  const groups: (RoleGroup | "none")[] = [...ROLE_GROUPS, "none"];
  const sectors = [...new Set(input.agencies.map((agency) => agency.sector))];
  if (input.heldUntilClose === true) {
    const held: StaffGroup = { suppressed: true };
    return {
      minGroup: input.minGroup,
      heldUntilClose: true,
      bands: input.bands,
      standards: input.standards,
      partnership: held,
      sectors: sectors.map((sector) => ({ sector, group: held })),
      agencies: input.agencies.map((agency) => ({ agency, total: held, roleGroups: [] })),
    };
  }
  const cells = new Map<string, Sum>();
  const add = (key: string, tally: Tally, countResponses: boolean) => {
    const sum = cells.get(key) ?? emptySum();
    if (countResponses) sum.n += tally.responses;
    sum.points.set(tally.standard, (sum.points.get(tally.standard) ?? 0) + tally.points);
    sum.max.set(tally.standard, (sum.max.get(tally.standard) ?? 0) + tally.max);
    cells.set(key, sum);
  };
  const sectorOf = new Map(input.agencies.map((agency) => [agency.id, agency.sector]));
  // Every tally row carries its group's response count; count it once per group, on the first standard.
  const first = input.standards[0]?.code;
  for (const tally of input.tallies) {
    const sector = sectorOf.get(tally.agencyId);
    if (!sector) continue;
    const counts = tally.standard === first;
    add(`cell:${tally.agencyId}:${tally.roleGroup ?? "none"}`, tally, counts);
    add(`agency:${tally.agencyId}`, tally, counts);
    add(`sector:${sector}`, tally, counts);
    add("partnership", tally, counts);
  }
  const n = (key: string) => cells.get(key)?.n ?? 0;
  /** The groups' shape, built once: partnership → sector → agency → role group. */
  type Shape = { key: string; children: Shape[] };
  const shape: Shape = {
    key: "partnership",
    children: sectors.map((sector) => ({
      key: `sector:${sector}`,
      children: input.agencies
        .filter((agency) => agency.sector === sector)
        .map((agency) => ({
          key: `agency:${agency.id}`,
          children: groups.map((group) => ({ key: `cell:${agency.id}:${group}`, children: [] })),
        })),
    })),
  };
  const leaves = shape.children.flatMap((sector) => sector.children.flatMap((agency) => agency.children.map((cell) => cell.key)));
  /** The groups' tree, each group counted by `count` (responses, or the fewest who answered a standard). */
  const treeOf = (count: (key: string) => number, node: Shape = shape): GroupNode => ({
    key: node.key,
    n: count(node.key),
    children: node.children.map((child) => treeOf(count, child)),
  });
  const withheld = suppressGroups(treeOf(n), input.minGroup);
  const withheldOn = new Map(
    input.standards.map((standard) => {
      const most = input.perResponseMax[standard.code] ?? 0;
      // Rounded up: a pooled maximum of 9.5 items' worth took at least 10 people. Nothing to count if the standard scores nothing.
      const answered = (key: string) => (most > 0 ? Math.ceil((cells.get(key)?.max.get(standard.code) ?? 0) / most - 1e-9) : n(key));
      // Where every role group's count on the standard is its count of responses, every group's is: the same pattern.
      const same = leaves.every((key) => answered(key) === n(key));
      return [standard.code, same ? withheld : suppressGroups(treeOf(answered), input.minGroup)] as const;
    }),
  );
  const group = (key: string): StaffGroup => {
    if (withheld.has(key)) return { suppressed: true };
    const sum = cells.get(key) ?? emptySum();
    const standards: Record<string, { percent: number | null; band: string | null; withheld?: true }> = {};
    for (const standard of input.standards) {
      const max = sum.max.get(standard.code) ?? 0;
      if (max > 0 && withheldOn.get(standard.code)?.has(key)) {
        standards[standard.code] = { percent: null, band: null, withheld: true };
        continue;
      }
      const percent = max === 0 ? null : (100 * (sum.points.get(standard.code) ?? 0)) / max;
      standards[standard.code] = { percent, band: bandFor(input.bands, percent) };
    }
    return { suppressed: false, n: sum.n, standards };
  };
  return {
    minGroup: input.minGroup,
    heldUntilClose: false,
    bands: input.bands,
    standards: input.standards,
    partnership: group("partnership"),
    sectors: sectors.map((sector) => ({ sector, group: group(`sector:${sector}`) })),
    agencies: input.agencies.map((agency) => ({
      agency,
      total: group(`agency:${agency.id}`),
      roleGroups: groups
        .filter((roleGroup) => n(`cell:${agency.id}:${roleGroup}`) > 0)
        .map((roleGroup) => ({ roleGroup, group: group(`cell:${agency.id}:${roleGroup}`) })),
    })),
  };
}

/** Position of a band, highest first (0 = top); unknown codes rank below every band. */
function rankOf(bands: Band[], code: string): number {
  const index = bands.findIndex((band) => band.code === code);
  return index < 0 ? bands.length : index;
}

/**
 * A staff-evidence gap (DESIGN §11): the agency's self rating, or its computed band where it gave none,
 * is above the band its staff % falls in. No staff figure (withheld, or nobody answered) means no gap:
 * absence of evidence is not counter-evidence.
 */
export function isStaffGap(bands: Band[], rating: string | null, staffBand: string | null): boolean {
  if (rating === null || staffBand === null) return false;
  return rankOf(bands, rating) < rankOf(bands, staffBand);
}
