import type { Viewer } from "~/domain/permissions";
import { ACCOUNT_RULE, ADDRESS_RULE, type ThrottleRule } from "~/domain/login-throttle";
import { claimAttempt, clearAttempts, releaseAttempt } from "~/data/login-throttles.server";
import { getLoginRecord } from "~/data/users.server";
import type { Db } from "~/data/db.server";
import { getKnownDeviceKey } from "./device.server";
import { DUMMY_HASH, isPasswordHash, verifyPassword } from "~/data/password-hash.server";

/**
 * Sign-in with throttling that slows guessing without locking anyone out (app/domain/login-throttle.ts):
 * from a browser that has signed in to the account before, only that browser's own count applies;
 * otherwise the count for the account from this address and the count for this address across all
 * accounts. Each attempt is counted before the password is checked (so parallel attempts cannot share a
 * free try) and given back when the password was right.
 */

export type LoginResult =
  { ok: true; viewer: Viewer } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; waitSeconds: number };

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  /** The browser's known-device token, if it has one. */
  deviceToken?: string | null;
}

export async function attemptLogin(db: Db, input: LoginInput, now = new Date(), verify = verifyPassword): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const record = await getLoginRecord(db, email);
  const deviceKey = record ? await getKnownDeviceKey(db, input.deviceToken, record.user.id, now) : null;
  const pairKey = `pair:${email} ${input.ip}`;
  const keys: [string, ThrottleRule][] = deviceKey
    ? [[deviceKey, ACCOUNT_RULE]]
    : [
        [`address:${input.ip}`, ADDRESS_RULE],
        [pairKey, ACCOUNT_RULE],
      ];
  const claimed: string[] = [];
  for (const [key, rule] of keys) {
    const wait = await claimAttempt(db, key, rule, now);
    if (wait > 0) {
      for (const done of claimed) await releaseAttempt(db, done);
      return { ok: false, reason: "throttled", waitSeconds: wait };
    }
    claimed.push(key);
  }
  // An unknown address, and an invited account with no password yet, are checked against a dummy hash, so
  // they take as long as a wrong password for a real account (nothing to tell them apart by).
  const hash = record && isPasswordHash(record.passwordHash) ? record.passwordHash : DUMMY_HASH;
  const matches = await verify(input.password, hash);
  const succeeded = Boolean(record && hash !== DUMMY_HASH && matches);
  await db("login_attempts").insert({ email, ip: input.ip, at: now.toISOString(), succeeded });
  if (!succeeded || !record) return { ok: false, reason: "invalid" };
  // The right password ends the run of failures for this account here, and is no failure of the address.
  await clearAttempts(db, deviceKey ?? pairKey);
  if (!deviceKey) await releaseAttempt(db, `address:${input.ip}`);
  await db("users").where({ id: record.user.id }).update({ last_sign_in_at: now.toISOString() });
  const { user } = record;
  return { ok: true, viewer: { id: user.id, email: user.email, name: user.name, role: user.role, agencyId: user.agencyId } };
}
