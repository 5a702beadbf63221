import { SECTOR_LABELS } from "~/domain/agency";
import { formatDate } from "~/domain/dates";
import type { CompletionCounts, CompletionReport } from "~/domain/reports/completion";
import type { CellValue, ReportLayout } from "./layout-writers";
import { count } from "./layout-cells";

/** The completion report moved into cells for the shared writers (layout-writers.ts), and one flat CSV table. */

const COMPLETION_COLUMNS: { key: keyof CompletionCounts; header: string }[] = [
  { key: "assigned", header: "Assigned" },
  { key: "notStarted", header: "Not started" },
  { key: "inProgress", header: "In progress" },
  { key: "onTime", header: "Submitted on time" },
  { key: "late", header: "Submitted late" },
  { key: "overdue", header: "Overdue" },
  { key: "missing", header: "Missing" },
];

export function completionLayout(report: CompletionReport, title: string): ReportLayout {
  const { partnership } = report;
  return {
    title,
    subtitle: `Returns of ${report.cycle.title}, due ${formatDate(report.cycle.dueOn)}, as of ${formatDate(report.today)}.`,
    facts: [
      ["Due", formatDate(report.cycle.dueOn)],
      ["Final deadline", report.cycle.finalDeadlineOn ? formatDate(report.cycle.finalDeadlineOn) : "None set"],
      ["As of", formatDate(report.today)],
      ...COMPLETION_COLUMNS.map((column): [string, CellValue] => [column.header, partnership[column.key]]),
    ],
    narrativeHeading: "Where returns stand",
    narrative: [
      `${partnership.onTime} of ${partnership.assigned} returns were submitted on time and ${partnership.late} late.`,
      `${partnership.inProgress} are in progress and ${partnership.notStarted} not started; ${partnership.overdue} are overdue and ${partnership.missing} missing.`,
    ],
    notes: [
      "Late: submitted after the due date (UK days). Overdue: not yet submitted, past the due date. Missing: not submitted by the final deadline, or by the time the cycle closed.",
    ],
    tables: [
      {
        name: "Sectors",
        caption: `Returns by sector (n = ${partnership.assigned}).`,
        columns: [{ header: "Sector", width: 32 }, ...COMPLETION_COLUMNS.map((column) => count(column.header))],
        rows: [
          ...report.sectors.map((row): CellValue[] => [SECTOR_LABELS[row.sector], ...COMPLETION_COLUMNS.map((column) => row[column.key])]),
          ["All agencies", ...COMPLETION_COLUMNS.map((column) => partnership[column.key])],
        ],
      },
      {
        name: "Not yet submitted",
        caption: `Returns not yet submitted (n = ${report.outstanding.length}), most overdue first.`,
        columns: [
          { header: "Agency", width: 40 },
          { header: "Sector", width: 28 },
          { header: "Status", width: 16 },
          count("Days past the due date"),
        ],
        rows: report.outstanding.map((row) => [
          row.agency.name,
          SECTOR_LABELS[row.agency.sector],
          row.missing === true ? "missing" : row.status,
          row.due === false ? "not yet due" : row.daysOverdue,
        ]),
        empty: "Every return has been submitted.",
      },
      {
        name: "Submitted late",
        caption: `Returns submitted after the due date (n = ${report.lateSubmissions.length}), latest first.`,
        columns: [{ header: "Agency", width: 40 }, { header: "Sector", width: 28 }, { header: "Submitted", width: 16 }, count("Days late")],
        rows: report.lateSubmissions.map((row) => [
          row.agency.name,
          SECTOR_LABELS[row.agency.sector],
          formatDate(row.submittedOn),
          row.daysLate,
        ]),
        empty: "No return was submitted after the due date.",
      },
    ],
  };
}

export const COMPLETION_CSV_HEADER = ["sector", "assigned", "not_started", "in_progress", "on_time", "late", "overdue", "missing"];

/** One row per sector and a last row "all" for the partnership. */
export function completionCsvRows(report: CompletionReport): CellValue[][] {
  const values = (counts: CompletionCounts) => COMPLETION_COLUMNS.map((column) => counts[column.key]);
  return [...report.sectors.map((row): CellValue[] => [row.sector, ...values(row)]), ["all", ...values(report.partnership)]];
}
