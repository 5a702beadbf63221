import fs from "node:fs";
import path from "node:path";
import type ExcelJS from "exceljs";
import { WorkbookTooLargeError, loadWorkbook } from "../reports/load-workbook.server";
import { parseCsv } from "~/domain/csv";

/** A workbook file larger than this is not read at all (the ZIP guard then bounds what it inflates to). */
const MAX_FILE_BYTES = 50_000_000;

/**
 * The rows of a .csv file or of an .xlsx workbook's first sheet, as text, for the import commands.
 * `line` is the row's number as a person sees it: the sheet's row number in Excel, the record's
 * position in a CSV file (blank lines are skipped). Dates in Excel read as YYYY-MM-DD, formulas as
 * their result, rich text as its text.
 */
export async function readSpreadsheetRows(file: string): Promise<{ line: number; cells: string[] }[]> {
  if (!file.toLowerCase().endsWith(".xlsx"))
    return parseCsv(fs.readFileSync(file, "utf8")).map((cells, index) => ({ line: index + 1, cells }));
  if (fs.statSync(file).size > MAX_FILE_BYTES)
    throw new Error(`it is larger than ${MAX_FILE_BYTES / 1_000_000} MB: no spreadsheet of agencies or past returns is that large`);
  let workbook: ExcelJS.Workbook;
  try {
    workbook = await loadWorkbook(fs.readFileSync(file));
  } catch (error) {
    if (error instanceof WorkbookTooLargeError)
      throw new Error(`it is too large to read (${error.reason}): split it into smaller files, or save it as .csv`);
    // The library's own words ("Can't find end of central directory") mean nothing to the person importing.
    throw new Error("it is not an Excel workbook (.xlsx): save it from Excel as an .xlsx workbook, or as .csv");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    rows.push({ line, cells: (row.values as ExcelJS.CellValue[]).slice(1).map(cellText) });
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
  }
  return String(value);
}

/**
 * The import commands' first check on their file argument: a .csv or .xlsx that exists. Says why not on
 * `err` and returns false, so each command refuses with the same words.
 */
export function isReadableSpreadsheet(file: string, err: (line: string) => void): boolean {
  if (!/\.(csv|xlsx)$/i.test(file)) {
    err(`${file}: give a .csv or .xlsx file`);
    return false;
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    err(`Cannot read ${file}: there is no such file`);
    return false;
  }
  return true;
}

/** One data row of an import file: its number as a person sees it, and its cells by column. */
export interface ImportRow<Column extends string> {
  line: number;
  /** The trimmed cell of `column` in this row ("" when the file has no such column or the cell is empty). */
  value: (column: Column) => string;
}

/**
 * An import file's data rows, its columns found by the names in its first row: `headers` maps a header
 * (lower case, letters only, so "Agency name" and "agency_name" are one) to its column. Refuses on `err`,
 * naming the file, when it cannot be read, lacks a `required` column or has no row after the first;
 * `columns` and `rowIs` put the file's shape in those messages ("agency, question, value"; "answer").
 */
export async function readImportRows<Column extends string>(
  file: string,
  shape: { headers: Record<string, Column>; required: readonly Column[]; columns: string; rowIs: string },
  err: (line: string) => void,
): Promise<ImportRow<Column>[] | null> {
  const fileName = path.basename(file);
  let rows: { line: number; cells: string[] }[];
  try {
    rows = await readSpreadsheetRows(file);
  } catch (error) {
    err(`${fileName} could not be read: ${(error as Error).message}`);
    return null;
  }
  const header = rows[0]?.cells.map((cell) => shape.headers[cell.toLowerCase().replace(/[^a-z]/g, "")]) ?? [];
  const missing = shape.required.find((column) => !header.includes(column));
  if (missing !== undefined) {
    err(`${fileName} has no "${missing}" column: the first row must name the columns ${shape.columns}`);
    return null;
  }
  if (rows.length < 2) {
    err(`${fileName} has no ${shape.rowIs}s: after the first row (${shape.columns}) give one ${shape.rowIs} a row`);
    return null;
  }
  return rows.slice(1).map(({ line, cells }) => ({
    line,
    value: (column) => {
      const index = header.indexOf(column);
      return index === -1 ? "" : (cells[index] ?? "").trim();
    },
  }));
}
