import {
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { buildBaselineNarrative } from "~/domain/reports/baseline-narrative";
import { bandLabel, formatPercent, scoreNote } from "~/domain/scoring";
import { formatDate } from "~/domain/dates";
import { SECTOR_LABELS } from "~/domain/agency";
import { formatSpread } from "~/domain/reports/spread";
import {
  anonymisedNote,
  bandOf,
  DOCUMENT_TABLE_MAX_ROWS,
  effectiveBandText,
  MEDIAN_NOTE,
  provenanceLine,
  RATING_NOTE,
  readableTextColour,
  reportTitle,
  sectorText,
  tooLongForDocument,
  type BaselineModel,
  type ExportContext,
} from "./baseline-format";

/**
 * The baseline report as a Word board pack: title, provenance, a narrative summary (its counts come
 * from the domain's narrative builder), the overall distribution, the heat map on a landscape
 * page with each band's label written in its cell and its colour as the shading, so the pack still
 * reads in black and white, and then a table per view (standards, sectors, dimensions, self against
 * effective rating, questions most often unmet), each with its n and what it left out.
 */

/** A4 in twentieths of a point; docx swaps the sides for landscape. */
const A4 = { width: 11906, height: 16838 };
/** Half-inch margins on the heat map's landscape page, leaving it this usable width. */
const LANDSCAPE_MARGIN = 720;
const HEAT_MAP_WIDTH = A4.height - 2 * LANDSCAPE_MARGIN;
/** Fixed widths for the agency, overall and optimism gap columns; the standards share what is left. */
const HEAT_MAP_FIXED = [2300, 1250, 1100];
const STANDARD_CODE_WIDTH = 1600;

/** Half-points: 11pt body, 8pt heat map (15+ columns must fit a landscape page). */
const BODY_SIZE = 22;
const HEAT_MAP_SIZE = 16;

function hex(colour: string): string {
  return colour.slice(1).toUpperCase();
}

function textCell(text: string, options: { bold?: boolean; size?: number } = {}): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: options.bold, size: options.size })] })] });
}

function headerRow(cells: string[], size?: number): TableRow {
  return new TableRow({ tableHeader: true, cantSplit: true, children: cells.map((text) => textCell(text, { bold: true, size })) });
}

/** A band's label on its colour; "Not scored" stays unshaded. */
function bandCell(model: BaselineModel, code: string | null, size: number, suffix = "", label = bandLabel(model.bands, code)): TableCell {
  const band = bandOf(model.bands, code);
  const text = `${label}${suffix}`;
  if (!band) return textCell(text, { size });
  return new TableCell({
    shading: { type: ShadingType.CLEAR, color: "auto", fill: hex(band.colour) },
    children: [new Paragraph({ children: [new TextRun({ text, bold: true, size, color: hex(readableTextColour(band.colour)) })] })],
  });
}

function fullWidthTable(rows: TableRow[]): Table {
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows });
}

/** Column widths of the heat map (page layout, not report figures): word processors otherwise split names mid-word. */
function heatMapColumns(standards: number): number[] {
  const fixed = HEAT_MAP_FIXED.reduce((sum, width) => sum + width, 0);
  return [...HEAT_MAP_FIXED, ...Array.from({ length: standards }, () => Math.floor((HEAT_MAP_WIDTH - fixed) / Math.max(standards, 1)))];
}

function opening(model: BaselineModel, context: ExportContext): (Paragraph | Table)[] {
  const narrative = buildBaselineNarrative(model);
  const anonymised = anonymisedNote(model);
  return [
    new Paragraph({ text: reportTitle(model, context), heading: HeadingLevel.TITLE }),
    new Paragraph({ text: `${model.tool.title}, version ${model.tool.version}. Cycle due ${formatDate(model.cycle.dueOn)}.` }),
    new Paragraph({ text: provenanceLine(context) }),
    ...(anonymised ? [new Paragraph({ text: anonymised })] : []),
    new Paragraph({ text: "Summary", heading: HeadingLevel.HEADING_1 }),
    ...narrative.sentences.map((sentence) => new Paragraph({ text: sentence, bullet: { level: 0 } })),
    new Paragraph({ text: "Overall ratings", heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: `Submitted returns by overall band (n = ${model.agencies.length}).` }),
    fullWidthTable([
      headerRow(["Band", "Minimum score", "Agencies"]),
      ...model.summary.overallDistribution.map(
        (entry) =>
          new TableRow({
            cantSplit: true,
            children: [
              bandCell(model, entry.band, BODY_SIZE),
              textCell(`${bandOf(model.bands, entry.band)?.min ?? ""}%`),
              textCell(String(entry.count)),
            ],
          }),
      ),
    ]),
    new Paragraph({ text: "How to read this pack", heading: HeadingLevel.HEADING_2 }),
    new Paragraph({ text: RATING_NOTE }),
  ];
}

/** " (97%), capped: 1 essential requirement not met": the overall's figure and why its band is lower, as on the page. */
function overallSuffix(model: BaselineModel, row: BaselineModel["agencies"][number]): string {
  const note = scoreNote(row.overall.capped, row.overall.unmetEssentials.length);
  return ` (${formatPercent(row.overall.percent, model.bands)})${note ? `, ${note}` : ""}`;
}

function heatMapRow(model: BaselineModel, row: BaselineModel["agencies"][number]): TableRow {
  return new TableRow({
    cantSplit: true,
    children: [
      new TableCell({
        children: [
          new Paragraph({ children: [new TextRun({ text: row.agency.name, bold: true, size: HEAT_MAP_SIZE })] }),
          new Paragraph({ children: [new TextRun({ text: sectorText(row.agency), size: HEAT_MAP_SIZE })] }),
        ],
      }),
      bandCell(model, row.overall.band, HEAT_MAP_SIZE, row.overall.band === null ? "" : overallSuffix(model, row)),
      textCell(String(row.optimismGap), { size: HEAT_MAP_SIZE }),
      ...row.standards.map((cell) => bandCell(model, cell.effectiveBand, HEAT_MAP_SIZE, "", effectiveBandText(model.bands, cell))),
    ],
  });
}

function heatMap(model: BaselineModel): (Paragraph | Table)[] {
  const heading = new Paragraph({ text: "Where each agency stands", heading: HeadingLevel.HEADING_1 });
  if (model.agencies.length === 0) return [heading, new Paragraph({ text: "No returns have been submitted yet." })];
  if (model.agencies.length > DOCUMENT_TABLE_MAX_ROWS) return [heading, new Paragraph({ text: tooLongForDocument(model.agencies.length) })];
  return [
    heading,
    new Paragraph({
      text: `Effective rating by agency and standard (n = ${model.agencies.length} submitted returns). Standard titles are listed after the table.`,
    }),
    new Table({
      layout: TableLayoutType.FIXED,
      columnWidths: heatMapColumns(model.standards.length),
      width: { size: HEAT_MAP_WIDTH, type: WidthType.DXA },
      rows: [
        headerRow(["Agency", "Overall", "Optimism gap", ...model.standards.map((standard) => standard.code)], HEAT_MAP_SIZE),
        ...model.agencies.map((row) => heatMapRow(model, row)),
      ],
    }),
    new Paragraph({ text: "Standards", heading: HeadingLevel.HEADING_2 }),
    new Table({
      columnWidths: [STANDARD_CODE_WIDTH, HEAT_MAP_WIDTH - STANDARD_CODE_WIDTH],
      width: { size: HEAT_MAP_WIDTH, type: WidthType.DXA },
      rows: [
        headerRow(["Code", "Title"]),
        ...model.standards.map(
          (standard) => new TableRow({ cantSplit: true, children: [textCell(standard.code), textCell(standard.title)] }),
        ),
      ],
    }),
  ];
}

/** A plain table: a repeated header row and text cells, small enough for a landscape page (or, past the limit, a note). */
function simpleTable(header: string[], rows: string[][]): Table | Paragraph {
  if (rows.length > DOCUMENT_TABLE_MAX_ROWS) return new Paragraph({ text: tooLongForDocument(rows.length) });
  return new Table({
    width: { size: HEAT_MAP_WIDTH, type: WidthType.DXA },
    rows: [
      headerRow(header, HEAT_MAP_SIZE),
      ...rows.map((cells) => new TableRow({ cantSplit: true, children: cells.map((text) => textCell(text, { size: HEAT_MAP_SIZE })) })),
    ],
  });
}

/** The group views, each a heading, a sentence on what it counts, and a table of the model's numbers. */
function views(model: BaselineModel): (Paragraph | Table)[] {
  const bandHeads = model.bands.map((band) => band.label);
  const parts: (Paragraph | Table)[] = [
    new Paragraph({ text: "Each standard across agencies", heading: HeadingLevel.HEADING_1 }),
    new Paragraph({
      text: `Effective ratings (agencies) and the median computed score of each standard, over ${model.agencies.length} submitted returns. ${MEDIAN_NOTE}`,
    }),
    simpleTable(
      ["Standard", ...bandHeads, "Not rated", "Median (middle half, n)", "Not scored", "Items N/A", "Items unanswered"],
      model.perStandard.map((entry) => [
        `${entry.code} ${entry.title}`,
        ...entry.distribution.map((count) => String(count.count)),
        String(entry.unrated),
        formatSpread(entry.spread),
        String(entry.notScored),
        String(entry.itemsNotApplicable),
        String(entry.itemsUnanswered),
      ]),
    ),
    new Paragraph({ text: "Sector medians", heading: HeadingLevel.HEADING_1 }),
    new Paragraph({
      text: "The median computed score of each standard among the agencies of each sector, with the number of agencies scored (n).",
    }),
    // A table whose every row would say "not shown" says nothing: one sentence instead.
    model.perStandard.every((entry) => entry.sectors.length === 0)
      ? new Paragraph({ text: "No sector has enough agencies to be shown without identifying them." })
      : simpleTable(
          ["Standard", "Sector", "Median", "n", "Agencies in no sector shown"],
          model.perStandard.flatMap((entry) => [
            ...entry.sectors.map((sector) => [
              entry.code,
              SECTOR_LABELS[sector.sector],
              formatPercent(sector.median),
              String(sector.n),
              "",
            ]),
            ...(entry.sectorsLeftOut > 0 ? [[entry.code, "Sector not shown (small group)", "", "", String(entry.sectorsLeftOut)]] : []),
          ]),
        ),
  ];
  if (model.dimensions.length > 0) {
    parts.push(
      new Paragraph({ text: "Dimensions", heading: HeadingLevel.HEADING_1 }),
      new Paragraph({
        text: "Each agency's dimension score is the weighted mean of its scored standards in that dimension, banded like a standard.",
      }),
      model.perDimension.length === 0
        ? new Paragraph({ text: "Not available: this publication was frozen before dimension scores were reported." })
        : simpleTable(
            ["Dimension", "Standards", ...bandHeads, "Median (middle half, n)", "Not scored"],
            model.perDimension.map((entry) => [
              entry.title,
              entry.standards.join(", "),
              ...entry.distribution.map((count) => String(count.count)),
              formatSpread(entry.spread),
              String(entry.notScored),
            ]),
          ),
    );
  }
  parts.push(
    new Paragraph({ text: "Self rating against effective rating", heading: HeadingLevel.HEADING_1 }),
    new Paragraph({
      text: "For each standard, how many agencies rated themselves above, the same as or below the effective rating (n = agencies with both).",
    }),
    simpleTable(
      ["Standard", "Rated above", "Same", "Rated below", "n", "No self rating"],
      model.perStandard.map((entry) => [
        entry.code,
        String(entry.optimism.above),
        String(entry.optimism.same),
        String(entry.optimism.below),
        String(entry.optimism.n),
        String(entry.optimism.noSelfRating),
      ]),
    ),
    new Paragraph({ text: "Optimism gap by agency", heading: HeadingLevel.HEADING_2 }),
    simpleTable(
      ["Agency", "Sector", "Optimism gap", "Standards rated (n)"],
      model.agencies.map((row) => [row.agency.name, sectorText(row.agency), String(row.optimismGap), String(row.selfRated)]),
    ),
    new Paragraph({ text: "Questions most often unmet", heading: HeadingLevel.HEADING_1 }),
  );
  if (!model.items.available) {
    parts.push(new Paragraph({ text: "Not available: this publication was frozen before questions were reported." }));
  } else {
    const shown = model.items.rows.slice(0, ITEMS_IN_PACK);
    parts.push(
      new Paragraph({
        text: `A question is unmet when it was answered, not as "not applicable", and scored nothing. Counted over ${model.items.returnsCounted} submitted or validated returns (${model.items.returnsExcluded} returned for changes left out). The ${shown.length} most often unmet of ${model.items.rows.length} questions; the spreadsheet lists every one.`,
      }),
      simpleTable(
        ["Question", "Standard", "Unmet (of n)", "Below full marks", "Mean score", "N/A", "Not answered"],
        shown.map((row) => [
          row.question,
          row.standard,
          `${row.unmet} of ${row.n} (${formatPercent(row.unmetPercent)})`,
          String(row.belowMax),
          formatPercent(row.meanPercent),
          String(row.notApplicable),
          String(row.notAnswered),
        ]),
      ),
    );
  }
  return parts;
}

/** The pack lists the questions most often unmet; the spreadsheet and JSON hold every question. */
const ITEMS_IN_PACK = 15;

export async function renderBaselineDocx(model: BaselineModel, context: ExportContext): Promise<Buffer> {
  const document = new Document({
    title: reportTitle(model, context),
    creator: context.publication?.publishedBy ?? "Safeguarding audit",
    styles: { default: { document: { run: { font: "Arial", size: BODY_SIZE } } } },
    sections: [
      { properties: { page: { size: { ...A4, orientation: PageOrientation.PORTRAIT } } }, children: opening(model, context) },
      {
        properties: {
          page: {
            size: { ...A4, orientation: PageOrientation.LANDSCAPE },
            margin: { top: LANDSCAPE_MARGIN, right: LANDSCAPE_MARGIN, bottom: LANDSCAPE_MARGIN, left: LANDSCAPE_MARGIN },
          },
        },
        children: heatMap(model),
      },
      {
        properties: {
          page: {
            size: { ...A4, orientation: PageOrientation.LANDSCAPE },
            margin: { top: LANDSCAPE_MARGIN, right: LANDSCAPE_MARGIN, bottom: LANDSCAPE_MARGIN, left: LANDSCAPE_MARGIN },
          },
        },
        children: views(model),
      },
    ],
  });
  return Packer.toBuffer(document);
}
