import { describe, expect, it } from "vitest";
import { agencyLetter, anonymiseBaseline, shuffledOrder } from "./anonymise";
import { upgradeBaselineReport, type BaselineReport } from "./baseline";

function report(sectors: string[]): BaselineReport {
  return upgradeBaselineReport({
    reportVersion: 1,
    kind: "baseline",
    cycle: { id: 1, title: "S11 2026", dueOn: "2026-12-01" },
    tool: { code: "s11", version: "2026.1", title: "S11" },
    bands: [],
    standards: [],
    summary: {
      assigned: sectors.length,
      notStarted: 0,
      inProgress: 0,
      submitted: sectors.length,
      completionPercent: 100,
      overallDistribution: [],
    },
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

  it("replaces every name and id, listed in letter order", () => {
    const result = anonymiseBaseline(report(["police", "health"]));
    expect(result.agencies.map((row) => row.agency.name)).toEqual(["Agency A", "Agency B"]);
    expect(result.agencies.map((row) => row.agency.id)).toEqual([0, 0]);
    expect(JSON.stringify(result)).not.toContain("Real agency");
  });

  it("letters agencies in an order drawn from the publication's seed: not by score, not by name, the same for one seed", () => {
    // 26 agencies whose scores rise with their names: lettering by score or by name would give one fixed order.
    const twentySix = report(Array.from({ length: 26 }, () => "health"));
    const orders = [1, 2, 3, 4, 5].map((seed) => anonymiseBaseline(twentySix, 5, seed).agencies.map((row) => row.overall.percent));
    const byScore = [...orders[0]].sort((a, b) => (b ?? 0) - (a ?? 0));
    for (const order of orders) {
      expect(order).not.toEqual(byScore);
      expect(order).not.toEqual([...byScore].reverse());
    }
    expect(new Set(orders.map((order) => order.join())).size).toBeGreaterThan(1);
    expect(anonymiseBaseline(twentySix, 5, 3).agencies.map((row) => row.overall.percent)).toEqual(orders[2]);
    expect(shuffledOrder([1, 2, 3, 4], 7).sort()).toEqual([1, 2, 3, 4]);
  });

  it("rounds every figure as the pages show it, so exact values cannot be matched with a named report's", () => {
    const exact = report(["health"]);
    exact.agencies[0].overall.percent = 66.6666666;
    exact.bands = [
      { code: "fully", label: "Fully met", min: 85, colour: "#00703c" },
      { code: "not", label: "Not met", min: 0, colour: "#d4351c" },
    ];
    expect(anonymiseBaseline(exact).agencies[0].overall.percent).toBe(67);
    exact.agencies[0].overall.percent = 84.96;
    expect(anonymiseBaseline(exact).agencies[0].overall.percent).toBe(84.9);
  });

  it("does not name a sector with fewer agencies than the minimum group size", () => {
    // 5 health agencies (kept), 1 police (suppressed: a group of one identifies the force).
    const result = anonymiseBaseline(report(["health", "health", "health", "health", "health", "police"]), 5);
    expect(result.agencies.filter((row) => row.agency.sector === "health")).toHaveLength(5);
    const police = result.agencies.find((row) => row.overall.percent === 55)!;
    expect(police.agency.sector).toBe("other");
    expect(police.agency.sectorSuppressed).toBe(true);
    expect(result.anonymised.suppressedSectors).toBe(1);
  });
});
