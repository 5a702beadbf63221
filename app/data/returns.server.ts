/**
 * Reading returns: the lists and the one return a viewer may see, scoped to the viewer's agency in the
 * query itself (STYLE "every query that reads agency data takes the viewer"). Changes live in
 * `return-edits.server.ts`, the business office's import of past returns in `return-import.server.ts`.
 */
import { z } from "zod";
import { SUBMITTED_STATUSES, canReadReturn, isAgencyRole, type ReturnStatus, type Viewer } from "~/domain/permissions";
import { type Answers, type UnmetEssential } from "~/domain/scoring";
import { isLate } from "~/domain/dates";
import { effectiveDueOn } from "~/domain/due-date";
import type { Sector } from "~/domain/tool-schema";
import { parseJson, type Db } from "./db.server";
import { getTool, type ToolRecord } from "./tools.server";

export interface StoredStandardScore {
  code: string;
  percent: number | null;
  band: string | null;
  essentialCap: "lowest" | "second" | null;
  selfRating: string | null;
  included: number;
  notApplicable: number;
  unanswered: number;
}

export interface StoredScore {
  toolVersion: string;
  rulesVersion: string;
  overallPercent: number | null;
  overallBand: string | null;
  /** The overall band was lowered by an unmet essential item (rules v2). */
  overallCapped: boolean;
  /** Essential items scored 0 (rules v2); null for a score made under rules v1, which did not list them. */
  unmetEssentials: UnmetEssential[] | null;
  completeness: { answered: number; total: number };
  dimensions: { code: string; percent: number | null; band: string | null; essentialCap?: boolean }[];
  computedAt: string;
  standards: StoredStandardScore[];
}

export interface ReturnSummary {
  id: number;
  cycleId: number;
  cycleTitle: string;
  /** The effective due date: this agency's extension where it has one, else the cycle's. */
  dueOn: string;
  cycleDueOn: string;
  /** Set when the business office extended this agency's due date. */
  extension: { reason: string } | null;
  agencyId: number;
  agencyName: string;
  sector: Sector;
  status: ReturnStatus;
  submittedAt: string | null;
  updatedAt: string | null;
  late: boolean;
  overallPercent: number | null;
  overallBand: string | null;
}

export interface ReturnDetail extends ReturnSummary {
  tool: ToolRecord;
  answers: Answers;
  revision: number;
  signoff: { name: string; role: string; date: string } | null;
  score: StoredScore | null;
  /** The score a re-score under later scoring rules replaced, shown beside the current one; null if none. */
  earlierScore: StoredScore | null;
  /** Answers prefilled from the agency's previous return that nobody has reviewed yet (question names). */
  carried: string[];
}

const SummaryRow = z.object({
  id: z.number(),
  cycle_id: z.number(),
  cycle_title: z.string(),
  due_on: z.string(),
  due_on_override: z.string().nullable(),
  due_on_override_reason: z.string().nullable(),
  agency_id: z.number(),
  agency_name: z.string(),
  sector: z.string(),
  status: z.string(),
  submitted_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  overall_percent: z.number().nullable().optional(),
  overall_band: z.string().nullable().optional(),
});


function toSummary(row: unknown, viewer: Viewer): ReturnSummary {
  const parsed = SummaryRow.parse(row);
  const status = parsed.status as ReturnStatus;
  // Scores of a return the viewer may not read (a draft, seen by the business office) stay hidden.
  const showScore = canReadReturn(viewer, parsed.agency_id, status) && (SUBMITTED_STATUSES as readonly string[]).includes(status);
  const dueOn = effectiveDueOn(parsed.due_on, parsed.due_on_override);
  return {
    id: parsed.id,
    cycleId: parsed.cycle_id,
    cycleTitle: parsed.cycle_title,
    dueOn,
    cycleDueOn: parsed.due_on,
    extension: parsed.due_on_override ? { reason: parsed.due_on_override_reason ?? "" } : null,
    agencyId: parsed.agency_id,
    agencyName: parsed.agency_name,
    sector: parsed.sector as Sector,
    status,
    submittedAt: parsed.submitted_at,
    updatedAt: parsed.updated_at,
    late: isLate(parsed.submitted_at, dueOn),
    overallPercent: showScore ? (parsed.overall_percent ?? null) : null,
    overallBand: showScore ? (parsed.overall_band ?? null) : null,
  };
}

function returnsQuery(db: Db) {
  return db("returns")
    .join("cycles", "cycles.id", "returns.cycle_id")
    .join("agencies", "agencies.id", "returns.agency_id")
    .leftJoin("scores", function joinCurrentScore() {
      this.on("scores.return_id", "=", "returns.id").andOn("scores.is_current", "=", db.raw("?", [true]));
    })
    .select(
      "returns.id",
      "returns.cycle_id",
      "cycles.title as cycle_title",
      "cycles.due_on",
      "returns.due_on_override",
      "returns.due_on_override_reason",
      "returns.agency_id",
      "agencies.name as agency_name",
      "agencies.sector",
      "returns.status",
      "returns.submitted_at",
      "returns.updated_at",
      "scores.overall_percent",
      "scores.overall_band",
    );
}

/**
 * Returns listed for a viewer. Agency roles see their own agency's only. Admin and QA see every
 * return's status (to run the cycle), but scores only once submitted. Board members see none.
 */
function scoped(db: Db, viewer: Viewer) {
  const query = returnsQuery(db);
  if (isAgencyRole(viewer.role)) query.where("returns.agency_id", viewer.agencyId);
  else if (viewer.role === "board") query.whereRaw("1 = 0");
  return query;
}

export async function listCycleReturns(db: Db, viewer: Viewer, cycleId: number, filter: { submittedOnly?: boolean } = {}): Promise<ReturnSummary[]> {
  const query = scoped(db, viewer).where("returns.cycle_id", cycleId).orderBy("agencies.name");
  if (filter.submittedOnly) query.whereIn("returns.status", SUBMITTED_STATUSES);
  return (await query).map((row: unknown) => toSummary(row, viewer));
}

/** The return of each of these agencies in a cycle, by agency (for linking a list of agencies to their returns), within the viewer's scope. */
export async function returnIdsByAgency(db: Db, viewer: Viewer, cycleId: number, agencyIds: number[]): Promise<Map<number, number>> {
  if (agencyIds.length === 0 || viewer.role === "board") return new Map();
  const query = db("returns").where("cycle_id", cycleId).whereIn("agency_id", agencyIds).select("id", "agency_id");
  if (isAgencyRole(viewer.role)) query.where("agency_id", viewer.agencyId);
  return new Map((await query).map((row: { id: number; agency_id: number }) => [row.agency_id, row.id]));
}

/** An agency's own returns across cycles (its home page). */
export async function listAgencyReturns(db: Db, viewer: Viewer): Promise<ReturnSummary[]> {
  if (!isAgencyRole(viewer.role)) return [];
  return (await scoped(db, viewer).orderBy("cycles.due_on", "desc")).map((row: unknown) => toSummary(row, viewer));
}

async function loadScore(db: Db, returnId: number): Promise<StoredScore | null> {
  return toStoredScore(db, await db("scores").where({ return_id: returnId, is_current: true }).orderBy("id", "desc").first());
}

/**
 * The score a re-score under later rules replaced: the latest earlier score made under other scoring rules
 * than the current one, so both can be shown side by side (DESIGN §5). Null when the return was never
 * re-scored under changed rules.
 */
async function loadEarlierScore(db: Db, returnId: number, current: StoredScore | null): Promise<StoredScore | null> {
  if (!current) return null;
  const row = await db("scores").where({ return_id: returnId, is_current: false }).whereNot({ rules_version: current.rulesVersion }).orderBy("id", "desc").first();
  return toStoredScore(db, row);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a knex row, read column by column
async function toStoredScore(db: Db, score: Record<string, any> | undefined): Promise<StoredScore | null> {
  if (!score) return null;
  const standards = await db("standard_scores").where({ score_id: score.id }).orderBy("id");
  return {
    toolVersion: score.tool_version,
    rulesVersion: score.rules_version,
    overallPercent: score.overall_percent ?? null,
    overallBand: score.overall_band ?? null,
    overallCapped: Boolean(score.overall_capped),
    unmetEssentials: score.unmet_essentials == null ? null : parseJson<UnmetEssential[]>(score.unmet_essentials, []),
    completeness: { answered: score.completeness_answered, total: score.completeness_total },
    dimensions: parseJson(score.dimensions, []),
    computedAt: score.computed_at,
    standards: standards.map((row: Record<string, unknown>) => ({
      code: row.standard_code as string,
      percent: (row.percent as number | null) ?? null,
      band: (row.band as string | null) ?? null,
      essentialCap: (row.essential_cap as StoredStandardScore["essentialCap"]) ?? null,
      selfRating: (row.self_rating as string | null) ?? null,
      included: row.included as number,
      notApplicable: row.not_applicable as number,
      unanswered: row.unanswered as number,
    })),
  };
}

/** One return with its answers, if the viewer may read it; null (→ 404) otherwise, never a hint it exists. */
export async function getReturn(db: Db, viewer: Viewer, id: number): Promise<ReturnDetail | null> {
  const row = await scoped(db, viewer)
    .select("returns.answers", "returns.revision", "returns.signoff_name", "returns.signoff_role", "returns.signoff_date", "returns.carried_answers", "cycles.tool_id")
    .where("returns.id", id)
    .first();
  if (!row) return null;
  const summary = toSummary(row, viewer);
  if (!canReadReturn(viewer, summary.agencyId, summary.status)) return null;
  const tool = await getTool(db, row.tool_id);
  if (!tool) return null;
  const answers = parseJson<Answers>(row.answers, {});
  return {
    ...summary,
    tool,
    answers,
    carried: unreviewedCarried(row.carried_answers, answers),
    revision: row.revision,
    signoff: row.signoff_name ? { name: row.signoff_name, role: row.signoff_role, date: row.signoff_date } : null,
    ...(await scoresOf(db, id)),
  };
}

async function scoresOf(db: Db, id: number): Promise<{ score: StoredScore | null; earlierScore: StoredScore | null }> {
  const score = await loadScore(db, id);
  return { score, earlierScore: await loadEarlierScore(db, id, score) };
}

/** The carried question names still to review: those whose carried answer is still there. */
export function unreviewedCarried(stored: unknown, answers: Answers): string[] {
  return parseJson<string[]>(stored, []).filter((name) => answers[name] !== undefined);
}

export interface PreviousReturn {
  id: number;
  cycleTitle: string;
  toolVersion: string;
}

/**
 * The agency's latest earlier return of the same tool code (any version) that was signed off:
 * what "start from last cycle's answers" copies. Scoped to the viewer's agency like every read.
 */
export async function getPreviousReturn(db: Db, viewer: Viewer, id: number): Promise<PreviousReturn | null> {
  if (!isAgencyRole(viewer.role)) return null;
  const current = await db("returns")
    .join("cycles", "cycles.id", "returns.cycle_id")
    .join("tools", "tools.id", "cycles.tool_id")
    .where({ "returns.id": id, "returns.agency_id": viewer.agencyId })
    .select("returns.cycle_id", "cycles.opens_on", "tools.code")
    .first();
  if (!current) return null;
  const row = await db("returns")
    .join("cycles", "cycles.id", "returns.cycle_id")
    .join("tools", "tools.id", "cycles.tool_id")
    .where({ "returns.agency_id": viewer.agencyId, "tools.code": current.code })
    .whereNot("returns.cycle_id", current.cycle_id)
    .where("cycles.opens_on", "<=", current.opens_on)
    .whereIn("returns.status", SUBMITTED_STATUSES)
    .orderBy("cycles.opens_on", "desc")
    .orderBy("returns.id", "desc")
    .select("returns.id", "cycles.title", "tools.version")
    .first();
  return row ? { id: row.id, cycleTitle: row.title, toolVersion: row.version } : null;
}
