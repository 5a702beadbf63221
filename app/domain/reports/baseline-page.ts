import { z } from "zod";
import { SECTORS, type Sector } from "../tool-schema";
import type { BaselineAgencyRow, BaselineReport, DimensionStats, StandardStats } from "./baseline";
import type { ItemTally } from "./baseline-items";
import type { Spread } from "./spread";

/**
 * What the baseline pages send to the browser (decision 005: send the page only what it shows):
 * every group view, which is small whatever the partnership's size, and one page of the heat map,
 * 50 agencies at a time, optionally of one sector. The whole model stays in the exports and the API.
 * Pure selection: no figure is computed here, each comes from the report model.
 */

export const HEAT_MAP_PAGE_SIZE = 50;
/** The item view shows the items most often unmet; the full list is in the exports. */
export const ITEMS_SHOWN = 10;

/** The heat map's GET parameters: `page` (1, 2, …) and `sector` (a sector code, or empty for all). */
export const BaselinePageQuerySchema = z.object({
  page: z.coerce
    .number({ error: "Give the page as a whole number, such as 2" })
    .int("Give the page as a whole number, such as 2")
    .min(1, "Pages start at 1")
    .default(1),
  sector: z
    .enum(["", ...SECTORS], { error: "Choose a sector from the list" })
    .optional()
    .transform((value) => (value ? value : null)),
});
export type BaselinePageQuery = z.infer<typeof BaselinePageQuerySchema>;

/** Reads the heat map's parameters from a URL; a problem is a message for a 400 answer. */
export function parseBaselinePageQuery(params: URLSearchParams): { ok: true; query: BaselinePageQuery } | { ok: false; message: string } {
  const parsed = BaselinePageQuerySchema.safeParse({ page: params.get("page") || undefined, sector: params.get("sector") ?? undefined });
  return parsed.success ? { ok: true, query: parsed.data } : { ok: false, message: parsed.error.issues[0].message };
}

/**
 * One agency's row of the heat map as the page prints it: the overall band, the optimism gap and each standard's
 * effective band with where it comes from. The computed percentages, self and moderated ratings, item counts and
 * dimensions of each cell are in the model (the agency's own page, the exports and the API), not sent here.
 */
export interface HeatMapRow {
  agency: BaselineAgencyRow["agency"];
  overall: Omit<BaselineAgencyRow["overall"], "unmetEssentials"> & { unmetEssentials: number };
  optimismGap: number;
  selfRated: number;
  standards: Pick<BaselineAgencyRow["standards"][number], "code" | "effectiveBand" | "effectiveSource">[];
}

function heatMapRowOf(row: BaselineAgencyRow): HeatMapRow {
  return {
    agency: row.agency,
    overall: {
      percent: row.overall.percent,
      band: row.overall.band,
      capped: row.overall.capped,
      unmetEssentials: row.overall.unmetEssentials.length,
    },
    optimismGap: row.optimismGap,
    selfRated: row.selfRated,
    standards: row.standards.map(({ code, effectiveBand, effectiveSource }) => ({ code, effectiveBand, effectiveSource })),
  };
}

export interface HeatMapPage {
  rows: HeatMapRow[];
  /** Rows matching the filter (all pages). */
  total: number;
  page: number;
  pageCount: number;
  /** 1-based positions of the first and last row shown; 0 and 0 when there are none. */
  from: number;
  to: number;
  sector: Sector | null;
  /** Sectors present in the heat map with their number of agencies, for the filter. Withheld sectors are not offered. */
  sectors: { sector: Sector; count: number }[];
}

export interface BaselinePageView {
  reportVersion: number;
  cycle: BaselineReport["cycle"];
  tool: BaselineReport["tool"];
  bands: BaselineReport["bands"];
  standards: BaselineReport["standards"];
  dimensions: BaselineReport["dimensions"];
  summary: BaselineReport["summary"];
  /** Submitted returns in the report (the n of the heat map and of every group view). */
  agencyCount: number;
  heatMap: HeatMapPage;
  perStandard: StandardStats[];
  perDimension: DimensionStats[];
  items: { available: boolean; returnsCounted: number; returnsExcluded: number; total: number; rows: ItemTally[] };
  anonymised: { minGroupSize: number; suppressedSectors: number } | null;
}

export function toBaselinePage(
  report: BaselineReport & { anonymised?: { minGroupSize: number; suppressedSectors: number } },
  query: { page: number; sector: Sector | null },
): BaselinePageView {
  const sectorCounts = new Map<Sector, number>();
  for (const row of report.agencies)
    if (!row.agency.sectorSuppressed) sectorCounts.set(row.agency.sector, (sectorCounts.get(row.agency.sector) ?? 0) + 1);
  const filtered =
    query.sector === null
      ? report.agencies
      : report.agencies.filter((row) => row.agency.sector === query.sector && !row.agency.sectorSuppressed);
  const pageCount = Math.max(1, Math.ceil(filtered.length / HEAT_MAP_PAGE_SIZE));
  // A page past the end shows the last page rather than an empty table.
  const page = Math.min(Math.max(1, query.page), pageCount);
  const start = (page - 1) * HEAT_MAP_PAGE_SIZE;
  const rows = filtered.slice(start, start + HEAT_MAP_PAGE_SIZE);
  return {
    reportVersion: report.reportVersion,
    cycle: report.cycle,
    tool: report.tool,
    bands: report.bands,
    standards: report.standards,
    dimensions: report.dimensions,
    summary: report.summary,
    agencyCount: report.agencies.length,
    heatMap: {
      rows: rows.map(heatMapRowOf),
      total: filtered.length,
      page,
      pageCount,
      from: rows.length === 0 ? 0 : start + 1,
      to: start + rows.length,
      sector: query.sector,
      sectors: [...sectorCounts].map(([sector, count]) => ({ sector, count })),
    },
    perStandard: report.perStandard,
    perDimension: report.perDimension,
    items: {
      available: report.items.available,
      returnsCounted: report.items.returnsCounted,
      returnsExcluded: report.items.returnsExcluded,
      total: report.items.rows.length,
      rows: report.items.rows.slice(0, ITEMS_SHOWN),
    },
    anonymised: report.anonymised ?? null,
  };
}

export interface AgencyStandardView {
  code: string;
  title: string;
  dimension: string | null;
  cell: BaselineAgencyRow["standards"][number];
  /** The partnership's median of this standard and its n. */
  partnership: { n: number; median: number | null };
  /** The agency's own sector's median and n; null when its sector's median is not shown. */
  sector: { n: number; median: number | null } | null;
}

export interface AgencyBaselineView {
  cycle: BaselineReport["cycle"];
  tool: BaselineReport["tool"];
  bands: BaselineReport["bands"];
  row: BaselineAgencyRow;
  overallSpread: Spread;
  standards: AgencyStandardView[];
  dimensions: {
    code: string;
    title: string;
    percent: number | null;
    band: string | null;
    partnership: { n: number; median: number | null };
  }[];
  /** Submitted returns in the report: the partnership the medians are taken over. */
  agencyCount: number;
}

/** One agency's standards against the partnership's and its sector's medians; null when the agency has no row. */
export function toAgencyBaseline(report: BaselineReport, agencyId: number): AgencyBaselineView | null {
  const row = report.agencies.find((candidate) => candidate.agency.id === agencyId);
  if (!row) return null;
  return {
    cycle: report.cycle,
    tool: report.tool,
    bands: report.bands,
    row,
    overallSpread: report.summary.overallSpread,
    agencyCount: report.agencies.length,
    standards: report.standards.map((standard, index) => {
      const stats = report.perStandard.find((entry) => entry.code === standard.code)!;
      const sector = row.agency.sectorSuppressed ? undefined : stats.sectors.find((entry) => entry.sector === row.agency.sector);
      return {
        code: standard.code,
        title: standard.title,
        dimension: standard.dimension,
        cell: row.standards.find((cell) => cell.code === standard.code) ?? row.standards[index],
        partnership: { n: stats.spread.n, median: stats.spread.median },
        sector: sector ? { n: sector.n, median: sector.median } : null,
      };
    }),
    dimensions: report.dimensions.map((dimension) => {
      const own = row.dimensions.find((entry) => entry.code === dimension.code);
      const stats = report.perDimension.find((entry) => entry.code === dimension.code);
      return {
        code: dimension.code,
        title: dimension.title,
        percent: own?.percent ?? null,
        band: own?.band ?? null,
        partnership: { n: stats?.spread.n ?? 0, median: stats?.spread.median ?? null },
      };
    }),
  };
}
