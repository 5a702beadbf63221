import { createHash, randomBytes } from "node:crypto";
import type { Db } from "~/data/db.server";
import { cookieHeader, readCookie } from "./session.server";

/**
 * Known devices: a browser that has signed in to an account keeps a random token in a long-lived
 * cookie (only its SHA-256 is stored). Sign-in from that browser is throttled on its own count, so
 * someone guessing the password from elsewhere, or from the same office address, cannot shut the real
 * user out (OWASP's "device cookie" defence against lock-out). One token per browser, any number of
 * accounts on it.
 */

export const DEVICE_COOKIE = "__device";
const DEVICE_DAYS = 365;

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function readDeviceToken(request: Request): string | null {
  const token = readCookie(request, DEVICE_COOKIE);
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

/** The throttle key of this browser for this account, or null when it has not signed in to it before (or long ago). */
export async function getKnownDeviceKey(db: Db, token: string | null | undefined, userId: number, now: Date): Promise<string | null> {
  if (!token) return null;
  const tokenHash = digest(token);
  const since = new Date(now.getTime() - DEVICE_DAYS * 86_400_000).toISOString();
  const row = await db("known_devices").where({ token_hash: tokenHash, user_id: userId }).where("created_at", ">", since).first();
  return row ? `device:${userId}:${tokenHash}` : null;
}

/** Remembers this browser for the account after a good sign-in; the token to keep in the cookie. */
export async function rememberDevice(db: Db, userId: number, token: string | null, now: Date): Promise<string> {
  const kept = token ?? randomBytes(32).toString("base64url");
  const at = now.toISOString();
  await db("known_devices")
    .insert({ token_hash: digest(kept), user_id: userId, created_at: at, last_used_at: at })
    .onConflict(["token_hash", "user_id"])
    .merge({ last_used_at: at });
  return kept;
}

export function deviceCookie(request: Request, token: string): string {
  return cookieHeader(request, DEVICE_COOKIE, token, DEVICE_DAYS * 86_400);
}
