import { createHash, randomBytes } from "node:crypto";
import { hashPassword } from "~/data/password-hash.server";
import { RESET_ACCOUNT_RULE, RESET_ADDRESS_RULE } from "~/domain/login-throttle";
import { buildPasswordResetEmail } from "~/domain/notifications";
import { PASSWORD_RESET_HOURS } from "~/domain/password-rule";
import type { Viewer } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";
import { claimAttempt } from "./login-throttles.server";
import { notifyAccountChange } from "./notifications.server";
import type { Mailer } from "./outbox.server";

/**
 * Password reset links, kept as invitations are: a random token in the link, only its SHA-256
 * in the database, working once and for PASSWORD_RESET_HOURS. The business office issues one for a person
 * (emailed when SMTP is set, else shown once to the admin); anyone may ask for one by email address
 * ("Forgot your password?"), answered the same whether or not the address has an account. Choosing the new
 * password ends every session of that person and tells them by email.
 */

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface IssuedReset {
  token: string;
  expiresAt: string;
  userId: number;
  name: string;
  email: string;
}

async function issue(db: Db, user: { id: number; name: string; email: string }, createdBy: number | null, now: Date): Promise<IssuedReset> {
  const token = randomBytes(32).toString("base64url");
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_HOURS * 3600_000).toISOString();
  // Only the newest link works: an older one in an inbox somewhere is no longer a key.
  await db("password_resets").where({ user_id: user.id }).whereNull("used_at").update({ used_at: at });
  await db("password_resets").insert({ user_id: user.id, token_hash: digest(token), created_by: createdBy, created_at: at, expires_at: expiresAt });
  await recordAudit(db, { userId: createdBy, action: "user.password_reset_issued", entityType: "user", entityId: user.id, summary: { by: createdBy === null ? "self" : "admin", expiresAt } });
  return { token, expiresAt, userId: user.id, name: user.name, email: user.email };
}

/** The business office starts a reset for a person (not for one who is deactivated: reactivate them first). */
export async function issuePasswordReset(db: Db, actor: Viewer, userId: number, now = new Date()): Promise<({ ok: true } & IssuedReset) | { ok: false; status: 404 | 409; message: string }> {
  if (actor.role !== "admin") return { ok: false, status: 404, message: "Person not found" };
  return db.transaction(async (trx) => {
    const user = await trx("users").where({ id: userId }).first();
    if (!user) return { ok: false as const, status: 404 as const, message: "Person not found" };
    if (user.disabled_at) return { ok: false as const, status: 409 as const, message: `${user.name} is deactivated: reactivate them before resetting their password` };
    return { ok: true as const, ...(await issue(trx, user, actor.id, now)) };
  });
}

export type ResetRequest = { kind: "issued"; reset: IssuedReset } | { kind: "nothing" } | { kind: "throttled"; waitSeconds: number };

/**
 * "Forgot your password?": a link for the active account with this address, if there is one and it has not
 * asked too often. Counted per address (flooding) and per account (a colleague's inbox) before looking the
 * account up, so an unknown address costs the same; only the address's limit is ever shown to the sender.
 */
export async function requestPasswordReset(db: Db, email: string, ip: string, now = new Date()): Promise<ResetRequest> {
  const addressWait = await claimAttempt(db, `reset-address:${ip}`, RESET_ADDRESS_RULE, now);
  if (addressWait > 0) return { kind: "throttled", waitSeconds: addressWait };
  const accountWait = await claimAttempt(db, `reset:${email}`, RESET_ACCOUNT_RULE, now);
  const user = await db("users").where({ email }).whereNull("disabled_at").first("id", "name", "email");
  if (accountWait > 0 || !user) return { kind: "nothing" };
  return { kind: "issued", reset: await db.transaction((trx) => issue(trx, user, null, now)) };
}

/** Emails a reset link; false when it could not be sent (the caller decides what the person is told). */
export async function sendPasswordResetEmail(mailer: Mailer, reset: IssuedReset, baseUrl: string, byAdmin: boolean): Promise<boolean> {
  const email = buildPasswordResetEmail({ name: reset.name, link: `${baseUrl}/reset-password/${reset.token}`, hours: PASSWORD_RESET_HOURS, byAdmin });
  try {
    await mailer.send({ to: reset.email, subject: email.subject, text: email.text });
    return true;
  } catch (error) {
    console.error(`A password reset email could not be sent: ${(error as Error).message}`);
    return false;
  }
}

export interface OpenReset {
  id: number;
  userId: number;
  name: string;
  email: string;
}

/** The reset a link names, if it can still be used: not used, not expired, the account not deactivated. */
export async function getOpenReset(db: Db, token: string, now = nowIso()): Promise<OpenReset | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db("password_resets")
    .join("users", "users.id", "password_resets.user_id")
    .where("password_resets.token_hash", digest(token))
    .whereNull("password_resets.used_at")
    .where("password_resets.expires_at", ">", now)
    .whereNull("users.disabled_at")
    .select("password_resets.id", "password_resets.user_id", "users.name", "users.email")
    .first();
  return row ? { id: row.id, userId: row.user_id, name: row.name, email: row.email } : null;
}

/**
 * Chooses the new password: the link is used up, every session of the person ends (whoever else may be
 * signed in as them is signed out), an invitation still open is used up too, and they are told by email.
 */
export async function completePasswordReset(db: Db, token: string, password: string, now = nowIso()): Promise<{ ok: true; userId: number } | { ok: false }> {
  const hash = await hashPassword(password);
  return db.transaction(async (trx) => {
    const reset = await getOpenReset(trx, token, now);
    if (!reset) return { ok: false as const };
    // The compare-and-set on used_at makes a link work once even when two tabs send it at the same moment.
    const claimed = await trx("password_resets").where({ id: reset.id }).whereNull("used_at").update({ used_at: now });
    if (claimed !== 1) return { ok: false as const };
    await trx("password_resets").where({ user_id: reset.userId }).whereNull("used_at").update({ used_at: now });
    await trx("invitations").where({ user_id: reset.userId }).whereNull("used_at").update({ used_at: now });
    await trx("users").where({ id: reset.userId }).update({ password_hash: hash, updated_at: now });
    await trx("sessions").where({ user_id: reset.userId }).delete();
    await recordAudit(trx, { userId: reset.userId, action: "user.password_reset", entityType: "user", entityId: reset.userId, summary: { resetId: reset.id } });
    await notifyAccountChange(trx, { id: reset.userId, email: reset.email }, { kind: "password_changed" }, now);
    return { ok: true as const, userId: reset.userId };
  });
}
