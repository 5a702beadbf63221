import { effectiveDueOn, extensionProblems } from "~/domain/due-date";
import { canManagePartnership, canReadPartnership, type ReturnStatus, type Viewer } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";

/**
 * Extending one agency's due date: the business office agrees a new date with a reason.
 * The return keeps the latest extension (`due_on_override`); the audit log keeps every one, with the
 * date before and after. Reminders, lateness and the completion report count from the new date.
 * Only the business office sees or changes this, and no answers are read.
 */

export interface ReturnDueDate {
  returnId: number;
  cycleId: number;
  cycleTitle: string;
  cycleStatus: "draft" | "open" | "closed";
  agencyName: string;
  status: ReturnStatus;
  opensOn: string;
  cycleDueOn: string;
  finalDeadlineOn: string | null;
  /** The due date in force: the extension, else the cycle's. */
  dueOn: string;
  extension: { dueOn: string; reason: string; at: string | null; by: string | null } | null;
}

/** The return's dates, for the business office and the QA subgroup (who run the cycle); null (→ 404) for anyone else. */
export async function getReturnDueDate(db: Db, viewer: Viewer, returnId: number): Promise<ReturnDueDate | null> {
  if (!canReadPartnership(viewer)) return null;
  const row = await db("returns")
    .join("cycles", "cycles.id", "returns.cycle_id")
    .join("agencies", "agencies.id", "returns.agency_id")
    .leftJoin("users", "users.id", "returns.due_extended_by")
    .where("returns.id", returnId)
    .select(
      "returns.id",
      "returns.status",
      "returns.due_on_override",
      "returns.due_on_override_reason",
      "returns.due_extended_at",
      "users.name as extended_by",
      "cycles.id as cycle_id",
      "cycles.title",
      "cycles.status as cycle_status",
      "cycles.opens_on",
      "cycles.due_on",
      "cycles.final_deadline_on",
      "agencies.name as agency_name",
    )
    .first();
  if (!row) return null;
  return {
    returnId: row.id,
    cycleId: row.cycle_id,
    cycleTitle: row.title,
    cycleStatus: row.cycle_status,
    agencyName: row.agency_name,
    status: row.status,
    opensOn: row.opens_on,
    cycleDueOn: row.due_on,
    finalDeadlineOn: row.final_deadline_on ?? null,
    dueOn: effectiveDueOn(row.due_on, row.due_on_override),
    extension: row.due_on_override ? { dueOn: row.due_on_override, reason: row.due_on_override_reason ?? "", at: row.due_extended_at ?? null, by: row.extended_by ?? null } : null,
  };
}

export type ExtendResult = { ok: true } | { ok: false; status: 404 | 409; message: string } | { ok: false; status: 422; errors: Record<string, string> };

/** Sets a new due date for one agency's return, with a reason, while its cycle is open. */
export async function extendDueDate(db: Db, viewer: Viewer, returnId: number, input: { dueOn: string; reason: string }): Promise<ExtendResult> {
  return db.transaction(async (trx) => {
    const current = canManagePartnership(viewer) ? await getReturnDueDate(trx, viewer, returnId) : null;
    if (!current) return { ok: false as const, status: 404 as const, message: "Return not found" };
    if (current.cycleStatus !== "open") return { ok: false as const, status: 409 as const, message: "Due dates can only be changed while the cycle is open" };
    const errors = extensionProblems({ newDueOn: input.dueOn, reason: input.reason, opensOn: current.opensOn, finalDeadlineOn: current.finalDeadlineOn });
    if (Object.keys(errors).length > 0) return { ok: false as const, status: 422 as const, errors };
    const reason = input.reason.trim();
    const now = nowIso();
    // Back to the cycle's own date clears the extension rather than recording a copy of it.
    const override = input.dueOn === current.cycleDueOn ? null : input.dueOn;
    await trx("returns")
      .where({ id: returnId })
      .update({ due_on_override: override, due_on_override_reason: override ? reason : null, due_extended_by: viewer.id, due_extended_at: now });
    await recordAudit(trx, {
      userId: viewer.id,
      action: "return.extend_due_date",
      entityType: "return",
      entityId: returnId,
      summary: { before: { dueOn: current.dueOn }, after: { dueOn: input.dueOn }, cycleDueOn: current.cycleDueOn, reason },
    });
    return { ok: true as const };
  });
}
