import { describe, expect, it } from "vitest";
import { buildScorecardReport, latestRagByStandard, type ScorecardIndicatorSource, type ScorecardObservationSource } from "./scorecard";

const noFilter = { theme: null, quadrant: null, owner: null, from: null, to: null };

const rereferrals: ScorecardIndicatorSource = {
  id: 1,
  code: "RR-12",
  title: "Re-referrals within 12 months",
  unit: "percent",
  polarity: "lower",
  target: 20,
  greenTolerance: 0,
  amberTolerance: 3,
  frequency: "quarterly",
  quadrant: "better_off",
  theme: "cp_activity",
  owner: null,
  linkedStandards: ["S11-4"],
  versions: [
    { version: 1, definition: "Referrals within 12 months of a previous referral", createdAt: "2025-01-01" },
    { version: 2, definition: "Referrals within 12 months of a previous referral, counting MASH contacts", createdAt: "2026-03-01" },
  ],
};

const training: ScorecardIndicatorSource = {
  ...rereferrals,
  id: 2,
  code: "WF-1",
  title: "Staff with up-to-date training",
  polarity: "higher",
  target: 90,
  greenTolerance: 0,
  amberTolerance: 5,
  theme: "workforce",
  quadrant: "how_well",
  owner: { id: 7, name: "Police" },
  linkedStandards: [],
  versions: [{ version: 1, definition: "Staff trained in the last 3 years", createdAt: "2025-01-01" }],
};

const observation = (indicatorId: number, period: string, value: number, version = 1): ScorecardObservationSource => ({
  indicatorId,
  period,
  value,
  version,
  numerator: null,
  denominator: null,
  provisional: false,
  commentary: "",
});

describe("scorecard report", () => {
  const observations = [
    observation(1, "2026-Q1", 24, 2),
    observation(1, "2025-Q3", 19),
    observation(1, "2025-Q4", 22),
    observation(1, "2026-Q2", 21, 2),
    observation(2, "2026-Q1", 88),
  ];

  it("orders the series, gives RAG per point, marks the break and compares only within a version", () => {
    const report = buildScorecardReport([training, rereferrals], observations, noFilter);
    expect(report.indicators.map((indicator) => indicator.code)).toEqual(["RR-12", "WF-1"]);
    const rr = report.indicators[0];
    // Lower is better, target 20, amber within 3: 19 green, 22 amber, 24 red, 21 amber.
    expect(rr.points.map((point) => [point.period, point.rag, point.breakBefore])).toEqual([
      ["2025-Q3", "green", false],
      ["2025-Q4", "amber", false],
      ["2026-Q1", "red", true],
      ["2026-Q2", "amber", false],
    ]);
    expect(rr.breaks).toEqual([
      {
        period: "2026-Q1",
        fromVersion: 1,
        toVersion: 2,
        definition: "Referrals within 12 months of a previous referral, counting MASH contacts",
      },
    ]);
    // 24 → 21 under version 2, lower is better: improving.
    expect(rr.direction).toBe("improving");
    expect(rr.version).toBe(2);
    expect(rr.latest).toEqual({ period: "2026-Q2", value: 21, rag: "amber" });
    // One point only: nothing to compare with. 88 against 90 within 5: amber.
    expect(report.indicators[1]).toMatchObject({ direction: "not_comparable", latest: { rag: "amber" } });
    expect(report.summary).toEqual({ indicators: 2, green: 0, amber: 2, red: 0, noRag: 0 });
  });

  it("filters by theme, owner and period range", () => {
    expect(
      buildScorecardReport([training, rereferrals], observations, { ...noFilter, theme: "workforce" }).indicators.map(
        (indicator) => indicator.code,
      ),
    ).toEqual(["WF-1"]);
    expect(
      buildScorecardReport([training, rereferrals], observations, { ...noFilter, owner: "partnership" }).indicators.map(
        (indicator) => indicator.code,
      ),
    ).toEqual(["RR-12"]);
    expect(
      buildScorecardReport([training, rereferrals], observations, { ...noFilter, owner: 7 }).indicators.map((indicator) => indicator.code),
    ).toEqual(["WF-1"]);
    const ranged = buildScorecardReport([rereferrals], observations, { ...noFilter, from: "2025-Q4", to: "2026-Q1" });
    expect(ranged.indicators[0].points.map((point) => point.period)).toEqual(["2025-Q4", "2026-Q1"]);
    // The last two points straddle the break: no direction.
    expect(ranged.indicators[0].direction).toBe("not_comparable");
  });

  it("lists each linked standard's indicators with their latest RAG", () => {
    const report = buildScorecardReport([training, rereferrals], observations, noFilter);
    expect(Object.fromEntries(latestRagByStandard(report))).toEqual({
      "S11-4": [{ code: "RR-12", title: "Re-referrals within 12 months", rag: "amber", period: "2026-Q2" }],
    });
  });
});
