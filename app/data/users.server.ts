import { z } from "zod";
import { ROLES, isAgencyRole, type Role, type Viewer } from "~/domain/permissions";
import { hashPassword } from "~/auth/password.server";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";

export interface UserRecord extends Viewer {
  agencyName: string | null;
  createdAt: string;
}

const UserRow = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  agency_id: z.number().nullable(),
  agency_name: z.string().nullable().optional(),
  created_at: z.string(),
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
  };
}

function usersQuery(db: Db) {
  return db("users")
    .leftJoin("agencies", "agencies.id", "users.agency_id")
    .select("users.id", "users.email", "users.name", "users.role", "users.agency_id", "users.created_at", "agencies.name as agency_name");
}

/** Users the viewer may see: everyone for admin and QA, their own agency's people for agency roles. */
export async function listUsers(db: Db, viewer: Viewer, filter: { agencyId?: number } = {}): Promise<UserRecord[]> {
  const query = usersQuery(db).orderBy("users.name");
  if (isAgencyRole(viewer.role)) query.where("users.agency_id", viewer.agencyId);
  else if (viewer.role === "board") query.where("users.id", viewer.id);
  if (filter.agencyId !== undefined) query.where("users.agency_id", filter.agencyId);
  return (await query).map(toUser);
}

export async function getUserById(db: Db, id: number): Promise<UserRecord | null> {
  const row = await usersQuery(db).where("users.id", id).first();
  return row ? toUser(row) : null;
}

export async function getLoginRecord(db: Db, email: string): Promise<{ user: UserRecord; passwordHash: string } | null> {
  // Someone whose access was removed cannot sign in (issue 3): to the sign-in form they are unknown.
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
