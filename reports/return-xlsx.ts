import type ExcelJS from "exceljs";
import { newWorkbook } from "./excel";
import { loadWorkbook } from "./load-workbook.server";
import type { Answers } from "~/domain/scoring";
import type { CellValue, ReturnSheet, UploadedRow, UploadedWorkbook } from "~/domain/return-sheet";

/**
 * A return's questions as an Excel workbook to fill in offline, and that workbook read back into
 * plain cells. The layout is this file's business; what the rows say and how answers are
 * judged is the domain's (`app/domain/return-sheet.ts`). Only the answer and reason cells are
 * unlocked: the sheets are protected without a password, against accidental edits rather than
 * people, and the upload matches rows by the Reference column, never by position.
 */

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const INSTRUCTIONS = "Instructions";
/** Very hidden: what the workbook is and the answers it was downloaded with. */
const DATA_SHEET = "_data";
/** Hidden: the choice lists the answer cells' drop-downs point at. */
const LISTS_SHEET = "_lists";

const HEADERS = ["Reference", "Question", "Allowed answers", "Your answer", "Reason if not applicable", "Notes"] as const;
const WIDTHS = [16, 60, 32, 30, 40, 36];
const HEADER_ROW = 3;
const ANSWER_COLUMN = 4;
const REASON_COLUMN = 5;

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF3F2F1" } };
const ANSWER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF7BF" } };
const UNUSED_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDDDDD" } };
const BORDER: Partial<ExcelJS.Borders> = { bottom: { style: "thin", color: { argb: "FFB1B4B6" } } };
const PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
};

/** A column letter (1 → A). Sheets here have six columns, and lists stay well under 26. */
function columnLetter(index: number): string {
  let letters = "";
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Enough height for the longest wrapped cell: spreadsheet programs do not all fit rows to wrapped
 * text when they open a file, and a clipped question is unreadable. About one character per unit of width.
 */
function rowHeight(texts: string[]): number {
  const lines = Math.max(
    1,
    ...texts.map((text, index) =>
      text.split("\n").reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / (WIDTHS[index] - 2))), 0),
    ),
  );
  return Math.min(409, 15 * lines);
}

function quoted(sheetName: string): string {
  return `'${sheetName.replace(/'/g, "''")}'`;
}

export async function renderReturnXlsx(model: ReturnSheet): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = await newWorkbook();
  workbook.creator = "Safeguarding audit platform";
  addInstructions(workbook, model);

  const lists = workbook.addWorksheet(LISTS_SHEET, { state: "hidden" });
  const listRanges = new Map<string, string>();
  const listFor = (choices: string[]): string => {
    const key = JSON.stringify(choices);
    let range = listRanges.get(key);
    if (!range) {
      const column = columnLetter(listRanges.size + 1);
      choices.forEach((choice, index) => {
        lists.getCell(`${column}${index + 1}`).value = choice;
      });
      range = `${quoted(LISTS_SHEET)}!$${column}$1:$${column}$${choices.length}`;
      listRanges.set(key, range);
    }
    return range;
  };

  for (const page of model.pages) {
    const sheet = workbook.addWorksheet(page.sheetName, {
      views: [{ state: "frozen", ySplit: HEADER_ROW, xSplit: 0 }],
      pageSetup: {
        orientation: "landscape",
        paperSize: 9,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      },
    });
    sheet.columns = WIDTHS.map((width) => ({ width }));
    sheet.getCell("A1").value = page.title;
    sheet.getCell("A1").font = { bold: true, size: 14 };
    sheet.getCell("A2").value =
      "Answer in the yellow cells of column D (and E where a question does not apply). Do not change the Reference column.";
    const header = sheet.getRow(HEADER_ROW);
    header.values = [...HEADERS];
    header.font = { bold: true };
    header.alignment = { vertical: "bottom", wrapText: true };
    header.eachCell((cell) => {
      cell.fill = HEADER_FILL;
      cell.border = BORDER;
    });
    page.rows.forEach((row, index) => {
      const line = sheet.getRow(HEADER_ROW + 1 + index);
      line.values = [row.reference, row.question, row.allowed, row.answer ?? null, row.reason ? row.reason.answer : null, row.note];
      line.alignment = { vertical: "top", wrapText: true };
      line.height = rowHeight([row.reference, row.question, row.allowed, String(row.answer ?? ""), row.reason?.answer ?? "", row.note]);
      const answer = line.getCell(ANSWER_COLUMN);
      answer.protection = { locked: false };
      answer.fill = ANSWER_FILL;
      if (row.choices) {
        answer.dataValidation = {
          type: "list",
          allowBlank: true,
          formulae: [listFor(row.choices)],
          showErrorMessage: true,
          errorStyle: "stop",
          errorTitle: "Choose an answer from the list",
          error: row.allowed,
        };
      }
      const reason = line.getCell(REASON_COLUMN);
      if (row.reason) {
        reason.protection = { locked: false };
        reason.fill = ANSWER_FILL;
      } else {
        reason.fill = UNUSED_FILL;
      }
      line.getCell(1).font = { color: { argb: "FF505A5F" } };
    });
    await sheet.protect("", PROTECTION);
  }

  addData(workbook, model);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function addInstructions(workbook: ExcelJS.Workbook, model: ReturnSheet): void {
  const sheet = workbook.addWorksheet(INSTRUCTIONS, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [{ width: 110 }];
  const lines: [string, Partial<ExcelJS.Font>?][] = [
    [`${model.cycleTitle}: ${model.agencyName}`, { bold: true, size: 16 }],
    [`${model.toolTitle}, version ${model.toolVersion}`],
    [""],
    ["How to fill in this spreadsheet", { bold: true, size: 13 }],
    ["1. Each sheet after this one is a section of the return. Each row is a question (a row of a grid question has a row of its own)."],
    [
      "2. Type or choose your answer in the yellow cell of the 'Your answer' column. The 'Allowed answers' column says what each question takes.",
    ],
    ["3. Where a question takes several answers, separate them with a semicolon, for example: Policy; Training."],
    ["4. If a question does not apply to your agency, answer 'Not applicable' and say why in the 'Reason if not applicable' column."],
    ["5. The 'Notes' column says when a question applies (some only follow certain answers) and which answers are needed before sign-off."],
    ["6. Leave a cell empty for no answer. An answer you clear in the spreadsheet is cleared on the website when you upload it."],
    ["7. Do not change the Reference column, rename or delete rows: the upload matches each row by its reference."],
    [""],
    ["Uploading", { bold: true, size: 13 }],
    ["Upload the completed spreadsheet from your return's page on the website ('Upload a completed spreadsheet')."],
    [
      "Every answer is checked as if you had typed it into the form. If anything needs correcting, you get a list of the sheets and cells to fix, and nothing is saved until the whole file is right.",
    ],
    [
      "If someone in your agency changes an answer on the website after you download this file, and your file changes it too, the upload tells you so rather than overwrite their answer.",
    ],
    ["Evidence files are not part of the spreadsheet: upload them on the website. Sign-off and submission also happen on the website."],
  ];
  lines.forEach(([text, font], index) => {
    const cell = sheet.getCell(`A${index + 1}`);
    cell.value = text;
    cell.alignment = { wrapText: true, vertical: "top" };
    if (font) cell.font = font;
  });
}

function addData(workbook: ExcelJS.Workbook, model: ReturnSheet): void {
  const sheet = workbook.addWorksheet(DATA_SHEET, { state: "veryHidden" });
  sheet.addRow(["format", model.format]);
  sheet.addRow(["tool", model.toolCode]);
  sheet.addRow(["version", model.toolVersion]);
  for (const [name, value] of Object.entries(model.base)) sheet.addRow(["answer", name, JSON.stringify(value)]);
}

/** A cell's value as text, number or yes/no: formulas by their result, rich text as its text, dates as YYYY-MM-DD. */
function plainValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("result" in value) return plainValue((value.result ?? null) as ExcelJS.CellValue);
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

function textOf(value: ExcelJS.CellValue): string {
  const plain = plainValue(value);
  return plain === null ? "" : String(plain).trim();
}

/**
 * Reads a workbook back into plain rows. Throws only when the bytes are not an Excel workbook at all
 * (`NotAWorkbookError`) or one too large to read (`WorkbookTooLargeError`); a workbook of the wrong
 * kind reads as one without the format mark, for the domain to refuse.
 */
export async function readReturnXlsx(bytes: Uint8Array): Promise<UploadedWorkbook> {
  const workbook = await loadWorkbook(bytes);
  const data = workbook.getWorksheet(DATA_SHEET);
  const setting = (key: string) => {
    let found: string | null = null;
    data?.eachRow((row) => {
      if (found === null && textOf(row.getCell(1).value) === key) found = textOf(row.getCell(2).value);
    });
    return found;
  };
  let base: Answers | null = data ? {} : null;
  data?.eachRow((row) => {
    if (base === null || textOf(row.getCell(1).value) !== "answer") return;
    try {
      base[textOf(row.getCell(2).value)] = JSON.parse(textOf(row.getCell(3).value));
    } catch {
      base = null;
    }
  });

  const rows: UploadedRow[] = [];
  for (const sheet of workbook.worksheets) {
    if (sheet.name === INSTRUCTIONS || sheet.name === DATA_SHEET || sheet.name === LISTS_SHEET) continue;
    let answerColumn = 0;
    let reasonColumn = 0;
    sheet.eachRow((row, rowNumber) => {
      const first = textOf(row.getCell(1).value);
      if (answerColumn === 0) {
        // The header row names the columns; everything above it is the sheet's title.
        if (first !== HEADERS[0]) return;
        row.eachCell((cell, column) => {
          if (textOf(cell.value) === HEADERS[ANSWER_COLUMN - 1]) answerColumn = column;
          if (textOf(cell.value) === HEADERS[REASON_COLUMN - 1]) reasonColumn = column;
        });
        return;
      }
      if (first === "") return;
      rows.push({
        sheet: sheet.name,
        reference: first,
        answer: { address: `${columnLetter(answerColumn)}${rowNumber}`, value: plainValue(row.getCell(answerColumn).value) },
        reason:
          reasonColumn > 0
            ? { address: `${columnLetter(reasonColumn)}${rowNumber}`, value: plainValue(row.getCell(reasonColumn).value) }
            : null,
      });
    });
  }
  return { format: setting("format"), toolCode: setting("tool"), toolVersion: setting("version"), base, rows };
}
