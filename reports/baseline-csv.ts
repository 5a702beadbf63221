import { oneDecimal } from "~/domain/scoring";
import type { BaselineModel } from "./baseline-format";

/**
 * The baseline report as CSV for analysts: one row per agency and standard, band codes as the tool
 * defines them (the same codes as the JSON), percentages to one decimal (never rounded up to a band minimum
 * they are below; the JSON has them at full precision) and empty when not scored. Each row also carries its
 * agency's overall and how many essential requirements it has not met (rules v2).
 * RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break.
 */

/** Columns are only ever added at the end, so a BI tool reading by position keeps working. */
export const BASELINE_CSV_HEADER = [
  "agency",
  "sector",
  "standard_code",
  "standard_title",
  "percent",
  "computed_band",
  "self_rating",
  "moderated_rating",
  "effective_band",
  "effective_source",
  "items_included",
  "items_not_applicable",
  "items_unanswered",
  "overall_percent",
  "overall_band",
  "overall_capped",
  "essential_requirements_not_met",
];

/** A sector withheld from an anonymised view (its group is too small to name). */
export const WITHHELD_SECTOR = "withheld";

/**
 * Text a spreadsheet would run as a formula (OWASP "CSV injection"): a leading =, +, - or @, or a tab
 * or carriage return that some spreadsheets skip before reading one. Such text gets a leading
 * apostrophe so it is shown, never evaluated. Numbers are written as numbers and left alone.
 */
function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function textField(value: string | null): string {
  return quote(defuse(value ?? ""));
}

function numberField(value: number | null, bands: readonly { min: number }[] = []): string {
  return value === null ? "" : oneDecimal(value, bands);
}

export function renderBaselineCsv(model: BaselineModel): string {
  return [...baselineCsvLines(model)].join("");
}

/** The same CSV a line at a time (each with its CRLF), for a streamed download. */
export function* baselineCsvLines(model: BaselineModel): Generator<string> {
  const titles = new Map(model.standards.map((standard) => [standard.code, standard.title]));
  yield `${BASELINE_CSV_HEADER.join(",")}\r\n`;
  for (const row of model.agencies) {
    const sector = row.agency.sectorSuppressed ? WITHHELD_SECTOR : row.agency.sector;
    for (const cell of row.standards) {
      yield `${[
        textField(row.agency.name),
        textField(sector),
        textField(cell.code),
        textField(titles.get(cell.code) ?? ""),
        numberField(cell.percent, model.bands),
        textField(cell.band),
        textField(cell.selfRating),
        textField(cell.moderatedRating),
        textField(cell.effectiveBand),
        textField(cell.effectiveSource),
        numberField(cell.items?.included ?? null),
        numberField(cell.items?.notApplicable ?? null),
        numberField(cell.items?.unanswered ?? null),
        numberField(row.overall.percent, model.bands),
        textField(row.overall.band),
        row.overall.capped ? "yes" : "no",
        String(row.overall.unmetEssentials.length),
      ].join(",")}\r\n`;
    }
  }
}
