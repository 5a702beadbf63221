import { z } from "zod";
import {
  SUBMITTED_STATUSES,
  canEditReturn,
  canReadReturn,
  canSubmitReturn,
  isAgencyRole,
  type ReturnStatus,
  type Viewer,
} from "~/domain/permissions";
import { SCORING_RULES_VERSION, type Answers, type ReturnScore, type UnmetEssential } from "~/domain/scoring";
import { scoreAnswers } from "~/domain/score-answers";
import { itemOutcomesOf } from "~/domain/reports/baseline-items";
import { isLate } from "~/domain/dates";
import { carryForwardAnswers } from "~/domain/carry-forward";
import { effectiveDueOn } from "~/domain/due-date";
import { mergeAnswers, sameAnswer, type AnswerConflict } from "~/domain/merge-answers";
import { mergePageAnswers, validateReturn, type FieldError } from "~/domain/survey-engine";
import { mergeReturnAnswers } from "~/domain/return-sheet";
import { listQuestions } from "~/domain/survey-json";
import type { Sector } from "~/domain/tool-schema";
import { recordAudit } from "./audit.server";
import { isPostgres, nowIso, parseJson, type Db } from "./db.server";
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
function unreviewedCarried(stored: unknown, answers: Answers): string[] {
  return parseJson<string[]>(stored, []).filter((name) => answers[name] !== undefined);
}

/** What a page form was showing when it was opened: the page's answers (null = not known) and the return's revision. */
export interface SaveBase {
  answers: Answers | null;
  revision: number | null;
}

export type SaveResult =
  | {
      ok: true;
      revision: number;
      savedAt: string;
      /** Questions both this save and someone else's changed differently: the stored answer was kept. */
      conflicts: AnswerConflict[];
      /** The page's answers as stored after this save: what the form should show (and its next base). */
      answers: Answers;
    }
  | { ok: false; status: 400 | 404 | 409; message: string };

/**
 * The return and its cycle, read to be changed in this transaction. On PostgreSQL the return's row is
 * locked (FOR UPDATE) so two saves at the same moment merge one after the other instead of both reading
 * the same answers and the second overwriting the first; SQLite has one writer at a time anyway.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a knex row, as in editableRow
async function lockedReturn(trx: Db, id: number): Promise<any> {
  const query = trx("returns").join("cycles", "cycles.id", "returns.cycle_id").where("returns.id", id).select("returns.*", "cycles.tool_id", "cycles.status as cycle_status");
  if (isPostgres(trx)) query.forUpdate("returns");
  return query.first();
}

type Refusal = { ok: false; status: 404 | 409; message: string };

/**
 * The one guard of every change an agency makes to its return (save, upload, carry forward, submit): the
 * row locked as `lockedReturn` does, and only if it is the viewer's own agency's; anyone else's return is
 * "not found", exactly as reading it is.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a knex row, read column by column as the other data functions do
async function ownLockedReturn(trx: Db, viewer: Viewer, id: number): Promise<any | null> {
  const row = await lockedReturn(trx, id);
  return row && isAgencyRole(viewer.role) && row.agency_id === viewer.agencyId ? row : null;
}

const NOT_FOUND = { ok: false as const, status: 404 as const, message: "Return not found" };

/**
 * The return's row, read inside the caller's transaction, if the viewer's agency may still change its
 * answers: an open cycle (or a return sent back after closing), not yet submitted.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a knex row, read column by column as the other data functions do
async function editableRow(trx: Db, viewer: Viewer, id: number): Promise<{ row: any } | { refused: Refusal }> {
  const row = await ownLockedReturn(trx, viewer, id);
  if (!row) return { refused: NOT_FOUND };
  if (!canEditReturn(viewer, row.agency_id, row.status) || row.cycle_status === "draft") {
    return { refused: { ok: false, status: 409, message: "This return has been submitted and can no longer be changed" } };
  }
  if (row.cycle_status === "closed" && row.status !== "returned") {
    return { refused: { ok: false, status: 409, message: "This cycle has closed: contact the partnership business office" } };
  }
  return { row };
}

/**
 * Saves one page of answers into a return the viewer's agency may still edit. Only the page's
 * questions change (answers to other pages are untouched); the whole write is one transaction.
 * With a `base` (what the form was opened with) the page is merged question by question with what
 * is stored now (`mergeAnswers`), so a colleague's newer answer is never reverted by a stale form
 * and a question both changed is reported as a conflict instead of written; the other questions
 * still save. Without a base the posted answers are written as they are: for callers that speak for
 * the whole page (imports, scripts, tests); the page form always sends one.
 */
export async function saveReturnPage(
  db: Db,
  viewer: Viewer,
  id: number,
  pageName: string,
  pageAnswers: Answers,
  base?: SaveBase,
  options: { reviewsPage?: boolean } = {},
): Promise<SaveResult> {
  return db.transaction(async (trx) => {
    const editable = await editableRow(trx, viewer, id);
    if ("refused" in editable) return editable.refused;
    const { row } = editable;
    const tool = (await getTool(trx, row.tool_id))!;
    // The page's questions are the only ones this save may touch, whoever the caller is.
    const pageQuestions = listQuestions(tool.definition.survey).filter((question) => question.pageName === pageName).map((question) => question.name);
    const onPage = new Set(pageQuestions);
    if (onPage.size === 0) return { ok: false as const, status: 404 as const, message: "Page not found" };
    const stray = Object.keys(pageAnswers).find((name) => !onPage.has(name));
    if (stray !== undefined) return { ok: false as const, status: 400 as const, message: `“${stray}” is not a question on this page` };
    // Read inside the transaction, so the merge is against what is stored at the moment of writing.
    const stored = parseJson<Answers>(row.answers, {});
    const merge = mergeAnswers(base ? base.answers : stored, pageAnswers, stored);
    const merged = mergePageAnswers(tool.definition.survey, stored, pageName, merge.answers);
    const now = nowIso();
    const status: ReturnStatus = row.status === "not_started" ? "in_progress" : row.status;
    const changed = pageQuestions.filter((name) => !sameAnswer(stored[name], merged[name]));
    // A carried answer is reviewed once someone changes it, or saves its page with a button (autosave is not a review).
    const carried = parseJson<string[]>(row.carried_answers, []);
    const reviewed = new Set(options.reviewsPage ? pageQuestions : changed);
    const stillCarried = carried.filter((name) => !reviewed.has(name));
    await trx("returns").where({ id }).update({
      answers: JSON.stringify(merged),
      revision: row.revision + 1,
      status,
      started_at: row.started_at ?? now,
      updated_at: now,
      updated_by: viewer.id,
      ...(stillCarried.length !== carried.length ? { carried_answers: JSON.stringify(stillCarried) } : {}),
    });
    // A conflicting answer that was not saved stays on record here (with the one kept), so nothing typed is lost.
    const conflicts = merge.conflicts.map(({ name, mine, theirs }) => ({ name, mine: mine ?? null, theirs: theirs ?? null }));
    await recordAudit(trx, {
      userId: viewer.id,
      action: "return.save",
      entityType: "return",
      entityId: id,
      summary: { page: pageName, changed, conflicts, baseRevision: base?.revision ?? null, ...(stillCarried.length !== carried.length ? { reviewedFromLastCycle: carried.filter((name) => reviewed.has(name)) } : {}) },
    });
    const answers = Object.fromEntries(pageQuestions.filter((name) => merged[name] !== undefined).map((name) => [name, merged[name]]));
    return { ok: true as const, revision: row.revision + 1, savedAt: now, conflicts: merge.conflicts, answers };
  });
}

export type UploadSaveResult =
  | { ok: true; revision: number; changed: string[] }
  | Refusal
  | { ok: false; status: 409; conflicts: AnswerConflict[] };

/**
 * Saves answers to any questions of a return at once, in one transaction: the spreadsheet upload.
 * It follows the page save's rules (same permissions, same question-by-question merge against the
 * answers the file was made with, hidden answers dropped), except that a conflict refuses the whole
 * save: a file cannot be half applied, so nothing is written and the person is told which answers
 * someone else changed. `base` null means the file's starting answers are not known (see `mergeAnswers`).
 */
export async function saveReturnAnswers(db: Db, viewer: Viewer, id: number, answers: Answers, base: Answers | null, source: { fileName: string }): Promise<UploadSaveResult> {
  return db.transaction(async (trx) => {
    const editable = await editableRow(trx, viewer, id);
    if ("refused" in editable) return editable.refused;
    const { row } = editable;
    const tool = (await getTool(trx, row.tool_id))!;
    const stored = parseJson<Answers>(row.answers, {});
    const merge = mergeAnswers(base, answers, stored);
    if (merge.conflicts.length > 0) return { ok: false as const, status: 409 as const, conflicts: merge.conflicts };
    const merged = mergeReturnAnswers(tool.definition.survey, stored, merge.answers);
    const changed = listQuestions(tool.definition.survey)
      .map((question) => question.name)
      .filter((name) => !sameAnswer(stored[name], merged[name]));
    const now = nowIso();
    // An answer carried from last cycle that the file changes has been reviewed (decision 008); the rest still wait.
    const carried = parseJson<string[]>(row.carried_answers, []);
    const stillCarried = carried.filter((name) => !changed.includes(name));
    await trx("returns").where({ id }).update({
      answers: JSON.stringify(merged),
      revision: row.revision + 1,
      status: row.status === "not_started" ? "in_progress" : row.status,
      started_at: row.started_at ?? now,
      updated_at: now,
      updated_by: viewer.id,
      ...(stillCarried.length !== carried.length ? { carried_answers: JSON.stringify(stillCarried) } : {}),
    });
    await recordAudit(trx, { userId: viewer.id, action: "return.upload", entityType: "return", entityId: id, summary: { file: source.fileName, changed } });
    return { ok: true as const, revision: row.revision + 1, changed };
  });
}

/** What `returns:import` needs to know about a cycle: its tool, its returns and the partnership's agencies. */
export interface ImportTarget {
  cycle: { id: number; title: string; status: string; dueOn: string };
  tool: ToolRecord;
  returns: { id: number; agencyId: number; status: ReturnStatus }[];
  agencies: { id: number; name: string }[];
}

export async function getImportTarget(db: Db, cycleId: number): Promise<ImportTarget | null> {
  const cycle = await db("cycles").where({ id: cycleId }).first();
  if (!cycle) return null;
  const tool = (await getTool(db, cycle.tool_id))!;
  const returns = await db("returns").where({ cycle_id: cycleId }).select("id", "agency_id", "status");
  const agencies = await db("agencies").select("id", "name").orderBy("name");
  return {
    cycle: { id: cycle.id, title: cycle.title, status: cycle.status, dueOn: cycle.due_on },
    tool,
    returns: returns.map((entry: { id: number; agency_id: number; status: ReturnStatus }) => ({ id: entry.id, agencyId: entry.agency_id, status: entry.status })),
    agencies,
  };
}

/**
 * Stores past returns (the business office's `returns:import`) as submitted and scored, so an earlier
 * year becomes the baseline. Signed off as "Imported" with the file's name; dated as submitted on the
 * cycle's due date (the real day is not known, and an import is not a late return), while the audit
 * log keeps when it happened. Scores go through `storeScore`, as at sign-off. One transaction: every
 * return is stored or none is; a return that has been started since the file was checked refuses it.
 */
export async function importPastReturns(
  db: Db,
  actorId: number | null,
  cycleId: number,
  entries: { returnId: number; answers: Answers }[],
  source: { fileName: string; importedOn: string },
): Promise<{ ok: true; scored: { returnId: number; overallPercent: number | null }[] } | { ok: false; message: string }> {
  return db.transaction(async (trx) => {
    const cycle = await trx("cycles").where({ id: cycleId }).first();
    if (!cycle) return { ok: false as const, message: `There is no cycle ${cycleId}` };
    const tool = (await getTool(trx, cycle.tool_id))!;
    const scored: { returnId: number; overallPercent: number | null }[] = [];
    const submittedAt = `${cycle.due_on}T12:00:00.000Z`;
    for (const entry of entries) {
      const row = await trx("returns").where({ id: entry.returnId, cycle_id: cycleId }).first();
      if (!row || row.status !== "not_started") throw new ImportRefused(`Return ${entry.returnId} has been started since the file was checked: nothing imported`);
      const score = scoreAnswers(tool.definition, entry.answers);
      await trx("returns").where({ id: entry.returnId }).update({
        answers: JSON.stringify(entry.answers),
        revision: row.revision + 1,
        status: "submitted",
        started_at: submittedAt,
        submitted_at: submittedAt,
        signoff_name: "Imported",
        signoff_role: `Imported from ${source.fileName}`,
        signoff_date: source.importedOn,
        updated_at: nowIso(),
      });
      await storeScore(trx, entry.returnId, score);
      await recordAudit(trx, {
        userId: actorId,
        action: "return.import",
        entityType: "return",
        entityId: entry.returnId,
        summary: { file: source.fileName, answered: score.completeness.answered, overallPercent: score.overall.percent, overallBand: score.overall.band, rulesVersion: score.rulesVersion },
      });
      scored.push({ returnId: entry.returnId, overallPercent: score.overall.percent });
    }
    return { ok: true as const, scored };
  }).catch((error: unknown) => {
    if (error instanceof ImportRefused) return { ok: false as const, message: error.message };
    throw error;
  });
}

/** Thrown inside the import's transaction so that it rolls back; reported as a refusal. */
class ImportRefused extends Error {}

/**
 * Stores a computed score as the return's current one; earlier scores stay, marked not current.
 * One transaction (a savepoint inside a caller's), so a failure never leaves a return without a current score.
 */
export async function storeScore(db: Db, returnId: number, score: ReturnScore): Promise<void> {
  const now = nowIso();
  await db.transaction(async (trx) => {
    await trx("scores").where({ return_id: returnId, is_current: true }).update({ is_current: false });
    const [row] = await trx("scores")
      .insert({
        return_id: returnId,
        tool_version: score.toolVersion,
        rules_version: score.rulesVersion,
        is_current: true,
        overall_percent: score.overall.percent,
        overall_band: score.overall.band,
        overall_capped: score.overall.essentialCap,
        unmet_essentials: score.rulesVersion === "1" ? null : JSON.stringify(score.unmetEssentials),
        completeness_answered: score.completeness.answered,
        completeness_total: score.completeness.total,
        dimensions: JSON.stringify(score.dimensions),
        item_outcomes: JSON.stringify(itemOutcomesOf(score)),
        computed_at: now,
      })
      .returning("id");
    const scoreId = typeof row === "object" ? row.id : row;
    await trx("standard_scores").insert(
      score.standards.map((standard) => ({
        score_id: scoreId,
        standard_code: standard.code,
        percent: standard.percent,
        band: standard.band,
        essential_cap: standard.essentialCap,
        self_rating: standard.selfRating,
        included: standard.included,
        not_applicable: standard.notApplicable,
        unanswered: standard.unanswered,
      })),
    );
  });
}

/**
 * Re-scores a cycle's submitted and validated returns whose current score was made under other scoring rules
 * than today's. The answers are those signed off (a return sent back for changes is left alone until it is
 * resubmitted); the earlier score stays, marked not current, so both can be shown (DESIGN §5).
 */
export async function rescoreCycle(db: Db, actorId: number | null, cycleId: number): Promise<{ rescored: number; current: number }> {
  const rows = await db("returns")
    .join("cycles", "cycles.id", "returns.cycle_id")
    .join("scores", function currentScore() {
      this.on("scores.return_id", "=", "returns.id").andOn("scores.is_current", "=", db.raw("?", [true]));
    })
    .where("returns.cycle_id", cycleId)
    .whereIn("returns.status", ["submitted", "validated"])
    .select("returns.id", "returns.answers", "cycles.tool_id", "scores.rules_version", "scores.overall_percent", "scores.overall_band");
  let rescored = 0;
  for (const row of rows) {
    if (row.rules_version === SCORING_RULES_VERSION) continue;
    const tool = (await getTool(db, row.tool_id))!;
    const score = scoreAnswers(tool.definition, parseJson<Answers>(row.answers, {}));
    await db.transaction(async (trx) => {
      await storeScore(trx, row.id, score);
      await recordAudit(trx, {
        userId: actorId,
        action: "return.rescore",
        entityType: "return",
        entityId: row.id,
        summary: {
          before: { rulesVersion: row.rules_version, overallPercent: row.overall_percent, overallBand: row.overall_band },
          after: { rulesVersion: score.rulesVersion, overallPercent: score.overall.percent, overallBand: score.overall.band, unmetEssentials: score.unmetEssentials.length },
        },
      });
    });
    rescored += 1;
  }
  return { rescored, current: rows.length - rescored };
}

export interface Signoff {
  name: string;
  role: string;
  date: string;
}

export type SubmitResult = { ok: true } | { ok: false; status: 404 | 409; message: string } | { ok: false; status: 422; errors: FieldError[] };

/**
 * The agency lead's sign-off: every required question answered (as the survey engine judges it),
 * then the return is scored and locked, all in one transaction.
 */
export async function submitReturn(db: Db, viewer: Viewer, id: number, signoff: Signoff): Promise<SubmitResult> {
  return db.transaction(async (trx) => {
    const row = await ownLockedReturn(trx, viewer, id);
    if (!row) return NOT_FOUND;
    if (!canSubmitReturn(viewer, row.agency_id, row.status)) {
      return {
        ok: false as const,
        status: 409 as const,
        message: viewer.role === "agency_lead" ? "This return has already been submitted" : "Only your agency lead can sign off and submit the return",
      };
    }
    if (row.cycle_status !== "open" && row.status !== "returned") {
      return { ok: false as const, status: 409 as const, message: "This cycle has closed: contact the partnership business office" };
    }
    const tool = (await getTool(trx, row.tool_id))!;
    const answers = parseJson<Answers>(row.answers, {});
    const errors = validateReturn(tool.definition.survey, answers);
    if (errors.length > 0) return { ok: false as const, status: 422 as const, errors };
    // Sign-off vouches for every answer: one carried from last cycle must be looked at first (decision 008).
    const carried = unreviewedCarried(row.carried_answers, answers);
    if (carried.length > 0) {
      return { ok: false as const, status: 409 as const, message: `Review the ${carried.length === 1 ? "answer" : `${carried.length} answers`} carried from last cycle before you sign off` };
    }
    const score = scoreAnswers(tool.definition, answers);
    const now = nowIso();
    await trx("returns").where({ id }).update({
      status: "submitted",
      submitted_at: now,
      submitted_by: viewer.id,
      signoff_name: signoff.name,
      signoff_role: signoff.role,
      signoff_date: signoff.date,
      updated_at: now,
      updated_by: viewer.id,
    });
    await storeScore(trx, id, score);
    await recordAudit(trx, {
      userId: viewer.id,
      action: "return.submit",
      entityType: "return",
      entityId: id,
      summary: { signoff, overallPercent: score.overall.percent, overallBand: score.overall.band, rulesVersion: score.rulesVersion },
    });
    return { ok: true as const };
  });
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

export type CarryForwardResult = { ok: true; carried: number; dropped: number } | { ok: false; status: 404 | 409; message: string };

/**
 * Starts a not-started return from the agency's previous return: answers mapped by
 * `carryForwardAnswers`, each marked "from last cycle: review" until someone reviews it. Only a
 * return nobody has touched: it never overwrites an answer. One transaction, one audit entry.
 */
export async function carryForwardReturn(db: Db, viewer: Viewer, id: number): Promise<CarryForwardResult> {
  return db.transaction(async (trx) => {
    // Locked like every change, so two people starting the return at once cannot both copy (and both audit) it.
    const row = await ownLockedReturn(trx, viewer, id);
    if (!row) return NOT_FOUND;
    if (!canEditReturn(viewer, row.agency_id, row.status) || row.cycle_status !== "open") {
      return { ok: false as const, status: 409 as const, message: "This return can no longer be changed" };
    }
    if (row.status !== "not_started" || Object.keys(parseJson<Answers>(row.answers, {})).length > 0) {
      return { ok: false as const, status: 409 as const, message: "This return has already been started, so last cycle's answers cannot be copied into it" };
    }
    const previous = await getPreviousReturn(trx, viewer, id);
    if (!previous) return { ok: false as const, status: 409 as const, message: "Your agency has no earlier return of this audit to start from" };
    const source = await trx("returns").join("cycles", "cycles.id", "returns.cycle_id").where("returns.id", previous.id).select("returns.answers", "cycles.tool_id").first();
    const [from, to] = await Promise.all([getTool(trx, source.tool_id), getTool(trx, row.tool_id)]);
    const result = carryForwardAnswers({ definition: from!.definition, answers: parseJson<Answers>(source.answers, {}) }, to!.definition);
    const now = nowIso();
    await trx("returns").where({ id }).update({
      answers: JSON.stringify(result.answers),
      carried_answers: JSON.stringify(result.carried),
      carried_from: previous.id,
      status: result.carried.length > 0 ? "in_progress" : row.status,
      revision: row.revision + 1,
      started_at: now,
      updated_at: now,
      updated_by: viewer.id,
    });
    await recordAudit(trx, {
      userId: viewer.id,
      action: "return.carry_forward",
      entityType: "return",
      entityId: id,
      summary: { from: { returnId: previous.id, cycle: previous.cycleTitle, toolVersion: previous.toolVersion }, carried: result.carried.length, dropped: result.dropped },
    });
    return { ok: true as const, carried: result.carried.length, dropped: result.dropped.length };
  });
}
