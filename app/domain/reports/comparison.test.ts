import { describe, expect, it } from "vitest";
import type { ReturnStatus } from "../permissions";
import type { Band, Sector, ToolDefinition } from "../tool-schema";
import { median } from "./spread";
import {
  movementText,
  buildComparisonReport,
  classifyMovement,
  compareStandards,
  formatDelta,
  type ComparisonInputReturn,
} from "./comparison";

const bands: Band[] = [
  { code: "green", label: "Fully met", min: 80, colour: "#00703c" },
  { code: "amber", label: "Partially met", min: 50, colour: "#f47738" },
  { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
];

function tool(version: string, codes: string[], comparableTo?: ToolDefinition["comparableTo"]): ToolDefinition {
  return {
    code: "s11",
    version,
    title: "Section 11 self-assessment",
    kind: "s11",
    bands,
    standards: codes.map((code) => ({ code, title: `Standard ${code}` })),
    items: {},
    comparableTo,
    survey: { pages: [] },
  };
}

let nextId = 0;
const agencies = new Map<string, { id: number; name: string; sector: Sector }>();
function agency(name: string, sector: Sector) {
  if (!agencies.has(name)) agencies.set(name, { id: (nextId += 1), name, sector });
  return agencies.get(name)!;
}

/** A scored return: standard code → [percent, computed band]; `moderated` by code. */
function scored(
  who: { id: number; name: string; sector: Sector },
  overall: number | null,
  standards: Record<string, [number | null, string | null]>,
  options: { status?: ReturnStatus; moderated?: Record<string, string> } = {},
): ComparisonInputReturn {
  return {
    agency: who,
    status: options.status ?? "submitted",
    score: {
      overallPercent: overall,
      overallBand: overall === null ? null : (bands.find((band) => band.min <= overall)?.code ?? null),
      standards: Object.entries(standards).map(([code, [percent, band]]) => ({ code, percent, band })),
    },
    moderated: options.moderated,
  };
}

function draft(who: { id: number; name: string; sector: Sector }, status: ReturnStatus): ComparisonInputReturn {
  return { agency: who, status, score: null };
}

const cycle2025 = { id: 1, title: "Section 11 audit 2025", opensOn: "2025-01-06", dueOn: "2025-03-31" };
const cycle2026 = { id: 2, title: "Section 11 audit 2026", opensOn: "2026-01-05", dueOn: "2026-03-31" };

const alpha = agency("Alpha Police", "police");
const beta = agency("Beta Health", "health");
const gamma = agency("Gamma Hospital", "health");
const eta = agency("Eta Council", "local_authority");
const delta = agency("Delta School", "education");
const epsilon = agency("Epsilon Church", "faith");
const zeta = agency("Zeta Homes", "housing");

/*
 * Hand-worked example, one tool version (2026.1, standards A, B, C):
 *
 *              A            B            C             overall
 *   Alpha   60 → 65 (+5)  70 → 65 (−5)  50 → –         60 → 65 (+5)
 *   Beta    40 → 60 (+20) 80 → 79 (−1)  30 → 40 (+10)  50 → 60 (+10)
 *   Gamma   70 → 74.9     90 → 70 (−20) 20 → 30 (+10)  70 → 60 (−10)
 *   Eta     55 → 60 (+5)  50 → 50 (0)   40 → 48 (+8)   50 → 55 (+5)
 *
 * Delta submitted only in 2025 (in progress in 2026); Epsilon only in 2026 (not in 2025's cycle);
 * Zeta never submitted; Eta's returns were validated then returned, which both count.
 */
const earlierReturns = [
  scored(alpha, 60, { A: [60, "amber"], B: [70, "amber"], C: [50, "amber"] }),
  scored(beta, 50, { A: [40, "red"], B: [80, "green"], C: [30, "red"] }),
  scored(gamma, 70, { A: [70, "amber"], B: [90, "green"], C: [20, "red"] }, { moderated: { B: "amber" } }),
  scored(eta, 50, { A: [55, "amber"], B: [50, "amber"], C: [40, "red"] }, { status: "validated" }),
  scored(delta, 45, { A: [45, "red"], B: [45, "red"], C: [45, "red"] }),
  draft(zeta, "in_progress"),
];
const laterReturns = [
  scored(alpha, 65, { A: [65, "amber"], B: [65, "amber"], C: [null, null] }),
  scored(beta, 60, { A: [60, "amber"], B: [79, "amber"], C: [40, "red"] }),
  scored(gamma, 60, { A: [74.9, "amber"], B: [70, "amber"], C: [30, "red"] }),
  scored(eta, 55, { A: [60, "amber"], B: [50, "amber"], C: [48, "red"] }, { status: "returned" }),
  draft(delta, "in_progress"),
  scored(epsilon, 88, { A: [88, "green"], B: [88, "green"], C: [88, "green"] }),
  draft(zeta, "not_started"),
];

function sameVersionReport(threshold?: number) {
  const definition = tool("2026.1", ["A", "B", "C"]);
  return buildComparisonReport({
    earlier: { cycle: cycle2025, tool: definition, returns: earlierReturns },
    later: { cycle: cycle2026, tool: definition, returns: laterReturns },
    threshold,
  });
}

describe("median", () => {
  it("takes the middle value of an odd count and the mean of the two middle values of an even count", () => {
    expect(median([4, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it("is null when there is nothing to take the median of", () => {
    expect(median([])).toBeNull();
  });
});

describe("classifyMovement", () => {
  it("counts a change of exactly the threshold as improved or declined (inclusive)", () => {
    expect(classifyMovement(5, 5)).toBe("improved");
    expect(classifyMovement(-5, 5)).toBe("declined");
    expect(classifyMovement(4.9, 5)).toBe("stable");
    expect(classifyMovement(-4.9, 5)).toBe("stable");
    expect(classifyMovement(0, 5)).toBe("stable");
  });

  it("treats floating-point noise on the threshold as on it", () => {
    // 3/28 − 2/35 is exactly 5 points, but computes as 4.999999999999999.
    const delta = (100 * 3) / 28 - (100 * 2) / 35;
    expect(delta).toBeLessThan(5);
    expect(classifyMovement(delta, 5)).toBe("improved");
    expect(classifyMovement(-delta, 5)).toBe("declined");
  });

  it("uses the threshold it is given", () => {
    expect(classifyMovement(3, 3)).toBe("improved");
    expect(classifyMovement(9.9, 10)).toBe("stable");
  });

  it("gives no movement when the change is unknown", () => {
    expect(classifyMovement(null, 5)).toBeNull();
  });
});

describe("formatDelta", () => {
  it("signs whole points with a plus or a true minus, rounding half away from zero", () => {
    expect(formatDelta(6.5)).toBe("+7");
    expect(formatDelta(-11.5)).toBe("\u221212");
    expect(formatDelta(20)).toBe("+20");
  });

  it("says no change when the change rounds to nothing, and not scored when unknown", () => {
    expect(formatDelta(0.4)).toBe("no change");
    expect(formatDelta(-0.49)).toBe("no change");
    expect(formatDelta(0)).toBe("no change");
    expect(formatDelta(null)).toBe("Not scored");
  });
});

describe("compareStandards", () => {
  it("pairs every standard with itself when both cycles use the same version", () => {
    const result = compareStandards(tool("2026.1", ["A", "B"]), tool("2026.1", ["A", "B"]));
    expect(result.pairs.map((pair) => [pair.earlierCode, pair.code])).toEqual([
      ["A", "A"],
      ["B", "B"],
    ]);
    expect(result.notComparable).toEqual([]);
  });

  it("pairs across versions through the later version's comparableTo and says why the rest is not comparable", () => {
    const earlier = tool("2025.1", ["A", "B", "C", "D", "E"]);
    const later = tool("2026.1", ["A", "B2", "C", "F", "G"], { "s11@2025.1": { A: "A", B2: "B", C: null, G: "X" } });
    const { pairs, notComparable } = compareStandards(earlier, later);
    expect(pairs).toEqual([
      { code: "A", title: "Standard A", earlierCode: "A", earlierTitle: "Standard A" },
      { code: "B2", title: "Standard B2", earlierCode: "B", earlierTitle: "Standard B" },
    ]);
    expect(notComparable.map((entry) => [entry.cycle, entry.version, entry.code, entry.reason])).toEqual([
      ["later", "2026.1", "C", "unmapped"],
      ["later", "2026.1", "F", "added"],
      ["later", "2026.1", "G", "unmapped"],
      ["earlier", "2025.1", "C", "unmapped"],
      ["earlier", "2025.1", "D", "removed"],
      ["earlier", "2025.1", "E", "removed"],
    ]);
    expect(notComparable.find((entry) => entry.code === "G")!.explanation).toBe("Mapped to X, which version 2025.1 does not have");
    expect(notComparable.find((entry) => entry.code === "F")!.explanation).toBe(
      "New in version 2026.1: not mapped to any standard of version 2025.1",
    );
    expect(notComparable.find((entry) => entry.code === "D")!.explanation).toBe(
      "Only in version 2025.1: no standard of version 2026.1 is mapped to it",
    );
  });

  it("compares nothing across versions when the later version gives no mapping to the earlier one", () => {
    const earlier = tool("2024.1", ["A", "B"]);
    const later = tool("2026.1", ["A", "B"], { "s11@2025.1": { A: "A", B: "B" } });
    const { pairs, notComparable } = compareStandards(earlier, later);
    expect(pairs).toEqual([]);
    expect(notComparable).toHaveLength(4);
    expect(
      notComparable.every(
        (entry) => entry.reason === "unmapped" && entry.explanation === "Version 2026.1 gives no mapping to version 2024.1",
      ),
    ).toBe(true);
  });

  it("refuses two different tools", () => {
    expect(() => compareStandards({ ...tool("2026.1", ["A"]), code: "s175" }, tool("2026.1", ["A"]))).toThrow(/different instruments/);
  });
});

describe("buildComparisonReport", () => {
  it("compares each agency in both cycles standard by standard: Δ unrounded, movement, band then and now", () => {
    const report = sameVersionReport();
    expect(report).toMatchObject({ kind: "comparison", reportVersion: 1, threshold: 5 });
    expect(report.agencies.map((row) => row.agency.name)).toEqual(["Alpha Police", "Beta Health", "Eta Council", "Gamma Hospital"]);

    const [alphaRow, betaRow, etaRow, gammaRow] = report.agencies;
    expect(alphaRow.standards.map((entry) => [entry.code, entry.delta, entry.movement])).toEqual([
      ["A", 5, "improved"],
      ["B", -5, "declined"],
      ["C", null, null],
    ]);
    expect(alphaRow.standards[2].earlier).toEqual({ percent: 50, effectiveBand: "amber", moderated: false });
    expect(alphaRow.standards[2].later).toEqual({ percent: null, effectiveBand: null, moderated: false });
    expect(alphaRow.overall).toEqual({
      earlier: { percent: 60, band: "amber", unmetEssentials: 0 },
      later: { percent: 65, band: "amber", unmetEssentials: 0 },
      delta: 5,
      movement: "improved",
    });

    expect(betaRow.standards[0]).toMatchObject({ delta: 20, movement: "improved", bandChange: "higher" });
    expect(betaRow.standards[1]).toMatchObject({ delta: -1, movement: "stable", bandChange: "lower" });

    // Gamma's A: 74.9 − 70 = 4.9 (kept unrounded): stable. B: computed green but moderated amber, so amber → amber.
    expect(gammaRow.standards[0].delta).toBeCloseTo(4.9, 10);
    expect(gammaRow.standards[0].movement).toBe("stable");
    expect(gammaRow.standards[1]).toMatchObject({
      delta: -20,
      movement: "declined",
      bandChange: "same",
      earlier: { percent: 90, effectiveBand: "amber", moderated: true },
    });
    expect(gammaRow.overall).toMatchObject({ delta: -10, movement: "declined" });

    expect([etaRow.earlierStatus, etaRow.laterStatus]).toEqual(["validated", "returned"]);
  });

  it("summarises each standard over the agencies scored in both cycles, with n", () => {
    const [a, b, c] = sameVersionReport().standards;
    // A: Δ 5, 20, 4.9, 5 → sorted 4.9, 5, 5, 20 → median (5 + 5) / 2 = 5; earlier 40, 55, 60, 70 → 57.5; later 60, 60, 65, 74.9 → 62.5.
    expect(a).toMatchObject({ code: "A", n: 4, notScored: 0, improved: 3, stable: 1, declined: 0, earlierMedian: 57.5, laterMedian: 62.5 });
    expect(a.medianDelta).toBeCloseTo(5, 10);
    // B: Δ −5, −1, −20, 0 → sorted −20, −5, −1, 0 → median −3; earlier 50, 70, 80, 90 → 75; later 50, 65, 70, 79 → 67.5.
    expect(b).toMatchObject({
      code: "B",
      n: 4,
      improved: 0,
      stable: 2,
      declined: 2,
      medianDelta: -3,
      earlierMedian: 75,
      laterMedian: 67.5,
    });
    // C: Alpha not scored in 2026, so n = 3 (odd): Δ 10, 10, 8 → median 10; earlier 30, 20, 40 → 30; later 40, 30, 48 → 40.
    expect(c).toMatchObject({
      code: "C",
      n: 3,
      notScored: 1,
      improved: 3,
      stable: 0,
      declined: 0,
      medianDelta: 10,
      earlierMedian: 30,
      laterMedian: 40,
    });
  });

  it("ranks most improved and most declined standards by median Δ, only those meeting the threshold", () => {
    const report = sameVersionReport();
    expect(report.mostImproved.map((entry) => [entry.code, entry.n])).toEqual([
      ["C", 3],
      ["A", 4],
    ]);
    expect(report.mostDeclined).toEqual([]);
    const lower = sameVersionReport(3);
    expect(lower.threshold).toBe(3);
    expect(lower.mostDeclined.map((entry) => [entry.code, entry.medianDelta, entry.n])).toEqual([["B", -3, 4]]);
    // With a 3-point threshold Gamma's +4.9 on A is an improvement too.
    expect(lower.standards[0]).toMatchObject({ improved: 4, stable: 0 });
  });

  it("keeps the five largest changes in the most improved list, equal changes in the tool's order", () => {
    const codes = ["A", "B", "C", "D", "E", "F", "G"];
    const definition = tool("2026.1", codes);
    const gains = [6, 30, 12, 8, 12, 20, 5];
    const report = buildComparisonReport({
      earlier: {
        cycle: cycle2025,
        tool: definition,
        returns: [scored(alpha, 50, Object.fromEntries(codes.map((code) => [code, [50, "amber"]])))],
      },
      later: {
        cycle: cycle2026,
        tool: definition,
        returns: [scored(alpha, 60, Object.fromEntries(codes.map((code, index) => [code, [50 + gains[index], "amber"]])))],
      },
    });
    expect(report.mostImproved.map((entry) => [entry.code, entry.medianDelta])).toEqual([
      ["B", 30],
      ["F", 20],
      ["C", 12],
      ["E", 12],
      ["D", 8],
    ]);
  });

  it("gives partnership and sector medians of overall scores over the agencies in both cycles, with n", () => {
    const report = sameVersionReport();
    // Overall: 60 → 65, 50 → 60, 70 → 60, 50 → 55. Earlier 50, 50, 60, 70 → 55; later 55, 60, 60, 65 → 60; Δ −10, 5, 5, 10 → 5.
    expect(report.partnership).toEqual({ n: 4, earlierMedian: 55, laterMedian: 60, medianDelta: 5, improved: 3, stable: 0, declined: 1 });
    // Delta (education) and Epsilon (faith) took part once, so their sectors have no comparison.
    expect(report.sectors.map((entry) => [entry.sector, entry.n, entry.earlierMedian, entry.laterMedian, entry.medianDelta])).toEqual([
      ["local_authority", 1, 50, 55, 5],
      ["police", 1, 60, 65, 5],
      ["health", 2, 60, 60, 0],
    ]);
  });

  it("says both the movement in points and the rating's, where they disagree, so Stable never sits beside a lowered rating", () => {
    expect(movementText("stable", "lower")).toBe("Stable in points; rating lower");
    expect(movementText("declined", "higher")).toBe("Declined in points; rating higher");
    expect(movementText("declined", "same")).toBe("Declined");
    expect(movementText("improved", "lower")).toBe("Improved in points; rating lower");
    expect(movementText("declined", "lower")).toBe("Declined");
    expect(movementText("improved", "same")).toBe("Improved");
    expect(movementText("stable", "same")).toBe("Stable");
    expect(movementText(null, null)).toBe("Not compared");
  });

  it("lists agencies that took part in one cycle only, saying which, and leaves out those that never submitted", () => {
    const report = sameVersionReport();
    expect(report.singleCycleAgencies).toEqual([
      {
        agency: delta,
        cycle: "earlier",
        status: "submitted",
        overall: { percent: 45, band: "red", unmetEssentials: 0 },
        otherCycleStatus: "in_progress",
      },
      {
        agency: epsilon,
        cycle: "later",
        status: "submitted",
        overall: { percent: 88, band: "green", unmetEssentials: 0 },
        otherCycleStatus: null,
      },
    ]);
    expect(report.summary).toEqual({
      agenciesInBoth: 4,
      onlyEarlier: 1,
      onlyLater: 1,
      comparableStandards: 3,
      notComparableStandards: 0,
      cells: { improved: 6, stable: 3, declined: 2, notScored: 1 },
    });
    expect(JSON.stringify(report)).not.toContain("Zeta Homes");
    expect(report.earlier.submitted).toBe(5);
    expect(report.later.submitted).toBe(5);
  });

  it("compares across versions through comparableTo, reading the earlier standard the mapping names", () => {
    const earlier = tool("2025.1", ["A", "B", "D"]);
    const later = tool("2026.1", ["A", "B2", "F"], { "s11@2025.1": { A: "A", B2: "B" } });
    const report = buildComparisonReport({
      earlier: { cycle: cycle2025, tool: earlier, returns: [scored(alpha, 50, { A: [50, "amber"], B: [40, "red"], D: [90, "green"] })] },
      later: { cycle: cycle2026, tool: later, returns: [scored(alpha, 70, { A: [52, "amber"], B2: [70, "amber"], F: [10, "red"] })] },
    });
    expect(report.standards.map((entry) => [entry.code, entry.earlierCode, entry.n, entry.medianDelta])).toEqual([
      ["A", "A", 1, 2],
      ["B2", "B", 1, 30],
    ]);
    expect(report.agencies[0].standards.map((entry) => [entry.code, entry.earlier.percent, entry.later.percent, entry.movement])).toEqual([
      ["A", 50, 52, "stable"],
      ["B2", 40, 70, "improved"],
    ]);
    expect(report.notComparable.map((entry) => [entry.code, entry.reason])).toEqual([
      ["F", "added"],
      ["D", "removed"],
    ]);
    expect(report.summary).toMatchObject({ comparableStandards: 2, notComparableStandards: 2 });
    expect([report.earlier.tool.version, report.later.tool.version]).toEqual(["2025.1", "2026.1"]);
  });

  it("refuses a threshold that is not a positive number of points", () => {
    const definition = tool("2026.1", ["A"]);
    for (const threshold of [0, -5, Number.NaN]) {
      expect(() =>
        buildComparisonReport({
          earlier: { cycle: cycle2025, tool: definition, returns: [] },
          later: { cycle: cycle2026, tool: definition, returns: [] },
          threshold,
        }),
      ).toThrow(RangeError);
    }
  });

  it("builds an empty comparison, with null medians, when no agency is in both cycles", () => {
    const definition = tool("2026.1", ["A"]);
    const report = buildComparisonReport({
      earlier: { cycle: cycle2025, tool: definition, returns: [] },
      later: { cycle: cycle2026, tool: definition, returns: [scored(epsilon, 88, { A: [88, "green"] })] },
    });
    expect(report.partnership).toEqual({
      n: 0,
      earlierMedian: null,
      laterMedian: null,
      medianDelta: null,
      improved: 0,
      stable: 0,
      declined: 0,
    });
    expect(report.standards[0]).toMatchObject({ n: 0, medianDelta: null, notScored: 0 });
    expect(report.sectors).toEqual([]);
    expect(report.singleCycleAgencies.map((entry) => entry.cycle)).toEqual(["later"]);
  });
});
