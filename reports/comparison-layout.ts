import { SECTOR_LABELS } from "~/domain/agency";
import type { ComparisonReport, ReportAgency } from "~/domain/reports/comparison";
import { formatDelta, movementText } from "~/domain/reports/comparison";
import { buildComparisonNarrative } from "~/domain/reports/comparison-narrative";
import type { CellValue, LayoutColumn, ReportLayout } from "./layout-writers";
import { type Anonymised, band, movement, sector, percent, points, count, ANONYMISED_NOTE } from "./layout-cells";

/** The comparison (DESIGN §8) moved into cells for the shared writers (layout-writers.ts), and one flat CSV table. */

const AGENCY_COLUMNS: LayoutColumn[] = [
  { header: "Agency", width: 40 },
  { header: "Sector", width: 28 },
];
const NO_AGENCY_IN_BOTH = "No agency has a scored return in both cycles.";

/** An agency's name and sector, the sector withheld where anonymising left its group too small to name. */
const agencyCells = (agency: ReportAgency): CellValue[] => [agency.name, sector(agency.sectorSuppressed ? "withheld" : agency.sector)];

export function comparisonLayout(report: ComparisonReport & Anonymised, title: string): ReportLayout {
  const then = report.earlier.cycle.title;
  const now = report.later.cycle.title;
  const medianColumns = [count("Agencies (n)"), percent(`Median, ${then}`), percent(`Median, ${now}`), points("Median change (points)")];
  // A score then and now, its change and movement, and its rating then and now: the agency and agency-by-standard tables.
  const changeColumns = (score: string, rating: string): LayoutColumn[] => [
    percent(`${score}, ${then}`),
    percent(`${score}, ${now}`),
    points("Change (points)"),
    { header: "Movement", width: 14 },
    { header: `${rating}, ${then}`, width: 16 },
    { header: `${rating}, ${now}`, width: 16 },
  ];
  const medianRow = (label: string, group: ComparisonReport["partnership"]): CellValue[] => [
    label,
    group.n,
    group.earlierMedian,
    group.laterMedian,
    group.medianDelta,
    group.improved,
    group.stable,
    group.declined,
  ];
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
      `Changes are in percentage points (later minus earlier), from unrounded scores. A change of ${formatDelta(report.threshold)} or more is improved, ${formatDelta(-report.threshold)} or less declined, anything between stable.`,
      "Medians cover only agencies with a scored return in both cycles; the median change is the middle of the agencies' own changes. Ratings are effective ratings: moderated where the QA subgroup moderated, else computed.",
      ...ANONYMISED_NOTE(report),
    ],
    tables: [
      {
        name: "Standards",
        caption: `Change by standard (n = ${report.summary.agenciesInBoth} agencies in both cycles).`,
        columns: [
          { header: "Standard", width: 44 },
          { header: "Was", width: 10 },
          ...medianColumns,
          count("Improved"),
          count("Stable"),
          count("Declined"),
          count("Not scored"),
        ],
        rows: report.standards.map((entry) => [
          `${entry.code} ${entry.title}`,
          entry.earlierCode,
          entry.n,
          entry.earlierMedian,
          entry.laterMedian,
          entry.medianDelta,
          entry.improved,
          entry.stable,
          entry.declined,
          entry.notScored,
        ]),
        empty: "No standard can be compared.",
      },
      {
        name: "Partnership and sectors",
        caption: "Median overall score of the agencies in both cycles, for the partnership and each sector.",
        columns: [{ header: "Group", width: 32 }, ...medianColumns, count("Improved"), count("Stable"), count("Declined")],
        rows: [
          medianRow("Partnership", report.partnership),
          ...report.sectors.map((entry) => medianRow(SECTOR_LABELS[entry.sector], entry)),
        ],
      },
      {
        name: "Agencies",
        caption: `Overall score by agency, in both cycles (n = ${report.agencies.length}).`,
        columns: [
          ...AGENCY_COLUMNS,
          ...changeColumns("Overall", "Band"),
          { header: `Essential requirements not met, ${then}`, width: 16, format: "number" },
          { header: `Essential requirements not met, ${now}`, width: 16, format: "number" },
        ],
        rows: report.agencies.map((row) => [
          ...agencyCells(row.agency),
          row.overall.earlier.percent,
          row.overall.later.percent,
          row.overall.delta,
          movement(row.overall.movement),
          band(report.earlier.bands, row.overall.earlier.band),
          band(report.later.bands, row.overall.later.band),
          row.overall.earlier.unmetEssentials ?? 0,
          row.overall.later.unmetEssentials ?? 0,
        ]),
        empty: NO_AGENCY_IN_BOTH,
      },
      {
        name: "Against medians",
        caption: "Each agency's overall score against the partnership and its sector's median, then and now (agencies in both cycles).",
        columns: [
          ...AGENCY_COLUMNS,
          percent(`Agency, ${then}`),
          percent(`Partnership median, ${then}`),
          percent(`Sector median, ${then}`),
          percent(`Agency, ${now}`),
          percent(`Partnership median, ${now}`),
          percent(`Sector median, ${now}`),
          count("Sector n"),
        ],
        rows: report.agencies.map((row) => {
          const group = row.agency.sectorSuppressed ? undefined : report.sectors.find((entry) => entry.sector === row.agency.sector);
          return [
            ...agencyCells(row.agency),
            row.overall.earlier.percent,
            report.partnership.earlierMedian,
            group?.earlierMedian ?? null,
            row.overall.later.percent,
            report.partnership.laterMedian,
            group?.laterMedian ?? null,
            group?.n ?? null,
          ];
        }),
        empty: NO_AGENCY_IN_BOTH,
      },
      {
        name: "Agency by standard",
        caption: "Effective rating by agency and standard, then and now.",
        columns: [
          { header: "Agency", width: 40 },
          { header: "Standard", width: 12 },
          { header: "Title", width: 40 },
          ...changeColumns("Score", "Rating"),
        ],
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
        empty: NO_AGENCY_IN_BOTH,
      },
      {
        name: "One cycle only",
        caption: "Agencies with a scored return in one cycle only: shown, not in the medians.",
        columns: [
          ...AGENCY_COLUMNS,
          { header: "Submitted in", width: 28 },
          percent("Overall"),
          { header: "In the other cycle", width: 24 },
        ],
        rows: report.singleCycleAgencies.map((entry) => [
          entry.agency.name,
          sector(entry.agency.sector),
          entry.cycle === "earlier" ? then : now,
          entry.overall.percent,
          entry.otherCycleStatus ?? "Not part of the cycle",
        ]),
        empty: "Every agency with a scored return took part in both cycles.",
      },
      {
        name: "Not comparable",
        caption: "Standards not compared, and why.",
        columns: [
          { header: "Standard", width: 12 },
          { header: "Title", width: 40 },
          { header: "Version", width: 12 },
          { header: "Reason", width: 12 },
          { header: "Why", width: 60 },
        ],
        rows: report.notComparable.map((entry) => [entry.code, entry.title, entry.version, entry.reason, entry.explanation]),
        empty: "Every standard is comparable.",
      },
    ],
  };
}

export const COMPARISON_CSV_HEADER = [
  "agency",
  "sector",
  "standard_code",
  "earlier_standard_code",
  "earlier_percent",
  "later_percent",
  "delta",
  "movement",
  "earlier_effective_band",
  "later_effective_band",
];

/** One row per agency in both cycles and comparable standard; band codes as the tools define them, numbers unrounded. */
export function comparisonCsvRows(report: ComparisonReport): CellValue[][] {
  return report.agencies.flatMap((row) =>
    row.standards.map((cell): CellValue[] => [
      row.agency.name,
      row.agency.sector,
      cell.code,
      cell.earlierCode,
      cell.earlier.percent,
      cell.later.percent,
      cell.delta,
      cell.movement,
      cell.earlier.effectiveBand,
      cell.later.effectiveBand,
    ]),
  );
}
