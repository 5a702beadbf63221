import { createHash, randomBytes } from "node:crypto";
import { hashPassword } from "~/data/password-hash.server";
import { canManageAgencyPeople, isAgencyRole, type Viewer } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";
import { DuplicateEmailError, NO_PASSWORD_YET } from "./users.server";

/**
 * Contributors (DESIGN §7): an agency lead invites colleagues as agency contributors.
 * Each invitation is a one-time link to choose a password, valid for seven days; only the SHA-256
 * of its token is stored (as with sessions), so the database never holds a usable link. An invited
 * account has no password until then, so it cannot sign in. Removing someone's access keeps the
 * account (the audit log and the answers they saved still name them) but ends their sessions and
 * stops them signing in.
 */

export const INVITATION_DAYS = 7;

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface AgencyPerson {
  id: number;
  name: string;
  email: string;
  role: "agency_lead" | "agency_member";
  /** invited: has not chosen a password yet; expired: the link ran out before they did. */
  state: "active" | "invited" | "expired" | "removed";
  invitationExpiresAt: string | null;
}

/** Everyone in the lead's agency, with whether they have taken up their invitation. Null for anyone but the agency's lead. */
export async function listAgencyPeople(db: Db, viewer: Viewer, now = nowIso()): Promise<AgencyPerson[] | null> {
  if (viewer.agencyId === null || !canManageAgencyPeople(viewer, viewer.agencyId)) return null;
  const rows = await db("users").where({ agency_id: viewer.agencyId }).orderBy("name").select("id", "name", "email", "role", "password_hash", "disabled_at");
  const pending = await db("invitations")
    .whereIn("user_id", rows.map((row) => row.id))
    .whereNull("used_at")
    .orderBy("expires_at", "desc")
    .select("user_id", "expires_at");
  const latest = new Map<number, string>();
  for (const row of pending) if (!latest.has(row.user_id)) latest.set(row.user_id, row.expires_at);
  return rows.map((row) => {
    const expiresAt = row.password_hash === NO_PASSWORD_YET ? (latest.get(row.id) ?? null) : null;
    const state = row.disabled_at ? "removed" : row.password_hash !== NO_PASSWORD_YET ? "active" : expiresAt && expiresAt > now ? "invited" : "expired";
    return { id: row.id, name: row.name, email: row.email, role: row.role, state, invitationExpiresAt: expiresAt };
  });
}

export type InviteResult = { ok: true; userId: number; token: string; expiresAt: string } | { ok: false; status: 403 | 409; message: string };

async function issueInvitation(db: Db, actorId: number, userId: number, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  await db("invitations").insert({ user_id: userId, token_hash: digest(token), created_by: actorId, created_at: now.toISOString(), expires_at: expiresAt });
  return { token, expiresAt };
}

/**
 * The lead invites a colleague: a contributor account in the lead's agency with no password yet,
 * and a one-time link (the token is returned once, for the lead to pass on). One transaction.
 */
export async function inviteMember(db: Db, viewer: Viewer, input: { name: string; email: string }, now = new Date()): Promise<InviteResult> {
  if (viewer.agencyId === null || !canManageAgencyPeople(viewer, viewer.agencyId)) return { ok: false, status: 403, message: "Only your agency lead can invite people" };
  const email = input.email.trim().toLowerCase();
  const agencyId = viewer.agencyId;
  return db.transaction(async (trx) => {
    if (await trx("users").where({ email }).first()) return { ok: false as const, status: 409 as const, message: new DuplicateEmailError(email).message };
    const at = now.toISOString();
    const [row] = await trx("users")
      .insert({ email, name: input.name.trim(), role: "agency_member", agency_id: agencyId, password_hash: NO_PASSWORD_YET, created_at: at, updated_at: at })
      .returning("id");
    const userId = (typeof row === "object" ? row.id : row) as number;
    const { token, expiresAt } = await issueInvitation(trx, viewer.id, userId, now);
    await recordAudit(trx, { userId: viewer.id, action: "user.invite", entityType: "user", entityId: userId, summary: { after: { email, name: input.name.trim(), role: "agency_member", agencyId }, expiresAt } });
    return { ok: true as const, userId, token, expiresAt };
  });
}

/** A fresh link for someone who has not yet chosen a password (the old links stop working). */
export async function reissueInvitation(db: Db, viewer: Viewer, userId: number, now = new Date()): Promise<InviteResult> {
  return db.transaction(async (trx) => {
    const user = await trx("users").where({ id: userId }).first();
    if (!user || viewer.agencyId === null || user.agency_id !== viewer.agencyId || !canManageAgencyPeople(viewer, viewer.agencyId)) {
      return { ok: false as const, status: 403 as const, message: "You can only invite people in your own agency" };
    }
    if (user.password_hash !== NO_PASSWORD_YET || user.disabled_at) return { ok: false as const, status: 409 as const, message: `${user.name} has already set a password or no longer has access` };
    await trx("invitations").where({ user_id: userId }).whereNull("used_at").update({ used_at: now.toISOString() });
    const { token, expiresAt } = await issueInvitation(trx, viewer.id, userId, now);
    await recordAudit(trx, { userId: viewer.id, action: "user.invite", entityType: "user", entityId: userId, summary: { reissued: true, expiresAt } });
    return { ok: true as const, userId, token, expiresAt };
  });
}

export interface OpenInvitation {
  id: number;
  userId: number;
  name: string;
  email: string;
  agencyName: string;
}

/** The invitation a link names, if it can still be used: not used, not expired, the account not removed. */
export async function getOpenInvitation(db: Db, token: string, now = nowIso()): Promise<OpenInvitation | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db("invitations")
    .join("users", "users.id", "invitations.user_id")
    .join("agencies", "agencies.id", "users.agency_id")
    .where("invitations.token_hash", digest(token))
    .whereNull("invitations.used_at")
    .where("invitations.expires_at", ">", now)
    .whereNull("users.disabled_at")
    .select("invitations.id", "invitations.user_id", "users.name", "users.email", "agencies.name as agency_name")
    .first();
  return row ? { id: row.id, userId: row.user_id, name: row.name, email: row.email, agencyName: row.agency_name } : null;
}

/** The invitee chooses a password: the link is used up and the account can sign in. */
export async function acceptInvitation(db: Db, token: string, password: string, now = nowIso()): Promise<{ ok: true; userId: number } | { ok: false }> {
  const hash = await hashPassword(password);
  return db.transaction(async (trx) => {
    const invitation = await getOpenInvitation(trx, token, now);
    if (!invitation) return { ok: false as const };
    await trx("invitations").where({ user_id: invitation.userId }).whereNull("used_at").update({ used_at: now });
    await trx("users").where({ id: invitation.userId }).update({ password_hash: hash, updated_at: now });
    await recordAudit(trx, { userId: invitation.userId, action: "user.accept_invitation", entityType: "user", entityId: invitation.userId, summary: { invitationId: invitation.id } });
    return { ok: true as const, userId: invitation.userId };
  });
}

/** The lead removes a contributor's access: sessions end at once, sign-in is refused, open links stop working. */
export async function removeMemberAccess(db: Db, viewer: Viewer, userId: number): Promise<{ ok: true; name: string } | { ok: false; status: 403 | 404 | 409; message: string }> {
  return db.transaction(async (trx) => {
    const user = await trx("users").where({ id: userId }).first();
    if (!user || viewer.agencyId === null || user.agency_id !== viewer.agencyId || !isAgencyRole(user.role)) return { ok: false as const, status: 404 as const, message: "Person not found" };
    if (!canManageAgencyPeople(viewer, viewer.agencyId)) return { ok: false as const, status: 403 as const, message: "Only your agency lead can remove people" };
    if (user.role !== "agency_member") return { ok: false as const, status: 409 as const, message: "An agency lead's access is changed by the partnership business office" };
    if (user.disabled_at) return { ok: false as const, status: 409 as const, message: `${user.name} no longer has access` };
    const now = nowIso();
    await trx("users").where({ id: userId }).update({ disabled_at: now, updated_at: now });
    await trx("sessions").where({ user_id: userId }).delete();
    await trx("invitations").where({ user_id: userId }).whereNull("used_at").update({ used_at: now });
    await recordAudit(trx, { userId: viewer.id, action: "user.remove_access", entityType: "user", entityId: userId, summary: { before: { email: user.email, name: user.name, role: user.role } } });
    return { ok: true as const, name: user.name as string };
  });
}
