import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ToolDefinition } from "../tool-schema";
import { anonymiseBaseline } from "./anonymise";
import { buildBaselineReport, upgradeBaselineReport, type BaselineInputReturn } from "./baseline";
import { itemOutcomesOfAnswers, packItemOutcomes, parseItemOutcomes, tallyItemOutcomes } from "./baseline-items";
import { scoreAnswers } from "../score-answers";

/*
 * Hand-worked baseline: six agencies. Alpha Police (submitted) and Beta Police (validated), Cedar
 * Health (returned for changes), Fir School (submitted, S1 not applicable so not scored), Dale
 * Homes in progress, Elm Church not started. Alpha's S2 is moderated down from amber to red.
 * Bands: green ≥ 80, amber ≥ 50, red ≥ 0.
 */

const TOOL: ToolDefinition = {
  code: "t",
  version: "1",
  title: "Test tool",
  kind: "custom",
  bands: [
    { code: "green", label: "Met", min: 80, colour: "#00703c" },
    { code: "amber", label: "Partly met", min: 50, colour: "#f47738" },
    { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
  ],
  dimensions: [
    { code: "setting", title: "Setting quality standards" },
    { code: "improving", title: "Fostering continuous improvement" },
  ],
  standards: [
    { code: "S1", title: "Leadership", dimension: "setting", selfRating: "s1_self" },
    { code: "S2", title: "Recruitment", dimension: "improving", selfRating: "s2_self" },
  ],
  items: {
    q1: { standard: "S1", points: { yes: 2, partly: 1, no: 0 }, notApplicable: ["na"] },
    q2: { standard: "S2", points: { yes: 1, no: 0 } },
    "m1.r1": { standard: "S2", points: { yes: 1, no: 0 } },
  },
  survey: {
    pages: [
      {
        name: "p1",
        elements: [
          { type: "radiogroup", name: "q1", title: "Is there a named lead?", choices: ["yes", "partly", "no", "na"] },
          {
            type: "radiogroup",
            name: "q2",
            title: { default: "Are checks renewed?" } as never,
            choices: ["yes", "no"],
            visibleIf: "{q1} != 'na'",
          },
          { type: "matrix", name: "m1", title: "Records", columns: ["yes", "no"], rows: [{ value: "r1", text: "Kept securely" }] },
          { type: "radiogroup", name: "s1_self", choices: ["green", "amber", "red"] },
          { type: "radiogroup", name: "s2_self", choices: ["green", "amber", "red"] },
        ],
      },
    ],
  },
};

function submitted(
  name: string,
  sector: BaselineInputReturn["agency"]["sector"],
  status: BaselineInputReturn["status"],
  overall: number | null,
  s1: [number | null, string | null, string | null],
  s2: [number | null, string | null, string | null],
  dims: [number | null, number | null],
  answers: Record<string, unknown>,
  moderated?: Record<string, string>,
): BaselineInputReturn {
  const band = (percent: number | null) => (percent === null ? null : percent >= 80 ? "green" : percent >= 50 ? "amber" : "red");
  return {
    agency: { id: name.length, name, sector },
    status,
    score: {
      overallPercent: overall,
      overallBand: band(overall),
      standards: [
        {
          code: "S1",
          percent: s1[0],
          band: s1[1],
          selfRating: s1[2],
          included: s1[0] === null ? 0 : 1,
          notApplicable: s1[0] === null ? 1 : 0,
          unanswered: 0,
        },
        { code: "S2", percent: s2[0], band: s2[1], selfRating: s2[2], included: 2, notApplicable: 0, unanswered: 0 },
      ],
      dimensions: [
        { code: "setting", percent: dims[0], band: band(dims[0]) },
        { code: "improving", percent: dims[1], band: band(dims[1]) },
      ],
    },
    moderated,
    answers,
  };
}

const RETURNS: BaselineInputReturn[] = [
  submitted(
    "Alpha Police",
    "police",
    "submitted",
    75,
    [100, "green", "green"],
    [50, "amber", "green"],
    [100, 50],
    { q1: "yes", q2: "yes", m1: { r1: "no" } },
    { S2: "red" },
  ),
  submitted("Beta Police", "police", "validated", 75, [50, "amber", "amber"], [100, "green", "amber"], [50, 100], {
    q1: "partly",
    q2: "yes",
    m1: { r1: "yes" },
  }),
  submitted("Cedar Health", "health", "returned", 0, [0, "red", "amber"], [0, "red", null], [0, 0], {
    q1: "no",
    q2: "no",
    m1: { r1: "no" },
  }),
  submitted("Fir School", "education", "submitted", 50, [null, null, null], [50, "amber", "green"], [null, 50], {
    q1: "na",
    q2: "no",
    m1: { r1: "yes" },
  }),
  { agency: { id: 90, name: "Dale Homes", sector: "housing" }, status: "in_progress", score: null },
  { agency: { id: 91, name: "Elm Church", sector: "faith" }, status: "not_started", score: null },
];

const report = buildBaselineReport({ cycle: { id: 1, title: "Audit 2026", dueOn: "2026-03-31" }, tool: TOOL, returns: RETURNS });

describe("baseline partnership summary", () => {
  it("counts returns by status and completion as submitted (incl. returned and validated) of assigned", () => {
    expect(report.summary.byStatus).toEqual([
      { status: "not_started", count: 1 },
      { status: "in_progress", count: 1 },
      { status: "submitted", count: 2 },
      { status: "returned", count: 1 },
      { status: "validated", count: 1 },
    ]);
    expect(report.summary.submitted).toBe(4);
    expect(report.summary.completionPercent).toBeCloseTo(66.6667, 4);
  });

  it("distributes overall scores by band with their median and quartiles", () => {
    expect(report.summary.overallDistribution).toEqual([
      { band: "green", count: 0 },
      { band: "amber", count: 3 },
      { band: "red", count: 1 },
    ]);
    // 0, 50, 75, 75: median h = 1.5 → 62.5; q1 h = 0.75 → 37.5; q3 h = 2.25 → 75.
    expect(report.summary.overallSpread).toEqual({ n: 4, median: 62.5, q1: 37.5, q3: 75 });
    expect(report.summary.overallNotScored).toBe(0);
  });
});

describe("baseline heat map rows", () => {
  it("keeps the DESIGN §9 shape and says where each effective band comes from", () => {
    const alpha = report.agencies[0];
    expect(report.agencies.map((row) => row.agency.name)).toEqual(["Alpha Police", "Beta Police", "Cedar Health", "Fir School"]);
    expect(alpha.standards[1]).toEqual({
      code: "S2",
      percent: 50,
      band: "amber",
      selfRating: "green",
      moderatedRating: "red",
      effectiveBand: "red",
      effectiveSource: "moderated",
      items: { included: 2, notApplicable: 0, unanswered: 0 },
    });
    expect(alpha.standards[0].effectiveSource).toBe("computed");
    expect(report.agencies[3].standards[0]).toMatchObject({
      percent: null,
      effectiveBand: null,
      effectiveSource: null,
      items: { included: 0, notApplicable: 1, unanswered: 0 },
    });
  });

  it("gives each agency its optimism gap with its n (standards with both a self and an effective rating)", () => {
    expect(report.agencies.map((row) => [row.optimismGap, row.selfRated])).toEqual([
      [1, 2],
      [0, 2],
      [1, 1],
      [1, 1],
    ]);
  });
});

describe("baseline per standard", () => {
  it("gives the effective band distribution, median and IQR, and what was not scored", () => {
    const [s1, s2] = report.perStandard;
    expect(s1.distribution).toEqual([
      { band: "green", count: 1 },
      { band: "amber", count: 1 },
      { band: "red", count: 1 },
    ]);
    expect(s1.unrated).toBe(1);
    expect(s1.notScored).toBe(1);
    expect(s1.itemsNotApplicable).toBe(1);
    // 0, 50, 100: median 50, q1 25, q3 75.
    expect(s1.spread).toEqual({ n: 3, median: 50, q1: 25, q3: 75 });
    // Effective: Alpha red (moderated), Beta green, Cedar red, Fir amber.
    expect(s2.distribution).toEqual([
      { band: "green", count: 1 },
      { band: "amber", count: 1 },
      { band: "red", count: 2 },
    ]);
    // 0, 50, 50, 100: median 50, q1 h = 0.75 → 37.5, q3 h = 2.25 → 62.5.
    expect(s2.spread).toEqual({ n: 4, median: 50, q1: 37.5, q3: 62.5 });
  });

  it("gives sector medians with their n, leaving out sectors with no score", () => {
    expect(report.perStandard[0].sectors).toEqual([
      { sector: "police", n: 2, median: 75 },
      { sector: "health", n: 1, median: 0 },
    ]);
    expect(report.perStandard[1].sectors).toEqual([
      { sector: "police", n: 2, median: 75 },
      { sector: "health", n: 1, median: 0 },
      { sector: "education", n: 1, median: 50 },
    ]);
    expect(report.perStandard[1].sectorsLeftOut).toBe(0);
  });

  it("compares self ratings with effective ratings: above, same, below, and no self rating", () => {
    expect(report.perStandard[0].optimism).toEqual({ n: 3, above: 1, same: 2, below: 0, noSelfRating: 1 });
    expect(report.perStandard[1].optimism).toEqual({ n: 3, above: 2, same: 0, below: 1, noSelfRating: 1 });
  });
});

describe("baseline dimensions", () => {
  it("takes each agency's stored dimension score and gives the median, IQR and band distribution per dimension", () => {
    expect(report.perDimension.map((dimension) => [dimension.code, dimension.standards, dimension.spread, dimension.notScored])).toEqual([
      ["setting", ["S1"], { n: 3, median: 50, q1: 25, q3: 75 }, 1],
      ["improving", ["S2"], { n: 4, median: 50, q1: 37.5, q3: 62.5 }, 0],
    ]);
    expect(report.perDimension[1].distribution).toEqual([
      { band: "green", count: 1 },
      { band: "amber", count: 2 },
      { band: "red", count: 1 },
    ]);
  });
});

describe("baseline items most often unmet", () => {
  it("counts the answers of submitted and validated returns only, most often unmet first", () => {
    expect(report.items.returnsCounted).toBe(3);
    expect(report.items.returnsExcluded).toBe(1);
    // q1 and q2 are never unmet; q1's lower mean score (75 against 100) puts it first.
    expect(report.items.rows.map((row) => row.key)).toEqual(["m1.r1", "q1", "q2"]);
    // m1.r1: Alpha no, Beta yes, Fir yes → 1 of 3 unmet, mean (0 + 100 + 100) / 3.
    expect(report.items.rows[0]).toMatchObject({
      question: "Records: Kept securely",
      standard: "S2",
      n: 3,
      unmet: 1,
      belowMax: 1,
      notApplicable: 0,
      notAnswered: 0,
    });
    expect(report.items.rows[0].unmetPercent).toBeCloseTo(33.3333, 4);
    expect(report.items.rows[0].meanPercent).toBeCloseTo(66.6667, 4);
    // q2 shows only when q1 is not N/A: Fir's stored "no" is hidden, so it is not answered, not unmet.
    expect(report.items.rows[2]).toMatchObject({ question: "Are checks renewed?", n: 2, unmet: 0, meanPercent: 100, notAnswered: 1 });
    // q1: Alpha yes (2 of 2), Beta partly (1 of 2), Fir N/A (left out of n).
    expect(report.items.rows[1]).toMatchObject({ n: 2, unmet: 0, belowMax: 1, unmetPercent: 0, meanPercent: 75, notApplicable: 1 });
  });

  it("counts an item with no stored answer as not answered, never as unmet", () => {
    const partial = buildBaselineReport({ cycle: report.cycle, tool: TOOL, returns: [{ ...RETURNS[0], answers: { q1: "yes" } }] });
    expect(partial.items.rows.find((row) => row.key === "m1.r1")).toMatchObject({
      n: 0,
      unmet: 0,
      notAnswered: 1,
      unmetPercent: null,
      meanPercent: null,
    });
  });

  it("counts an essential item answered N/A as not applicable, though rules v2 score it as not met", () => {
    const essential: ToolDefinition = { ...TOOL, items: { ...TOOL.items, q1: { ...TOOL.items.q1, essential: true } } };
    const answers = { q1: "na", m1: { r1: "yes" } };
    const outcomes = itemOutcomesOfAnswers(essential, answers);
    // Scored: included at 0 of 2 (not met). Counted in the item view: N/A, out of n; q2 hidden by the N/A.
    expect(outcomes).toEqual({ q1: "na", q2: "-", "m1.r1": [1, 1] });
    const view = buildBaselineReport({ cycle: report.cycle, tool: essential, returns: [{ ...RETURNS[0], answers }] }).items.rows;
    expect(view.find((row) => row.key === "q1")).toMatchObject({ n: 0, unmet: 0, notApplicable: 1 });
  });

  it("counts stored item outcomes as it counts the answers they came from", () => {
    // Alpha's stored outcomes in place of its answers (as a score stored at submit holds them): the same view.
    const stored = RETURNS.map((entry) =>
      entry.answers ? { ...entry, answers: undefined, itemOutcomes: itemOutcomesOfAnswers(TOOL, entry.answers) } : entry,
    );
    const fromStored = buildBaselineReport({ cycle: report.cycle, tool: TOOL, returns: stored });
    expect(fromStored.items).toEqual(report.items);
    // A stored outcome wins over answers given beside it (they are what the score was made from).
    const overridden = buildBaselineReport({
      cycle: report.cycle,
      tool: TOOL,
      returns: [{ ...RETURNS[0], answers: { q1: "yes" }, itemOutcomes: { q1: [0, 2], q2: "-", "m1.r1": "na" } }],
    }).items.rows;
    expect(overridden.find((row) => row.key === "q1")).toMatchObject({ n: 1, unmet: 1, meanPercent: 0 });
    expect(overridden.find((row) => row.key === "m1.r1")).toMatchObject({ n: 0, notApplicable: 1 });
  });

  it("packs the outcomes in the tool's item order, two slots an item, and counts them as the keyed ones", () => {
    const essential: ToolDefinition = { ...TOOL, items: { ...TOOL.items, q1: { ...TOOL.items.q1, essential: true } } };
    // Worked by hand: q1 N/A, q2 hidden by it, m1.r1 yes (1 of 1): the keyed form's facts without its keys.
    const packed = packItemOutcomes(scoreAnswers(essential, { q1: "na", m1: { r1: "yes" } }));
    expect(Object.keys(essential.items)).toEqual(["q1", "q2", "m1.r1"]);
    expect(packed).toEqual(["na", null, "-", null, 1, 1]);
    expect(parseItemOutcomes(JSON.parse(JSON.stringify(packed)), 3)).toEqual(packed);

    const keyed = RETURNS.map((entry) =>
      entry.answers ? { ...entry, answers: undefined, itemOutcomes: itemOutcomesOfAnswers(TOOL, entry.answers) } : entry,
    );
    const packedReturns = RETURNS.map((entry) =>
      entry.answers ? { ...entry, answers: undefined, itemOutcomes: packItemOutcomes(scoreAnswers(TOOL, entry.answers)) } : entry,
    );
    const fromKeyed = buildBaselineReport({ cycle: report.cycle, tool: TOOL, returns: keyed }).items;
    expect(buildBaselineReport({ cycle: report.cycle, tool: TOOL, returns: packedReturns }).items).toEqual(fromKeyed);
    // Both forms side by side (scores stored before and after decision 028) count as one.
    const mixed = keyed.map((entry, index) => (index % 2 === 0 ? packedReturns[index] : entry));
    expect(buildBaselineReport({ cycle: report.cycle, tool: TOOL, returns: mixed }).items).toEqual(fromKeyed);
  });

  it("counts any answers the same from packed outcomes as from keyed ones (property)", () => {
    const answer = (choices: string[]) => fc.option(fc.constantFrom(...choices), { nil: undefined });
    const answerSet = fc.record({ q1: answer(["yes", "partly", "no", "na"]), q2: answer(["yes", "no"]), r1: answer(["yes", "no"]) });
    fc.assert(
      fc.property(fc.array(answerSet, { maxLength: 12 }), (sets) => {
        const answersOf = ({ q1, q2, r1 }: { q1?: string; q2?: string; r1?: string }) => ({
          ...(q1 === undefined ? {} : { q1 }),
          ...(q2 === undefined ? {} : { q2 }),
          ...(r1 === undefined ? {} : { m1: { r1 } }),
        });
        const all = sets.map(answersOf);
        const fromKeyed = tallyItemOutcomes(
          TOOL,
          all.map((answers) => itemOutcomesOfAnswers(TOOL, answers)),
        );
        expect(
          tallyItemOutcomes(
            TOOL,
            all.map((answers) => packItemOutcomes(scoreAnswers(TOOL, answers))),
          ),
        ).toEqual(fromKeyed);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses stored outcomes in neither shape rather than guessing", () => {
    expect(parseItemOutcomes([1, 2, "na", null], 3)).toBeNull(); // a packed list for another tool's items
    expect(parseItemOutcomes([1, 2, "na", 0, null, null], 3)).toBeNull(); // N/A holds no points
    expect(parseItemOutcomes(["yes", null, "-", null, null, null], 3)).toBeNull();
    expect(parseItemOutcomes([1, null, "-", null, null, null], 3)).toBeNull(); // points without a maximum
    expect(parseItemOutcomes({ q1: ["one", 2] }, 3)).toBeNull();
    expect(parseItemOutcomes("[1,2]", 1)).toBeNull();
    expect(parseItemOutcomes({ q1: [0, 2], q2: "-" }, 3)).toEqual({ q1: [0, 2], q2: "-" });
  });
});

describe("anonymised baseline views", () => {
  it("leaves small sector groups out of the sector medians and counts the agencies left out", () => {
    const anonymised = anonymiseBaseline(report, 2);
    // Police has 2 agencies (kept); health and education have 1 each (withheld).
    expect(anonymised.perStandard[1].sectors).toEqual([{ sector: "police", n: 2, median: 75 }]);
    expect(anonymised.perStandard[1].sectorsLeftOut).toBe(2);
    const json = JSON.stringify(anonymised);
    for (const name of ["Alpha", "Beta", "Cedar", "Fir"]) expect(json).not.toContain(name);
  });
});

describe("publications frozen before version 2", () => {
  it("derive the views that follow from their rows and mark the item view as not available", () => {
    const { perStandard, perDimension, items, dimensions, summary, ...rest } = report;
    const v1 = {
      ...rest,
      reportVersion: 1,
      summary: {
        assigned: summary.assigned,
        notStarted: summary.notStarted,
        inProgress: summary.inProgress,
        submitted: summary.submitted,
        completionPercent: summary.completionPercent,
        overallDistribution: summary.overallDistribution,
      },
      agencies: report.agencies.map(({ selfRated, dimensions: _dimensions, ...row }) => ({
        ...row,
        standards: row.standards.map(({ effectiveSource, items: _items, ...cell }) => cell),
      })),
    };
    const upgraded = upgradeBaselineReport(v1);
    expect(upgraded.perStandard.map((entry) => entry.spread)).toEqual(perStandard.map((entry) => entry.spread));
    expect(upgraded.agencies[0].standards[1].effectiveSource).toBe("moderated");
    expect(upgraded.items.available).toBe(false);
    expect(upgraded.perDimension).toEqual([]);
  });
});
