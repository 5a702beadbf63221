import { buildBaselineReport, type BaselineInputReturn, type BaselineReport } from "~/domain/reports/baseline";
import { SUBMITTED_STATUSES, canReadReturn, type ReturnStatus, type Viewer } from "~/domain/permissions";
import type { Sector, ToolDefinition } from "~/domain/tool-schema";
import type { Answers } from "~/domain/scoring";
import { toAgencyBaseline, type AgencyBaselineView } from "~/domain/reports/baseline-page";
import { parseItemOutcomes, type ItemOutcomes, type PackedItemOutcomes } from "~/domain/reports/baseline-items";
import { listActions, type ActionSummary } from "../actions.server";
import { getCycle, type Cycle } from "../cycles.server";
import { parseJson, standardScoresOfScore, type Db } from "../db.server";
import { currentModerations } from "../moderation.server";
import { cachedReport } from "./cache.server";
import { getTool } from "../tools.server";

/** The standard score columns read with each score, in the order of `StandardTuple`. */
const STANDARD_COLUMNS = ["standard_code", "percent", "band", "self_rating", "included", "not_applicable", "unanswered"] as const;
type StandardTuple = [code: string, percent: number | null, band: string | null, selfRating: string | null, included: number, notApplicable: number, unanswered: number];

/**
 * Loads what the baseline report needs (returns with current scores, their standard scores, their
 * moderations, and the answers of submitted and validated returns for the item view) and hands it
 * to the pure builder. Scoped to the viewer like every agency read. A return sent back for changes
 * gives its stored score but not its answers: the agency may be revising them (drafts are private).
 */
export async function getBaselineReport(db: Db, viewer: Viewer, cycleId: number): Promise<BaselineReport | null> {
  const cycle = await getCycle(db, viewer, cycleId);
  if (!cycle || viewer.role === "board") return null;
  const tool = await getTool(db, cycle.toolId);
  if (!tool) return null;
  const build = () => buildBaseline(db, viewer, cycle, tool.definition);
  return viewer.agencyId === null ? cachedReport(db, `baseline:${cycleId}:${viewer.role}`, [cycleId], build) : build();
}

async function buildBaseline(db: Db, viewer: Viewer, cycle: Cycle, tool: ToolDefinition): Promise<BaselineReport> {
  const cycleId = cycle.id;
  // Each score's standard scores come with it, as one JSON text of [code, percent, band, self rating,
  // included, N/A, unanswered] tuples: the heat map's thousands of cells arrive as a few hundred strings.
  const query = db("returns")
    .join("agencies", "agencies.id", "returns.agency_id")
    .leftJoin("scores", function joinCurrentScore() {
      this.on("scores.return_id", "=", "returns.id").andOn("scores.is_current", "=", db.raw("?", [true]));
    })
    .where("returns.cycle_id", cycleId)
    .select("returns.id", "returns.status", "agencies.id as agency_id", "agencies.name", "agencies.sector", "scores.id as score_id", "scores.overall_percent", "scores.overall_band", "scores.overall_capped", "scores.unmet_essentials", "scores.dimensions", "scores.item_outcomes", standardScoresOfScore(db, STANDARD_COLUMNS));
  if (viewer.agencyId !== null) query.where("returns.agency_id", viewer.agencyId);
  const rows = await query;

  const readable = rows.filter(
    (row: Record<string, unknown>) => row.score_id !== null && (SUBMITTED_STATUSES as readonly string[]).includes(row.status as string) && canReadReturn(viewer, row.agency_id as number, row.status as ReturnStatus),
  );
  type StandardInput = NonNullable<BaselineInputReturn["score"]>["standards"][number];
  const byScore = new Map<number, StandardInput[]>();
  for (const row of readable) {
    const tuples = parseJson<StandardTuple[] | null>(row.standards, null) ?? [];
    byScore.set(
      row.score_id as number,
      tuples.map(([code, percent, band, selfRating, included, notApplicable, unanswered]) => ({ code, percent, band, selfRating, included: Number(included), notApplicable: Number(notApplicable), unanswered: Number(unanswered) })),
    );
  }
  // The item view counts the outcomes stored with each score; only a score stored before they were kept
  // (or holding something unreadable) needs its return's answers read and scored again.
  const answerable = readable.filter((row: Record<string, unknown>) => row.status === "submitted" || row.status === "validated");
  const outcomesById = new Map<number, ItemOutcomes | PackedItemOutcomes>();
  const itemCount = Object.keys(tool.items).length;
  for (const row of answerable) {
    const outcomes = row.item_outcomes == null ? null : parseItemOutcomes(parseJson<unknown>(row.item_outcomes as string, null), itemCount);
    if (outcomes) outcomesById.set(row.id as number, outcomes);
  }
  const unstored = answerable.map((row: Record<string, unknown>) => row.id as number).filter((id: number) => !outcomesById.has(id));
  const answerRows = unstored.length === 0 ? [] : await db("returns").whereIn("id", unstored).select("id", "answers");
  const answersById = new Map<number, Answers>(answerRows.map((row: { id: number; answers: string }) => [row.id, parseJson<Answers>(row.answers, {})]));
  const readableIds = new Set(readable.map((row: Record<string, unknown>) => row.id));
  const moderated = await currentModerations(db, readable.map((row: Record<string, unknown>) => row.id as number));

  const returns: BaselineInputReturn[] = rows.map((row: Record<string, unknown>) => ({
    agency: { id: row.agency_id as number, name: row.name as string, sector: row.sector as Sector },
    status: row.status as ReturnStatus,
    score: readableIds.has(row.id)
      ? {
          overallPercent: (row.overall_percent as number | null) ?? null,
          overallBand: (row.overall_band as string | null) ?? null,
          overallCapped: Boolean(row.overall_capped),
          unmetEssentials: row.unmet_essentials == null ? null : parseJson(row.unmet_essentials as string, []),
          standards: byScore.get(row.score_id as number) ?? [],
          dimensions: parseJson(row.dimensions as string, []),
        }
      : null,
    moderated: readableIds.has(row.id) ? moderated.get(row.id as number) : undefined,
    itemOutcomes: outcomesById.get(row.id as number),
    answers: answersById.get(row.id as number),
  }));
  return buildBaselineReport({ cycle: { id: cycle.id, title: cycle.title, dueOn: cycle.dueOn }, tool, returns });
}

/**
 * One agency's page of the baseline: its standards against the partnership's and its sector's
 * medians (from the same report model, so the figures match the heat map), and its actions in this
 * cycle. Null (→ 404) when the viewer may not see the agency or it has no submitted return.
 */
export async function getAgencyBaseline(db: Db, viewer: Viewer, cycleId: number, agencyId: number): Promise<{ view: AgencyBaselineView; returnId: number; actions: ActionSummary[] } | null> {
  const report = await getBaselineReport(db, viewer, cycleId);
  const view = report ? toAgencyBaseline(report, agencyId) : null;
  if (!view) return null;
  const entry = await db("returns").where({ cycle_id: cycleId, agency_id: agencyId }).select("id").first();
  if (!entry) return null;
  return { view, returnId: entry.id as number, actions: await listActions(db, viewer, { returnId: entry.id as number }) };
}
