/**
 * Sign-in throttling that an attacker cannot turn into a lock-out (DESIGN §10, Security). Failures are
 * counted per key: an account from one network address, one network address across all accounts, or an
 * account from a browser that has signed in to it before (a known device). Nothing is ever locked: after
 * a rule's free failures each further attempt waits 1 s, 2 s, 4 s … after the last failure, up to a cap,
 * and a key is forgotten after a quiet spell. The real user is therefore never shut out by someone else's
 * guessing: from another address, or from their own known browser, their key has no failures.
 */

export interface ThrottleRule {
  /** Failures allowed without any wait. */
  freeFailures: number;
  /** The longest wait, however many failures. */
  maxDelaySeconds: number;
  /** With no failure for this long, the key starts afresh. */
  forgetAfterSeconds: number;
}

export interface ThrottleState {
  failures: number;
  /** ISO time of the last failure, or null for none. */
  lastFailureAt: string | null;
}

/** One account from one address, or from one known browser: a person mistyping waits seconds, not hours. */
export const ACCOUNT_RULE: ThrottleRule = { freeFailures: 5, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 24 * 3600 };
/** One address across every account: room for an office behind one address, none for password spraying. */
export const ADDRESS_RULE: ThrottleRule = { freeFailures: 30, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 3600 };

function secondsSince(at: string | null, now: Date): number {
  return at === null ? Number.POSITIVE_INFINITY : (now.getTime() - Date.parse(at)) / 1000;
}

/** The failures that still count at `now` (none once the key has been quiet for the rule's spell). */
export function countFailures(rule: ThrottleRule, state: ThrottleState, now: Date): number {
  return secondsSince(state.lastFailureAt, now) >= rule.forgetAfterSeconds ? 0 : state.failures;
}

/** The wait after `failures` failures: none while free, then 1 s doubling with each failure, capped. */
export function delaySeconds(rule: ThrottleRule, failures: number): number {
  if (failures < rule.freeFailures) return 0;
  return Math.min(rule.maxDelaySeconds, 2 ** (failures - rule.freeFailures));
}

/** Whole seconds to wait before the next attempt may be checked at `now`; 0 = it may be checked now. */
export function waitSeconds(rule: ThrottleRule, state: ThrottleState, now: Date): number {
  const failures = countFailures(rule, state, now);
  const delay = delaySeconds(rule, failures);
  if (delay === 0) return 0;
  return Math.max(0, Math.ceil(delay - secondsSince(state.lastFailureAt, now)));
}

/** "30 seconds", "1 minute", "15 minutes": how long to wait, for the sign-in page. */
export function toWaitText(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}

/**
 * "Forgot your password?" (docs/security.md): counted per account, never per address alone, so nobody can
 * fill a colleague's inbox; three links an account come at once, then each waits longer, up to an hour.
 * A request over the account's limit is answered as any other (nothing to tell accounts apart by) and sends nothing.
 */
export const RESET_ACCOUNT_RULE: ThrottleRule = { freeFailures: 3, maxDelaySeconds: 3600, forgetAfterSeconds: 24 * 3600 };
/** One address asking for many accounts' links: room for an office, none for flooding the mail server. */
export const RESET_ADDRESS_RULE: ThrottleRule = { freeFailures: 20, maxDelaySeconds: 3600, forgetAfterSeconds: 3600 };
