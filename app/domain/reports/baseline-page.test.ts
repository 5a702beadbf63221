import { describe, expect, it } from "vitest";
import { upgradeBaselineReport, type BaselineReport } from "./baseline";
import { HEAT_MAP_PAGE_SIZE, parseBaselinePageQuery, toAgencyBaseline, toBaselinePage } from "./baseline-page";

const BANDS = [
  { code: "green", label: "Met", min: 80, colour: "#00703c" },
  { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
];

/** 120 agencies: 0–99 police, 100–119 health; agency i scores i % 100 on S1 and overall. */
function big(): BaselineReport {
  return upgradeBaselineReport({
    reportVersion: 1,
    kind: "baseline",
    cycle: { id: 1, title: "Audit", dueOn: "2026-03-31" },
    tool: { code: "t", version: "1", title: "T" },
    bands: BANDS,
    standards: [{ code: "S1", title: "Leadership", dimension: null }],
    summary: { assigned: 120, notStarted: 0, inProgress: 0, submitted: 120, completionPercent: 100, overallDistribution: [] },
    agencies: Array.from({ length: 120 }, (_, index) => ({
      agency: {
        id: index + 1,
        name: `Agency ${String(index).padStart(3, "0")}`,
        sector: index < 100 ? ("police" as const) : ("health" as const),
      },
      status: "submitted" as const,
      overall: { percent: index % 100, band: index % 100 >= 80 ? "green" : "red", capped: false, unmetEssentials: [] },
      standards: [
        {
          code: "S1",
          percent: index % 100,
          band: index % 100 >= 80 ? "green" : "red",
          selfRating: null,
          moderatedRating: null,
          effectiveBand: index % 100 >= 80 ? "green" : "red",
        },
      ],
      optimismGap: 0,
    })),
  });
}

describe("baseline page view", () => {
  it("sends one page of 50 heat-map rows and says which rows of how many they are", () => {
    const view = toBaselinePage(big(), { page: 2, sector: null });
    expect(view.heatMap.rows).toHaveLength(HEAT_MAP_PAGE_SIZE);
    expect(view.heatMap).toMatchObject({ total: 120, page: 2, pageCount: 3, from: 51, to: 100 });
    expect(view.heatMap.rows[0].agency.name).toBe("Agency 050");
    expect(view.agencyCount).toBe(120);
    // The group views still cover every agency, not the page.
    expect(view.perStandard[0].spread.n).toBe(120);
  });

  it("filters the heat map by sector and shows the last page for a page past the end", () => {
    const view = toBaselinePage(big(), { page: 9, sector: "health" });
    expect(view.heatMap).toMatchObject({ total: 20, page: 1, pageCount: 1, from: 1, to: 20 });
    expect(view.heatMap.sectors).toEqual([
      { sector: "police", count: 100 },
      { sector: "health", count: 20 },
    ]);
  });

  it("sends of each heat-map row only what the row prints", () => {
    const report = big();
    const [row] = toBaselinePage(report, { page: 1, sector: null }).heatMap.rows;
    const source = report.agencies[0];
    expect(row).toEqual({
      agency: source.agency,
      overall: { ...source.overall, unmetEssentials: source.overall.unmetEssentials.length },
      optimismGap: source.optimismGap,
      selfRated: source.selfRated,
      standards: source.standards.map((cell) => ({
        code: cell.code,
        effectiveBand: cell.effectiveBand,
        effectiveSource: cell.effectiveSource,
      })),
    });
  });

  it("is a small fraction of the model it comes from at scale", () => {
    const report = big();
    expect(JSON.stringify(toBaselinePage(report, { page: 1, sector: null })).length).toBeLessThan(JSON.stringify(report).length / 2);
  });
});

describe("per-agency baseline view", () => {
  it("sets the agency's standard beside the partnership's and its sector's medians, with their n", () => {
    const view = toAgencyBaseline(big(), 101)!;
    // Agency 100 is health and scores 0; health agencies score 0…19 (median 9.5); everyone 0…99 and 0…19.
    expect(view.row.agency.name).toBe("Agency 100");
    expect(view.standards[0].cell.percent).toBe(0);
    expect(view.standards[0].sector).toEqual({ n: 20, median: 9.5 });
    // 120 values: 0…99 and 0…19; sorted, ranks 59 and 60 (0-based) are 39 and 40 → 39.5.
    expect(view.standards[0].partnership).toEqual({ n: 120, median: 39.5 });
  });

  it("finds nothing for an agency not in the report", () => {
    expect(toAgencyBaseline(big(), 999)).toBeNull();
  });
});

describe("heat map parameters", () => {
  it("reads page and sector, defaulting to the first page of every sector", () => {
    expect(parseBaselinePageQuery(new URLSearchParams(""))).toEqual({ ok: true, query: { page: 1, sector: null } });
    expect(parseBaselinePageQuery(new URLSearchParams("page=3&sector=health"))).toEqual({ ok: true, query: { page: 3, sector: "health" } });
    expect(parseBaselinePageQuery(new URLSearchParams("sector="))).toEqual({ ok: true, query: { page: 1, sector: null } });
  });

  it("refuses a page that is not a whole number from 1 and a sector not in the list, saying what to give", () => {
    expect(parseBaselinePageQuery(new URLSearchParams("page=two"))).toEqual({
      ok: false,
      message: "Give the page as a whole number, such as 2",
    });
    expect(parseBaselinePageQuery(new URLSearchParams("page=0"))).toEqual({ ok: false, message: "Pages start at 1" });
    expect(parseBaselinePageQuery(new URLSearchParams("sector=spies"))).toEqual({ ok: false, message: "Choose a sector from the list" });
  });
});
