import { describe, expect, it } from "vitest";
import { upgradeBaselineReport, type BaselineReport, type FrozenBaselineReport } from "./baseline";

type BaselineAgencyRow = FrozenBaselineReport["agencies"][number];
import { buildBaselineNarrative } from "./baseline-narrative";

const BANDS = [
  { code: "fully", label: "Fully met", min: 85, colour: "#00703c" },
  { code: "mostly", label: "Mostly met", min: 60, colour: "#85994b" },
  { code: "partly", label: "Partially met", min: 30, colour: "#f47738" },
  { code: "not", label: "Not met", min: 0, colour: "#d4351c" },
];

/** One agency row; `effective` lists the effective band of S1, S2, S3 in order (null = not scored). */
function row(name: string, overallBand: string | null, effective: (string | null)[]): BaselineAgencyRow {
  return {
    agency: { id: name.length, name, sector: "health" },
    status: "submitted",
    overall: { percent: overallBand === null ? null : 50, band: overallBand, capped: false, unmetEssentials: [] },
    standards: ["S1", "S2", "S3"].map((code, index) => ({
      code,
      percent: null,
      band: effective[index],
      selfRating: null,
      moderatedRating: null,
      effectiveBand: effective[index],
    })),
    optimismGap: 0,
  };
}

function report(rows: BaselineAgencyRow[], summary: Partial<BaselineReport["summary"]> = {}): BaselineReport {
  return upgradeBaselineReport({
    reportVersion: 1,
    kind: "baseline",
    cycle: { id: 1, title: "Section 11 audit 2026", dueOn: "2026-03-31" },
    tool: { code: "s11", version: "2026.1", title: "Section 11 self-assessment" },
    bands: BANDS,
    standards: [
      { code: "S1", title: "Leadership", dimension: null },
      { code: "S2", title: "Safer recruitment", dimension: null },
      { code: "S3", title: "Training", dimension: null },
    ],
    summary: {
      assigned: 5,
      notStarted: 1,
      inProgress: 1,
      submitted: rows.length,
      completionPercent: (100 * rows.length) / 5,
      overallDistribution: BANDS.map((band) => ({
        band: band.code,
        count: rows.filter((entry) => entry.overall.band === band.code).length,
      })),
      ...summary,
    },
    agencies: rows,
  });
}

// Three submitted returns of five. Below "Fully met" (effective rating): S1 twice (Beta, Gamma), S2
// twice (Beta, Gamma), S3 never; S3 is scored for Alpha only, so its n is 1.
const THREE = [
  row("Alpha", "fully", ["fully", "fully", "fully"]),
  row("Beta", "partly", ["mostly", "not", null]),
  row("Gamma", "not", ["not", "partly", null]),
];

describe("baseline narrative", () => {
  it("counts, per standard, the agencies whose effective rating is below the top band, with the n of agencies rated", () => {
    const narrative = buildBaselineNarrative(report(THREE));
    expect(narrative.belowTopBand).toEqual([
      { code: "S1", title: "Leadership", count: 2, rated: 3 },
      { code: "S2", title: "Safer recruitment", count: 2, rated: 3 },
      { code: "S3", title: "Training", count: 0, rated: 1 },
    ]);
    expect(narrative.topBand).toEqual({ code: "fully", label: "Fully met" });
  });

  it("states completion, the overall distribution and the standards most often below the top band in words", () => {
    expect(buildBaselineNarrative(report(THREE)).sentences).toEqual([
      "3 of 5 agencies have submitted their return (60% complete).",
      "Overall ratings of the submitted returns: 1 Fully met, 1 Partially met and 1 Not met.",
      "The standards most often rated below Fully met were S1 Leadership (2 of 3 agencies) and S2 Safer recruitment (2 of 3 agencies).",
    ]);
  });

  it("labels the overall distribution in band order, keeping empty bands", () => {
    expect(buildBaselineNarrative(report(THREE)).overall).toEqual([
      { band: "fully", label: "Fully met", count: 1 },
      { band: "mostly", label: "Mostly met", count: 0 },
      { band: "partly", label: "Partially met", count: 1 },
      { band: "not", label: "Not met", count: 1 },
    ]);
  });

  it("keeps standards tied at the cut-off rather than dropping one, and never names a standard no agency fell short on", () => {
    expect(buildBaselineNarrative(report(THREE), 1).mostOftenBelowTopBand.map((entry) => entry.code)).toEqual(["S1", "S2"]);
    // Alpha now falls short on S2 as well: S2 (3) leads alone, and the limit of 1 keeps only it.
    const alphaShort = [row("Alpha", "fully", ["fully", "mostly", "fully"]), THREE[1], THREE[2]];
    expect(buildBaselineNarrative(report(alphaShort), 1).mostOftenBelowTopBand.map((entry) => [entry.code, entry.count])).toEqual([
      ["S2", 3],
    ]);
    expect(buildBaselineNarrative(report(alphaShort), 5).mostOftenBelowTopBand.map((entry) => entry.code)).toEqual(["S2", "S1"]);
  });

  it("says so when every rated standard is in the top band, and counts returns without an overall score", () => {
    const narrative = buildBaselineNarrative(
      report([row("Alpha", "fully", ["fully", null, "fully"]), row("Delta", null, [null, null, null])]),
    );
    expect(narrative.mostOftenBelowTopBand).toEqual([]);
    expect(narrative.overallNotScored).toBe(1);
    expect(narrative.sentences.slice(1)).toEqual([
      "Overall ratings of the submitted returns: 1 Fully met. 1 agency had no overall score.",
      "Every standard rated was Fully met for every agency.",
    ]);
  });

  it("speaks of one submission in the singular and stops at completion when nothing is submitted", () => {
    expect(buildBaselineNarrative(report([THREE[0]])).sentences[0]).toBe("1 of 5 agencies has submitted their return (20% complete).");
    expect(buildBaselineNarrative(report([])).sentences).toEqual(["0 of 5 agencies have submitted their return (0% complete)."]);
    expect(buildBaselineNarrative(report([], { assigned: 0, completionPercent: null })).sentences).toEqual([
      "No agencies are taking part in this cycle.",
    ]);
  });
});
