import { describe, expect, it } from "vitest";
import {
  buildReturnSheet,
  IMPORT_WORDS,
  mergeReturnAnswers,
  readAnswerCells,
  readReturnUpload,
  SHEET_WORDS,
  toSheetName,
  type AnswerCell,
  type UploadedWorkbook,
} from "./return-sheet";
import type { ToolDefinition } from "./tool-schema";

/*
 * The spreadsheet round trip and past-return imports read cells exactly as the page form
 * reads posted fields. One small tool: a rated question with a not-applicable reason, a checkbox, a
 * number with a rule, a matrix, a yes/no and a question that shows only for one answer.
 */
const tool: ToolDefinition = {
  code: "mini",
  version: "2026.1",
  title: "Mini audit",
  kind: "custom",
  bands: [
    { code: "green", label: "Met", min: 50, colour: "#00703c" },
    { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
  ],
  standards: [{ code: "L", title: "Leadership" }],
  items: {
    lead: { standard: "L", points: { yes: 2, partly: 1, no: 0 }, notApplicable: ["na"] },
    "grid.row1": { standard: "L", points: { yes: 1, no: 0 } },
  },
  survey: {
    pages: [
      {
        name: "L",
        title: "Leadership: who is accountable",
        elements: [
          {
            type: "radiogroup",
            name: "lead",
            title: "Is there a named lead?",
            isRequired: true,
            choices: [
              { value: "yes", text: "Yes" },
              { value: "partly", text: "Partly" },
              { value: "no", text: "No" },
              { value: "na", text: "Not applicable" },
            ],
          },
          { type: "comment", name: "lead_na", title: "Why not?", visibleIf: "{lead} = 'na'", isRequired: true },
          {
            type: "checkbox",
            name: "tools",
            title: "Which do you use?",
            description: "Tick all that apply.",
            choices: [
              { value: "policy", text: "A policy" },
              { value: "audit", text: "An audit" },
            ],
          },
          {
            type: "text",
            inputType: "number",
            name: "staff",
            title: "How many staff?",
            validators: [{ type: "numeric", minValue: 0, maxValue: 100, text: "Enter a number from 0 to 100" }],
          },
          { type: "comment", name: "why_no", title: "Why is there no lead?", visibleIf: "{lead} = 'no'" },
        ],
      },
      {
        name: "M",
        title: "More",
        elements: [
          {
            type: "matrix",
            name: "grid",
            title: "Checks",
            columns: [
              { value: "yes", text: "Yes" },
              { value: "no", text: "No" },
            ],
            rows: [
              { value: "row1", text: "First" },
              { value: "row2", text: "Second" },
            ],
          },
          { type: "boolean", name: "schools", title: "Do you work with schools?" },
          { type: "file", name: "evidence", title: "Evidence" },
        ],
      },
    ],
  },
};

const at = (reference: string, value: AnswerCell["value"], where = `cell ${reference}`): AnswerCell => ({ where, reference, value });

describe("buildReturnSheet", () => {
  const sheet = buildReturnSheet(
    tool,
    { lead: "na", lead_na: "We have no staff", tools: ["policy", "audit"], staff: 12, grid: { row2: "no" }, schools: true },
    { agencyName: "Housing", cycleTitle: "2026" },
  );

  it("gives one sheet per page and one row per question or matrix row, leaving out evidence files", () => {
    expect(sheet.pages.map((page) => [page.sheetName, page.rows.map((row) => row.reference)])).toEqual([
      ["Leadership who is accountable", ["lead", "tools", "staff", "why_no"]],
      ["More", ["grid.row1", "grid.row2", "schools"]],
    ]);
  });

  it("shows answers as labels, puts the not-applicable reason beside its question and says when a question applies", () => {
    const [leadership, more] = sheet.pages;
    expect(leadership.rows[0]).toEqual({
      reference: "lead",
      question: "Is there a named lead?",
      allowed: "One of: Yes; Partly; No; Not applicable",
      choices: ["Yes", "Partly", "No", "Not applicable"],
      answer: "Not applicable",
      reason: { reference: "lead_na", answer: "We have no staff" },
      note: "Needed before sign-off.",
    });
    expect(leadership.rows[1]).toMatchObject({
      question: "Which do you use?\nTick all that apply.",
      answer: "A policy; An audit",
      choices: null,
      allowed: "Any of: A policy; An audit (separate several with ;)",
    });
    expect(leadership.rows[2]).toMatchObject({ answer: 12, allowed: "A number", note: "Optional." });
    expect(leadership.rows[3].note).toBe("Answer only when the answer to lead is “No”. Optional.");
    expect(more.rows.map((row) => [row.question, row.answer])).toEqual([
      ["Checks: First", null],
      ["Checks: Second", "No"],
      ["Do you work with schools?", "Yes"],
    ]);
  });

  it("keeps the answers as downloaded, to merge an upload against", () => {
    expect(sheet.base).toEqual({
      lead: "na",
      lead_na: "We have no staff",
      tools: ["policy", "audit"],
      staff: 12,
      grid: { row2: "no" },
      schools: true,
    });
  });

  it("makes sheet names Excel accepts: short, without forbidden characters, unique", () => {
    const taken = new Set<string>();
    expect(toSheetName("1. Leadership and accountability for safeguarding", taken)).toBe("1. Leadership and accountabili…");
    expect(toSheetName("1. Leadership and accountability for safeguarding", taken)).toBe("1. Leadership and accounta… (2)");
    expect(toSheetName("Instructions", taken)).toBe("Instructions (2)");
    expect(toSheetName("What? [a/b]", taken)).toBe("What a b");
  });
});

describe("readAnswerCells", () => {
  it("reads labels or values in any case, several choices split on ;, numbers and yes/no as the form would", () => {
    const result = readAnswerCells(
      tool,
      [
        at("lead", "not applicable"),
        at("lead_na", "No staff"),
        at("tools", "An audit; policy"),
        at("staff", 40),
        at("grid.row1", "Yes"),
        at("grid.row2", null),
        at("schools", "No"),
      ],
      {},
      SHEET_WORDS,
    );
    expect(result).toMatchObject({
      ok: true,
      answers: { lead: "na", lead_na: "No staff", tools: ["audit", "policy"], staff: 40, grid: { row1: "yes" }, schools: false },
    });
  });

  it("lists every problem with its place: a bad choice, text in a number cell, a rule of the tool, an unknown reference", () => {
    const result = readAnswerCells(
      tool,
      [
        at("lead", "Maybe", "Sheet 'L', cell D2"),
        at("tools", "A policy; A poster", "Sheet 'L', cell D3"),
        at("nope", "x", "Sheet 'L', cell A9"),
      ],
      {},
      SHEET_WORDS,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { where: "Sheet 'L', cell D2", reference: "lead", message: "Choose one of: Yes, Partly, No, Not applicable" },
        { where: "Sheet 'L', cell D3", reference: "tools", message: "Choose any of: A policy; An audit, separated by ;" },
        {
          where: "Sheet 'L', cell A9",
          reference: "nope",
          message: "“nope” is not a question of this return: do not change the Reference column",
        },
      ],
    });
    expect(readAnswerCells(tool, [at("staff", "lots", "Row 4")], {}, IMPORT_WORDS)).toEqual({
      ok: false,
      problems: [{ where: "Row 4", reference: "staff", message: "question 'staff': Enter a number of staff from 0 to 100" }],
    });
    expect(readAnswerCells(tool, [at("staff", 140, "Row 4")], {}, IMPORT_WORDS)).toEqual({
      ok: false,
      problems: [{ where: "Row 4", reference: "staff", message: "question 'staff': Enter a number of staff from 0 to 100" }],
    });
  });

  it("refuses an answer to a question the other answers hide, instead of dropping it", () => {
    expect(readAnswerCells(tool, [at("lead", "Yes"), at("lead_na", "Because", "Sheet 'L', cell E2")], {}, SHEET_WORDS)).toEqual({
      ok: false,
      problems: [
        {
          where: "Sheet 'L', cell E2",
          reference: "lead_na",
          message: "This question applies only when the answer to lead is “Not applicable”: clear this cell or change that answer",
        },
      ],
    });
    // The condition is judged against the stored answers where the cells do not change them.
    expect(readAnswerCells(tool, [at("why_no", "No budget", "Row 3")], { lead: "no" }, IMPORT_WORDS)).toMatchObject({
      ok: true,
      answers: { why_no: "No budget" },
    });
  });

  it("refuses a question named twice, and leaves questions the cells do not name alone", () => {
    expect(readAnswerCells(tool, [at("staff", 1, "Row 2"), at("staff", 2, "Row 3")], {}, IMPORT_WORDS)).toEqual({
      ok: false,
      problems: [{ where: "Row 3", reference: "staff", message: "question 'staff' is already answered on row 2" }],
    });
    expect(readAnswerCells(tool, [at("staff", null)], { lead: "yes", staff: 3 }, SHEET_WORDS)).toMatchObject({
      ok: true,
      answers: { staff: undefined },
    });
  });

  it("allows missing answers: required ones are checked at sign-off", () => {
    expect(readAnswerCells(tool, [at("lead", "")], {}, SHEET_WORDS)).toMatchObject({ ok: true, answers: { lead: undefined } });
  });
});

describe("mergeReturnAnswers", () => {
  it("writes the answers over the stored ones and drops every answer the result hides", () => {
    expect(
      mergeReturnAnswers(tool.survey, { lead: "na", lead_na: "No staff", staff: 3 }, { lead: "yes", staff: undefined, schools: true }),
    ).toEqual({ lead: "yes", schools: true });
  });
});

describe("readReturnUpload", () => {
  const upload = (rows: UploadedWorkbook["rows"]): UploadedWorkbook => ({
    format: "return-sheet/1",
    toolCode: "mini",
    toolVersion: "2026.1",
    base: { lead: "no" },
    rows,
  });
  const row = (sheet: string, line: number, reference: string, answer: string | null, reason: string | null = null) => ({
    sheet,
    reference,
    answer: { address: `D${line}`, value: answer },
    reason: { address: `E${line}`, value: reason },
  });

  it("reads the reason column into the question's not-applicable reason, and keeps the answers as downloaded as the base", () => {
    expect(
      readReturnUpload(tool, upload([row("L", 4, "lead", "Not applicable", "No staff"), row("M", 4, "schools", "Yes")]), {}),
    ).toMatchObject({
      ok: true,
      answers: { lead: "na", lead_na: "No staff", schools: true },
      base: { lead: "no" },
    });
  });

  it("lists problems in the order of the sheets and rows, a reason beside a question that takes none among them", () => {
    expect(
      readReturnUpload(
        tool,
        upload([row("L", 4, "lead", "Perhaps"), row("L", 5, "tools", "A policy", "Because"), row("L", 6, "staff", "many")]),
        {},
      ),
    ).toEqual({
      ok: false,
      problems: [
        { where: "Sheet 'L', cell D4", reference: "lead", message: "Choose one of: Yes, Partly, No, Not applicable" },
        { where: "Sheet 'L', cell E5", reference: "tools", message: "Leave this cell empty: this question has no not-applicable reason" },
        { where: "Sheet 'L', cell D6", reference: "staff", message: "Enter a number of staff from 0 to 100" },
      ],
    });
  });
});
