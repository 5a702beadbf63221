import { countFailures, waitSeconds, type ThrottleRule } from "~/domain/login-throttle";
import type { Db } from "./db.server";

/**
 * The failure counts behind sign-in throttling, one row per key (app/domain/login-throttle.ts has the
 * rule). An attempt claims its place before the password is checked: a compare-and-set UPDATE that
 * succeeds only if the row is unchanged since it was read. Parallel attempts therefore cannot all pass on
 * the same free try, in one process or many, on SQLite or PostgreSQL.
 */

const CLAIM_TRIES = 20;

/** Counts an attempt against `key` now; answers 0 when it may go ahead, otherwise the seconds to wait. */
export async function claimAttempt(db: Db, key: string, rule: ThrottleRule, now: Date): Promise<number> {
  await db("login_throttles").insert({ key, failures: 0, last_failure_at: null }).onConflict("key").ignore();
  for (let attempt = 0; attempt < CLAIM_TRIES; attempt += 1) {
    const row = await db("login_throttles").where({ key }).first();
    const state = { failures: Number(row.failures), lastFailureAt: row.last_failure_at as string | null };
    const wait = waitSeconds(rule, state, now);
    if (wait > 0) return wait;
    const unchanged = db("login_throttles").where({ key, failures: state.failures });
    if (state.lastFailureAt === null) unchanged.whereNull("last_failure_at");
    else unchanged.where("last_failure_at", state.lastFailureAt);
    const claimed = await unchanged.update({ failures: countFailures(rule, state, now) + 1, last_failure_at: now.toISOString() });
    if (claimed === 1) return 0;
  }
  // Another attempt on the same key won every time: this one is one too many at once.
  return 1;
}

/** Gives back an attempt counted by `claimAttempt` that turned out not to be a failure. */
export async function releaseAttempt(db: Db, key: string): Promise<void> {
  await db("login_throttles").where({ key }).where("failures", ">", 0).decrement("failures", 1);
}

/** Forgets a key's failures (the right password ends a run of failures). */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db("login_throttles").where({ key }).delete();
}
