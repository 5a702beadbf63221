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
/** Counts by hashed link or address: the process's own, or a scratch one that is thrown away (`scratchLedger`). */
export type FloodLedger = Map<string, { startedAt: number; count: number }>;
const windows: FloodLedger = new Map();

const scratch: FloodLedger = new Map();
let scratchUses = 0;

/**
 * The start-up rehearsal's ledger (decision 033): counted as the real one is, and emptied every 50 responses, before
 * it could refuse one (no count in it reaches a limit), so the rehearsal takes nobody's place and is never refused.
 */
export function scratchLedger(): FloodLedger {
  scratchUses += 1;
  if (scratchUses % 50 === 0) scratch.clear();
  return scratch;
}

function hashed(kind: string, value: string): string {
  return `${kind}:${createHmac("sha256", key).update(value).digest("base64url")}`;
}

function countOf(ledger: FloodLedger, id: string, now: number): number {
  const entry = ledger.get(id);
  return entry && now - entry.startedAt < WINDOW_MS ? entry.count : 0;
}

function bump(ledger: FloodLedger, id: string, now: number): void {
  const entry = ledger.get(id);
  if (entry && now - entry.startedAt < WINDOW_MS) entry.count += 1;
  else {
    ledger.delete(id);
    ledger.set(id, { startedAt: now, count: 1 });
  }
  while (ledger.size > MAX_KEYS) ledger.delete(ledger.keys().next().value as string);
}

/**
 * Takes one response's place in the counts of its link and address, or refuses when either is full.
 * `now` is passed in so tests need not wait an hour; `ledger` is the process's own unless a rehearsal brings one.
 */
export function takeResponseSlot(link: string, address: string, now = Date.now(), ledger = windows): { ok: true } | { ok: false } {
  const linkId = hashed("link", link);
  const addressId = hashed("address", address);
  if (countOf(ledger, linkId, now) >= PER_LINK_PER_HOUR || countOf(ledger, addressId, now) >= PER_ADDRESS_PER_HOUR) return { ok: false };
  bump(ledger, linkId, now);
  bump(ledger, addressId, now);
  return { ok: true };
}

/** Forgets every count (tests). */
export function resetFloodLimits(): void {
  windows.clear();
}
