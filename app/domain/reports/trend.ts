import type { ReturnStatus } from "../permissions";
import { SUBMITTED_STATUSES } from "../permissions";
import type { Band, Sector } from "../tool-schema";
import { SECTORS } from "../tool-schema";
import { formatPercent } from "../scoring";
import { compareStandards, opensBefore, type ComparisonInputCycle } from "./comparison";
import { median } from "./spread";

/**
 * The trend report: every opened cycle of one tool code, oldest first, so the board sees
 * more than two points. It is the comparison's rules stretched along a line, and shares them:
 * - Only scored returns that have left the agency count (submitted, returned, validated).
 * - Standards follow the latest version's codes; an earlier cycle's standard is read through the
 *   latest version's `comparableTo` exactly as the comparison pairs them (`compareStandards`), so a
 *   renamed standard is one line and an added one starts where it was added. A point that cannot be
 *   compared is `comparable: false`, never a zero.
 * - Each point is the median of the agencies scored in that cycle, with its n. Unlike the two-cycle
 *   comparison the group may change from cycle to cycle (every agency that took part counts), so every
 *   point carries its n and the agency table shows who took part when; agencies in one cycle only are
 *   listed, not dropped.
 */

export const TREND_REPORT_VERSION = 1;

export interface TrendPoint {
  cycleId: number;
  /** Agencies scored in that cycle (for a standard: scored on that standard). */
  n: number;
  median: number | null;
  /** False when the standard cannot be read in that cycle's tool version (added later, or not mapped). */
  comparable: boolean;
}

export interface TrendAgencyPoint {
  cycleId: number;
  /** The agency's return status in that cycle; null when it was not part of the cycle. */
  status: ReturnStatus | null;
  percent: number | null;
  band: string | null;
  /** Essential requirements not met in that cycle's return (rules v2; absent in publications frozen before). */
  unmetEssentials?: number;
}

export interface TrendReport {
  reportVersion: number;
  kind: "trend";
  tool: { code: string; version: string; title: string };
  /** The latest version's bands (the agency table shows each cycle's band label from `cycles[].bands`). */
  bands: Band[];
  cycles: { id: number; title: string; opensOn: string; dueOn: string; toolVersion: string; bands: Band[]; submitted: number }[];
  partnership: TrendPoint[];
  sectors: { sector: Sector; points: TrendPoint[] }[];
  standards: { code: string; title: string; points: TrendPoint[] }[];
  agencies: { agency: { id: number; name: string; sector: Sector }; cycles: number; points: TrendAgencyPoint[] }[];
}

const isScored = (entry: ComparisonInputCycle["returns"][number]) =>
  (SUBMITTED_STATUSES as readonly string[]).includes(entry.status) && entry.score !== null;

function point(cycleId: number, values: (number | null)[], comparable = true): TrendPoint {
  const scored = values.filter((value): value is number => value !== null);
  return { cycleId, n: comparable ? scored.length : 0, median: comparable ? median(scored) : null, comparable };
}

/** Builds the trend of the given cycles (any order; they must share one tool code). Rules in the module comment. */
export function buildTrendReport(input: { cycles: ComparisonInputCycle[] }): TrendReport {
  if (input.cycles.length === 0) throw new RangeError("A trend needs at least one cycle");
  const cycles = [...input.cycles].sort((a, b) => (opensBefore(a.cycle, b.cycle) ? -1 : opensBefore(b.cycle, a.cycle) ? 1 : 0));
  const latest = cycles[cycles.length - 1];
  for (const entry of cycles) {
    if (entry.tool.code !== latest.tool.code)
      throw new Error(`Tools ${entry.tool.code} and ${latest.tool.code} are different instruments and cannot be in one trend`);
  }

  // For each cycle: latest standard code → that cycle's standard code, where the two can be compared.
  const pairings = cycles.map(
    (entry) => new Map(compareStandards(entry.tool, latest.tool).pairs.map((pair) => [pair.code, pair.earlierCode])),
  );

  const scoredByCycle = cycles.map((entry) => entry.returns.filter(isScored));
  const partnership = cycles.map((entry, index) =>
    point(
      entry.cycle.id,
      scoredByCycle[index].map((row) => row.score!.overallPercent),
    ),
  );
  const sectors = SECTORS.filter((sector) => scoredByCycle.some((rows) => rows.some((row) => row.agency.sector === sector))).map(
    (sector) => ({
      sector,
      points: cycles.map((entry, index) =>
        point(
          entry.cycle.id,
          scoredByCycle[index].filter((row) => row.agency.sector === sector).map((row) => row.score!.overallPercent),
        ),
      ),
    }),
  );
  const standards = latest.tool.standards.map((standard) => ({
    code: standard.code,
    title: standard.title,
    points: cycles.map((entry, index) => {
      const code = pairings[index].get(standard.code);
      if (code === undefined) return point(entry.cycle.id, [], false);
      return point(
        entry.cycle.id,
        scoredByCycle[index].map((row) => row.score!.standards.find((cell) => cell.code === code)?.percent ?? null),
      );
    }),
  }));

  const agencyById = new Map<number, { id: number; name: string; sector: Sector }>();
  // The agency as it is now: the latest cycle it appears in names it.
  for (const entry of cycles) for (const row of entry.returns) agencyById.set(row.agency.id, row.agency);
  const agencies = [...agencyById.values()]
    .map((agency) => {
      const points = cycles.map((entry): TrendAgencyPoint => {
        const row = entry.returns.find((candidate) => candidate.agency.id === agency.id);
        if (!row) return { cycleId: entry.cycle.id, status: null, percent: null, band: null };
        const scored = isScored(row);
        return {
          cycleId: entry.cycle.id,
          status: row.status,
          percent: scored ? row.score!.overallPercent : null,
          band: scored ? row.score!.overallBand : null,
          unmetEssentials: scored ? (row.score!.unmetEssentials ?? 0) : 0,
        };
      });
      return { agency, cycles: points.filter((entry) => entry.percent !== null).length, points };
    })
    .filter((row) => row.cycles > 0)
    .sort((a, b) => a.agency.name.localeCompare(b.agency.name, "en-GB"));

  return {
    reportVersion: TREND_REPORT_VERSION,
    kind: "trend",
    tool: { code: latest.tool.code, version: latest.tool.version, title: latest.tool.title },
    bands: latest.tool.bands,
    cycles: cycles.map((entry, index) => ({
      ...entry.cycle,
      toolVersion: entry.tool.version,
      bands: entry.tool.bands,
      submitted: scoredByCycle[index].length,
    })),
    partnership,
    sectors,
    standards,
    agencies,
  };
}

/** A median of the trend as the page and its table say it: "62% (n = 4)", "None scored (n = 0)" or "Not comparable". */
export function trendPointText(point: TrendPoint): string {
  if (!point.comparable) return "Not comparable";
  return point.n === 0 ? "None scored (n = 0)" : `${formatPercent(point.median)} (n = ${point.n})`;
}
