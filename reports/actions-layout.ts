import { SECTOR_LABELS } from "~/domain/agency";
import { STATUS_LABELS } from "~/domain/actions";
import { formatDate } from "~/domain/dates";
import { standardWord, type ActionCounts, type ActionsReport } from "~/domain/reports/actions";
import type { CellValue, LayoutColumn, ReportLayout } from "./layout-writers";
import { type Anonymised, band, count, ANONYMISED_NOTE } from "./layout-cells";

/** The actions report moved into cells for the shared writers (layout-writers.ts), and one flat CSV table. */

const ACTION_COUNT_COLUMNS: LayoutColumn[] = [
  count("Actions"),
  count("Open"),
  count("In progress"),
  count("Done"),
  count("Overdue"),
  { header: "Median days to close", format: "decimal", width: 14 },
  count("Longest days to close"),
];
const actionCounts = (counts: ActionCounts): CellValue[] => [
  counts.total,
  counts.open,
  counts.inProgress,
  counts.done,
  counts.overdue,
  counts.timeToClose.medianDays,
  counts.timeToClose.longestDays,
];

export function actionsLayout(report: ActionsReport & Anonymised, title: string): ReportLayout {
  const { partnership } = report;
  const word = standardWord(report.tool);
  // A standard's column holds its code ("S3"); a domain's holds its title, so it needs more room.
  const shortWidth = word.heading === "Domain" ? 28 : 12;
  return {
    title,
    subtitle: `Action plans of ${report.cycle.title} (${report.tool.title}, version ${report.tool.version}), as of ${formatDate(report.today)}.`,
    facts: [
      ["Actions", partnership.total],
      ["Open", partnership.open],
      ["In progress", partnership.inProgress],
      ["Done", partnership.done],
      ["Overdue", partnership.overdue],
      ["Median days to close", partnership.timeToClose.medianDays],
      ["Longest days to close", partnership.timeToClose.longestDays],
      ["Ratings changed after an action", report.ratingChanges.length],
    ],
    narrativeHeading: "Progress on actions",
    narrative: [
      `${partnership.total} actions: ${partnership.open} open, ${partnership.inProgress} in progress and ${partnership.done} done; ${partnership.overdue} are past their due date.`,
      partnership.timeToClose.n === 0
        ? "No action is done yet."
        : `Done actions took a median of ${partnership.timeToClose.medianDays} days to close (n = ${partnership.timeToClose.n}).`,
      `The QA subgroup changed ${report.ratingChanges.length} ${report.ratingChanges.length === 1 ? "rating" : "ratings"} after a done action.`,
    ],
    notes: [
      "Overdue: open or in progress and past the due date. Time to close: whole days from the day an action was written to the day it was marked done.",
      ...ANONYMISED_NOTE(report),
    ],
    tables: [
      {
        name: "Agencies",
        caption: `Actions by agency (n = ${report.agencies.length}).`,
        columns: [{ header: "Agency", width: 40 }, ...ACTION_COUNT_COLUMNS],
        rows: [
          ...report.agencies.map((row): CellValue[] => [row.agency.name, ...actionCounts(row)]),
          ["All agencies", ...actionCounts(partnership)],
        ],
        empty: "No actions yet.",
      },
      {
        name: "Sectors",
        caption: `Actions by sector (n = ${report.sectors.length}).`,
        columns: [{ header: "Sector", width: 32 }, ...ACTION_COUNT_COLUMNS],
        rows: report.sectors.map((row): CellValue[] => [SECTOR_LABELS[row.sector], ...actionCounts(row)]),
        empty: "No actions yet.",
      },
      {
        name: `${word.heading}s`,
        caption: `Actions by ${word.singular} (n = ${report.standards.length}).`,
        columns: [{ header: word.heading, width: 44 }, ...ACTION_COUNT_COLUMNS],
        rows: report.standards.map((row): CellValue[] => [word.name(row.code, row.title), ...actionCounts(row)]),
        empty: "No actions yet.",
      },
      {
        name: "Ratings changed",
        caption: `${word.heading}s re-rated after a done action (n = ${report.ratingChanges.length}).`,
        columns: [
          { header: "Agency", width: 40 },
          { header: word.heading, width: shortWidth },
          { header: "Before", width: 16 },
          { header: "After", width: 16 },
          { header: "Re-rated", width: 16 },
          { header: "Reason", width: 50 },
        ],
        rows: report.ratingChanges.map((change) => [
          change.agency.name,
          word.short(change.standardCode, change.standardTitle),
          band(report.bands, change.before),
          band(report.bands, change.after),
          formatDate(change.reratedOn),
          change.rationale,
        ]),
        empty: "No rating has been changed after an action.",
      },
      {
        name: "Actions",
        caption: `Every action, overdue first (n = ${report.actions.length}).`,
        columns: [
          { header: "Agency", width: 40 },
          { header: word.heading, width: shortWidth },
          { header: "Action", width: 50 },
          { header: "Owner", width: 20 },
          { header: "Status", width: 14 },
          { header: "Due", width: 16 },
          count("Days overdue"),
          count("Days to close"),
        ],
        rows: report.actions.map((row) => [
          row.agency.name,
          word.short(row.standardCode, row.standardTitle),
          row.description,
          row.owner,
          STATUS_LABELS[row.status],
          formatDate(row.dueOn),
          row.daysOverdue,
          row.daysToClose,
        ]),
        empty: "No actions yet.",
      },
    ],
  };
}

export const ACTIONS_CSV_HEADER = [
  "action_id",
  "agency",
  "sector",
  "standard_code",
  "status",
  "due_on",
  "overdue",
  "days_overdue",
  "created_on",
  "done_on",
  "days_to_close",
];

export function actionsCsvRows(report: ActionsReport): CellValue[][] {
  return report.actions.map((row) => [
    row.id,
    row.agency.name,
    row.agency.sector,
    row.standardCode,
    row.status,
    row.dueOn,
    row.overdue ? "yes" : "no",
    row.daysOverdue,
    row.createdOn,
    row.doneOn,
    row.daysToClose,
  ]);
}
