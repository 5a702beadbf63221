import { describe, expect, it } from "vitest";
import {
  emailProblem,
  isoToDateParts,
  numberMessage,
  numberRuleOf,
  parseNumber,
  readDateParts,
  readDateText,
  telephoneProblem,
} from "./answer-format";
import { pageStates, screenPageAnswers, stillToAnswer } from "./survey-engine";
import type { SurveyJson } from "./survey-json";

const roll = {
  type: "text",
  name: "roll",
  title: "How many pupils are on roll?",
  inputType: "number",
  validators: [
    { type: "numeric", minValue: 0, text: "Enter a whole number, 0 or more" },
    { type: "regex", regex: "^\\d+$", text: "Enter a whole number, 0 or more" },
  ],
};
const trained = {
  type: "text",
  name: "trained",
  title: "What percentage of staff are trained?",
  inputType: "number",
  validators: [{ type: "numeric", minValue: 0, maxValue: 100 }],
};

describe("number questions", () => {
  it("reads the tool's validators and the question's own min and max as one rule, the tightest bound winning", () => {
    expect(numberRuleOf(roll)).toEqual({ whole: true, min: 0, max: null });
    expect(numberRuleOf(trained)).toEqual({ whole: false, min: 0, max: 100 });
    expect(
      numberRuleOf({
        type: "text",
        name: "n",
        inputType: "number",
        min: 5,
        max: "50",
        validators: [{ type: "numeric", minValue: 1, maxValue: 60 }],
      }),
    ).toEqual({ whole: false, min: 5, max: 50 });
  });

  it("says what is wanted in the question's words", () => {
    expect(numberMessage(roll, roll.title)).toBe("Enter a whole number of pupils, 0 or more");
    expect(numberMessage(trained, trained.title)).toBe("Enter a percentage from 0 to 100");
    expect(
      numberMessage(
        {
          type: "text",
          name: "n",
          title: "What was n?",
          inputType: "number",
          validators: [
            { type: "regex", regex: "^\\d+$" },
            { type: "numeric", minValue: 1 },
          ],
        },
        "What was n?",
      ),
    ).toBe("Enter a whole number, 1 or more, for “What was n?”");
    expect(numberMessage({ type: "text", name: "n", title: "Budget", inputType: "number", max: 1000 }, "Budget")).toBe(
      "Enter a number, 1,000 or less, for “Budget”",
    );
  });

  it("reads plain decimals with thousands commas, and nothing a person would not write", () => {
    expect(parseNumber("1,250")).toBe(1250);
    expect(parseNumber(" -5 ")).toBe(-5);
    expect(parseNumber("87.5")).toBe(87.5);
    for (const text of ["1e3", "0x10", "Infinity", "12abc", "", "."]) expect(parseNumber(text)).toBeNull();
  });
});

describe("dates from the GOV.UK date input", () => {
  const title = "When was the policy reviewed?";
  const parts = (day: string, month: string, year: string) => readDateParts({ day, month, year }, `“${title}”`);

  it("stores a real date as ISO, taking month names too", () => {
    expect(parts("27", "3", "2026")).toEqual({ ok: true, iso: "2026-03-27" });
    expect(parts("7", "March", "2026")).toEqual({ ok: true, iso: "2026-03-07" });
    expect(parts("29", "02", "2024")).toEqual({ ok: true, iso: "2024-02-29" });
    expect(parts("", "", "")).toEqual({ ok: true, iso: undefined });
  });

  it("says which part is missing, then whether it is a real date, pointing at the fields to fix", () => {
    expect(parts("27", "", "2026")).toEqual({ ok: false, message: `“${title}” must include a month`, parts: ["month"] });
    expect(parts("", "", "2026")).toEqual({ ok: false, message: `“${title}” must include a day and month`, parts: ["day", "month"] });
    expect(parts("31", "2", "2026")).toEqual({ ok: false, message: `“${title}” must be a real date`, parts: ["day"] });
    expect(parts("12", "13", "2026")).toEqual({ ok: false, message: `“${title}” must be a real date`, parts: ["month"] });
    expect(parts("1", "1", "26")).toEqual({
      ok: false,
      message: `“${title}” must include a year with 4 numbers, like 2026`,
      parts: ["year"],
    });
    // A form's date input says its own subject.
    expect(readDateParts({ day: "", month: "4", year: "2026" }, "The due date")).toMatchObject({
      message: "The due date must include a day",
    });
  });

  it("reads one typed date (the spreadsheet) as ISO or the UK's day/month/year, and splits a stored date into its fields", () => {
    expect(readDateText("2026-03-27", `“${title}”`)).toEqual({ ok: true, iso: "2026-03-27" });
    expect(readDateText("27/03/2026", `“${title}”`)).toEqual({ ok: true, iso: "2026-03-27" });
    expect(readDateText("2026-02-31", `“${title}”`)).toMatchObject({ ok: false });
    expect(readDateText("next Tuesday", `“${title}”`)).toMatchObject({ ok: false, message: `“${title}” must be a real date` });
    expect(isoToDateParts("2026-03-07")).toEqual({ day: "7", month: "3", year: "2026" });
  });
});

describe("email addresses and telephone numbers", () => {
  it("checks an email address's shape", () => {
    expect(emailProblem("dsl@school.sch.uk", "Email")).toBeNull();
    for (const text of ["dsl", "dsl@school", "dsl@@school.uk", "d sl@school.uk", "dsl@.uk"]) {
      expect(emailProblem(text, "Email")).toBe("Enter an email address in the correct format, like name@example.com, for “Email”");
    }
  });

  it("takes a telephone number as people write it, and refuses words", () => {
    for (const text of ["01632 960 001", "+44 (0)808 157 0192", "0161-496-0000 ext 12"]) expect(telephoneProblem(text, "Phone")).toBeNull();
    for (const text of ["call me", "123", "0161 496 0000; DROP TABLE"])
      expect(telephoneProblem(text, "Phone")).toMatch(/^Enter a telephone number/);
  });
});

describe("a page's answers screened all at once", () => {
  const survey: SurveyJson = {
    pages: [
      {
        name: "data",
        elements: [
          roll,
          { ...roll, name: "cp", title: "How many pupils have a child protection plan?" },
          trained,
          { type: "text", name: "reviewed", title: "When was the policy reviewed?", inputType: "date" },
          { type: "comment", name: "notes", title: "Notes" },
        ],
      },
    ],
  };
  const names = ["roll", "cp", "trained", "reviewed", "notes"];
  const form = (entries: [string, string][]) => {
    const data = new FormData();
    for (const [key, value] of entries) data.append(key, value);
    return data;
  };

  it("reports every problem in page order and keeps the good answers to save, leaving the refused ones out", () => {
    const result = screenPageAnswers(
      survey,
      { roll: 400, trained: 80 },
      "data",
      form([
        ["roll", "1e3"],
        ["cp", "-5"],
        ["trained", "150"],
        ["reviewed-day", "31"],
        ["reviewed-month", "2"],
        ["reviewed-year", "2026"],
        ["notes", "Numbers from the MIS"],
      ]),
      names,
    );
    expect(result).toEqual({
      answers: { notes: "Numbers from the MIS" },
      rejected: [
        expect.objectContaining({ name: "roll", message: "Enter a whole number of pupils, 0 or more" }),
        expect.objectContaining({ name: "cp", message: "Enter a whole number of pupils, 0 or more" }),
        expect.objectContaining({ name: "trained", message: "Enter a percentage from 0 to 100" }),
        expect.objectContaining({ name: "reviewed", message: "“When was the policy reviewed?” must be a real date", part: "day" }),
      ],
    });
  });

  it("saves a date from its three fields as ISO", () => {
    const result = screenPageAnswers(
      survey,
      {},
      "data",
      form([
        ["reviewed-day", "1"],
        ["reviewed-month", "4"],
        ["reviewed-year", "2026"],
        ["cp", "3"],
      ]),
      names,
    );
    expect(result).toEqual({
      answers: { roll: undefined, cp: 3, trained: undefined, reviewed: "2026-04-01", notes: undefined },
      rejected: [],
    });
  });

  it("refuses a form naming a field that is not on the page", () => {
    expect(screenPageAnswers(survey, {}, "data", form([["other", "1"]]), names)).toEqual({
      refused: "“other” is not a question on this page",
    });
  });
});

describe("what a part-answered page still needs", () => {
  const grid: SurveyJson = {
    pages: [
      {
        name: "files",
        elements: [
          { type: "text", name: "who", title: "Who reviewed the files?", isRequired: true },
          {
            type: "matrix",
            name: "audit",
            title: "File audit",
            isRequired: true,
            isAllRowRequired: true,
            columns: ["yes", "no"],
            rows: Array.from({ length: 10 }, (_, index) => `r${index + 1}`),
          },
        ],
      },
    ],
  };

  it("counts a grid's blank rows, not the grid as one question", () => {
    const answered = Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`r${index + 1}`, "yes"]));
    const [state] = pageStates(grid, { who: "Sam", audit: answered });
    expect(state).toMatchObject({ status: "in_progress", problems: 0, rows: 4 });
    expect(stillToAnswer(state)).toBe("4 rows need an answer");
    expect(stillToAnswer(pageStates(grid, { audit: { r1: "no" } })[0])).toBe("1 question and 9 rows need an answer");
    expect(stillToAnswer({ problems: 1, rows: 0 })).toBe("1 question needs an answer");
  });
});
