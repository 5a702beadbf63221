import type { Answers } from "./scoring";
import { readPageAnswers, validateReturn, visibleQuestions, type PostedFields } from "./survey-engine";
import {
  listQuestions,
  matrixRowsOf,
  ratingScaleOf,
  toChoices,
  type QuestionInfo,
  type SurveyElementJson,
  type SurveyJson,
} from "./survey-json";
import type { ToolDefinition } from "./tool-schema";

/**
 * A return's questions as a spreadsheet, and answers read back from one, plus the same
 * reading for past returns imported from a file (`returns:import`). A cell is read exactly as the
 * page form reads a posted field: each answer is first turned into the field value the form would
 * post (a choice by its label or its value), then `readPageAnswers` parses it and the survey engine
 * judges it, so a spreadsheet can never store what the form would refuse. Nothing here knows about
 * Excel: the renderer in reports/ lays the model out, and reads a workbook back into plain cells.
 */

/** Written into every downloaded workbook; a workbook without it was not made by this platform. */
export const RETURN_SHEET_FORMAT = "return-sheet/1";

/** A cell value as read from a spreadsheet or a CSV file (dates already as YYYY-MM-DD). */
export type CellValue = string | number | boolean | null;

/** One row of a page's sheet: a question, or one row of a matrix question. */
export interface SheetRow {
  /** The question's name, or "<question>.<row>" for a matrix row: how the row is matched on upload. */
  reference: string;
  question: string;
  /** What the answer may be, in words ("One of: Fully met; Mostly met"). */
  allowed: string;
  /** Labels for a drop-down in the answer cell (single-choice questions only). */
  choices: string[] | null;
  answer: string | number | null;
  /** The not-applicable reason question that belongs with this one, shown in the same row. */
  reason: { reference: string; answer: string | null } | null;
  /** When the question applies, if not always; whether it must be answered before sign-off. */
  note: string;
}

export interface SheetPage {
  name: string;
  sheetName: string;
  title: string;
  rows: SheetRow[];
}

export interface ReturnSheet {
  format: string;
  toolCode: string;
  toolVersion: string;
  toolTitle: string;
  agencyName: string;
  cycleTitle: string;
  pages: SheetPage[];
  /** The answers as downloaded, per question: what an upload is merged against (see `mergeAnswers`). */
  base: Answers;
}

/** Excel's sheet-name rules: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function toSheetName(title: string, taken: Set<string>): string {
  const clean =
    title
      .replace(/[:\\/?*[\]]/g, " ")
      .replace(/\s+/g, " ")
      .trim() || "Questions";
  const cut = (text: string, length: number) => (text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`);
  let name = cut(clean, 31);
  for (let n = 2; taken.has(name.toLowerCase()) || name.toLowerCase() === "instructions"; n += 1)
    name = `${cut(clean, 31 - ` (${n})`.length)} (${n})`;
  taken.add(name.toLowerCase());
  return name;
}

function choicesOf(question: QuestionInfo): { value: string; text: string }[] | null {
  const { element } = question;
  switch (question.type) {
    case "radiogroup":
    case "dropdown":
    case "checkbox":
      return toChoices(element.choices);
    case "rating":
      return ratingScaleOf(element);
    case "boolean":
      return [
        { value: "true", text: typeof element.labelTrue === "string" ? element.labelTrue : "Yes" },
        { value: "false", text: typeof element.labelFalse === "string" ? element.labelFalse : "No" },
      ];
    case "matrix":
      return toChoices(element.columns);
    default:
      return null;
  }
}

function textOf(element: { title?: unknown; name?: unknown }): string {
  return String(element.title ?? element.name ?? "").trim();
}

/** A `{question} = 'value'` condition, the only kind a person can be told about in words. */
const SIMPLE_CONDITION = /^\s*\{([^}]+)\}\s*==?\s*'([^']*)'\s*$/;

/** "When “Does your agency…?” is “Not applicable”" for a simple condition; the expression itself otherwise. */
function describeCondition(expression: string, byName: Map<string, QuestionInfo>): string {
  const simple = SIMPLE_CONDITION.exec(expression);
  const question = simple ? byName.get(simple[1]) : undefined;
  if (!simple || !question) return `when this holds: ${expression}`;
  const choice = choicesOf(question)?.find((candidate) => candidate.value === simple[2]);
  return `when the answer to ${question.name} is “${choice?.text ?? simple[2]}”`;
}

/** Each question's `visibleIf` conditions, its page's and its panels' included. */
function conditionsOf(survey: SurveyJson): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const own = (element: { [key: string]: unknown }) =>
    typeof element.visibleIf === "string" && element.visibleIf.trim() !== "" ? [element.visibleIf] : [];
  const walk = (elements: unknown, chain: string[]) => {
    if (!Array.isArray(elements)) return;
    for (const raw of elements) {
      if (raw === null || typeof raw !== "object") continue;
      const element = raw as SurveyElementJson;
      const here = [...chain, ...own(element)];
      if (element.type === "panel") walk(element.elements, here);
      else if (typeof element.name === "string") found.set(element.name, here);
    }
  };
  for (const page of survey.pages ?? []) walk(page?.elements, own(page));
  return found;
}

/**
 * The not-applicable reason questions: a comment shown only when the question just before it on
 * the same page has one of its `notApplicable` answers (how the shipped tools ask "why does this
 * not apply?"). The spreadsheet puts such a reason beside its question instead of in a row of its own.
 */
export function reasonQuestions(tool: ToolDefinition): Map<string, string> {
  const questions = listQuestions(tool.survey);
  const reasons = new Map<string, string>();
  questions.forEach((question, index) => {
    const previous = questions[index - 1];
    if (!previous || question.type !== "comment" || previous.pageName !== question.pageName) return;
    const simple = typeof question.element.visibleIf === "string" ? SIMPLE_CONDITION.exec(question.element.visibleIf) : null;
    const notApplicable = tool.items[previous.name]?.notApplicable ?? [];
    if (simple && simple[1] === previous.name && notApplicable.includes(simple[2])) reasons.set(previous.name, question.name);
  });
  return reasons;
}

function allowedText(question: QuestionInfo, choices: { text: string }[] | null): string {
  if (question.type === "checkbox") return `Any of: ${choices!.map((choice) => choice.text).join("; ")} (separate several with ;)`;
  if (choices) return `One of: ${choices.map((choice) => choice.text).join("; ")}`;
  if (question.element.inputType === "number") return "A number";
  if (question.element.inputType === "date") return "A date, like 2026-03-31";
  return "Text";
}

/** A stored answer as the sheet shows it: choice labels, several joined with "; ", numbers as numbers. */
function cellOf(question: QuestionInfo, value: unknown): string | number | null {
  if (value === undefined || value === null || value === "") return null;
  const choices = choicesOf(question);
  const label = (raw: unknown) => choices?.find((choice) => choice.value === String(raw))?.text ?? String(raw);
  if (Array.isArray(value)) return value.map(label).join("; ");
  if (typeof value === "number" && !choices) return value;
  return choices ? label(value) : String(value);
}

/**
 * The spreadsheet model of a return: one sheet per survey page, one row per question (per row of a
 * matrix), with what each answer may be, the current answer, the not-applicable reason beside its
 * question, and when a conditional question applies. Evidence files are uploaded on the website, so
 * file questions are left out.
 */
export function buildReturnSheet(tool: ToolDefinition, answers: Answers, context: { agencyName: string; cycleTitle: string }): ReturnSheet {
  const questions = listQuestions(tool.survey).filter((question) => question.type !== "file");
  const byName = new Map(questions.map((question) => [question.name, question]));
  const reasons = reasonQuestions(tool);
  const reasonNames = new Set(reasons.values());
  const conditions = conditionsOf(tool.survey);
  const taken = new Set<string>();
  const pages = tool.survey.pages.map((page): SheetPage => {
    const rows: SheetRow[] = [];
    for (const question of questions.filter((candidate) => candidate.pageName === page.name && !reasonNames.has(candidate.name))) {
      const choices = choicesOf(question);
      const when = (conditions.get(question.name) ?? []).map((condition) => describeCondition(condition, byName));
      const required = question.element.isRequired === true;
      const note = [when.length > 0 ? `Answer only ${when.join(" and ")}.` : "", required ? "Needed before sign-off." : "Optional."]
        .filter(Boolean)
        .join(" ");
      const reasonName = reasons.get(question.name);
      const reason = reasonName
        ? { reference: reasonName, answer: answers[reasonName] === undefined ? null : String(answers[reasonName]) }
        : null;
      const base = {
        allowed: allowedText(question, choices),
        choices: question.type === "checkbox" ? null : (choices?.map((choice) => choice.text) ?? null),
        note,
      };
      if (question.type === "matrix") {
        const chosen = (answers[question.name] ?? {}) as Record<string, unknown>;
        for (const row of matrixRowsOf(question.element)) {
          rows.push({
            ...base,
            reference: `${question.name}.${row.value}`,
            question: `${textOf(question.element)}: ${row.text}`,
            answer: cellOf(question, chosen[row.value]),
            reason: null,
          });
        }
      } else {
        // The description often says what each answer means ("Fully met: …"): offline, it is all the guidance there is.
        const description = typeof question.element.description === "string" ? question.element.description.trim() : "";
        const text = description ? `${textOf(question.element)}\n${description}` : textOf(question.element);
        rows.push({ ...base, reference: question.name, question: text, answer: cellOf(question, answers[question.name]), reason });
      }
    }
    const title = textOf(page) || page.name;
    return { name: page.name, sheetName: toSheetName(title, taken), title, rows };
  });
  const base = Object.fromEntries(
    questions.filter((question) => answers[question.name] !== undefined).map((question) => [question.name, answers[question.name]]),
  );
  return {
    format: RETURN_SHEET_FORMAT,
    toolCode: tool.code,
    toolVersion: tool.version,
    toolTitle: tool.title,
    agencyName: context.agencyName,
    cycleTitle: context.cycleTitle,
    pages: pages.filter((page) => page.rows.length > 0),
    base,
  };
}

/** One answer to read: where it came from (for messages), which question it answers, what it says. */
export interface AnswerCell {
  /** "Sheet 'Leadership', cell D7" or "Row 14": how a message names the place. */
  where: string;
  /** A question name, or "<matrix question>.<row>". */
  reference: string;
  value: CellValue;
}

export interface CellProblem {
  where: string;
  reference: string;
  /** What is wrong, said to the person filling the file in. */
  message: string;
}

/** How to say what a question expects, for the two places answers come from. */
export interface ProblemWords {
  /** A choice that is not one of the question's: the spreadsheet says "Choose one of: …". */
  notAChoice(reference: string, expected: string): string;
  /** An answer given to a question that does not apply, given the other answers. */
  notShown(reference: string, when: string): string;
  /** A problem the page form reports (a number that is not a number, a rule of the tool). */
  formMessage(reference: string, message: string): string;
  unknown(reference: string): string;
  repeated(reference: string, firstWhere: string): string;
}

function cellText(value: CellValue): string {
  if (value === null) return "";
  return String(value).trim();
}

/** The labels and values a choice cell may hold, matched without regard to case. */
function matchChoice(choices: { value: string; text: string }[], raw: string): string | null {
  const wanted = raw.trim().toLowerCase();
  return (
    (
      choices.find((choice) => choice.text.trim().toLowerCase() === wanted) ??
      choices.find((choice) => choice.value.toLowerCase() === wanted)
    )?.value ?? null
  );
}

/** A PostedFields over a map of field name → values, so cells go through the page form's own reader. */
function postedFields(fields: Map<string, string[]>): PostedFields {
  return {
    get: (name) => fields.get(name)?.[0] ?? null,
    getAll: (name) => fields.get(name) ?? [],
    keys: () => fields.keys(),
  };
}

/**
 * Reads answers from cells, as the page form reads posted fields, and judges them against the
 * answers already stored: every problem is listed with its place (nothing is taken unless all
 * cells are good). A choice may be given by its label or its value; several checkbox choices are
 * separated by ";"; an empty cell clears the answer. A question is changed only if the cells name
 * it (a matrix: any of its rows). Answers to questions the other answers hide are refused rather
 * than dropped, so nothing typed is silently lost. Missing answers are allowed (a draft; required
 * answers are checked at sign-off). Returns the answers of the questions the cells name.
 */
export function readAnswerCells(
  tool: ToolDefinition,
  cells: AnswerCell[],
  stored: Answers,
  words: ProblemWords,
): { ok: true; answers: Answers; places: Map<string, string> } | { ok: false; problems: CellProblem[] } {
  const survey = tool.survey;
  const questions = listQuestions(survey).filter((question) => question.type !== "file");
  const byName = new Map(questions.map((question) => [question.name, question]));
  const conditions = conditionsOf(survey);
  const problems: CellProblem[] = [];
  /** Questions with a problem already: not judged again, and left as stored while the others are judged. */
  const bad = new Set<string>();
  const fieldsByPage = new Map<string, Map<string, string[]>>();
  /** Where each question's answer was given (its first cell), for messages about the question as a whole. */
  const places = new Map<string, string>();
  const seen = new Map<string, string>();
  const given = new Set<string>();

  for (const cell of cells) {
    const reference = cell.reference.trim();
    const dot = reference.indexOf(".");
    const question = byName.get(reference) ?? (dot > 0 ? byName.get(reference.slice(0, dot)) : undefined);
    const isMatrixRow = question?.type === "matrix" && reference !== question.name;
    if (
      !question ||
      (question.type === "matrix") !== isMatrixRow ||
      (isMatrixRow && !matrixRowsOf(question.element).some((row) => `${question.name}.${row.value}` === reference))
    ) {
      problems.push({ where: cell.where, reference, message: words.unknown(reference) });
      continue;
    }
    if (seen.has(reference)) {
      problems.push({ where: cell.where, reference, message: words.repeated(reference, seen.get(reference)!) });
      continue;
    }
    seen.set(reference, cell.where);
    if (!places.has(question.name)) places.set(question.name, cell.where);
    const fields = fieldsByPage.get(question.pageName) ?? new Map<string, string[]>();
    fieldsByPage.set(question.pageName, fields);
    const raw = cellText(cell.value);
    if (raw !== "") given.add(question.name);
    const choices = choicesOf(question);
    if (raw === "" || !choices) {
      fields.set(reference, raw === "" ? [] : [raw]);
      continue;
    }
    const parts =
      question.type === "checkbox"
        ? raw
            .split(";")
            .map((part) => part.trim())
            .filter((part) => part !== "")
        : [raw];
    const values = parts.map((part) => matchChoice(choices, part));
    if (values.some((value) => value === null)) {
      const labels = choices.map((choice) => choice.text);
      problems.push({
        where: cell.where,
        reference,
        message: words.notAChoice(
          reference,
          question.type === "checkbox" ? `any of: ${labels.join("; ")}, separated by ;` : `one of: ${labels.join(", ")}`,
        ),
      });
      bad.add(question.name);
      continue;
    }
    fields.set(reference, values as string[]);
  }

  // The page form's reader, page by page, over the fields the cells gave. A question it refuses is
  // reported and left out, and the page read again, so the others are still judged below.
  const answers: Answers = {};
  for (const [pageName, fields] of fieldsByPage) {
    for (;;) {
      const good = new Map([...fields].filter(([reference]) => !bad.has(reference.split(".")[0])));
      const read = readPageAnswers(survey, pageName, postedFields(good));
      if (read.ok) {
        for (const [name, value] of Object.entries(read.answers)) if (places.has(name) && !bad.has(name)) answers[name] = value;
        break;
      }
      if (read.refused || read.errors.length === 0)
        throw new Error(`Cells for page ${pageName} named a field the page does not have: ${read.refused}`);
      for (const error of read.errors) {
        problems.push({ where: places.get(error.name)!, reference: error.name, message: words.formMessage(error.name, error.message) });
        bad.add(error.name);
      }
    }
  }

  const merged: Answers = { ...stored };
  for (const [name, value] of Object.entries(answers)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  const shown = visibleQuestions(survey, merged);
  for (const name of given) {
    if (shown.has(name) || bad.has(name)) continue;
    const when = (conditions.get(name) ?? []).map((condition) => describeCondition(condition, byName)).join(" and ");
    problems.push({ where: places.get(name)!, reference: name, message: words.notShown(name, when || "never (the tool hides it)") });
    bad.add(name);
  }
  for (const error of validateReturn(survey, merged)) {
    if (error.kind === "invalid" && places.has(error.name) && !bad.has(error.name))
      problems.push({ where: places.get(error.name)!, reference: error.name, message: words.formMessage(error.name, error.message) });
  }
  if (problems.length > 0) {
    // In the order of the cells, as a person reads the file.
    const order = new Map(cells.map((cell, index) => [cell.where, index]));
    return {
      ok: false,
      problems: problems
        .map((problem, index) => ({ problem, index }))
        .sort((a, b) => (order.get(a.problem.where) ?? 0) - (order.get(b.problem.where) ?? 0) || a.index - b.index)
        .map(({ problem }) => problem),
    };
  }
  return { ok: true, answers, places };
}

/**
 * Stored answers with `answers` written over them (undefined clears), then every answer the result
 * hides dropped, on every page: `mergePageAnswers` for a save that speaks for the whole return.
 */
export function mergeReturnAnswers(survey: SurveyJson, stored: Answers, answers: Answers): Answers {
  const merged: Answers = { ...stored };
  for (const [name, value] of Object.entries(answers)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  const shown = visibleQuestions(survey, merged);
  for (const question of listQuestions(survey)) if (!shown.has(question.name)) delete merged[question.name];
  return merged;
}

/** Spreadsheet wording: "Sheet 'Leadership', cell D7: Choose one of: Yes, Partly, No". */
export const SHEET_WORDS: ProblemWords = {
  notAChoice: (_reference, expected) => `Choose ${expected}`,
  notShown: (_reference, when) => `This question applies only ${when}: clear this cell or change that answer`,
  formMessage: (_reference, message) => message,
  unknown: (reference) => `“${reference}” is not a question of this return: do not change the Reference column`,
  repeated: (reference, firstWhere) =>
    `${reference} is already answered at ${firstWhere.replace(/^Sheet /, "sheet ")}: keep one of the two rows`,
};

/** File-import wording: "Row 20: question 's11_3_q2' expects one of: …". */
export const IMPORT_WORDS: ProblemWords = {
  notAChoice: (reference, expected) => `question '${reference}' expects ${expected}`,
  notShown: (reference, when) => `question '${reference}' applies only ${when}`,
  formMessage: (reference, message) => `question '${reference}': ${message}`,
  unknown: (reference) => `'${reference}' is not a question of this cycle's tool`,
  repeated: (reference, firstWhere) => `question '${reference}' is already answered on ${firstWhere.toLowerCase()}`,
};

/** One question row of an uploaded sheet, as the workbook reader found it. */
export interface UploadedRow {
  sheet: string;
  reference: string;
  answer: { address: string; value: CellValue };
  /** The "reason if not applicable" cell of the row, where the sheet has that column. */
  reason: { address: string; value: CellValue } | null;
}

/** An uploaded workbook as plain data: what it says it is, the answers it was downloaded with, its rows. */
export interface UploadedWorkbook {
  format: string | null;
  toolCode: string | null;
  toolVersion: string | null;
  /** The answers as downloaded; null when the workbook does not hold them readably. */
  base: Answers | null;
  rows: UploadedRow[];
}

export type UploadReading =
  | { ok: true; answers: Answers; base: Answers | null; places: Map<string, string> }
  | { ok: false; refused: string }
  | { ok: false; problems: CellProblem[] };

/**
 * Reads an uploaded return spreadsheet against the return's tool and stored answers. A workbook
 * this platform did not make, or made for another tool version, is refused as a whole (its rows
 * would mean other questions). Otherwise every answer and reason cell goes through
 * `readAnswerCells`; a reason typed beside a question that has no reason is a problem too.
 */
export function readReturnUpload(tool: ToolDefinition, upload: UploadedWorkbook, stored: Answers): UploadReading {
  if (upload.format !== RETURN_SHEET_FORMAT) {
    return {
      ok: false,
      refused:
        "The file is not a return spreadsheet from this website: download the questions as a spreadsheet, fill that in and upload it",
    };
  }
  if (upload.toolCode !== tool.code || upload.toolVersion !== tool.version) {
    return {
      ok: false,
      refused: `The spreadsheet is for ${upload.toolCode ?? "another tool"} version ${upload.toolVersion ?? "unknown"}, but this return uses ${tool.title} version ${tool.version}: download the questions again and copy your answers across`,
    };
  }
  if (upload.rows.length === 0)
    return { ok: false, refused: "The spreadsheet has no questions in it: download the questions again and fill that in" };
  const reasons = reasonQuestions(tool);
  const where = (sheet: string, address: string) => `Sheet '${sheet}', cell ${address}`;
  const cells: AnswerCell[] = [];
  const problems: CellProblem[] = [];
  for (const row of upload.rows) {
    cells.push({ where: where(row.sheet, row.answer.address), reference: row.reference, value: row.answer.value });
    if (!row.reason) continue;
    const reasonName = reasons.get(row.reference.trim());
    if (reasonName) cells.push({ where: where(row.sheet, row.reason.address), reference: reasonName, value: row.reason.value });
    else if (cellText(row.reason.value) !== "")
      problems.push({
        where: where(row.sheet, row.reason.address),
        reference: row.reference,
        message: "Leave this cell empty: this question has no not-applicable reason",
      });
  }
  const read = readAnswerCells(tool, cells, stored, SHEET_WORDS);
  if (!read.ok || problems.length > 0) {
    // In the order of the sheets and rows, as a person reads the file.
    const order = new Map(
      upload.rows
        .flatMap((row) => [row.answer.address, row.reason?.address].filter(Boolean).map((address) => where(row.sheet, address!)))
        .map((place, index) => [place, index]),
    );
    const all = [...(read.ok ? [] : read.problems), ...problems];
    return { ok: false, problems: all.sort((a, b) => (order.get(a.where) ?? 0) - (order.get(b.where) ?? 0)) };
  }
  return { ok: true, answers: read.answers, base: upload.base, places: read.places };
}
