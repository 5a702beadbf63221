import { buildBaselineReport, type BaselineInputReturn, type BaselineReport } from "~/domain/reports/baseline";
import { SUBMITTED_STATUSES, canReadReturn, type ReturnStatus, type Viewer } from "~/domain/permissions";
import type { Sector } from "~/domain/tool-schema";
import { getCycle } from "./cycles.server";
import type { Db } from "./db.server";
import { currentModerations } from "./moderation.server";
import { getTool } from "./tools.server";

/**
 * Loads what the baseline report needs in two queries (returns with current scores, then all their
 * standard scores) and hands it to the pure builder. Scoped to the viewer like every agency read.
 */
export async function getBaselineReport(db: Db, viewer: Viewer, cycleId: number): Promise<BaselineReport | null> {
  const cycle = await getCycle(db, viewer, cycleId);
  if (!cycle || viewer.role === "board") return null;
  const tool = await getTool(db, cycle.toolId);
  if (!tool) return null;

  const query = db("returns")
    .join("agencies", "agencies.id", "returns.agency_id")
    .leftJoin("scores", function joinCurrentScore() {
      this.on("scores.return_id", "=", "returns.id").andOn("scores.is_current", "=", db.raw("?", [true]));
    })
    .where("returns.cycle_id", cycleId)
    .select("returns.id", "returns.status", "agencies.id as agency_id", "agencies.name", "agencies.sector", "scores.id as score_id", "scores.overall_percent", "scores.overall_band");
  if (viewer.agencyId !== null) query.where("returns.agency_id", viewer.agencyId);
  const rows = await query;

  const readable = rows.filter(
    (row: Record<string, unknown>) => row.score_id !== null && (SUBMITTED_STATUSES as readonly string[]).includes(row.status as string) && canReadReturn(viewer, row.agency_id as number, row.status as ReturnStatus),
  );
  const standardRows = readable.length === 0 ? [] : await db("standard_scores").whereIn("score_id", readable.map((row: Record<string, unknown>) => row.score_id as number)).select("score_id", "standard_code", "percent", "band", "self_rating");
  const byScore = new Map<number, { code: string; percent: number | null; band: string | null; selfRating: string | null }[]>();
  for (const row of standardRows) {
    const list = byScore.get(row.score_id) ?? [];
    list.push({ code: row.standard_code, percent: row.percent ?? null, band: row.band ?? null, selfRating: row.self_rating ?? null });
    byScore.set(row.score_id, list);
  }
  const readableIds = new Set(readable.map((row: Record<string, unknown>) => row.id));
  const moderated = await currentModerations(db, readable.map((row: Record<string, unknown>) => row.id as number));

  const returns: BaselineInputReturn[] = rows.map((row: Record<string, unknown>) => ({
    agency: { id: row.agency_id as number, name: row.name as string, sector: row.sector as Sector },
    status: row.status as ReturnStatus,
    score: readableIds.has(row.id)
      ? { overallPercent: (row.overall_percent as number | null) ?? null, overallBand: (row.overall_band as string | null) ?? null, standards: byScore.get(row.score_id as number) ?? [] }
      : null,
    moderated: readableIds.has(row.id) ? moderated.get(row.id as number) : undefined,
  }));
  return buildBaselineReport({ cycle: { id: cycle.id, title: cycle.title, dueOn: cycle.dueOn }, tool: tool.definition, returns });
}
