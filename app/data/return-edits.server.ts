/**
 * Changing a return: saving a page or a spreadsheet, starting from last cycle's answers, signing off
 * (which scores it) and re-scoring under new rules. Every agency change goes through the guard in
 * `return-guard.server.ts`, inside one transaction.
 */
import { canEditReturn, canSubmitReturn, type ReturnStatus, type Viewer } from "~/domain/permissions";
import { SCORING_RULES_VERSION, type Answers, type ReturnScore } from "~/domain/scoring";
import { packItemOutcomes } from "~/domain/reports/baseline-items";
import { scoreAnswers } from "~/domain/score-answers";
import { carryForwardAnswers } from "~/domain/carry-forward";
import { mergeAnswers, sameAnswer, type AnswerConflict } from "~/domain/merge-answers";
import { mergePageAnswers, validateReturn, type FieldError } from "~/domain/survey-engine";
import { mergeReturnAnswers } from "~/domain/return-sheet";
import { listQuestions } from "~/domain/survey-json";
import { recordAudit } from "./audit.server";
import { nowIso, parseJson, type Db } from "./db.server";
import { NOT_FOUND, editableRow, ownLockedReturn, type Refusal } from "./return-guard.server";
import { getPreviousReturn, unreviewedCarried } from "./returns.server";
import { getTool } from "./tools.server";

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
        item_outcomes: JSON.stringify(packItemOutcomes(score)),
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
