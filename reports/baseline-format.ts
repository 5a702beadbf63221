import { SECTOR_LABELS } from "~/domain/agency";
import type { BaselineAgencyRow, BaselineReport, BaselineStandardCell } from "~/domain/reports/baseline";
import type { Band } from "~/domain/tool-schema";
import { formatDateTime } from "~/domain/dates";
import { bandLabel } from "~/domain/scoring";

/**
 * What the baseline renderers share: how a band, a sector and the report's provenance are written.
 * Presentation only; every number comes from the model (STYLE.md: renderers never compute).
 */

/** A published model may carry the anonymisation it was frozen with (see publications.server.ts). */
export type BaselineModel = BaselineReport & { anonymised?: { minGroupSize: number; suppressedSectors: number } };

/** When and by whom the export was made: the caller passes the clock, as the domain does. */
export interface ExportContext {
  generatedAt: string;
  publication?: { title: string; publishedAt: string; publishedBy: string };
}

export const NOT_SCORED = "Not scored";

/**
 * The most rows a table in a Word document holds. Word packs are for reading; a table of thousands of
 * agencies is for a spreadsheet, and building one in a document takes seconds and hundreds of megabytes
 * (a national comparison would run the server out of memory). Larger tables are left to the XLSX and CSV,
 * and the document says so where the table would be.
 */
export const DOCUMENT_TABLE_MAX_ROWS = 1_000;

export function tooLongForDocument(rows: number): string {
  return `This table has ${rows.toLocaleString("en-GB")} rows, too many to read in a document: it is in full in the spreadsheet (XLSX) and CSV downloads of this report.`;
}
export const SECTOR_SUPPRESSED = "Sector not shown (small group)";

/** GOV.UK's text colours, used on band fills. */
const DARK_TEXT = "#0b0c0c";
const LIGHT_TEXT = "#ffffff";

export function bandOf(bands: Band[], code: string | null): Band | undefined {
  return code === null ? undefined : bands.find((band) => band.code === code);
}

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * Dark or white text on a band's colour, whichever contrasts more (WCAG 1.4.3): the same choice the
 * page's band labels make, so a printed pack reads like the screen.
 */
export function readableTextColour(colour: string): string {
  const l = luminance(colour);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? DARK_TEXT : LIGHT_TEXT;
}

/** An effective band's label, marked "(moderated)" when the QA subgroup's rating is what it shows. */
export function effectiveBandText(bands: Band[], cell: BaselineStandardCell): string {
  return `${bandLabel(bands, cell.effectiveBand)}${cell.effectiveSource === "moderated" ? " (moderated)" : ""}`;
}

/** How the medians are worked out; printed beside them in every pack. */
export const MEDIAN_NOTE =
  "Medians and the middle half (lower to upper quartile) are of the computed percentages over the agencies with a score (n), worked out by linear " +
  "interpolation between the closest ranks, as Excel's QUARTILE.INC does. Not-scored standards are left out of n, never counted as 0.";

export function sectorText(agency: BaselineAgencyRow["agency"]): string {
  return agency.sectorSuppressed ? SECTOR_SUPPRESSED : SECTOR_LABELS[agency.sector];
}

/** "Published by Sam Q on 1 March 2026 at 9:00am" or "Generated on …": the provenance line every pack opens with. */
export function provenanceLine(context: ExportContext): string {
  return context.publication
    ? `Published to the board by ${context.publication.publishedBy} on ${formatDateTime(context.publication.publishedAt)}; the figures are fixed as they stood then. File made on ${formatDateTime(context.generatedAt)}.`
    : `Live figures as they stood on ${formatDateTime(context.generatedAt)}.`;
}

export function reportTitle(model: BaselineModel, context: ExportContext): string {
  return context.publication?.title ?? `Baseline report: ${model.cycle.title}`;
}

export function anonymisedNote(model: BaselineModel): string | null {
  return model.anonymised
    ? `Agencies are anonymised; sectors with fewer than ${model.anonymised.minGroupSize} agencies are not named.`
    : null;
}

/** How ratings and rounding should be read; printed in every pack beside the numbers. */
export const RATING_NOTE =
  "Each standard shows its effective rating: the QA subgroup's moderated rating where there is one, otherwise the band computed from the answers. " +
  "The overall score and band are computed. Percentages are kept unrounded and shown rounded to whole numbers (half up): 84.6% shows as 85%, " +
  "but its band is decided on 84.6. The optimism gap counts the standards an agency rated itself above their effective rating.";
