import { describe, expect, it } from "vitest";
import { isLate, ukDateOf } from "./dates";

describe("UK deadlines", () => {
  it("reads a UTC timestamp as the UK calendar date, summer time included", () => {
    expect(ukDateOf("2026-06-30T23:30:00.000Z")).toBe("2026-07-01");
    expect(ukDateOf("2026-12-31T23:30:00.000Z")).toBe("2026-12-31");
  });

  it("counts a return submitted just after midnight BST on the next day as late", () => {
    expect(isLate("2026-06-30T23:30:00.000Z", "2026-06-30")).toBe(true);
    expect(isLate("2026-06-30T22:30:00.000Z", "2026-06-30")).toBe(false);
    expect(isLate(null, "2026-06-30")).toBe(false);
  });
});

describe("GOV.UK date and time style", () => {
  it("writes dates as '22 November 2026' and times in 12-hour UK time, midnight as 12:30am", async () => {
    const { formatDate, formatDateTime } = await import("./dates");
    expect(formatDate("2026-11-22")).toBe("22 November 2026");
    expect(formatDateTime("2026-11-22T15:05:00.000Z")).toBe("22 November 2026 at 3:05pm");
    expect(formatDateTime("2026-11-22T00:30:00.000Z")).toBe("22 November 2026 at 12:30am");
    // 23:30 UTC in summer is 00:30 the next day in London.
    expect(formatDateTime("2026-06-30T23:30:00.000Z")).toBe("1 July 2026 at 12:30am");
  });
});
