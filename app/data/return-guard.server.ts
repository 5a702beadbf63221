/**
 * The lock-and-scope guard every change an agency makes to its return goes through, so the row lock and
 * the "someone else's return is not found" rule are written once.
 */
import { canEditReturn, isAgencyRole, type Viewer } from "~/domain/permissions";
import { isPostgres, type Db } from "./db.server";

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

export type Refusal = { ok: false; status: 404 | 409; message: string };

/**
 * The one guard of every change an agency makes to its return (save, upload, carry forward, submit): the
 * row locked as `lockedReturn` does, and only if it is the viewer's own agency's; anyone else's return is
 * "not found", exactly as reading it is.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a knex row, read column by column as the other data functions do
export async function ownLockedReturn(trx: Db, viewer: Viewer, id: number): Promise<any | null> {
  const row = await lockedReturn(trx, id);
  return row && isAgencyRole(viewer.role) && row.agency_id === viewer.agencyId ? row : null;
}

export const NOT_FOUND = { ok: false as const, status: 404 as const, message: "Return not found" };

/**
 * The return's row, read inside the caller's transaction, if the viewer's agency may still change its
 * answers: an open cycle (or a return sent back after closing), not yet submitted.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a knex row, read column by column as the other data functions do
export async function editableRow(trx: Db, viewer: Viewer, id: number): Promise<{ row: any } | { refused: Refusal }> {
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
