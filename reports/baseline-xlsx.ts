import ExcelJS from "exceljs";
import { formatDate, formatDateTime } from "~/domain/dates";
import {
  anonymisedNote,
  bandLabel,
  bandOf,
  NOT_SCORED,
  provenanceLine,
  RATING_NOTE,
  readableTextColour,
  reportTitle,
  sectorText,
  type BaselineModel,
  type ExportContext,
} from "./baseline-format";

/**
 * The baseline report as an Excel workbook: Summary, Heat map, Scores and Standards sheets, laid out
 * from the model alone. Percentages stay real numbers at full precision; only the number format
 * rounds them for display, so a formula over a cell sees the same figure as the JSON model.
 */

/** The model's percents run 0–100, so the "%" is a literal in the format rather than Excel's ×100 percent style. */
export const PERCENT_FORMAT = '0"%"';
export const WHOLE_NUMBER_FORMAT = "0";

/** Printed, each sheet fits the page's width (landscape), running on to as many pages as it needs. */
const PAGE_SETUP: Partial<ExcelJS.PageSetup> = { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:1" };

const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true };
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF3F2F1" } };

/** exceljs wants ARGB without the hash. */
function argb(hex: string): string {
  return `FF${hex.slice(1).toUpperCase()}`;
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = HEADER_FONT;
  row.alignment = { vertical: "bottom", wrapText: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
}

/** A band label on the band's colour, in whichever text colour reads on it; "Not scored" stays plain. */
function paintBand(cell: ExcelJS.Cell, model: BaselineModel, code: string | null): void {
  cell.value = bandLabel(model.bands, code);
  const band = bandOf(model.bands, code);
  if (!band) return;
  cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(band.colour) } };
  cell.font = { bold: true, color: { argb: argb(readableTextColour(band.colour)) } };
}

function percentCell(cell: ExcelJS.Cell, percent: number | null, format: string): void {
  if (percent === null) {
    cell.value = NOT_SCORED;
    return;
  }
  cell.value = percent;
  cell.numFmt = format;
}

function addSummarySheet(workbook: ExcelJS.Workbook, model: BaselineModel, context: ExportContext): void {
  const sheet = workbook.addWorksheet("Summary", { views: [{ state: "frozen", ySplit: 1 }], pageSetup: PAGE_SETUP });
  sheet.columns = [{ width: 52 }, { width: 44 }, { width: 12 }];
  const title = sheet.addRow([reportTitle(model, context)]);
  title.font = { bold: true, size: 16 };
  sheet.addRow([provenanceLine(context)]);
  const anonymised = anonymisedNote(model);
  if (anonymised) sheet.addRow([anonymised]);
  sheet.addRow([]);

  const facts: [string, string][] = [
    ["Cycle", model.cycle.title],
    ["Due date", formatDate(model.cycle.dueOn)],
    ["Tool", model.tool.title],
    ["Tool version", `${model.tool.code}@${model.tool.version}`],
    ["Generated", formatDateTime(context.generatedAt)],
  ];
  if (context.publication) facts.push(["Published", `${formatDateTime(context.publication.publishedAt)} by ${context.publication.publishedBy}`]);
  for (const fact of facts) sheet.addRow(fact).getCell(1).font = HEADER_FONT;
  sheet.addRow([]);

  styleHeader(sheet.addRow(["Returns", "Number"]));
  const { summary } = model;
  for (const [label, count] of [
    ["Agencies in the cycle", summary.assigned],
    ["Submitted (including returned for changes and validated)", summary.submitted],
    ["In progress", summary.inProgress],
    ["Not started", summary.notStarted],
  ] as const) {
    sheet.addRow([label, count]);
  }
  const completion = sheet.addRow(["Completion"]);
  if (summary.completionPercent === null) completion.getCell(2).value = "No agencies assigned";
  else percentCell(completion.getCell(2), summary.completionPercent, PERCENT_FORMAT);
  sheet.addRow([]);

  sheet.addRow([`Overall ratings of submitted returns (n = ${model.agencies.length})`]).font = HEADER_FONT;
  styleHeader(sheet.addRow(["Band", "Minimum score", "Agencies"]));
  for (const entry of summary.overallDistribution) {
    const row = sheet.addRow([null, bandOf(model.bands, entry.band)?.min ?? null, entry.count]);
    paintBand(row.getCell(1), model, entry.band);
    row.getCell(2).numFmt = PERCENT_FORMAT;
  }
  sheet.addRow([]);

  sheet.addRow(["How to read this report"]).font = HEADER_FONT;
  const note = sheet.addRow([RATING_NOTE]);
  sheet.mergeCells(note.number, 1, note.number, 3);
  note.getCell(1).alignment = { wrapText: true, vertical: "top" };
  note.height = 90;
}

function addHeatMapSheet(workbook: ExcelJS.Workbook, model: BaselineModel): void {
  const sheet = workbook.addWorksheet("Heat map", { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }], pageSetup: PAGE_SETUP });
  sheet.columns = [
    { header: "Agency", width: 40 },
    { header: "Sector", width: 30 },
    { header: "Overall (%)", width: 12 },
    { header: "Overall band", width: 16 },
    { header: "Optimism gap", width: 11 },
    ...model.standards.map((standard) => ({ header: standard.code, width: 15 })),
  ];
  const header = sheet.getRow(1);
  styleHeader(header);
  model.standards.forEach((standard, index) => {
    header.getCell(6 + index).note = standard.title;
  });
  for (const row of model.agencies) {
    const line = sheet.addRow([row.agency.name, sectorText(row.agency), null, null, row.optimismGap]);
    percentCell(line.getCell(3), row.overall.percent, PERCENT_FORMAT);
    paintBand(line.getCell(4), model, row.overall.band);
    row.standards.forEach((cell, index) => paintBand(line.getCell(6 + index), model, cell.effectiveBand));
  }
}

function addScoresSheet(workbook: ExcelJS.Workbook, model: BaselineModel): void {
  const sheet = workbook.addWorksheet("Scores", { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }], pageSetup: PAGE_SETUP });
  sheet.columns = [
    { header: "Agency", width: 40 },
    { header: "Sector", width: 30 },
    { header: "Overall (%)", width: 12 },
    ...model.standards.map((standard) => ({ header: `${standard.code} (%)`, width: 12 })),
  ];
  styleHeader(sheet.getRow(1));
  for (const row of model.agencies) {
    const line = sheet.addRow([row.agency.name, sectorText(row.agency)]);
    percentCell(line.getCell(3), row.overall.percent, WHOLE_NUMBER_FORMAT);
    row.standards.forEach((cell, index) => percentCell(line.getCell(4 + index), cell.percent, WHOLE_NUMBER_FORMAT));
  }
}

function addStandardsSheet(workbook: ExcelJS.Workbook, model: BaselineModel): void {
  const sheet = workbook.addWorksheet("Standards", { views: [{ state: "frozen", ySplit: 1 }], pageSetup: PAGE_SETUP });
  sheet.columns = [
    { header: "Code", width: 12 },
    { header: "Title", width: 60 },
    { header: "Dimension", width: 16 },
  ];
  styleHeader(sheet.getRow(1));
  for (const standard of model.standards) sheet.addRow([standard.code, standard.title, standard.dimension ?? ""]);
}

export async function renderBaselineXlsx(model: BaselineModel, context: ExportContext): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.title = reportTitle(model, context);
  workbook.created = new Date(context.generatedAt);
  addSummarySheet(workbook, model, context);
  addHeatMapSheet(workbook, model);
  addScoresSheet(workbook, model);
  addStandardsSheet(workbook, model);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
