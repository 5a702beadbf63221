import type { Viewer } from "~/domain/permissions";
import { getLoginRecord } from "~/data/users.server";
import type { Db } from "~/data/db.server";
import { DUMMY_HASH, verifyPassword } from "./password.server";

/**
 * Sign-in with throttling: after too many failures for one email address, or from one address on
 * the network, within the window, further attempts are refused without checking the password.
 */
export const THROTTLE_WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 30;

export type LoginResult = { ok: true; viewer: Viewer } | { ok: false; reason: "invalid" | "throttled" };

export async function attemptLogin(db: Db, input: { email: string; password: string; ip: string }, now = new Date()): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000).toISOString();
  const count = async (column: "email" | "ip", value: string) => {
    const row = await db("login_attempts").where(column, value).where("succeeded", false).where("at", ">", since).count({ n: "*" }).first();
    return Number(row?.n ?? 0);
  };
  if ((await count("email", email)) >= MAX_FAILURES_PER_EMAIL || (await count("ip", input.ip)) >= MAX_FAILURES_PER_IP) {
    return { ok: false, reason: "throttled" };
  }
  const record = await getLoginRecord(db, email);
  const matches = await verifyPassword(input.password, record?.passwordHash ?? DUMMY_HASH);
  const succeeded = Boolean(record && matches);
  await db("login_attempts").insert({ email, ip: input.ip, at: now.toISOString(), succeeded });
  if (!succeeded || !record) return { ok: false, reason: "invalid" };
  // The right password ends the run of failures for this account (the per-address count stays).
  await db("login_attempts").where({ email, succeeded: false }).delete();
  const { user } = record;
  return { ok: true, viewer: { id: user.id, email: user.email, name: user.name, role: user.role, agencyId: user.agencyId } };
}
