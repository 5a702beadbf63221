import { describe, expect, it } from "vitest";
import { ACCOUNT_RULE, ADDRESS_RULE, countFailures, delaySeconds, toWaitText, waitSeconds } from "./login-throttle";

const NOW = new Date("2026-03-02T09:00:00.000Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

describe("delaySeconds", () => {
  it("lets an account's first five failures through without a wait, then doubles from one second", () => {
    expect([0, 1, 4].map((n) => delaySeconds(ACCOUNT_RULE, n))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8, 9].map((n) => delaySeconds(ACCOUNT_RULE, n))).toEqual([1, 2, 4, 8, 16]);
  });

  it("never waits longer than fifteen minutes, however many failures", () => {
    expect(delaySeconds(ACCOUNT_RULE, 14)).toBe(512);
    expect(delaySeconds(ACCOUNT_RULE, 15)).toBe(900);
    expect(delaySeconds(ACCOUNT_RULE, 10_000)).toBe(900);
  });

  it("allows an address thirty failures across accounts before it waits", () => {
    expect(delaySeconds(ADDRESS_RULE, 29)).toBe(0);
    expect(delaySeconds(ADDRESS_RULE, 30)).toBe(1);
  });
});

describe("waitSeconds", () => {
  it("counts the wait from the last failure", () => {
    expect(waitSeconds(ACCOUNT_RULE, { failures: 7, lastFailureAt: ago(0) }, NOW)).toBe(4);
    expect(waitSeconds(ACCOUNT_RULE, { failures: 7, lastFailureAt: ago(2.5) }, NOW)).toBe(2);
    expect(waitSeconds(ACCOUNT_RULE, { failures: 7, lastFailureAt: ago(4) }, NOW)).toBe(0);
  });

  it("does not wait for a key with no failures", () => {
    expect(waitSeconds(ACCOUNT_RULE, { failures: 0, lastFailureAt: null }, NOW)).toBe(0);
  });

  it("forgets an account's failures after a quiet day and an address's after a quiet hour", () => {
    expect(countFailures(ACCOUNT_RULE, { failures: 40, lastFailureAt: ago(24 * 3600 - 1) }, NOW)).toBe(40);
    expect(countFailures(ACCOUNT_RULE, { failures: 40, lastFailureAt: ago(24 * 3600) }, NOW)).toBe(0);
    expect(countFailures(ADDRESS_RULE, { failures: 40, lastFailureAt: ago(3600) }, NOW)).toBe(0);
  });
});

describe("toWaitText", () => {
  it("says seconds under a minute and whole minutes, rounded up, above", () => {
    expect([1, 2, 59, 60, 61, 900].map(toWaitText)).toEqual(["1 second", "2 seconds", "59 seconds", "1 minute", "2 minutes", "15 minutes"]);
  });
});
