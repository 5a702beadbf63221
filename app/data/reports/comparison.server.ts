import { SUBMITTED_STATUSES, canReadReturn, isAgencyRole, type ReturnStatus, type Viewer } from "~/domain/permissions";
import { buildComparisonReport, opensBefore, type ComparisonInputReturn, type ComparisonReport } from "~/domain/reports/comparison";
import type { Sector } from "~/domain/tool-schema";
import { getCycle, listCycles, type Cycle } from "../cycles.server";
import { parseJson, standardScoresOfScore, type Db } from "../db.server";
import { currentModerations } from "../moderation.server";
import { cachedReport } from "./cache.server";
import { getTool } from "../tools.server";

/**
 * Loads what the comparison report needs in a handful of queries (the two cycles and tools, their
 * returns with current scores, all their standard scores, current moderations) and hands it to the
 * pure builder. Scoped to the viewer like every agency read: admin and QA see the partnership, an
 * agency its own returns only, the board nothing live.
 */

export type ComparisonResult = { ok: true; report: ComparisonReport } | { ok: false; message: string };

export interface ComparableCycle {
  id: number;
  title: string;
  status: Cycle["status"];
  opensOn: string;
  toolVersion: string;
  /** Marked by the business office as the baseline of its tool: the comparison offers it first. */
  isBaseline: boolean;
}

/**
 * Cycles the given cycle can be compared against: opened (not draft) cycles of the same tool code
 * that opened before it and that the viewer may see, newest first. Null when the viewer may not see
 * the cycle itself.
 */
export async function listComparableCycles(db: Db, viewer: Viewer, cycleId: number): Promise<ComparableCycle[] | null> {
  if (viewer.role === "board") return null;
  const cycle = await getCycle(db, viewer, cycleId);
  if (!cycle) return null;
  const candidates = (await listCycles(db, viewer)).filter(
    (other) => other.id !== cycle.id && other.toolCode === cycle.toolCode && other.status !== "draft" && opensBefore(other, cycle),
  );
  if (candidates.length === 0) return [];
  const baselineIds = new Set(
    (await db("cycles").whereIn("id", candidates.map((other) => other.id)).select("id", "is_baseline"))
      .filter((row: { is_baseline: unknown }) => Boolean(row.is_baseline))
      .map((row: { id: number }) => row.id),
  );
  return candidates.map((other) => ({ id: other.id, title: other.title, status: other.status, opensOn: other.opensOn, toolVersion: other.toolVersion, isBaseline: baselineIds.has(other.id) }));
}

/**
 * The comparison of two cycles of one tool code (DESIGN §8). Null when the viewer may not see either
 * cycle (or is a board member, who sees published reports only); a refusal with a message when the
 * cycles are the same, of different tools, or in the wrong order.
 */
export async function getComparisonReport(
  db: Db,
  viewer: Viewer,
  earlierCycleId: number,
  laterCycleId: number,
  options: { threshold?: number } = {},
): Promise<ComparisonResult | null> {
  if (viewer.role === "board") return null;
  const [earlier, later] = await Promise.all([getCycle(db, viewer, earlierCycleId), getCycle(db, viewer, laterCycleId)]);
  if (!earlier || !later) return null;
  if (earlier.id === later.id) return { ok: false, message: "Choose a different cycle to compare with: a cycle cannot be compared with itself" };
  if (earlier.toolCode !== later.toolCode) {
    return {
      ok: false,
      message: `${earlier.title} used ${earlier.toolTitle} (${earlier.toolCode}) and ${later.title} used ${later.toolTitle} (${later.toolCode}): only cycles of the same audit tool can be compared`,
    };
  }
  if (!opensBefore(earlier, later)) return { ok: false, message: `${earlier.title} did not open before ${later.title}: choose an earlier cycle to compare with` };

  const [earlierTool, laterTool] = await Promise.all([getTool(db, earlier.toolId), getTool(db, later.toolId)]);
  if (!earlierTool || !laterTool) return null;
  const build = async () => {
    const returns = await loadReturns(db, viewer, [earlier.id, later.id]);
    return buildComparisonReport({
      earlier: { cycle: { id: earlier.id, title: earlier.title, opensOn: earlier.opensOn, dueOn: earlier.dueOn }, tool: earlierTool.definition, returns: returns.get(earlier.id) ?? [] },
      later: { cycle: { id: later.id, title: later.title, opensOn: later.opensOn, dueOn: later.dueOn }, tool: laterTool.definition, returns: returns.get(later.id) ?? [] },
      threshold: options.threshold,
    });
  };
  const key = `comparison:${earlier.id}:${later.id}:${options.threshold ?? "default"}:${viewer.role}`;
  const report = viewer.agencyId === null ? await cachedReport(db, key, [earlier.id, later.id], build) : await build();
  return { ok: true, report };
}

/**
 * The returns of the cycles, by cycle id, with the current score and moderations of those the viewer may
 * read: what the comparison and the trend are built from.
 */
export async function loadReturns(db: Db, viewer: Viewer, cycleIds: number[]): Promise<Map<number, ComparisonInputReturn[]>> {
  const scope = <Q extends { where(column: string, value: unknown): Q }>(query: Q): Q => (isAgencyRole(viewer.role) ? query.where("returns.agency_id", viewer.agencyId) : query);

  // Each score's standard scores come with it as one JSON text of [code, percent, band] tuples (decision 028).
  const rows: Record<string, unknown>[] = await scope(
    db("returns")
      .join("agencies", "agencies.id", "returns.agency_id")
      .leftJoin("scores", function joinCurrentScore() {
        this.on("scores.return_id", "=", "returns.id").andOn("scores.is_current", "=", db.raw("?", [true]));
      })
      .whereIn("returns.cycle_id", cycleIds)
      .select("returns.id", "returns.cycle_id", "returns.status", "agencies.id as agency_id", "agencies.name", "agencies.sector", "scores.id as score_id", "scores.overall_percent", "scores.overall_band", "scores.unmet_essentials", standardScoresOfScore(db, ["standard_code", "percent", "band"])),
  );
  // Drafts stay private to their agency, even when a provisional score is stored (DESIGN §7).
  const readable = rows.filter(
    (row) => row.score_id !== null && (SUBMITTED_STATUSES as readonly string[]).includes(row.status as string) && canReadReturn(viewer, row.agency_id as number, row.status as ReturnStatus),
  );
  const readableScores = new Set(readable.map((row) => row.score_id as number));
  const byScore = new Map<number, { code: string; percent: number | null; band: string | null }[]>();
  for (const row of readable) {
    const tuples = parseJson<[string, number | null, string | null][] | null>(row.standards, null) ?? [];
    byScore.set(row.score_id as number, tuples.map(([code, percent, band]) => ({ code, percent, band })));
  }
  const moderated = await currentModerations(db, readable.map((row) => row.id as number));

  const byCycle = new Map<number, ComparisonInputReturn[]>();
  for (const row of rows) {
    const isReadable = row.score_id !== null && readableScores.has(row.score_id as number);
    const list = byCycle.get(row.cycle_id as number) ?? [];
    list.push({
      agency: { id: row.agency_id as number, name: row.name as string, sector: row.sector as Sector },
      status: row.status as ReturnStatus,
      score: isReadable
        ? {
            overallPercent: (row.overall_percent as number | null) ?? null,
            overallBand: (row.overall_band as string | null) ?? null,
            unmetEssentials: parseJson<unknown[]>(row.unmet_essentials as string | null, []).length,
            standards: byScore.get(row.score_id as number) ?? [],
          }
        : null,
      moderated: isReadable ? moderated.get(row.id as number) : undefined,
    });
    byCycle.set(row.cycle_id as number, list);
  }
  return byCycle;
}
