import { bandLabel, percentDigits } from "~/domain/scoring";
import type ExcelJS from "exceljs";
import type { Readable } from "node:stream";
import { NO_PAUSE, streamBytes, workbookStream, type Pace } from "./export-stream";
import { formatDate, formatDateTime } from "~/domain/dates";
import { SECTOR_LABELS } from "~/domain/agency";
import { RETURN_STATUS_LABELS } from "~/domain/permissions";
import {
  anonymisedNote,
  effectiveBandText,
  MEDIAN_NOTE,
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
 * The baseline report as an Excel workbook: Summary, Heat map, Scores and Standards sheets, then one
 * sheet per view (Per standard, Sector medians, Dimensions, Optimism gap, Items unmet), laid out
 * from the model alone. Percentages stay real numbers at full precision; only the number format
 * rounds them for display, so a formula over a cell sees the same figure as the JSON model.
 */

/** The model's percents run 0–100, so the "%" is a literal in the format rather than Excel's ×100 percent style. */
export const PERCENT_FORMAT = '0"%"';
export const WHOLE_NUMBER_FORMAT = "0";

/** Printed, each sheet fits the page's width (landscape), running on to as many pages as it needs. */
const PAGE_SETUP: Partial<ExcelJS.PageSetup> = {
  orientation: "landscape",
  paperSize: 9,
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: "1:1",
};

/** Excel's paper size code for A3 (exceljs names only some sizes). */
const A3 = 8;

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
function paintBand(cell: ExcelJS.Cell, model: BaselineModel, code: string | null, text = bandLabel(model.bands, code)): void {
  cell.value = text;
  const band = bandOf(model.bands, code);
  if (!band) return;
  cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(band.colour) } };
  cell.font = { bold: true, color: { argb: argb(readableTextColour(band.colour)) } };
}

/**
 * A percentage as a real number with a display format. Where the format's rounding would carry it up to a
 * band minimum it is below (84.96 shown "85%" beside Mostly met), the cell holds the figure the pages show
 * instead (84.9, one decimal): a spreadsheet format cannot round down (DESIGN §5).
 */
function percentCell(cell: ExcelJS.Cell, percent: number | null, format: string, bands: readonly { min: number }[] = []): void {
  if (percent === null) {
    cell.value = NOT_SCORED;
    return;
  }
  const shown = percentDigits(percent, bands);
  const decimal = shown.includes(".");
  cell.value = decimal ? Number(shown) : percent;
  cell.numFmt = decimal ? format.replace(/^0/, "0.0") : format;
}

function addSummarySheet(workbook: ExcelJS.Workbook, model: BaselineModel, context: ExportContext): ExcelJS.Worksheet {
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
  if (context.publication)
    facts.push(["Published", `${formatDateTime(context.publication.publishedAt)} by ${context.publication.publishedBy}`]);
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
  for (const entry of summary.byStatus) sheet.addRow([`Status: ${RETURN_STATUS_LABELS[entry.status]}`, entry.count]);
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
  sheet.addRow(["Submitted returns with no overall score", null, summary.overallNotScored]);
  spreadRows(sheet, "Overall score", summary.overallSpread);
  sheet.addRow([]);

  sheet.addRow(["How to read this report"]).font = HEADER_FONT;
  const note = sheet.addRow([RATING_NOTE]);
  sheet.mergeCells(note.number, 1, note.number, 3);
  note.getCell(1).alignment = { wrapText: true, vertical: "top" };
  note.height = 90;
  return sheet;
}

async function addHeatMapSheet(
  workbook: ExcelJS.Workbook,
  model: BaselineModel,
  _context: ExportContext,
  pace: Pace,
): Promise<ExcelJS.Worksheet> {
  // Printed on A3 landscape, one page wide, with the header row and the agency column on every page, so the
  // band labels stay legible on paper (on A4 a 17-standard map shrank to an unreadable size).
  const sheet = workbook.addWorksheet("Heat map", {
    views: [{ state: "frozen", xSplit: 1, ySplit: 1 }],
    pageSetup: {
      ...PAGE_SETUP,
      paperSize: A3 as ExcelJS.PaperSize,
      printTitlesColumn: "A:A",
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  });
  sheet.columns = [
    { header: "Agency", width: 40 },
    { header: "Sector", width: 30 },
    { header: "Overall (%)", width: 12 },
    { header: "Overall band", width: 16 },
    { header: "Optimism gap", width: 11 },
    ...model.standards.map((standard) => ({ header: standard.code, width: 15 })),
    { header: "Essential requirements not met", width: 16 },
  ];
  const header = sheet.getRow(1);
  styleHeader(header);
  model.standards.forEach((standard, index) => {
    header.getCell(6 + index).note = standard.title;
  });
  const unmetColumn = 6 + model.standards.length;
  for (const row of model.agencies) {
    const line = sheet.addRow([row.agency.name, sectorText(row.agency), null, null, row.optimismGap]);
    percentCell(line.getCell(3), row.overall.percent, PERCENT_FORMAT, model.bands);
    paintBand(
      line.getCell(4),
      model,
      row.overall.band,
      row.overall.capped ? `${bandOf(model.bands, row.overall.band)?.label ?? ""} (capped)` : undefined,
    );
    row.standards.forEach((cell, index) =>
      paintBand(line.getCell(6 + index), model, cell.effectiveBand, effectiveBandText(model.bands, cell)),
    );
    line.getCell(unmetColumn).value = row.overall.unmetEssentials.length;
    line.commit();
    await pace();
  }
  // Counted rather than read from the sheet: the streaming writer has let go of the rows by now.
  sheet.pageSetup.printArea = `A1:${sheet.getColumn(unmetColumn).letter}${model.agencies.length + 1}`;
  return sheet;
}

/** Median, quartiles and n as real numbers (three rows under a label), for a summary block. */
function spreadRows(sheet: ExcelJS.Worksheet, label: string, spread: BaselineModel["summary"]["overallSpread"]): void {
  for (const [name, value] of [
    [`${label}: median`, spread.median],
    [`${label}: lower quartile`, spread.q1],
    [`${label}: upper quartile`, spread.q3],
  ] as const) {
    const row = sheet.addRow([name, null, null]);
    percentCell(row.getCell(3), value, PERCENT_FORMAT);
  }
  sheet.addRow([`${label}: n (returns with a score)`, null, spread.n]);
}

/** A sheet whose first row is a frozen, styled header; numbers below it stay numbers. */
function tableSheet(workbook: ExcelJS.Workbook, name: string, columns: { header: string; width: number }[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }], pageSetup: PAGE_SETUP });
  sheet.columns = columns;
  styleHeader(sheet.getRow(1));
  return sheet;
}

function addPerStandardSheet(workbook: ExcelJS.Workbook, model: BaselineModel): ExcelJS.Worksheet {
  const sheet = tableSheet(workbook, "Per standard", [
    { header: "Code", width: 12 },
    { header: "Title", width: 40 },
    ...model.bands.map((band) => ({ header: `${band.label} (agencies)`, width: 14 })),
    { header: "Not rated", width: 11 },
    { header: "n scored", width: 10 },
    { header: "Median (%)", width: 11 },
    { header: "Lower quartile (%)", width: 12 },
    { header: "Upper quartile (%)", width: 12 },
    { header: "Not scored", width: 11 },
    { header: "Items N/A", width: 11 },
    { header: "Items unanswered", width: 12 },
    { header: "Self rated above", width: 12 },
    { header: "Self rated same", width: 12 },
    { header: "Self rated below", width: 12 },
    { header: "n with self and effective rating", width: 14 },
    { header: "No self rating", width: 12 },
  ]);
  const bandsAt = 3;
  for (const entry of model.perStandard) {
    const line = sheet.addRow([entry.code, entry.title, ...entry.distribution.map((count) => count.count), entry.unrated, entry.spread.n]);
    const at = bandsAt + model.bands.length + 2;
    percentCell(line.getCell(at), entry.spread.median, PERCENT_FORMAT);
    percentCell(line.getCell(at + 1), entry.spread.q1, PERCENT_FORMAT);
    percentCell(line.getCell(at + 2), entry.spread.q3, PERCENT_FORMAT);
    [
      entry.notScored,
      entry.itemsNotApplicable,
      entry.itemsUnanswered,
      entry.optimism.above,
      entry.optimism.same,
      entry.optimism.below,
      entry.optimism.n,
      entry.optimism.noSelfRating,
    ].forEach((value, index) => {
      line.getCell(at + 3 + index).value = value;
    });
  }
  sheet.addRow([]);
  sheet.addRow([MEDIAN_NOTE]);
  return sheet;
}

function addSectorSheet(workbook: ExcelJS.Workbook, model: BaselineModel): ExcelJS.Worksheet {
  const sheet = tableSheet(workbook, "Sector medians", [
    { header: "Standard", width: 12 },
    { header: "Sector", width: 30 },
    { header: "n scored", width: 10 },
    { header: "Median (%)", width: 11 },
    { header: "Agencies in no sector shown", width: 16 },
  ]);
  if (model.perStandard.every((entry) => entry.sectors.length === 0)) {
    // Every row would say "not shown": one line says it instead.
    sheet.addRow(["No sector has enough agencies to be shown without identifying them."]);
    return sheet;
  }
  for (const entry of model.perStandard) {
    for (const sector of entry.sectors) {
      const line = sheet.addRow([entry.code, SECTOR_LABELS[sector.sector], sector.n]);
      percentCell(line.getCell(4), sector.median, PERCENT_FORMAT);
    }
    if (entry.sectorsLeftOut > 0) sheet.addRow([entry.code, "Sector not shown (small group)", null, null, entry.sectorsLeftOut]);
  }
  return sheet;
}

async function addDimensionSheet(
  workbook: ExcelJS.Workbook,
  model: BaselineModel,
  _context: ExportContext,
  pace: Pace,
): Promise<ExcelJS.Worksheet> {
  const sheet = tableSheet(workbook, "Dimensions", [
    { header: "Dimension", width: 36 },
    { header: "Standards", width: 30 },
    ...model.bands.map((band) => ({ header: `${band.label} (agencies)`, width: 14 })),
    { header: "n scored", width: 10 },
    { header: "Median (%)", width: 11 },
    { header: "Lower quartile (%)", width: 12 },
    { header: "Upper quartile (%)", width: 12 },
    { header: "Not scored", width: 11 },
  ]);
  for (const entry of model.perDimension) {
    const line = sheet.addRow([entry.title, entry.standards.join(", "), ...entry.distribution.map((count) => count.count), entry.spread.n]);
    const at = 3 + model.bands.length + 1;
    percentCell(line.getCell(at), entry.spread.median, PERCENT_FORMAT);
    percentCell(line.getCell(at + 1), entry.spread.q1, PERCENT_FORMAT);
    percentCell(line.getCell(at + 2), entry.spread.q3, PERCENT_FORMAT);
    line.getCell(at + 3).value = entry.notScored;
  }
  if (model.dimensions.length > 0) {
    sheet.addRow([]);
    const header = sheet.addRow(["Agency", "Sector", ...model.dimensions.map((dimension) => `${dimension.title} (%)`)]);
    styleHeader(header);
    for (const row of model.agencies) {
      const line = sheet.addRow([row.agency.name, sectorText(row.agency)]);
      model.dimensions.forEach((dimension, index) =>
        percentCell(
          line.getCell(3 + index),
          row.dimensions.find((entry) => entry.code === dimension.code)?.percent ?? null,
          WHOLE_NUMBER_FORMAT,
        ),
      );
      line.commit();
      await pace();
    }
  }
  return sheet;
}

async function addOptimismSheet(
  workbook: ExcelJS.Workbook,
  model: BaselineModel,
  _context: ExportContext,
  pace: Pace,
): Promise<ExcelJS.Worksheet> {
  const sheet = tableSheet(workbook, "Optimism gap", [
    { header: "Agency", width: 40 },
    { header: "Sector", width: 30 },
    { header: "Optimism gap (standards)", width: 14 },
    { header: "Standards with self and effective rating (n)", width: 18 },
    ...model.standards.map((standard) => ({ header: `${standard.code} self rating`, width: 15 })),
  ]);
  for (const row of model.agencies) {
    const line = sheet.addRow([row.agency.name, sectorText(row.agency), row.optimismGap, row.selfRated]);
    row.standards.forEach((cell, index) => paintBand(line.getCell(5 + index), model, cell.selfRating));
    line.commit();
    await pace();
  }
  return sheet;
}

async function addItemsSheet(
  workbook: ExcelJS.Workbook,
  model: BaselineModel,
  _context: ExportContext,
  pace: Pace,
): Promise<ExcelJS.Worksheet> {
  const sheet = tableSheet(workbook, "Items unmet", [
    { header: "Question key", width: 16 },
    { header: "Question", width: 60 },
    { header: "Standard", width: 12 },
    { header: "n (counted)", width: 11 },
    { header: "Unmet", width: 9 },
    { header: "Unmet (%)", width: 10 },
    { header: "Below full marks", width: 12 },
    { header: "Mean score (%)", width: 12 },
    { header: "N/A", width: 8 },
    { header: "Not answered", width: 12 },
  ]);
  if (!model.items.available) {
    sheet.addRow(["Not available: this publication was frozen before questions were reported."]);
    return sheet;
  }
  for (const row of model.items.rows) {
    const line = sheet.addRow([row.key, row.question, row.standard, row.n, row.unmet]);
    percentCell(line.getCell(6), row.unmetPercent, PERCENT_FORMAT);
    line.getCell(7).value = row.belowMax;
    percentCell(line.getCell(8), row.meanPercent, PERCENT_FORMAT);
    line.getCell(9).value = row.notApplicable;
    line.getCell(10).value = row.notAnswered;
    line.commit();
    await pace();
  }
  sheet.addRow([]);
  sheet.addRow([
    `Counted over ${model.items.returnsCounted} submitted or validated returns; ${model.items.returnsExcluded} returned for changes left out.`,
  ]);
  return sheet;
}

async function addScoresSheet(
  workbook: ExcelJS.Workbook,
  model: BaselineModel,
  _context: ExportContext,
  pace: Pace,
): Promise<ExcelJS.Worksheet> {
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
    line.commit();
    await pace();
  }
  return sheet;
}

function addStandardsSheet(workbook: ExcelJS.Workbook, model: BaselineModel): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet("Standards", { views: [{ state: "frozen", ySplit: 1 }], pageSetup: PAGE_SETUP });
  sheet.columns = [
    { header: "Code", width: 12 },
    { header: "Title", width: 60 },
    { header: "Dimension", width: 16 },
  ];
  styleHeader(sheet.getRow(1));
  // No dimension is an empty cell (the streaming writer drops empty text, so "" would differ by writer).
  for (const standard of model.standards) sheet.addRow([standard.code, standard.title, standard.dimension ?? null]);
  return sheet;
}

/**
 * Adds the sheets in order; `done` is told when each is finished (the streaming writer commits it then).
 * Exported so a test can fill an in-memory workbook the same way and compare the two files.
 */
export async function fillBaselineWorkbook(
  workbook: ExcelJS.Workbook,
  model: BaselineModel,
  context: ExportContext,
  done: (sheet: ExcelJS.Worksheet) => void,
  pace: Pace = NO_PAUSE,
): Promise<void> {
  workbook.title = reportTitle(model, context);
  workbook.created = new Date(context.generatedAt);
  const sheets = [
    addSummarySheet,
    addHeatMapSheet,
    addScoresSheet,
    addStandardsSheet,
    addPerStandardSheet,
    addSectorSheet,
    addDimensionSheet,
    addOptimismSheet,
    addItemsSheet,
  ];
  for (const addSheet of sheets) done(await addSheet(workbook, model, context, pace));
}

/**
 * Written by exceljs's streaming writer: the per-agency rows are committed (and leave memory) as they are
 * written, and each sheet is committed when done, so a national cycle's workbook is never held whole.
 */
export function streamBaselineXlsx(model: BaselineModel, context: ExportContext): Readable {
  return workbookStream((workbook, pace) => fillBaselineWorkbook(workbook, model, context, (sheet) => sheet.commit(), pace));
}

/** The same workbook whole, for callers (and tests) that want the bytes. */
export async function renderBaselineXlsx(model: BaselineModel, context: ExportContext): Promise<Buffer> {
  return Buffer.from(await streamBytes(streamBaselineXlsx(model, context)));
}
