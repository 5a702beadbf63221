import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLate, ukDateOf, ukDayEndsAt } from "./dates";

describe("UK deadlines", () => {
  it("reads a UTC timestamp as the UK calendar date, summer time included", () => {
    expect(ukDateOf("2026-06-30T23:30:00.000Z")).toBe("2026-07-01");
    expect(ukDateOf("2026-12-31T23:30:00.000Z")).toBe("2026-12-31");
  });

  it("gives the same day as a fresh formatter for any run of timestamps (each hour's answer is kept)", () => {
    const fresh = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });
    // Runs that stay within an hour, cross midnight and the clock changes, and mix in offsets that are not UTC.
    const instant = fc.integer({ min: Date.parse("2025-01-01T00:00:00Z"), max: Date.parse("2028-01-01T00:00:00Z") });
    const stamp = fc.tuple(instant, fc.constantFrom("Z", "+05:30", "-01:00")).map(([ms, zone]) => {
      const iso = new Date(ms).toISOString();
      return zone === "Z" ? iso : `${iso.slice(0, 19)}${zone}`;
    });
    fc.assert(
      fc.property(fc.array(stamp, { minLength: 1, maxLength: 30 }), (stamps) => {
        for (const value of stamps) expect(ukDateOf(value)).toBe(fresh.format(new Date(value)));
      }),
    );
    expect(ukDateOf("2026-10-25T00:59:59.999Z")).toBe("2026-10-25");
    expect(ukDateOf("2026-10-25T00:30:00+05:30")).toBe("2026-10-24");
  });

  it("counts a return submitted just after midnight BST on the next day as late", () => {
    expect(isLate("2026-06-30T23:30:00.000Z", "2026-06-30")).toBe(true);
    expect(isLate("2026-06-30T22:30:00.000Z", "2026-06-30")).toBe(false);
    expect(isLate(null, "2026-06-30")).toBe(false);
  });

  it("ends a UK day at 23:00 UTC in summer time and at midnight UTC in winter, across month ends", () => {
    expect(ukDayEndsAt("2026-06-30")).toBe("2026-06-30T23:00:00.000Z");
    expect(ukDayEndsAt("2026-12-31")).toBe("2027-01-01T00:00:00.000Z");
    // The clocks go forward on 29 March 2026 and back on 25 October 2026.
    expect(ukDayEndsAt("2026-03-28")).toBe("2026-03-29T00:00:00.000Z");
    expect(ukDayEndsAt("2026-03-29")).toBe("2026-03-29T23:00:00.000Z");
    expect(ukDayEndsAt("2026-10-24")).toBe("2026-10-24T23:00:00.000Z");
    expect(ukDayEndsAt("2026-10-25")).toBe("2026-10-26T00:00:00.000Z");
  });

  it("agrees with isLate either side of the end of the due date", () => {
    for (const due of ["2026-03-29", "2026-06-30", "2026-10-25", "2026-12-31"]) {
      const end = Date.parse(ukDayEndsAt(due));
      expect(isLate(new Date(end).toISOString(), due)).toBe(true);
      expect(isLate(new Date(end - 1).toISOString(), due)).toBe(false);
    }
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
