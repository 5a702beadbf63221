import { createHmac, randomBytes } from "node:crypto";

/**
 * Limits how fast responses arrive through one practitioner-survey link and from one network address
 * (DESIGN §11), held in this process's memory only: nothing is written anywhere. Addresses are kept as a
 * keyed hash whose key is made at start-up and never leaves memory, so even a memory dump gives no address
 * list; the counts are forgotten after the hour they cover. Generous, because a whole office answers from
 * one address: the aim is to stop a script flooding a link, not to count people.
 */

const WINDOW_MS = 60 * 60 * 1000;
export const PER_LINK_PER_HOUR = 300;
export const PER_ADDRESS_PER_HOUR = 60;
/** Beyond this many keys the oldest windows are dropped, so the map cannot be grown without bound. */
const MAX_KEYS = 20_000;

const key = randomBytes(32);
const windows = new Map<string, { startedAt: number; count: number }>();

function hashed(kind: string, value: string): string {
  return `${kind}:${createHmac("sha256", key).update(value).digest("base64url")}`;
}

function countOf(id: string, now: number): number {
  const entry = windows.get(id);
  return entry && now - entry.startedAt < WINDOW_MS ? entry.count : 0;
}

function bump(id: string, now: number): void {
  const entry = windows.get(id);
  if (entry && now - entry.startedAt < WINDOW_MS) entry.count += 1;
  else {
    windows.delete(id);
    windows.set(id, { startedAt: now, count: 1 });
  }
  while (windows.size > MAX_KEYS) windows.delete(windows.keys().next().value as string);
}

/**
 * Takes one response's place in the counts of its link and address, or refuses when either is full.
 * `now` is passed in so tests need not wait an hour.
 */
export function takeResponseSlot(link: string, address: string, now = Date.now()): { ok: true } | { ok: false } {
  const linkId = hashed("link", link);
  const addressId = hashed("address", address);
  if (countOf(linkId, now) >= PER_LINK_PER_HOUR || countOf(addressId, now) >= PER_ADDRESS_PER_HOUR) return { ok: false };
  bump(linkId, now);
  bump(addressId, now);
  return { ok: true };
}

/** Forgets every count (tests). */
export function resetFloodLimits(): void {
  windows.clear();
}
