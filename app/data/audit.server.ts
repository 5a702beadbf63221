import { visibleHistory, type Viewer } from "~/domain/permissions";
import type { Db } from "./db.server";
import { nowIso } from "./db.server";

/**
 * The append-only audit log (DESIGN §7): who did what, when, with a before/after summary.
 * Written inside the same transaction as the change it records; nothing updates or deletes it.
 */
export interface AuditEntry {
  userId: number | null;
  action: string;
  entityType: string;
  entityId: number | string | null;
  summary?: Record<string, unknown>;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db("audit_log").insert({
    at: nowIso(),
    user_id: entry.userId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId === null ? null : String(entry.entityId),
    summary: JSON.stringify(entry.summary ?? {}),
  });
}

export interface AuditRecord {
  id: number;
  at: string;
  userId: number | null;
  userName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: Record<string, unknown>;
}

function toAuditRecord(row: Record<string, unknown>): AuditRecord {
  return {
    id: row.id as number,
    at: row.at as string,
    userId: (row.user_id as number | null) ?? null,
    userName: (row.user_name as string | null) ?? null,
    action: row.action as string,
    entityType: row.entity_type as string,
    entityId: (row.entity_id as string | null) ?? null,
    summary: JSON.parse((row.summary as string) || "{}"),
  };
}

export async function listAudit(db: Db, filter: { entityType?: string; entityId?: string; limit?: number } = {}): Promise<AuditRecord[]> {
  const query = db("audit_log").leftJoin("users", "users.id", "audit_log.user_id").select("audit_log.*", "users.name as user_name").orderBy("audit_log.id", "desc").limit(filter.limit ?? 200);
  if (filter.entityType) query.where("audit_log.entity_type", filter.entityType);
  if (filter.entityId) query.where("audit_log.entity_id", filter.entityId);
  const rows = await query;
  return rows.map(toAuditRecord);
}

/**
 * What happened to one return: its own entries and those of its challenges, newest first, as far as the
 * viewer may read them (drafts stay private to their agency: `visibleHistory`).
 */
export async function listReturnHistory(db: Db, viewer: Viewer, returnId: number): Promise<AuditRecord[]> {
  const ret = await db("returns").where({ id: returnId }).first("agency_id");
  if (!ret) return [];
  const challengeIds = (await db("challenges").where({ return_id: returnId }).select("id")).map((row: { id: number }) => String(row.id));
  const rows = await db("audit_log")
    .leftJoin("users", "users.id", "audit_log.user_id")
    .where((query) => {
      query.where({ "audit_log.entity_type": "return", "audit_log.entity_id": String(returnId) });
      if (challengeIds.length > 0) query.orWhere((inner) => inner.where("audit_log.entity_type", "challenge").whereIn("audit_log.entity_id", challengeIds));
    })
    .select("audit_log.*", "users.name as user_name")
    .orderBy("audit_log.id", "desc");
  return visibleHistory(viewer, ret.agency_id as number, rows.map(toAuditRecord));
}
