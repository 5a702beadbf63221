import {
  canAnswerChallenge,
  canCloseChallenge,
  canModerate,
  canRaiseChallenge,
  type ChallengeOutcome,
  type ChallengeStatus,
} from "~/domain/moderation";
import { isAgencyRole, type ReturnStatus, type Viewer } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { checkEvidenceInput, insertEvidence, type EvidenceInput } from "./evidence.server";
import { nowIso, type Db } from "./db.server";
import { notifyChallenge, notifyReturnSentBack } from "./notifications.server";
import { getTool } from "./tools.server";

/**
 * The QA subgroup's work on a submitted return: moderated ratings (history kept), challenges and
 * their answers, returning for changes and validation. Every function checks the viewer; every
 * change is one transaction with its audit log entry. Reads are scoped like every agency read:
 * the agency sees its own return's moderation and challenges, QA sees all, the board none.
 */

export interface Moderation {
  id: number;
  standardCode: string;
  band: string;
  rationale: string;
  createdBy: string;
  createdAt: string;
  supersededAt: string | null;
}

export interface Challenge {
  id: number;
  standardCode: string;
  status: ChallengeStatus;
  question: string;
  raisedBy: string;
  raisedAt: string;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  outcome: ChallengeOutcome | null;
  outcomeNote: string | null;
  closedAt: string | null;
}

export type ActionResult = { ok: true } | { ok: false; status: 404 | 409 | 422; message: string };

const NOT_FOUND = { ok: false as const, status: 404 as const, message: "Return not found" };

/** The return's agency, status and tool, if the viewer may see its scrutiny at all. */
async function loadReturn(db: Db, viewer: Viewer, returnId: number) {
  const row = await db("returns").join("cycles", "cycles.id", "returns.cycle_id").where("returns.id", returnId).select("returns.id", "returns.agency_id", "returns.status", "cycles.tool_id").first();
  if (!row) return null;
  const allowed = isAgencyRole(viewer.role) ? viewer.agencyId === row.agency_id : viewer.role === "qa" || viewer.role === "admin";
  if (!allowed || row.status === "not_started" || row.status === "in_progress") return null;
  return row as { id: number; agency_id: number; status: ReturnStatus; tool_id: number };
}

/** Every moderation of the return, newest first (current ones have no supersededAt). */
export async function listModerations(db: Db, viewer: Viewer, returnId: number): Promise<Moderation[] | null> {
  if (!(await loadReturn(db, viewer, returnId))) return null;
  const rows = await db("moderations").join("users", "users.id", "moderations.created_by").where("moderations.return_id", returnId).orderBy("moderations.id", "desc").select("moderations.*", "users.name as user_name");
  return rows.map((row: Record<string, unknown>) => ({
    id: row.id as number,
    standardCode: row.standard_code as string,
    band: row.band as string,
    rationale: row.rationale as string,
    createdBy: row.user_name as string,
    createdAt: row.created_at as string,
    supersededAt: (row.superseded_at as string | null) ?? null,
  }));
}

/** Current moderated band per standard code, for reports. */
export async function currentModerations(db: Db, returnIds: number[]): Promise<Map<number, Record<string, string>>> {
  const byReturn = new Map<number, Record<string, string>>();
  if (returnIds.length === 0) return byReturn;
  for (let start = 0; start < returnIds.length; start += 500) {
    const rows = await db("moderations").whereIn("return_id", returnIds.slice(start, start + 500)).whereNull("superseded_at").select("return_id", "standard_code", "band");
    for (const row of rows) byReturn.set(row.return_id, { ...(byReturn.get(row.return_id) ?? {}), [row.standard_code]: row.band });
  }
  return byReturn;
}

export async function recordModeration(db: Db, viewer: Viewer, returnId: number, input: { standardCode: string; band: string; rationale: string }): Promise<ActionResult> {
  return db.transaction(async (trx) => {
    const ret = await loadReturn(trx, viewer, returnId);
    if (!ret) return NOT_FOUND;
    if (!canModerate(viewer, ret.status)) return { ok: false as const, status: 409 as const, message: "Only a submitted return that is not yet validated can be moderated" };
    const tool = (await getTool(trx, ret.tool_id))!.definition;
    if (!tool.standards.some((standard) => standard.code === input.standardCode)) return { ok: false as const, status: 422 as const, message: "Choose a standard of this tool" };
    if (!tool.bands.some((band) => band.code === input.band)) return { ok: false as const, status: 422 as const, message: "Choose one of the tool's ratings" };
    const now = nowIso();
    const before = await trx("moderations").where({ return_id: returnId, standard_code: input.standardCode }).whereNull("superseded_at").first();
    await trx("moderations").where({ return_id: returnId, standard_code: input.standardCode }).whereNull("superseded_at").update({ superseded_at: now });
    await trx("moderations").insert({ return_id: returnId, standard_code: input.standardCode, band: input.band, rationale: input.rationale, created_by: viewer.id, created_at: now });
    await recordAudit(trx, {
      userId: viewer.id,
      action: "return.moderate",
      entityType: "return",
      entityId: returnId,
      summary: { standard: input.standardCode, before: before ? { band: before.band } : null, after: { band: input.band, rationale: input.rationale } },
    });
    return { ok: true as const };
  });
}

export async function listChallenges(db: Db, viewer: Viewer, returnId: number): Promise<Challenge[] | null> {
  if (!(await loadReturn(db, viewer, returnId))) return null;
  const rows = await db("challenges")
    .join("users as raiser", "raiser.id", "challenges.raised_by")
    .leftJoin("users as answerer", "answerer.id", "challenges.answered_by")
    .where("challenges.return_id", returnId)
    .orderBy("challenges.id")
    .select("challenges.*", "raiser.name as raiser_name", "answerer.name as answerer_name");
  return rows.map((row: Record<string, unknown>) => ({
    id: row.id as number,
    standardCode: row.standard_code as string,
    status: row.status as ChallengeStatus,
    question: row.question as string,
    raisedBy: row.raiser_name as string,
    raisedAt: row.raised_at as string,
    answer: (row.answer as string | null) ?? null,
    answeredBy: (row.answerer_name as string | null) ?? null,
    answeredAt: (row.answered_at as string | null) ?? null,
    outcome: (row.outcome as ChallengeOutcome | null) ?? null,
    outcomeNote: (row.outcome_note as string | null) ?? null,
    closedAt: (row.closed_at as string | null) ?? null,
  }));
}

export async function raiseChallenge(db: Db, viewer: Viewer, returnId: number, input: { standardCode: string; question: string }): Promise<ActionResult> {
  return db.transaction(async (trx) => {
    const ret = await loadReturn(trx, viewer, returnId);
    if (!ret) return NOT_FOUND;
    if (!canRaiseChallenge(viewer, ret.status)) return { ok: false as const, status: 409 as const, message: "Challenges can only be raised on a submitted return that is not yet validated" };
    const tool = (await getTool(trx, ret.tool_id))!.definition;
    if (!tool.standards.some((standard) => standard.code === input.standardCode)) return { ok: false as const, status: 422 as const, message: "Choose a standard of this tool" };
    const [row] = await trx("challenges").insert({ return_id: returnId, standard_code: input.standardCode, status: "open", question: input.question, raised_by: viewer.id, raised_at: nowIso() }).returning("id");
    const id = typeof row === "object" ? row.id : row;
    await recordAudit(trx, { userId: viewer.id, action: "challenge.raise", entityType: "challenge", entityId: id, summary: { returnId, standard: input.standardCode } });
    await notifyChallenge(trx, "challenge_raised", id);
    return { ok: true as const };
  });
}

async function loadChallenge(db: Db, viewer: Viewer, challengeId: number) {
  const challenge = await db("challenges").where({ id: challengeId }).first();
  if (!challenge) return null;
  const ret = await loadReturn(db, viewer, challenge.return_id);
  return ret ? { challenge, ret } : null;
}

/**
 * The agency's answer to a challenge, with optional evidence (files or links, DESIGN §6): the answer
 * and every piece of evidence are written together or not at all.
 */
export async function answerChallenge(db: Db, viewer: Viewer, challengeId: number, answer: string, evidence: EvidenceInput[] = []): Promise<ActionResult> {
  return db.transaction(async (trx) => {
    const found = await loadChallenge(trx, viewer, challengeId);
    if (!found) return { ok: false as const, status: 404 as const, message: "Challenge not found" };
    if (!canAnswerChallenge(viewer, found.ret.agency_id, found.challenge.status)) return { ok: false as const, status: 409 as const, message: "This challenge has already been answered" };
    const checked = evidence.map(checkEvidenceInput);
    const refused = checked.find((result) => !result.ok);
    if (refused && !refused.ok) return { ok: false as const, status: 422 as const, message: refused.message };
    await trx("challenges").where({ id: challengeId }).update({ status: "answered", answer, answered_by: viewer.id, answered_at: nowIso() });
    for (const result of checked) {
      if (result.ok) await insertEvidence(trx, viewer, found.ret.id, { standardCode: found.challenge.standard_code, questionName: null, challengeId }, result.value);
    }
    await recordAudit(trx, { userId: viewer.id, action: "challenge.answer", entityType: "challenge", entityId: challengeId, summary: { returnId: found.ret.id, evidence: checked.length } });
    await notifyChallenge(trx, "challenge_answered", challengeId);
    return { ok: true as const };
  });
}

export async function closeChallenge(db: Db, viewer: Viewer, challengeId: number, input: { outcome: ChallengeOutcome; note: string | null }): Promise<ActionResult> {
  return db.transaction(async (trx) => {
    const found = await loadChallenge(trx, viewer, challengeId);
    if (!found) return { ok: false as const, status: 404 as const, message: "Challenge not found" };
    if (!canCloseChallenge(viewer, found.challenge.status)) return { ok: false as const, status: 409 as const, message: "This challenge is already closed" };
    await trx("challenges").where({ id: challengeId }).update({ status: "closed", outcome: input.outcome, outcome_note: input.note, closed_by: viewer.id, closed_at: nowIso() });
    await recordAudit(trx, { userId: viewer.id, action: "challenge.close", entityType: "challenge", entityId: challengeId, summary: { returnId: found.ret.id, outcome: input.outcome } });
    return { ok: true as const };
  });
}

/** QA sends a submitted return back to the agency with a reason; the answers are kept for them to change. */
export async function returnForChanges(db: Db, viewer: Viewer, returnId: number, reason: string): Promise<ActionResult> {
  return db.transaction(async (trx) => {
    const ret = await loadReturn(trx, viewer, returnId);
    if (!ret) return NOT_FOUND;
    if (!canModerate(viewer, ret.status)) return { ok: false as const, status: 409 as const, message: "Only a submitted return that is not yet validated can be returned for changes" };
    const now = nowIso();
    await trx("returns").where({ id: returnId }).update({ status: "returned", returned_reason: reason, returned_at: now, updated_at: now, updated_by: viewer.id });
    await recordAudit(trx, { userId: viewer.id, action: "return.return_for_changes", entityType: "return", entityId: returnId, summary: { reason } });
    await notifyReturnSentBack(trx, returnId);
    return { ok: true as const };
  });
}

/** QA accepts the return: validated, which locks its moderated ratings. Open challenges must be closed first. */
export async function validateSubmittedReturn(db: Db, viewer: Viewer, returnId: number): Promise<ActionResult> {
  return db.transaction(async (trx) => {
    const ret = await loadReturn(trx, viewer, returnId);
    if (!ret) return NOT_FOUND;
    if (!canModerate(viewer, ret.status)) return { ok: false as const, status: 409 as const, message: "Only a submitted return that is not yet validated can be validated" };
    const open = await trx("challenges").where({ return_id: returnId }).whereNot("status", "closed").count({ n: "*" }).first();
    if (Number(open?.n ?? 0) > 0) return { ok: false as const, status: 409 as const, message: "Close every challenge before validating the return" };
    const now = nowIso();
    await trx("returns").where({ id: returnId }).update({ status: "validated", validated_by: viewer.id, validated_at: now, updated_at: now, updated_by: viewer.id });
    await recordAudit(trx, { userId: viewer.id, action: "return.validate", entityType: "return", entityId: returnId, summary: {} });
    return { ok: true as const };
  });
}

/** The QA decision notes on a return: why it was sent back, and when it was validated. */
export async function getDecision(db: Db, viewer: Viewer, returnId: number): Promise<{ returnedReason: string | null; returnedAt: string | null; validatedAt: string | null } | null> {
  if (!(await loadReturn(db, viewer, returnId))) return null;
  const row = await db("returns").where({ id: returnId }).select("returned_reason", "returned_at", "validated_at").first();
  return { returnedReason: row?.returned_reason ?? null, returnedAt: row?.returned_at ?? null, validatedAt: row?.validated_at ?? null };
}
