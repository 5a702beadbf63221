import { z } from "zod";
import {
  ACTION_RAGS,
  ACTION_STATUSES,
  afterActionRationale,
  canAgreeAction,
  canReadActions,
  canRerateAfterAction,
  canUpdateAction,
  canWriteAction,
  isDueDateAcceptable,
  isOverdue,
  progressOf,
  progressUpdateProblems,
  suggestedStandards,
  type ActionProgress,
  type ActionRag,
  type ActionStatus,
  type ProgressUpdate,
  type SuggestedStandard,
} from "~/domain/actions";
import { ukDateOf } from "~/domain/dates";
import { effectiveBand } from "~/domain/moderation";
import { RETURN_STATUSES, SUBMITTED_STATUSES, isAgencyRole, type ReturnStatus, type Viewer } from "~/domain/permissions";
import type { Band, ToolDefinition } from "~/domain/tool-schema";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";
import { currentModerations } from "./moderation.server";
import { getTool } from "./tools.server";

/**
 * Action plans (DESIGN §6–§7): the agency lead writes an action for a standard rated below the top
 * band, QA agrees it, the agency reports progress until it is done, and QA may then re-rate the
 * standard. Reads are scoped like every agency read: an agency sees its own actions, QA and the
 * business office all, the board none (it sees actions only in published reports). Every change is
 * one transaction with its audit log entry.
 *
 * A case audit's recommendation for the partnership becomes a **partnership action** (DESIGN §12): it
 * has no return and no agency but its case audit, its domain stands for the standard, and the QA
 * subgroup reports its progress. No agency sees it.
 */

export interface ActionSummary {
  id: number;
  /** Null for a partnership action (it belongs to its case audit, not to a return). */
  returnId: number | null;
  returnStatus: ReturnStatus | null;
  /** The return's cycle, or a partnership action's case audit. */
  cycleTitle: string;
  /** Null for a partnership action. */
  agencyId: number | null;
  agencyName: string | null;
  /** A partnership action's case audit; null for an agency's action. */
  caseAuditId: number | null;
  standardCode: string;
  standardTitle: string;
  /**
   * How people read the standard: "S11-4 Commissioning and contracts". A case audit's domain codes are
   * identifiers, not references anyone quotes, so its domains read by title alone ("Joint working").
   */
  standardLabel: string;
  description: string;
  owner: string;
  dueOn: string;
  successMeasure: string;
  status: ActionStatus;
  rag: ActionRag;
  progress: ActionProgress;
  overdue: boolean;
  createdBy: string;
  createdAt: string;
  agreedBy: string | null;
  agreedAt: string | null;
  doneAt: string | null;
  evidenceNote: string | null;
}

export interface ActionUpdateRecord {
  id: number;
  by: string;
  at: string;
  status: ActionStatus;
  rag: ActionRag | null;
  note: string | null;
}

export interface ActionDetail extends ActionSummary {
  updates: ActionUpdateRecord[];
  bands: Band[];
  /** The standard's ratings on the action's return now: the re-rating after a done action changes them. */
  rating: { computed: string | null; moderated: string | null; effective: string | null };
}

export interface ActionPlan {
  returnId: number;
  agencyId: number;
  agencyName: string;
  cycleTitle: string;
  returnStatus: ReturnStatus;
  bands: Band[];
  /** Standards whose effective rating is below the top band, with how many actions each has already. */
  suggestions: (SuggestedStandard & { actions: number })[];
  canWrite: boolean;
  /** The return's actions, as `listActions` gives them. */
  actions: ActionSummary[];
}

export type ActionChange =
  | { ok: true; id: number }
  | { ok: false; status: 404 | 409; message: string }
  | { ok: false; status: 422; errors: Record<string, string> };

const NOT_FOUND = { ok: false as const, status: 404 as const, message: "Action not found" };

const ActionRow = z.object({
  id: z.number(),
  return_id: z.number().nullable(),
  return_status: z.enum(RETURN_STATUSES).nullable(),
  cycle_title: z.string().nullable(),
  case_audit_id: z.number().nullable(),
  case_audit_title: z.string().nullable(),
  tool_id: z.number(),
  agency_id: z.number().nullable(),
  agency_name: z.string().nullable(),
  standard_code: z.string(),
  description: z.string(),
  owner: z.string(),
  due_on: z.string(),
  success_measure: z.string(),
  status: z.enum(ACTION_STATUSES),
  rag: z.enum(ACTION_RAGS),
  creator_name: z.string(),
  created_at: z.string(),
  agreer_name: z.string().nullable(),
  agreed_at: z.string().nullable(),
  done_at: z.string().nullable(),
  evidence_note: z.string().nullable(),
});
type ActionRowData = z.infer<typeof ActionRow>;

/**
 * Actions the viewer may see: the agency its own (in the WHERE; a partnership action has no agency, so
 * no agency sees it), QA and admin all, anyone else none.
 */
function scoped(db: Db, viewer: Viewer) {
  const query = db("actions")
    .leftJoin("returns", "returns.id", "actions.return_id")
    .leftJoin("cycles", "cycles.id", "returns.cycle_id")
    .leftJoin("agencies", "agencies.id", "actions.agency_id")
    .leftJoin("case_audits", "case_audits.id", "actions.case_audit_id")
    .join("users as creator", "creator.id", "actions.created_by")
    .leftJoin("users as agreer", "agreer.id", "actions.agreed_by")
    .select(
      "actions.id",
      "actions.return_id",
      "returns.status as return_status",
      "cycles.title as cycle_title",
      "actions.case_audit_id",
      "case_audits.title as case_audit_title",
      db.raw("coalesce(cycles.tool_id, case_audits.tool_id) as tool_id"),
      "actions.agency_id",
      "agencies.name as agency_name",
      "actions.standard_code",
      "actions.description",
      "actions.owner",
      "actions.due_on",
      "actions.success_measure",
      "actions.status",
      "actions.rag",
      "creator.name as creator_name",
      "actions.created_at",
      "agreer.name as agreer_name",
      "actions.agreed_at",
      "actions.done_at",
      "actions.evidence_note",
    );
  if (isAgencyRole(viewer.role)) query.where("actions.agency_id", viewer.agencyId);
  else if (!canReadActions(viewer)) query.whereRaw("1 = 0");
  return query;
}

/** Tool definitions by id, each fetched once per call (getTool caches the parsed definition). */
async function toolsById(db: Db, toolIds: number[]): Promise<Map<number, ToolDefinition>> {
  const tools = new Map<number, ToolDefinition>();
  for (const id of new Set(toolIds)) {
    const tool = await getTool(db, id);
    if (tool) tools.set(id, tool.definition);
  }
  return tools;
}

function titleOf(tool: ToolDefinition | undefined, code: string): string {
  return tool?.standards.find((standard) => standard.code === code)?.title ?? "";
}

function toSummary(row: ActionRowData, tool: ToolDefinition | undefined, now: string): ActionSummary {
  return {
    id: row.id,
    returnId: row.return_id,
    returnStatus: row.return_status,
    cycleTitle: row.cycle_title ?? row.case_audit_title ?? "",
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    caseAuditId: row.case_audit_id,
    standardCode: row.standard_code,
    standardTitle: titleOf(tool, row.standard_code),
    standardLabel: tool?.kind === "case_audit" ? titleOf(tool, row.standard_code) || row.standard_code : `${row.standard_code} ${titleOf(tool, row.standard_code)}`.trim(),
    description: row.description,
    owner: row.owner,
    dueOn: row.due_on,
    successMeasure: row.success_measure,
    status: row.status,
    rag: row.rag,
    progress: progressOf(row.status, row.rag),
    overdue: isOverdue({ status: row.status, dueOn: row.due_on }, now),
    createdBy: row.creator_name,
    createdAt: row.created_at,
    agreedBy: row.agreer_name,
    agreedAt: row.agreed_at,
    doneAt: row.done_at,
    evidenceNote: row.evidence_note,
  };
}

/**
 * The actions the viewer may see, across every cycle (optionally one return's, or one case audit's
 * partnership actions), by agency then due date, the partnership's last. `now` (an ISO timestamp)
 * decides which are overdue.
 */
export async function listActions(db: Db, viewer: Viewer, options: { returnId?: number; caseAuditId?: number; now?: string } = {}): Promise<ActionSummary[]> {
  const query = scoped(db, viewer)
    .orderByRaw("case when actions.agency_id is null then 1 else 0 end")
    .orderBy([{ column: "agencies.name" }, { column: "actions.due_on" }, { column: "actions.id" }]);
  if (options.returnId !== undefined) query.where("actions.return_id", options.returnId);
  if (options.caseAuditId !== undefined) query.where("actions.case_audit_id", options.caseAuditId);
  const rows = (await query).map((row: unknown) => ActionRow.parse(row));
  const tools = await toolsById(db, rows.map((row) => row.tool_id));
  const now = options.now ?? nowIso();
  return rows.map((row) => toSummary(row, tools.get(row.tool_id), now));
}

async function loadAction(db: Db, viewer: Viewer, id: number): Promise<ActionRowData | null> {
  const row = await scoped(db, viewer).where("actions.id", id).first();
  return row ? ActionRow.parse(row) : null;
}

/** The standard's computed band (current score) and current moderated band on a return. */
async function ratingOf(db: Db, returnId: number, standardCode: string): Promise<{ computed: string | null; moderated: string | null; effective: string | null }> {
  const scored = await db("standard_scores")
    .join("scores", "scores.id", "standard_scores.score_id")
    .where({ "scores.return_id": returnId, "scores.is_current": true, "standard_scores.standard_code": standardCode })
    .select("standard_scores.band")
    .first();
  const moderation = await db("moderations").where({ return_id: returnId, standard_code: standardCode }).whereNull("superseded_at").select("band").first();
  const computed: string | null = scored?.band ?? null;
  const moderated: string | null = moderation?.band ?? null;
  return { computed, moderated, effective: effectiveBand(computed, moderated) };
}

/** One action with its progress history and the standard's ratings now; null (→ 404) if the viewer may not see it. */
export async function getAction(db: Db, viewer: Viewer, id: number, now: string = nowIso()): Promise<ActionDetail | null> {
  const row = await loadAction(db, viewer, id);
  if (!row) return null;
  const tool = (await getTool(db, row.tool_id))?.definition;
  const updates = await db("action_updates").join("users", "users.id", "action_updates.user_id").where("action_updates.action_id", id).orderBy("action_updates.id", "desc").select("action_updates.*", "users.name as user_name");
  return {
    ...toSummary(row, tool, now),
    updates: updates.map((update: Record<string, unknown>) => ({
      id: update.id as number,
      by: update.user_name as string,
      at: update.at as string,
      status: update.status as ActionStatus,
      rag: (update.rag as ActionRag | null) ?? null,
      note: (update.note as string | null) ?? null,
    })),
    bands: tool?.bands ?? [],
    rating: row.return_id === null ? { computed: null, moderated: null, effective: null } : await ratingOf(db, row.return_id, row.standard_code),
  };
}

/**
 * A return's action plan as the viewer may see it: the standards that suggest an action (effective
 * rating below the top band) and whether the viewer may write one. Null (→ 404) when the viewer may
 * not see the return; no suggestions until the return has been submitted and scored.
 */
export async function getActionPlan(db: Db, viewer: Viewer, returnId: number): Promise<ActionPlan | null> {
  if (!canReadActions(viewer)) return null;
  const ret = await db("returns").join("cycles", "cycles.id", "returns.cycle_id").join("agencies", "agencies.id", "returns.agency_id").where("returns.id", returnId).select("returns.id", "returns.agency_id", "returns.status", "cycles.title as cycle_title", "cycles.tool_id", "agencies.name as agency_name").first();
  if (!ret) return null;
  const status = ret.status as ReturnStatus;
  const submitted = (SUBMITTED_STATUSES as readonly string[]).includes(status);
  // The agency sees its own return at any stage; QA and the business office once it is submitted.
  if (isAgencyRole(viewer.role) ? viewer.agencyId !== ret.agency_id : !submitted) return null;
  const tool = (await getTool(db, ret.tool_id))!.definition;
  const suggestions = submitted ? await suggestionsFor(db, returnId, tool) : [];
  const counts = await db("actions").where({ return_id: returnId }).groupBy("standard_code").select("standard_code").count({ n: "*" });
  const countOf = new Map(counts.map((row: Record<string, unknown>) => [row.standard_code as string, Number(row.n)]));
  return {
    returnId,
    agencyId: ret.agency_id,
    agencyName: ret.agency_name,
    cycleTitle: ret.cycle_title,
    returnStatus: status,
    bands: tool.bands,
    suggestions: suggestions.map((suggestion) => ({ ...suggestion, actions: countOf.get(suggestion.code) ?? 0 })),
    canWrite: canWriteAction(viewer, ret.agency_id, status),
    actions: await listActions(db, viewer, { returnId }),
  };
}

async function suggestionsFor(db: Db, returnId: number, tool: ToolDefinition): Promise<SuggestedStandard[]> {
  const score = await db("scores").where({ return_id: returnId, is_current: true }).orderBy("id", "desc").first("id");
  const computed = new Map<string, string | null>();
  if (score) for (const row of await db("standard_scores").where({ score_id: score.id }).select("standard_code", "band")) computed.set(row.standard_code, row.band ?? null);
  const moderated = (await currentModerations(db, [returnId])).get(returnId) ?? {};
  return suggestedStandards(
    tool.bands,
    tool.standards.map((standard) => ({ code: standard.code, title: standard.title, computedBand: computed.get(standard.code) ?? null, moderatedBand: moderated[standard.code] ?? null })),
  );
}

export interface ActionInput {
  standardCode: string;
  description: string;
  owner: string;
  dueOn: string;
  successMeasure: string;
}

/**
 * The agency lead writes an action for a suggested standard of its submitted return. The due date
 * must be today (UK date at `now`) or later. Open and on track to begin with; not yet agreed.
 */
export async function createAction(db: Db, viewer: Viewer, returnId: number, input: ActionInput, now: string = nowIso()): Promise<ActionChange> {
  return db.transaction(async (trx) => {
    const ret = await trx("returns").join("cycles", "cycles.id", "returns.cycle_id").where("returns.id", returnId).select("returns.id", "returns.agency_id", "returns.status", "cycles.tool_id").first();
    if (!ret || !isAgencyRole(viewer.role) || viewer.agencyId !== ret.agency_id) return { ok: false as const, status: 404 as const, message: "Return not found" };
    if (!canWriteAction(viewer, ret.agency_id, ret.status)) {
      return { ok: false as const, status: 409 as const, message: viewer.role === "agency_lead" ? "Actions can be written once the return has been submitted" : "Only your agency lead can write actions" };
    }
    const tool = (await getTool(trx, ret.tool_id))!.definition;
    const errors: Record<string, string> = {};
    if (!(await suggestionsFor(trx, returnId, tool)).some((standard) => standard.code === input.standardCode)) errors.standardCode = "Select a standard rated below the top band";
    if (!isDueDateAcceptable(input.dueOn, ukDateOf(now))) errors.dueOn = "The due date must be today or in the future";
    if (Object.keys(errors).length > 0) return { ok: false as const, status: 422 as const, errors };
    const [row] = await trx("actions")
      .insert({
        return_id: returnId,
        agency_id: ret.agency_id,
        standard_code: input.standardCode,
        description: input.description,
        owner: input.owner,
        due_on: input.dueOn,
        success_measure: input.successMeasure,
        status: "open",
        rag: "on_track",
        created_by: viewer.id,
        created_at: now,
      })
      .returning("id");
    const id: number = typeof row === "object" ? row.id : row;
    await recordAudit(trx, { userId: viewer.id, action: "action.create", entityType: "action", entityId: id, summary: { returnId, standard: input.standardCode, owner: input.owner, dueOn: input.dueOn } });
    return { ok: true as const, id };
  });
}

/** The QA subgroup agrees an action (once): who and when are recorded. */
export async function agreeAction(db: Db, viewer: Viewer, id: number): Promise<ActionChange> {
  return db.transaction(async (trx) => {
    const action = await loadAction(trx, viewer, id);
    if (!action) return NOT_FOUND;
    if (!canAgreeAction(viewer, { agreedAt: action.agreed_at })) {
      return { ok: false as const, status: 409 as const, message: viewer.role === "qa" ? "This action has already been agreed" : "Only the QA subgroup agrees actions" };
    }
    const now = nowIso();
    await trx("actions").where({ id }).update({ agreed_by: viewer.id, agreed_at: now });
    await recordAudit(trx, { userId: viewer.id, action: "action.agree", entityType: "action", entityId: id, summary: { returnId: action.return_id, standard: action.standard_code } });
    return { ok: true as const, id };
  });
}

/**
 * The agency reports progress: a new status (forward only), the RAG and a dated note; marking the
 * action done needs the evidence note. The update joins the action's history; nothing is overwritten
 * there.
 */
export async function updateActionProgress(db: Db, viewer: Viewer, id: number, update: ProgressUpdate): Promise<ActionChange> {
  return db.transaction(async (trx) => {
    const action = await loadAction(trx, viewer, id);
    if (!action) return NOT_FOUND;
    if (!canUpdateAction(viewer, { agencyId: action.agency_id, status: action.status })) {
      const message =
        action.status === "done" ? "This action is done and can no longer be updated" : action.agency_id === null ? "Only the QA subgroup updates the partnership's actions" : "Only the agency can update its actions";
      return { ok: false as const, status: 409 as const, message };
    }
    const errors = progressUpdateProblems(action.status, update);
    if (Object.keys(errors).length > 0) return { ok: false as const, status: 422 as const, errors };
    const now = nowIso();
    const done = update.status === "done";
    const rag = done ? action.rag : (update.rag ?? action.rag);
    const note = update.note.trim() || null;
    await trx("actions")
      .where({ id })
      .update({ status: update.status, rag, ...(done ? { done_at: now, evidence_note: update.evidenceNote.trim() } : {}) });
    await trx("action_updates").insert({ action_id: id, user_id: viewer.id, at: now, status: update.status, rag: done ? null : rag, note });
    await recordAudit(trx, {
      userId: viewer.id,
      action: "action.update",
      entityType: "action",
      entityId: id,
      summary: { returnId: action.return_id, ...(action.case_audit_id === null ? {} : { caseAuditId: action.case_audit_id }), before: { status: action.status, rag: action.rag }, after: { status: update.status, rag }, ...(done ? { evidence: true } : {}) },
    });
    return { ok: true as const, id };
  });
}

/**
 * QA re-rates the action's standard once the action is done, on a validated return (whose ratings
 * are otherwise locked; a submitted return is moderated on its review page). A new moderated rating
 * supersedes the current one, as every moderation does, with the rationale marked "After action: ";
 * the audit log records it as a moderation of the return, naming the action.
 */
export async function rerateAfterAction(db: Db, viewer: Viewer, id: number, input: { band: string; rationale: string }): Promise<ActionChange> {
  return db.transaction(async (trx) => {
    const action = await loadAction(trx, viewer, id);
    if (!action) return NOT_FOUND;
    if (action.return_id === null || action.return_status === null || !canRerateAfterAction(viewer, action.status, action.return_status)) {
      return { ok: false as const, status: 409 as const, message: "A standard can be re-rated here once its action is done and the return is validated" };
    }
    const tool = (await getTool(trx, action.tool_id))!.definition;
    const errors: Record<string, string> = {};
    if (!tool.bands.some((band) => band.code === input.band)) errors.band = "Select the new moderated rating";
    if (input.rationale.trim() === "") errors.rationale = "Enter the reason for the new rating";
    if (Object.keys(errors).length > 0) return { ok: false as const, status: 422 as const, errors };
    const now = nowIso();
    const rationale = afterActionRationale(input.rationale);
    const returnId = action.return_id;
    const current = { return_id: returnId, standard_code: action.standard_code };
    const before = await trx("moderations").where(current).whereNull("superseded_at").first();
    await trx("moderations").where(current).whereNull("superseded_at").update({ superseded_at: now });
    await trx("moderations").insert({ ...current, band: input.band, rationale, created_by: viewer.id, created_at: now });
    await recordAudit(trx, {
      userId: viewer.id,
      action: "return.moderate",
      entityType: "return",
      entityId: returnId,
      summary: { standard: action.standard_code, before: before ? { band: before.band } : null, after: { band: input.band, rationale }, afterAction: id },
    });
    return { ok: true as const, id };
  });
}
