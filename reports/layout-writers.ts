import type ExcelJS from "exceljs";
import type { Readable } from "node:stream";
import { NO_PAUSE, streamBytes, textStream, workbookStream, type Pace } from "./export-stream";
import { Document, HeadingLevel, Packer, PageOrientation, Paragraph, Table, TableRow, TableCell, TextRun, WidthType } from "docx";
import { formatDateTime } from "~/domain/dates";
import { deltaDigits } from "~/domain/reports/comparison";
import { formatPercent, oneDecimal } from "~/domain/scoring";
import { DOCUMENT_TABLE_MAX_ROWS, tooLongForDocument, type ExportContext } from "./baseline-format";

/**
 * A report laid out as a few titled tables plus a narrative, so the comparison, completion, actions
 * and trend reports share one XLSX, DOCX and CSV writer. Each report's own layout file only moves the
 * model's numbers into cells (no arithmetic: STYLE.md); this file only writes them out.
 */

export type CellValue = string | number | null;

export interface LayoutColumn {
  header: string;
  /** Excel column width in characters. */
  width?: number;
  /** How a number in this column is shown: a percent (0–100, unrounded), signed points, or a whole number. */
  format?: "percent" | "points" | "number" | "decimal";
}

export interface LayoutTable {
  /** Excel sheet name (≤ 31 characters, unique) and the Word heading. */
  name: string;
  caption: string;
  columns: LayoutColumn[];
  rows: CellValue[][];
  /** Shown instead of an empty table. */
  empty?: string;
}

export interface ReportLayout {
  title: string;
  subtitle: string;
  /** Key facts for the Summary sheet and the pack's opening: [label, value]. */
  facts: [string, CellValue][];
  narrativeHeading: string;
  narrative: string[];
  notes: string[];
  tables: LayoutTable[];
}

/** The model's percents run 0–100, so the "%" is a literal in the format rather than Excel's ×100 percent style. */
const NUMBER_FORMATS: Record<NonNullable<LayoutColumn["format"]>, string> = {
  percent: '0"%"',
  points: "+0;\u22120;0",
  number: "0",
  decimal: "0.0",
};

const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true };
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF3F2F1" } };
const PAGE_SETUP: Partial<ExcelJS.PageSetup> = {
  orientation: "landscape",
  paperSize: 9,
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: "1:1",
};

function styleHeader(row: ExcelJS.Row): void {
  row.font = HEADER_FONT;
  row.alignment = { vertical: "bottom", wrapText: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
}

/**
 * The workbook: a Summary sheet (title, provenance, facts, narrative, notes) and one sheet per table,
 * each with its header row frozen. Numbers stay real numbers at full precision; only the number
 * format rounds them on screen. Written by exceljs's streaming writer: each table row is committed (and
 * leaves memory) as soon as it is written, each sheet when it is done.
 */
export function streamLayoutXlsx(layout: ReportLayout, context: ExportContext): Readable {
  return workbookStream((workbook, pace) => fillLayoutWorkbook(workbook, layout, context, (sheet) => sheet.commit(), pace));
}

/** The same workbook whole, for callers (and tests) that want the bytes. */
export async function renderLayoutXlsx(layout: ReportLayout, context: ExportContext): Promise<Buffer> {
  return Buffer.from(await streamBytes(streamLayoutXlsx(layout, context)));
}

/**
 * Adds the sheets in order; `done` is told when each is finished (the streaming writer commits it then).
 * Exported so a test can fill an in-memory workbook the same way and compare the two files.
 */
export async function fillLayoutWorkbook(
  workbook: ExcelJS.Workbook,
  layout: ReportLayout,
  context: ExportContext,
  done: (sheet: ExcelJS.Worksheet) => void,
  pace: Pace = NO_PAUSE,
): Promise<void> {
  workbook.title = layout.title;
  workbook.created = new Date(context.generatedAt);
  const summary = workbook.addWorksheet("Summary", { views: [{ state: "frozen", ySplit: 1 }], pageSetup: PAGE_SETUP });
  summary.columns = [{ width: 48 }, { width: 60 }];
  summary.addRow([layout.title]).font = { bold: true, size: 16 };
  summary.addRow([layout.subtitle]);
  summary.addRow([provenance(context)]);
  summary.addRow([]);
  for (const [label, value] of layout.facts) {
    const row = summary.addRow([label, value]);
    row.getCell(1).font = HEADER_FONT;
    // A fact's number stays exact; shown with one decimal at most, as in the Word pack (DESIGN §5).
    if (typeof value === "number" && !Number.isInteger(value)) row.getCell(2).numFmt = NUMBER_FORMATS.decimal;
  }
  summary.addRow([]);
  summary.addRow([layout.narrativeHeading]).font = HEADER_FONT;
  for (const sentence of layout.narrative) summary.addRow([sentence]);
  if (layout.notes.length > 0) {
    summary.addRow([]);
    summary.addRow(["How to read this report"]).font = HEADER_FONT;
    for (const note of layout.notes) summary.addRow([note]);
  }
  done(summary);

  for (const table of layout.tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }], pageSetup: PAGE_SETUP });
    sheet.columns = table.columns.map((column) => ({ header: column.header, width: column.width ?? 16 }));
    const header = sheet.getRow(1);
    styleHeader(header);
    header.commit();
    for (const values of table.rows) {
      const row = sheet.addRow(values);
      table.columns.forEach((column, index) => {
        const cell = row.getCell(index + 1);
        if (column.format && typeof cell.value === "number") cell.numFmt = NUMBER_FORMATS[column.format];
      });
      row.commit();
      await pace();
    }
    done(sheet);
  }
}

function provenance(context: ExportContext): string {
  return context.publication
    ? `Published to the board by ${context.publication.publishedBy} on ${formatDateTime(context.publication.publishedAt)}; the figures are fixed as they stood then. File made on ${formatDateTime(context.generatedAt)}.`
    : `Live figures as they stood on ${formatDateTime(context.generatedAt)}.`;
}

/**
 * How a number reads in Word: percents and points as the pages show them (formatPercent, whole points half
 * away from zero), anything else with at most one decimal, so a pack never prints "46.2962962962963".
 */
export function cellText(value: CellValue, format: LayoutColumn["format"]): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (format === "percent") return formatPercent(value);
  if (format === "points") return deltaDigits(value);
  return oneDecimal(value);
}

function textCell(text: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 18 })] })] });
}

/** The Word board pack: title, provenance, facts, the narrative, then each table under its heading (landscape A4). */
export async function renderLayoutDocx(layout: ReportLayout, context: ExportContext): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: layout.title, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: layout.subtitle }),
    new Paragraph({ text: provenance(context) }),
    new Paragraph({ text: layout.narrativeHeading, heading: HeadingLevel.HEADING_1 }),
    ...layout.narrative.map((sentence) => new Paragraph({ text: sentence, bullet: { level: 0 } })),
    new Paragraph({ text: "Key figures", heading: HeadingLevel.HEADING_2 }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: layout.facts.map(
        ([label, value]) => new TableRow({ cantSplit: true, children: [textCell(label, true), textCell(cellText(value, undefined))] }),
      ),
    }),
  ];
  if (layout.notes.length > 0) {
    children.push(new Paragraph({ text: "How to read this pack", heading: HeadingLevel.HEADING_2 }));
    for (const note of layout.notes) children.push(new Paragraph({ text: note }));
  }
  for (const table of layout.tables) {
    children.push(new Paragraph({ text: table.name, heading: HeadingLevel.HEADING_1 }), new Paragraph({ text: table.caption }));
    if (table.rows.length === 0) {
      children.push(new Paragraph({ text: table.empty ?? "None." }));
      continue;
    }
    if (table.rows.length > DOCUMENT_TABLE_MAX_ROWS) {
      children.push(new Paragraph({ text: tooLongForDocument(table.rows.length) }));
      continue;
    }
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, cantSplit: true, children: table.columns.map((column) => textCell(column.header, true)) }),
          ...table.rows.map(
            (values) =>
              new TableRow({
                cantSplit: true,
                children: values.map((value, index) => textCell(cellText(value, table.columns[index]?.format))),
              }),
          ),
        ],
      }),
    );
  }
  const document = new Document({
    title: layout.title,
    creator: context.publication?.publishedBy ?? "Safeguarding audit",
    styles: { default: { document: { run: { font: "Arial", size: 22 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838, orientation: PageOrientation.LANDSCAPE } } }, children }],
  });
  return Packer.toBuffer(document);
}

/**
 * Text a spreadsheet would run as a formula (OWASP "CSV injection") gets a leading apostrophe;
 * numbers are written as numbers with at most one decimal (DESIGN §5: JSON keeps full precision, CSV one decimal).
 */
function csvField(value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "number") return oneDecimal(value);
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

/** RFC 4180 CSV of one table: a header of snake_case names, CRLF line ends. */
export function renderCsv(header: string[], rows: CellValue[][]): string {
  return [...csvLines(header, rows)].join("");
}

/** The same CSV a line at a time (each with its CRLF), for a streamed download. */
export function* csvLines(header: string[], rows: Iterable<CellValue[]>): Generator<string> {
  yield `${header.join(",")}\r\n`;
  for (const row of rows) yield `${row.map(csvField).join(",")}\r\n`;
}

/** The CSV as a stream of byte chunks. */
export function streamCsv(header: string[], rows: Iterable<CellValue[]>): Readable {
  return textStream(() => csvLines(header, rows));
}
