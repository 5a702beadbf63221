import { z } from "zod";
import { ROLES, ROLE_LABELS, isAgencyRole, type Role, type Viewer } from "~/domain/permissions";
import { containsPattern } from "~/domain/agency";
import { pageWindow, type PageWindow } from "~/domain/cycle-dashboard";
import type { UserListQuery, UserStatus } from "~/domain/user";
import { hashPassword } from "~/data/password-hash.server";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";
import { notifyAccountChange } from "./notifications.server";

export interface UserRecord extends Viewer {
  agencyName: string | null;
  createdAt: string;
  status: UserStatus;
  lastSignInAt: string | null;
}

/** Not a scrypt hash, so no password ever matches it: an invited account that has not chosen one yet. */
export const NO_PASSWORD_YET = "invited";

const UserRow = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  agency_id: z.number().nullable(),
  agency_name: z.string().nullable().optional(),
  created_at: z.string(),
  disabled_at: z.string().nullable().optional(),
  last_sign_in_at: z.string().nullable().optional(),
  invited: z.union([z.number(), z.boolean(), z.string()]).optional(),
});

function toUser(row: unknown): UserRecord {
  const parsed = UserRow.parse(row);
  return {
    id: parsed.id,
    email: parsed.email,
    name: parsed.name,
    role: parsed.role,
    agencyId: parsed.agency_id,
    agencyName: parsed.agency_name ?? null,
    createdAt: parsed.created_at,
    status: parsed.disabled_at ? "deactivated" : Number(parsed.invited) === 1 || parsed.invited === true ? "invited" : "active",
    lastSignInAt: parsed.last_sign_in_at ?? null,
  };
}

function usersQuery(db: Db) {
  return db("users")
    .leftJoin("agencies", "agencies.id", "users.agency_id")
    .select(
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.agency_id",
      "users.created_at",
      "users.disabled_at",
      "users.last_sign_in_at",
      db.raw("case when users.password_hash = ? then 1 else 0 end as invited", [NO_PASSWORD_YET]),
      "agencies.name as agency_name",
    );
}

/** Everyone the viewer may see: all for admin and QA, their own agency's for agency roles, themselves for the board. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any knex builder over users (a list, a count, one row)
function scopeUsers<Q extends { where: (...args: any[]) => Q }>(query: Q, viewer: Viewer): Q {
  if (isAgencyRole(viewer.role)) return query.where("users.agency_id", viewer.agencyId);
  if (viewer.role === "board") return query.where("users.id", viewer.id);
  return query;
}

export const USERS_PAGE_SIZE = 50;

/**
 * One page of the users list, filtered by part of the name or email, role, agency and status, in name
 * order; filtering and paging happen in SQL.
 */
export async function listUsersPage(db: Db, viewer: Viewer, query: UserListQuery): Promise<{ users: UserRecord[]; total: number; window: PageWindow }> {
  const filtered = () => {
    const builder = scopeUsers(usersQuery(db), viewer);
    if (query.search) {
      const pattern = containsPattern(query.search);
      builder.where((inner) => inner.whereRaw("lower(users.name) like ? escape ?", [pattern, "\\"]).orWhereRaw("lower(users.email) like ? escape ?", [pattern, "\\"]));
    }
    if (query.role) builder.where("users.role", query.role);
    if (query.agencyId !== null) builder.where("users.agency_id", query.agencyId);
    if (query.status === "deactivated") builder.whereNotNull("users.disabled_at");
    if (query.status === "invited") builder.whereNull("users.disabled_at").where("users.password_hash", NO_PASSWORD_YET);
    if (query.status === "active") builder.whereNull("users.disabled_at").whereNot("users.password_hash", NO_PASSWORD_YET);
    return builder;
  };
  const counted = await filtered().clearSelect().count({ n: "*" }).first();
  const total = Number(counted?.n ?? 0);
  const window = pageWindow(query.page, total, USERS_PAGE_SIZE);
  const rows = await filtered().orderBy("users.name").orderBy("users.id").limit(USERS_PAGE_SIZE).offset(window.offset);
  return { users: rows.map(toUser), total, window };
}

/** One person, if the viewer may see them (the same scope as the list). */
export async function getUser(db: Db, viewer: Viewer, id: number): Promise<UserRecord | null> {
  const row = await scopeUsers(usersQuery(db), viewer).where("users.id", id).first();
  return row ? toUser(row) : null;
}

/** Users the viewer may see: everyone for admin and QA, their own agency's people for agency roles. */
export async function listUsers(db: Db, viewer: Viewer, filter: { agencyId?: number } = {}): Promise<UserRecord[]> {
  const query = scopeUsers(usersQuery(db), viewer).orderBy("users.name");
  if (filter.agencyId !== undefined) query.where("users.agency_id", filter.agencyId);
  return (await query).map(toUser);
}

export async function getUserById(db: Db, id: number): Promise<UserRecord | null> {
  const row = await usersQuery(db).where("users.id", id).first();
  return row ? toUser(row) : null;
}

export async function getLoginRecord(db: Db, email: string): Promise<{ user: UserRecord; passwordHash: string } | null> {
  // Someone whose access was removed cannot sign in: to the sign-in form they are unknown.
  const row = await usersQuery(db).select("users.password_hash").where("users.email", email.trim().toLowerCase()).whereNull("users.disabled_at").first();
  return row ? { user: toUser(row), passwordHash: row.password_hash as string } : null;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  agencyId: number | null;
  password: string;
}

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`A user with the email address ${email} already exists`);
  }
}

/** Creates a user; agency roles belong to an agency, partnership roles to none (enforced here too). */
export async function createUser(db: Db, actorId: number | null, input: NewUser): Promise<UserRecord> {
  const email = input.email.trim().toLowerCase();
  if (isAgencyRole(input.role) !== (input.agencyId !== null)) {
    throw new Error(isAgencyRole(input.role) ? "Agency roles need an agency" : "Partnership roles cannot belong to an agency");
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (trx) => {
    if (await trx("users").where({ email }).first()) throw new DuplicateEmailError(email);
    const now = nowIso();
    const [row] = await trx("users")
      .insert({ email, name: input.name.trim(), role: input.role, agency_id: input.agencyId, password_hash: passwordHash, created_at: now, updated_at: now })
      .returning("id");
    const id = typeof row === "object" ? row.id : row;
    await recordAudit(trx, { userId: actorId, action: "user.create", entityType: "user", entityId: id, summary: { after: { email, name: input.name, role: input.role, agencyId: input.agencyId } } });
    return (await getUserById(trx, id))!;
  });
}

export type PeopleResult<T = object> = ({ ok: true } & T) | { ok: false; status: 400 | 404 | 409; message: string; field?: string };

/**
 * Open returns an agency has: in an open cycle and not yet validated. While it has any, someone must be
 * able to sign the returns off and answer the QA subgroup, so the agency keeps an active lead.
 */
async function hasOpenReturns(db: Db, agencyId: number): Promise<boolean> {
  const row = await db("returns").join("cycles", "cycles.id", "returns.cycle_id").where({ "returns.agency_id": agencyId, "cycles.status": "open" }).whereNot("returns.status", "validated").first("returns.id");
  return Boolean(row);
}

/**
 * Refuses a change that would leave `agencyId` without an active lead while it has open returns. `leaving`
 * are the people who stop being its active lead by the change.
 */
async function keepsALead(db: Db, agencyId: number, leaving: number[]): Promise<string | null> {
  const leads = (await db("users").where({ agency_id: agencyId, role: "agency_lead" }).whereNull("disabled_at").select("id")).map((row: { id: number }) => row.id);
  if (leads.some((id) => !leaving.includes(id)) || !(await hasOpenReturns(db, agencyId))) return null;
  const agency = await db("agencies").where({ id: agencyId }).first("name");
  return `${agency?.name ?? "The agency"} has open returns and this would leave it without an active agency lead: make another person its lead first (Replace the lead, on the agency's page)`;
}

export interface UserEdit {
  name: string;
  email: string;
  role: Role;
  agencyId: number | null;
}

/**
 * The business office changes a person's details with the same rules as creating them. A change of role
 * or agency ends the person's sessions at once (what they may see has changed under them) and tells them
 * by email; an agency keeps an active lead while it has open returns.
 */
export async function updateUser(db: Db, actor: Viewer, id: number, input: UserEdit): Promise<PeopleResult<{ user: UserRecord }>> {
  if (actor.role !== "admin") return { ok: false, status: 404, message: "Person not found" };
  const email = input.email.trim().toLowerCase();
  if (isAgencyRole(input.role) !== (input.agencyId !== null)) return { ok: false, status: 400, field: "agencyId", message: isAgencyRole(input.role) ? "Select the agency this person works for" : "Partnership roles do not belong to an agency: choose “No agency”" };
  return db.transaction(async (trx) => {
    const before = await trx("users").where({ id }).first();
    if (!before) return { ok: false as const, status: 404 as const, message: "Person not found" };
    if (input.agencyId !== null && !(await trx("agencies").where({ id: input.agencyId }).first("id"))) return { ok: false as const, status: 400 as const, field: "agencyId", message: "Select the agency this person works for" };
    if (await trx("users").where({ email }).whereNot({ id }).first("id")) return { ok: false as const, status: 400 as const, field: "email", message: new DuplicateEmailError(email).message };
    const roleChanged = before.role !== input.role || (before.agency_id ?? null) !== input.agencyId;
    if (roleChanged && id === actor.id) return { ok: false as const, status: 409 as const, field: "role", message: "You cannot change your own role or agency: ask another administrator" };
    if (roleChanged && before.role === "agency_lead" && !before.disabled_at) {
      const problem = await keepsALead(trx, before.agency_id, [id]);
      if (problem) return { ok: false as const, status: 409 as const, field: "role", message: problem };
    }
    const now = nowIso();
    await trx("users").where({ id }).update({ name: input.name.trim(), email, role: input.role, agency_id: input.agencyId, updated_at: now });
    if (roleChanged) {
      await trx("sessions").where({ user_id: id }).delete();
      const agency = input.agencyId === null ? null : await trx("agencies").where({ id: input.agencyId }).first("name");
      if (!before.disabled_at) await notifyAccountChange(trx, { id, email }, { kind: "role_changed", roleLabel: ROLE_LABELS[input.role].toLowerCase(), agencyName: agency?.name ?? null }, now);
    }
    await recordAudit(trx, {
      userId: actor.id,
      action: "user.update",
      entityType: "user",
      entityId: id,
      summary: { before: { name: before.name, email: before.email, role: before.role, agencyId: before.agency_id ?? null }, after: { name: input.name.trim(), email, role: input.role, agencyId: input.agencyId }, sessionsEnded: roleChanged },
    });
    return { ok: true as const, user: (await getUserById(trx, id))! };
  });
}

/** The live API tokens a person created: shown before deactivating them, so the business office decides their fate. */
export async function listLiveTokensCreatedBy(db: Db, userId: number): Promise<{ id: number; name: string }[]> {
  return db("api_tokens").where({ created_by: userId }).whereNull("revoked_at").orderBy("id").select("id", "name");
}

/**
 * Deactivates a person: their sessions end at once, sign-in is refused (as an unknown address is), their
 * open invitation and reset links stop working. The API tokens they created are revoked with them unless
 * the business office confirms they should keep working (docs/decisions/017-people-and-passwords.md).
 */
export async function deactivateUser(db: Db, actor: Viewer, id: number, options: { keepTokens: boolean }): Promise<PeopleResult<{ name: string; tokensRevoked: number }>> {
  if (actor.role !== "admin") return { ok: false, status: 404, message: "Person not found" };
  if (id === actor.id) return { ok: false, status: 409, message: "You cannot deactivate your own account: ask another administrator" };
  return db.transaction(async (trx) => {
    const user = await trx("users").where({ id }).first();
    if (!user) return { ok: false as const, status: 404 as const, message: "Person not found" };
    if (user.disabled_at) return { ok: false as const, status: 409 as const, message: `${user.name} is already deactivated` };
    if (user.role === "agency_lead") {
      const problem = await keepsALead(trx, user.agency_id, [id]);
      if (problem) return { ok: false as const, status: 409 as const, message: problem };
    }
    const now = nowIso();
    await trx("users").where({ id }).update({ disabled_at: now, updated_at: now });
    await trx("sessions").where({ user_id: id }).delete();
    await trx("invitations").where({ user_id: id }).whereNull("used_at").update({ used_at: now });
    await trx("password_resets").where({ user_id: id }).whereNull("used_at").update({ used_at: now });
    const tokens = await listLiveTokensCreatedBy(trx, id);
    if (!options.keepTokens && tokens.length > 0) await trx("api_tokens").whereIn("id", tokens.map((token) => token.id)).update({ revoked_at: now, revoked_by: actor.id });
    await recordAudit(trx, {
      userId: actor.id,
      action: "user.deactivate",
      entityType: "user",
      entityId: id,
      summary: { before: { email: user.email, name: user.name, role: user.role }, apiTokens: tokens.map((token) => token.name), apiTokensKept: options.keepTokens && tokens.length > 0 },
    });
    return { ok: true as const, name: user.name as string, tokensRevoked: options.keepTokens ? 0 : tokens.length };
  });
}

/** Lets a deactivated person sign in again with their old password (or a reset link the business office sends). */
export async function reactivateUser(db: Db, actor: Viewer, id: number): Promise<PeopleResult<{ name: string }>> {
  if (actor.role !== "admin") return { ok: false, status: 404, message: "Person not found" };
  return db.transaction(async (trx) => {
    const user = await trx("users").where({ id }).first();
    if (!user) return { ok: false as const, status: 404 as const, message: "Person not found" };
    if (!user.disabled_at) return { ok: false as const, status: 409 as const, message: `${user.name} is already active` };
    await trx("users").where({ id }).update({ disabled_at: null, updated_at: nowIso() });
    await recordAudit(trx, { userId: actor.id, action: "user.reactivate", entityType: "user", entityId: id, summary: { after: { email: user.email, name: user.name, role: user.role } } });
    return { ok: true as const, name: user.name as string };
  });
}

export interface ReplaceLead {
  agencyId: number;
  /** An active contributor of the agency, who becomes its lead. */
  newLeadId: number;
  /** The departing lead, and what becomes of them. */
  oldLeadId: number;
  outcome: "contributor" | "deactivate";
}

/**
 * Replaces a departing agency lead in one step: a contributor becomes the lead, the old lead becomes a
 * contributor or is deactivated. One transaction, so the agency is never without its lead in between.
 * Both people's sessions end (their roles changed) and both are told by email.
 */
export async function replaceLead(db: Db, actor: Viewer, input: ReplaceLead): Promise<PeopleResult<{ newLead: string; oldLead: string }>> {
  if (actor.role !== "admin") return { ok: false, status: 404, message: "Agency not found" };
  return db.transaction(async (trx) => {
    const agency = await trx("agencies").where({ id: input.agencyId }).first();
    if (!agency) return { ok: false as const, status: 404 as const, message: "Agency not found" };
    const newLead = await trx("users").where({ id: input.newLeadId, agency_id: input.agencyId, role: "agency_member" }).whereNull("disabled_at").first();
    if (!newLead) return { ok: false as const, status: 400 as const, field: "newLeadId", message: "Select the contributor who becomes the lead" };
    const oldLead = await trx("users").where({ id: input.oldLeadId, agency_id: input.agencyId, role: "agency_lead" }).whereNull("disabled_at").first();
    if (!oldLead) return { ok: false as const, status: 400 as const, field: "oldLeadId", message: "Select the lead who is leaving" };
    const now = nowIso();
    await trx("users").where({ id: newLead.id }).update({ role: "agency_lead", updated_at: now });
    await trx("users").where({ id: oldLead.id }).update(input.outcome === "deactivate" ? { disabled_at: now, updated_at: now } : { role: "agency_member", updated_at: now });
    await trx("sessions").whereIn("user_id", [newLead.id, oldLead.id]).delete();
    if (input.outcome === "deactivate") {
      await trx("invitations").where({ user_id: oldLead.id }).whereNull("used_at").update({ used_at: now });
      await trx("password_resets").where({ user_id: oldLead.id }).whereNull("used_at").update({ used_at: now });
    }
    await notifyAccountChange(trx, { id: newLead.id, email: newLead.email }, { kind: "role_changed", roleLabel: ROLE_LABELS.agency_lead.toLowerCase(), agencyName: agency.name }, now);
    if (input.outcome === "contributor") await notifyAccountChange(trx, { id: oldLead.id, email: oldLead.email }, { kind: "role_changed", roleLabel: ROLE_LABELS.agency_member.toLowerCase(), agencyName: agency.name }, now);
    await recordAudit(trx, {
      userId: actor.id,
      action: "agency.replace_lead",
      entityType: "agency",
      entityId: input.agencyId,
      summary: { newLead: { id: newLead.id, name: newLead.name }, oldLead: { id: oldLead.id, name: oldLead.name, outcome: input.outcome } },
    });
    return { ok: true as const, newLead: newLead.name as string, oldLead: oldLead.name as string };
  });
}
