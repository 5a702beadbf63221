import { describe, expect, it } from "vitest";
import { agencyLetter, anonymiseBaseline } from "./anonymise";
import { upgradeBaselineReport, type BaselineReport } from "./baseline";

function report(sectors: string[]): BaselineReport {
  return upgradeBaselineReport({
    reportVersion: 1,
    kind: "baseline",
    cycle: { id: 1, title: "S11 2026", dueOn: "2026-12-01" },
    tool: { code: "s11", version: "2026.1", title: "S11" },
    bands: [],
    standards: [],
    summary: { assigned: sectors.length, notStarted: 0, inProgress: 0, submitted: sectors.length, completionPercent: 100, overallDistribution: [] },
    agencies: sectors.map((sector, index) => ({
      agency: { id: index + 1, name: `Real agency ${index}`, sector: sector as never },
      status: "submitted",
      overall: { percent: 50 + index, band: "partly", capped: false, unmetEssentials: [] },
      standards: [],
      optimismGap: 0,
    })),
  });
}

describe("anonymised board view", () => {
  it("letters agencies A, B, … Z, AA in report order", () => {
    expect([0, 1, 25, 26, 27].map(agencyLetter)).toEqual(["Agency A", "Agency B", "Agency Z", "Agency AA", "Agency AB"]);
  });

  it("replaces every name and id, lettering by overall score rather than by name", () => {
    // "Real agency 0" scores 50, "Real agency 1" scores 51: the higher score is Agency A.
    const result = anonymiseBaseline(report(["police", "health"]));
    expect(result.agencies.map((row) => row.agency.name)).toEqual(["Agency A", "Agency B"]);
    expect(result.agencies.map((row) => row.agency.id)).toEqual([0, 0]);
    expect(result.agencies.map((row) => row.overall.percent)).toEqual([51, 50]);
    expect(JSON.stringify(result)).not.toContain("Real agency");
  });

  it("does not name a sector with fewer agencies than the minimum group size", () => {
    // 5 health agencies (kept), 1 police (suppressed: a group of one identifies the force).
    const result = anonymiseBaseline(report(["health", "health", "health", "health", "health", "police"]), 5);
    expect(result.agencies.filter((row) => row.agency.sector === "health")).toHaveLength(5);
    // Scores rise with position, so the police agency (last, 55%) is lettered first.
    expect(result.agencies[0].agency.sector).toBe("other");
    expect(result.agencies[0].agency.sectorSuppressed).toBe(true);
    expect(result.anonymised.suppressedSectors).toBe(1);
  });
});
