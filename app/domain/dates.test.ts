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
