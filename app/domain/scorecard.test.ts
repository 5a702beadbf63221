import { describe, expect, it } from "vitest";
import {
  checkObservation,
  comparePeriods,
  directionOfTravel,
  IndicatorInputSchema,
  nextPeriod,
  observationDueOn,
  parsePeriod,
  parseScorecardQuery,
  latestDuePeriod,
  periodOf,
  periodsDueBy,
  previousPeriod,
  ragFor,
  readPeriod,
} from "./scorecard";

const blankObservation = { period: "2026-Q1", value: null, numerator: null, denominator: null, provisional: false, commentary: "" };

describe("periods", () => {
  it("reads years, quarters and months and orders them by their first month", () => {
    expect(parsePeriod("2026")).toMatchObject({ frequency: "annual", startMonth: 2026 * 12, endMonth: 2026 * 12 + 11 });
    expect(parsePeriod("2026-q3")).toMatchObject({
      text: "2026-Q3",
      frequency: "quarterly",
      startMonth: 2026 * 12 + 6,
      endMonth: 2026 * 12 + 8,
    });
    expect(parsePeriod("2026-09")).toMatchObject({ frequency: "monthly", startMonth: 2026 * 12 + 8 });
    expect(parsePeriod("2026-13")).toBeNull();
    expect(parsePeriod("2026-Q5")).toBeNull();
    expect(["2026-Q3", "2025-Q4", "2026-Q1"].sort(comparePeriods)).toEqual(["2025-Q4", "2026-Q1", "2026-Q3"]);
  });

  it("refuses a period of another frequency with the right example", () => {
    expect(readPeriod("2026-09", "quarterly")).toEqual({
      ok: false,
      message: "This indicator is quarterly: enter the period like 2026-Q3, not 2026-09",
    });
    expect(readPeriod("", "monthly")).toEqual({ ok: false, message: "Enter the period, like 2026-09" });
    expect(readPeriod("Q3", "annual")).toMatchObject({ ok: false });
    expect(readPeriod("2026", "annual")).toMatchObject({ ok: true, period: { text: "2026" } });
  });

  it("steps to the next period across a year end", () => {
    expect(nextPeriod("2025-Q4")).toBe("2026-Q1");
    expect(nextPeriod("2025-12")).toBe("2026-01");
    expect(nextPeriod("2025")).toBe("2026");
  });

  it("makes an observation due 30 days after its period ends, and lists the periods due by a date", () => {
    // 2026-Q1 ends 31 March; 30 days later is 30 April.
    expect(observationDueOn(parsePeriod("2026-Q1")!)).toBe("2026-04-30");
    // February 2024 (a leap year) ends on the 29th; 30 days later is 30 March.
    expect(observationDueOn(parsePeriod("2024-02")!)).toBe("2024-03-30");
    expect(periodsDueBy("quarterly", "2026-Q1", "2026-07-29")).toEqual(["2026-Q1"]);
    expect(periodsDueBy("quarterly", "2026-Q1", "2026-07-30")).toEqual(["2026-Q1", "2026-Q2"]);
  });
});

describe("RAG", () => {
  const higher = { polarity: "higher" as const, target: 90, greenTolerance: 0, amberTolerance: 5 };
  const lower = { polarity: "lower" as const, target: 10, greenTolerance: 1, amberTolerance: 3 };

  it("measures the shortfall from the target by polarity", () => {
    expect(ragFor(92, higher)).toBe("green");
    expect(ragFor(90, higher)).toBe("green");
    expect(ragFor(89.9, higher)).toBe("amber");
    expect(ragFor(85, higher)).toBe("amber");
    expect(ragFor(84.9, higher)).toBe("red");
    expect(ragFor(11, lower)).toBe("green");
    expect(ragFor(13, lower)).toBe("amber");
    expect(ragFor(13.1, lower)).toBe("red");
    expect(ragFor(2, lower)).toBe("green");
  });

  it("is not thrown by float noise at the edge of a tolerance", () => {
    // 70.1 - 70 is 0.09999999999999432 in binary: still within a 0.1 tolerance.
    expect(ragFor(70, { polarity: "higher", target: 70.1, greenTolerance: 0.1, amberTolerance: 1 })).toBe("green");
  });

  it("gives no RAG without a target or a value", () => {
    expect(ragFor(50, { polarity: "higher", target: null, greenTolerance: null, amberTolerance: null })).toBeNull();
    expect(ragFor(null, higher)).toBeNull();
  });
});

describe("direction of travel", () => {
  it("follows polarity within one version and refuses to compare across a break", () => {
    expect(directionOfTravel({ value: 20, version: 1 }, { value: 18, version: 1 }, "lower")).toBe("improving");
    expect(directionOfTravel({ value: 20, version: 1 }, { value: 18, version: 1 }, "higher")).toBe("worsening");
    expect(directionOfTravel({ value: 20, version: 1 }, { value: 20, version: 1 }, "higher")).toBe("no_change");
    expect(directionOfTravel({ value: 20, version: 1 }, { value: 30, version: 2 }, "higher")).toBe("not_comparable");
    expect(directionOfTravel(null, { value: 30, version: 2 }, "higher")).toBe("not_comparable");
  });
});

describe("observations", () => {
  it("takes a percentage from numerator and denominator", () => {
    // 45 of 60 = 75%.
    const result = checkObservation({ ...blankObservation, numerator: 45, denominator: 60 }, { unit: "percent", frequency: "quarterly" });
    expect(result).toEqual({
      ok: true,
      observation: { period: "2026-Q1", value: 75, numerator: 45, denominator: 60, provisional: false, commentary: "" },
    });
  });

  it("takes a rate per 10,000 from numerator and denominator", () => {
    // 38 of 52,000 children = 7.307… per 10,000.
    const result = checkObservation(
      { ...blankObservation, numerator: 38, denominator: 52_000 },
      { unit: "rate_per_10000", frequency: "quarterly" },
    );
    expect(result.ok && result.observation.value).toBeCloseTo(7.3077, 3);
  });

  it("refuses a value that disagrees with its ratio, half a ratio, a zero denominator and a ratio on a count", () => {
    expect(
      checkObservation({ ...blankObservation, value: 80, numerator: 45, denominator: 60 }, { unit: "percent", frequency: "quarterly" }),
    ).toEqual({
      ok: false,
      errors: { value: "The value does not match the numerator and denominator (75): leave it empty or correct it" },
    });
    expect(checkObservation({ ...blankObservation, numerator: 45 }, { unit: "percent", frequency: "quarterly" })).toEqual({
      ok: false,
      errors: { denominator: "Enter both the numerator and the denominator, or neither" },
    });
    expect(checkObservation({ ...blankObservation, numerator: 0, denominator: 0 }, { unit: "percent", frequency: "quarterly" })).toEqual({
      ok: false,
      errors: { denominator: "The denominator must be more than 0" },
    });
    expect(
      checkObservation({ ...blankObservation, numerator: 61, denominator: 60 }, { unit: "percent", frequency: "quarterly" }),
    ).toMatchObject({ ok: false, errors: { numerator: expect.any(String) } });
    expect(
      checkObservation({ ...blankObservation, value: 4, numerator: 4, denominator: 4 }, { unit: "count", frequency: "quarterly" }),
    ).toMatchObject({ ok: false, errors: { numerator: expect.stringContaining("not a ratio") } });
    expect(checkObservation({ ...blankObservation }, { unit: "days", frequency: "quarterly" })).toEqual({
      ok: false,
      errors: { value: "Enter the value" },
    });
    expect(checkObservation({ ...blankObservation, value: 101 }, { unit: "percent", frequency: "quarterly" })).toEqual({
      ok: false,
      errors: { value: "A percentage must be between 0 and 100" },
    });
  });
});

describe("indicator input", () => {
  const good = {
    code: "CP-2",
    title: "Plans lasting 2 years or more",
    definition: "Children on a plan at the period end who have been on one for 2 years or more",
    unit: "percent",
    polarity: "lower",
    target: "2",
    greenTolerance: "0.5",
    amberTolerance: "1.5",
    frequency: "quarterly",
    quadrant: "better_off",
    theme: "plans",
    owner: "",
    linkedStandards: "S11-1, S11-6 S11-1",
  };

  it("reads a complete indicator, with linked standards de-duplicated", () => {
    const result = IndicatorInputSchema.safeParse(good);
    expect(result.success && result.data).toMatchObject({
      target: 2,
      greenTolerance: 0.5,
      amberTolerance: 1.5,
      owner: null,
      linkedStandards: ["S11-1", "S11-6"],
    });
  });

  it("refuses tolerances without a target and an amber tolerance narrower than the green", () => {
    const noTarget = IndicatorInputSchema.safeParse({ ...good, target: "" });
    expect(noTarget.success ? [] : noTarget.error.issues.map((issue) => issue.message)).toContain(
      "Enter a target: the tolerances are measured from it",
    );
    const narrow = IndicatorInputSchema.safeParse({ ...good, amberTolerance: "0.2" });
    expect(narrow.success ? [] : narrow.error.issues.map((issue) => issue.message)).toEqual([
      "The amber tolerance must be at least the green tolerance",
    ]);
  });
});

describe("report filters", () => {
  it("keeps known values and drops the rest", () => {
    expect(parseScorecardQuery(new URLSearchParams("theme=plans&quadrant=bogus&owner=12&from=2026-q1&to=later"))).toEqual({
      theme: "plans",
      quadrant: null,
      owner: 12,
      from: "2026-Q1",
      to: null,
    });
    expect(parseScorecardQuery(new URLSearchParams("owner=partnership")).owner).toBe("partnership");
  });
});

describe("the period of a day", () => {
  it("finds the month, quarter and year holding a date, and steps back across a year start", () => {
    expect(periodOf("2026-12-04", "quarterly")).toBe("2026-Q4");
    expect(periodOf("2026-03-31", "quarterly")).toBe("2026-Q1");
    expect(periodOf("2026-12-04", "monthly")).toBe("2026-12");
    expect(periodOf("2026-12-04", "annual")).toBe("2026");
    expect(previousPeriod("2026-Q1")).toBe("2025-Q4");
    expect(previousPeriod("2026-01")).toBe("2025-12");
  });
});

describe("the period chased for", () => {
  it("is the latest period whose figures were due by today", () => {
    // 2026-Q3 ends 30 September and is due 30 October; on 29 October the latest due is still 2026-Q2.
    expect(latestDuePeriod("quarterly", "2026-10-29")).toBe("2026-Q2");
    expect(latestDuePeriod("quarterly", "2026-10-30")).toBe("2026-Q3");
    // November 2026 ends on the 30th: due 30 December.
    expect(latestDuePeriod("monthly", "2026-12-29")).toBe("2026-10");
    expect(latestDuePeriod("annual", "2027-01-30")).toBe("2026");
    expect(latestDuePeriod("annual", "2027-01-29")).toBe("2025");
  });
});
