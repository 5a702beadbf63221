import {
  DIRECTION_LABELS,
  FREQUENCY_LABELS,
  POLARITY_LABELS,
  QUADRANT_LABELS,
  RAG_LABELS,
  THEME_LABELS,
  UNIT_LABELS,
} from "~/domain/scorecard";
import type { ScorecardReport } from "~/domain/reports/scorecard";
import type { CellValue, ReportLayout } from "./layout-writers";

/**
 * The scorecard model moved into cells for the shared writers (report-layout.ts) and one flat CSV table.
 * No arithmetic: every value, RAG, direction and break is the model's.
 */

export function scorecardLayout(report: ScorecardReport, title: string): ReportLayout {
  return {
    title,
    subtitle: `The partnership's performance data: each indicator's series with its target, RAG and breaks${report.from || report.to ? `, periods ${report.from ?? "from the start"} to ${report.to ?? "the latest"}` : ""}.`,
    facts: [
      ["Indicators", report.summary.indicators],
      ["Latest green", report.summary.green],
      ["Latest amber", report.summary.amber],
      ["Latest red", report.summary.red],
      ["No RAG (no target or no figures)", report.summary.noRag],
    ],
    narrativeHeading: "Breaks in the series",
    narrative: report.indicators.flatMap((indicator) =>
      indicator.breaks.map(
        (entry) =>
          `${indicator.code} at ${entry.period}: definition version ${entry.fromVersion} to ${entry.toVersion}, \u201c${entry.definition}\u201d. Figures before and after are not comparable.`,
      ),
    ),
    notes: [
      "RAG: green when the value meets the target or falls short of it by no more than the green tolerance, amber within the amber tolerance, red beyond. Short means below the target when higher is better, above it when lower is better.",
      "Direction of travel compares the latest figure with the one before it, under the same definition only.",
    ],
    tables: [
      {
        name: "Indicators",
        caption: `Indicators with their latest figure (n = ${report.indicators.length}).`,
        columns: [
          { header: "Code", width: 12 },
          { header: "Title", width: 40 },
          { header: "Definition", width: 50 },
          { header: "Version", format: "number", width: 9 },
          { header: "Unit", width: 16 },
          { header: "Which way is better", width: 18 },
          { header: "Target", format: "decimal", width: 10 },
          { header: "Frequency", width: 12 },
          { header: "Theme", width: 30 },
          { header: "Quadrant", width: 24 },
          { header: "Owner", width: 28 },
          { header: "Latest period", width: 12 },
          { header: "Latest value", format: "decimal", width: 12 },
          { header: "Latest RAG", width: 10 },
          { header: "Direction of travel", width: 16 },
          { header: "Linked standards", width: 20 },
        ],
        rows: report.indicators.map((indicator): CellValue[] => [
          indicator.code,
          indicator.title,
          indicator.definition,
          indicator.version,
          UNIT_LABELS[indicator.unit],
          POLARITY_LABELS[indicator.polarity],
          indicator.target,
          FREQUENCY_LABELS[indicator.frequency],
          THEME_LABELS[indicator.theme],
          QUADRANT_LABELS[indicator.quadrant],
          indicator.owner?.name ?? "The partnership",
          indicator.latest?.period ?? "",
          indicator.latest?.value ?? null,
          indicator.latest?.rag ? RAG_LABELS[indicator.latest.rag] : "",
          DIRECTION_LABELS[indicator.direction],
          indicator.linkedStandards.join(", "),
        ]),
        empty: "No indicators match.",
      },
      {
        name: "Series",
        caption: "Every figure by indicator and period.",
        columns: [
          { header: "Code", width: 12 },
          { header: "Period", width: 10 },
          { header: "Value", format: "decimal", width: 10 },
          { header: "Numerator", format: "decimal", width: 11 },
          { header: "Denominator", format: "decimal", width: 12 },
          { header: "Target", format: "decimal", width: 10 },
          { header: "RAG", width: 8 },
          { header: "Version", format: "number", width: 9 },
          { header: "Break", width: 8 },
          { header: "Provisional", width: 11 },
          { header: "Commentary", width: 50 },
        ],
        rows: scorecardSeriesRows(report).map((row) => [
          row[0],
          row[1],
          row[2],
          row[3],
          row[4],
          row[5],
          row[6] === null ? "" : RAG_LABELS[row[6] as keyof typeof RAG_LABELS],
          row[7],
          row[8],
          row[9],
          row[10],
        ]),
        empty: "No figures have been entered for the periods shown.",
      },
    ],
  };
}

function scorecardSeriesRows(report: ScorecardReport): CellValue[][] {
  return report.indicators.flatMap((indicator) =>
    indicator.points.map((point): CellValue[] => [
      indicator.code,
      point.period,
      point.value,
      point.numerator,
      point.denominator,
      point.target,
      point.rag,
      point.version,
      point.breakBefore ? "Yes" : "No",
      point.provisional ? "Yes" : "No",
      point.commentary,
    ]),
  );
}

export const SCORECARD_CSV_HEADER = [
  "indicator",
  "period",
  "value",
  "numerator",
  "denominator",
  "target",
  "rag",
  "version",
  "break_before",
  "provisional",
  "commentary",
];

/** One row per indicator and period; RAG as its code (green, amber, red) or empty without a target. */
export function scorecardCsvRows(report: ScorecardReport): CellValue[][] {
  return scorecardSeriesRows(report).map((row) =>
    row.map((cell, index) => (index === 8 || index === 9 ? (cell === "Yes" ? "yes" : "no") : cell)),
  );
}
