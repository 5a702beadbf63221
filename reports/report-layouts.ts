import { SECTOR_LABELS } from "~/domain/agency";
import { STATUS_LABELS } from "~/domain/actions";
import { formatDate } from "~/domain/dates";
import type { ActionCounts, ActionsReport } from "~/domain/reports/actions";
import type { ComparisonReport } from "~/domain/reports/comparison";
import { MOVEMENT_LABELS, movementText } from "~/domain/reports/comparison";
import { buildComparisonNarrative } from "~/domain/reports/comparison-narrative";
import type { CompletionCounts, CompletionReport } from "~/domain/reports/completion";
import type { TrendReport } from "~/domain/reports/trend";
import { bandLabel, formatPercent } from "~/domain/scoring";
import type { Band } from "~/domain/tool-schema";
import type { CellValue, LayoutColumn, ReportLayout } from "./report-layout";

/**
 * The comparison, completion, actions and trend models moved into cells for the shared writers
 * (report-layout.ts), and into one flat CSV table each. No arithmetic: every number is the model's.
 */

/** A published model may carry the anonymisation it was frozen with (publications.server.ts). */
export type Anonymised = { anonymised?: { minGroupSize: number; suppressedSectors: number } };

const band = (bands: Band[], code: string | null): string => bandLabel(bands, code);
const movement = (value: keyof typeof MOVEMENT_LABELS | null): string => (value === null ? "Not compared" : MOVEMENT_LABELS[value]);
const sector = (value: keyof typeof SECTOR_LABELS | "withheld"): string => (value === "withheld" ? "Sector not shown (small group)" : SECTOR_LABELS[value]);
const percent = (header: string): LayoutColumn => ({ header, format: "percent", width: 14 });
const points = (header: string): LayoutColumn => ({ header, format: "points", width: 14 });
const count = (header: string): LayoutColumn => ({ header, format: "number", width: 12 });

const ANONYMISED_NOTE = (model: Anonymised) =>
  model.anonymised ? [`Agencies are anonymised; sectors with fewer than ${model.anonymised.minGroupSize} agencies are not named, and groups smaller than that are not shown.`] : [];

export function comparisonLayout(report: ComparisonReport & Anonymised, title: string): ReportLayout {
  const then = report.earlier.cycle.title;
  const now = report.later.cycle.title;
  const medianColumns = [count("Agencies (n)"), percent(`Median, ${then}`), percent(`Median, ${now}`), points("Median change (points)")];
  const titleOf = new Map(report.standards.map((standard) => [standard.code, standard.title]));
  return {
    title,
    subtitle: `${report.later.tool.title}: ${then} (version ${report.earlier.tool.version}) compared with ${now} (version ${report.later.tool.version}).`,
    facts: [
      ["Earlier cycle", then],
      ["Later cycle", now],
      ["Threshold (points)", report.threshold],
      ["Agencies in both cycles", report.summary.agenciesInBoth],
      [`Agencies in ${then} only`, report.summary.onlyEarlier],
      [`Agencies in ${now} only`, report.summary.onlyLater],
      ["Standards compared", report.summary.comparableStandards],
      ["Standards not comparable", report.summary.notComparableStandards],
      ["Median overall score, earlier (%)", report.partnership.earlierMedian],
      ["Median overall score, later (%)", report.partnership.laterMedian],
      ["Median change (points)", report.partnership.medianDelta],
    ],
    narrativeHeading: "What changed since the baseline",
    narrative: buildComparisonNarrative(report),
    notes: [
      `Changes are in percentage points (later minus earlier), from unrounded scores. A change of +${report.threshold} or more is improved, \u2212${report.threshold} or less declined, anything between stable.`,
      "Medians cover only agencies with a scored return in both cycles; the median change is the middle of the agencies' own changes. Ratings are effective ratings: moderated where the QA subgroup moderated, else computed.",
      ...ANONYMISED_NOTE(report),
    ],
    tables: [
      {
        name: "Standards",
        caption: `Change by standard (n = ${report.summary.agenciesInBoth} agencies in both cycles).`,
        columns: [{ header: "Standard", width: 44 }, { header: "Was", width: 10 }, ...medianColumns, count("Improved"), count("Stable"), count("Declined"), count("Not scored")],
        rows: report.standards.map((entry) => [`${entry.code} ${entry.title}`, entry.earlierCode, entry.n, entry.earlierMedian, entry.laterMedian, entry.medianDelta, entry.improved, entry.stable, entry.declined, entry.notScored]),
        empty: "No standard can be compared.",
      },
      {
        name: "Partnership and sectors",
        caption: "Median overall score of the agencies in both cycles, for the partnership and each sector.",
        columns: [{ header: "Group", width: 32 }, ...medianColumns, count("Improved"), count("Stable"), count("Declined")],
        rows: [
          ["Partnership", report.partnership.n, report.partnership.earlierMedian, report.partnership.laterMedian, report.partnership.medianDelta, report.partnership.improved, report.partnership.stable, report.partnership.declined],
          ...report.sectors.map((entry): CellValue[] => [SECTOR_LABELS[entry.sector], entry.n, entry.earlierMedian, entry.laterMedian, entry.medianDelta, entry.improved, entry.stable, entry.declined]),
        ],
      },
      {
        name: "Agencies",
        caption: `Overall score by agency, in both cycles (n = ${report.agencies.length}).`,
        columns: [{ header: "Agency", width: 40 }, { header: "Sector", width: 28 }, percent(`Overall, ${then}`), percent(`Overall, ${now}`), points("Change (points)"), { header: "Movement", width: 14 }, { header: `Band, ${then}`, width: 16 }, { header: `Band, ${now}`, width: 16 }, { header: `Essential requirements not met, ${then}`, width: 16, format: "number" }, { header: `Essential requirements not met, ${now}`, width: 16, format: "number" }],
        rows: report.agencies.map((row) => [
          row.agency.name,
          sector(row.agency.sectorSuppressed ? "withheld" : row.agency.sector),
          row.overall.earlier.percent,
          row.overall.later.percent,
          row.overall.delta,
          movement(row.overall.movement),
          band(report.earlier.bands, row.overall.earlier.band),
          band(report.later.bands, row.overall.later.band),
          row.overall.earlier.unmetEssentials ?? 0,
          row.overall.later.unmetEssentials ?? 0,
        ]),
        empty: "No agency has a scored return in both cycles.",
      },
      {
        name: "Against medians",
        caption: "Each agency's overall score against the partnership and its sector's median, then and now (agencies in both cycles).",
        columns: [{ header: "Agency", width: 40 }, { header: "Sector", width: 28 }, percent(`Agency, ${then}`), percent(`Partnership median, ${then}`), percent(`Sector median, ${then}`), percent(`Agency, ${now}`), percent(`Partnership median, ${now}`), percent(`Sector median, ${now}`), count("Sector n")],
        rows: report.agencies.map((row) => {
          const group = row.agency.sectorSuppressed ? undefined : report.sectors.find((entry) => entry.sector === row.agency.sector);
          return [row.agency.name, sector(row.agency.sectorSuppressed ? "withheld" : row.agency.sector), row.overall.earlier.percent, report.partnership.earlierMedian, group?.earlierMedian ?? null, row.overall.later.percent, report.partnership.laterMedian, group?.laterMedian ?? null, group?.n ?? null];
        }),
        empty: "No agency has a scored return in both cycles.",
      },
      {
        name: "Agency by standard",
        caption: "Effective rating by agency and standard, then and now.",
        columns: [{ header: "Agency", width: 40 }, { header: "Standard", width: 12 }, { header: "Title", width: 40 }, percent(`Score, ${then}`), percent(`Score, ${now}`), points("Change (points)"), { header: "Movement", width: 14 }, { header: `Rating, ${then}`, width: 16 }, { header: `Rating, ${now}`, width: 16 }],
        rows: report.agencies.flatMap((row) =>
          row.standards.map((cell): CellValue[] => [
            row.agency.name,
            cell.code,
            titleOf.get(cell.code) ?? "",
            cell.earlier.percent,
            cell.later.percent,
            cell.delta,
            movementText(cell.movement, cell.bandChange),
            band(report.earlier.bands, cell.earlier.effectiveBand),
            band(report.later.bands, cell.later.effectiveBand),
          ]),
        ),
        empty: "No agency has a scored return in both cycles.",
      },
      {
        name: "One cycle only",
        caption: "Agencies with a scored return in one cycle only: shown, not in the medians.",
        columns: [{ header: "Agency", width: 40 }, { header: "Sector", width: 28 }, { header: "Submitted in", width: 28 }, percent("Overall"), { header: "In the other cycle", width: 24 }],
        rows: report.singleCycleAgencies.map((entry) => [entry.agency.name, sector(entry.agency.sector), entry.cycle === "earlier" ? then : now, entry.overall.percent, entry.otherCycleStatus ?? "Not part of the cycle"]),
        empty: "Every agency with a scored return took part in both cycles.",
      },
      {
        name: "Not comparable",
        caption: "Standards not compared, and why.",
        columns: [{ header: "Standard", width: 12 }, { header: "Title", width: 40 }, { header: "Version", width: 12 }, { header: "Reason", width: 12 }, { header: "Why", width: 60 }],
        rows: report.notComparable.map((entry) => [entry.code, entry.title, entry.version, entry.reason, entry.explanation]),
        empty: "Every standard is comparable.",
      },
    ],
  };
}

export const COMPARISON_CSV_HEADER = ["agency", "sector", "standard_code", "earlier_standard_code", "earlier_percent", "later_percent", "delta", "movement", "earlier_effective_band", "later_effective_band"];

/** One row per agency in both cycles and comparable standard; band codes as the tools define them, numbers unrounded. */
export function comparisonCsvRows(report: ComparisonReport): CellValue[][] {
  return report.agencies.flatMap((row) =>
    row.standards.map((cell): CellValue[] => [row.agency.name, row.agency.sector, cell.code, cell.earlierCode, cell.earlier.percent, cell.later.percent, cell.delta, cell.movement, cell.earlier.effectiveBand, cell.later.effectiveBand]),
  );
}

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
    notes: ["Late: submitted after the due date (UK days). Overdue: not yet submitted, past the due date. Missing: not submitted by the final deadline, or by the time the cycle closed."],
    tables: [
      {
        name: "Sectors",
        caption: `Returns by sector (n = ${partnership.assigned}).`,
        columns: [{ header: "Sector", width: 32 }, ...COMPLETION_COLUMNS.map((column) => count(column.header))],
        rows: [...report.sectors.map((row): CellValue[] => [SECTOR_LABELS[row.sector], ...COMPLETION_COLUMNS.map((column) => row[column.key])]), ["All agencies", ...COMPLETION_COLUMNS.map((column) => partnership[column.key])]],
      },
      {
        name: "Not yet submitted",
        caption: `Returns not yet submitted (n = ${report.outstanding.length}), most overdue first.`,
        columns: [{ header: "Agency", width: 40 }, { header: "Sector", width: 28 }, { header: "Status", width: 16 }, count("Days past the due date")],
        rows: report.outstanding.map((row) => [row.agency.name, SECTOR_LABELS[row.agency.sector], row.missing === true ? "missing" : row.status, row.due === false ? "not yet due" : row.daysOverdue]),
        empty: "Every return has been submitted.",
      },
      {
        name: "Submitted late",
        caption: `Returns submitted after the due date (n = ${report.lateSubmissions.length}), latest first.`,
        columns: [{ header: "Agency", width: 40 }, { header: "Sector", width: 28 }, { header: "Submitted", width: 16 }, count("Days late")],
        rows: report.lateSubmissions.map((row) => [row.agency.name, SECTOR_LABELS[row.agency.sector], formatDate(row.submittedOn), row.daysLate]),
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

const ACTION_COUNT_COLUMNS: LayoutColumn[] = [count("Actions"), count("Open"), count("In progress"), count("Done"), count("Overdue"), { header: "Median days to close", format: "decimal", width: 14 }, count("Longest days to close")];
const actionCounts = (counts: ActionCounts): CellValue[] => [counts.total, counts.open, counts.inProgress, counts.done, counts.overdue, counts.timeToClose.medianDays, counts.timeToClose.longestDays];

export function actionsLayout(report: ActionsReport & Anonymised, title: string): ReportLayout {
  const { partnership } = report;
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
      partnership.timeToClose.n === 0 ? "No action is done yet." : `Done actions took a median of ${partnership.timeToClose.medianDays} days to close (n = ${partnership.timeToClose.n}).`,
      `The QA subgroup changed ${report.ratingChanges.length} ${report.ratingChanges.length === 1 ? "rating" : "ratings"} after a done action.`,
    ],
    notes: ["Overdue: open or in progress and past the due date. Time to close: whole days from the day an action was written to the day it was marked done.", ...ANONYMISED_NOTE(report)],
    tables: [
      {
        name: "Agencies",
        caption: `Actions by agency (n = ${report.agencies.length}).`,
        columns: [{ header: "Agency", width: 40 }, ...ACTION_COUNT_COLUMNS],
        rows: [...report.agencies.map((row): CellValue[] => [row.agency.name, ...actionCounts(row)]), ["All agencies", ...actionCounts(partnership)]],
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
        name: "Standards",
        caption: `Actions by standard (n = ${report.standards.length}).`,
        columns: [{ header: "Standard", width: 44 }, ...ACTION_COUNT_COLUMNS],
        rows: report.standards.map((row): CellValue[] => [`${row.code} ${row.title}`, ...actionCounts(row)]),
        empty: "No actions yet.",
      },
      {
        name: "Ratings changed",
        caption: `Standards re-rated after a done action (n = ${report.ratingChanges.length}).`,
        columns: [{ header: "Agency", width: 40 }, { header: "Standard", width: 12 }, { header: "Before", width: 16 }, { header: "After", width: 16 }, { header: "Re-rated", width: 16 }, { header: "Reason", width: 50 }],
        rows: report.ratingChanges.map((change) => [change.agency.name, change.standardCode, band(report.bands, change.before), band(report.bands, change.after), formatDate(change.reratedOn), change.rationale]),
        empty: "No rating has been changed after an action.",
      },
      {
        name: "Actions",
        caption: `Every action, overdue first (n = ${report.actions.length}).`,
        columns: [{ header: "Agency", width: 40 }, { header: "Standard", width: 12 }, { header: "Action", width: 50 }, { header: "Owner", width: 20 }, { header: "Status", width: 14 }, { header: "Due", width: 16 }, count("Days overdue"), count("Days to close")],
        rows: report.actions.map((row) => [row.agency.name, row.standardCode, row.description, row.owner, STATUS_LABELS[row.status], formatDate(row.dueOn), row.daysOverdue, row.daysToClose]),
        empty: "No actions yet.",
      },
    ],
  };
}

export const ACTIONS_CSV_HEADER = ["action_id", "agency", "sector", "standard_code", "status", "due_on", "overdue", "days_overdue", "created_on", "done_on", "days_to_close"];

export function actionsCsvRows(report: ActionsReport): CellValue[][] {
  return report.actions.map((row) => [row.id, row.agency.name, row.agency.sector, row.standardCode, row.status, row.dueOn, row.overdue ? "yes" : "no", row.daysOverdue, row.createdOn, row.doneOn, row.daysToClose]);
}

export function trendLayout(report: TrendReport, title: string): ReportLayout {
  const cycleColumns = report.cycles.map((cycle) => percent(cycle.title));
  return {
    title,
    subtitle: `${report.tool.title}: every cycle, oldest first (${report.cycles.length} cycles).`,
    facts: report.cycles.map((cycle): [string, CellValue] => [`${cycle.title} (version ${cycle.toolVersion}): scored returns`, cycle.submitted]),
    narrativeHeading: "The trend",
    narrative: report.cycles.map((cycle, index) => `${cycle.title}: median overall score ${formatPercent(report.partnership[index].median)} (n = ${report.partnership[index].n}).`),
    notes: ["Each point is the median of the agencies scored in that cycle, with its n; who took part can change from cycle to cycle."],
    tables: [
      {
        name: "Partnership and sectors",
        caption: "Median overall score per cycle (n in brackets in the page).",
        columns: [{ header: "Group", width: 32 }, ...cycleColumns],
        rows: [["Partnership", ...report.partnership.map((entry) => entry.median)], ...report.sectors.map((row): CellValue[] => [SECTOR_LABELS[row.sector], ...row.points.map((entry) => entry.median)])],
      },
      {
        name: "Standards",
        caption: "Median score per standard per cycle; empty where the standard could not be compared.",
        columns: [{ header: "Standard", width: 44 }, ...cycleColumns],
        rows: report.standards.map((row): CellValue[] => [`${row.code} ${row.title}`, ...row.points.map((entry) => entry.median)]),
      },
      {
        name: "Agencies",
        caption: "Overall score per agency per cycle; empty where not scored.",
        columns: [{ header: "Agency", width: 40 }, ...cycleColumns],
        rows: report.agencies.map((row): CellValue[] => [row.agency.name, ...row.points.map((entry) => entry.percent)]),
      },
    ],
  };
}
