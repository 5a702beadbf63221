import { SECTOR_LABELS } from "~/domain/agency";
import type { AssuranceReport, StaffCell } from "~/domain/reports/assurance";
import type { Band } from "~/domain/tool-schema";
import { bandLabel } from "~/domain/scoring";
import { RAG_LABELS } from "~/domain/scorecard";
import type { CellValue, LayoutColumn, ReportLayout } from "./layout-writers";

/**
 * The assurance model moved into cells for the shared writers (layout-writers.ts) and one flat CSV table.
 * No arithmetic: every number is the model's. A withheld staff figure is written as "withheld", never blank,
 * so a reader cannot mistake it for "nobody was asked".
 */

const band = (bands: Band[], code: string | null): string => bandLabel(bands, code, "");
const staffPercent = (staff: StaffCell): CellValue =>
  staff === null ? "not surveyed" : "suppressed" in staff ? "withheld" : staff.percent;
const staffN = (staff: StaffCell): CellValue => (staff === null || "suppressed" in staff ? null : staff.n);
const staffBand = (bands: Band[], staff: StaffCell): string => (staff === null || "suppressed" in staff ? "" : band(bands, staff.band));
const percent = (header: string): LayoutColumn => ({ header, format: "percent", width: 12 });
const count = (header: string): LayoutColumn => ({ header, format: "number", width: 10 });

export function assuranceLayout(report: AssuranceReport, title: string): ReportLayout {
  const titleOf = new Map(report.standards.map((standard) => [standard.code, standard.title]));
  return {
    title,
    subtitle: `${report.tool.title} (version ${report.tool.version}): ${report.cycle.title}. Self, computed and moderated ratings beside the evidence of the agencies' own staff.`,
    facts: [
      ["Agencies", report.summary.agencies],
      ["Practitioner survey", report.sources.practitioner.surveyed ? "Yes" : "Not yet"],
      ["Minimum group size", report.minGroup],
      ["Staff-evidence gaps (standards)", report.summary.staffGaps],
      ["Agencies with a staff-evidence gap", report.summary.agenciesWithStaffGaps],
      ["Agencies with staff figures withheld", report.summary.staffWithheld],
      ["Case-evidence gaps (standards)", report.summary.caseGaps ?? 0],
    ],
    narrativeHeading: "Where the evidence disagrees",
    narrative: report.agencies
      .filter((row) => row.staffGaps > 0)
      .map(
        (row) =>
          `${row.agency.name}: self rating above what its staff say on ${row.standards
            .filter((cell) => cell.gaps.includes("staff"))
            .map((cell) => cell.code)
            .join(", ")}.`,
      ),
    notes: [
      "Staff %: the share of the agency's practitioners who agreed or strongly agreed with the survey's statements on the standard; \u201cdon't know\u201d is left out. n is the number of people who answered.",
      `Withheld: fewer than ${report.minGroup} people answered in the group, or showing the figure would let a smaller group be worked out by subtraction from a total.`,
      "A staff-evidence gap: the agency's self rating (or its computed band, where it gave none) is above the band its staff % falls in.",
      "A case-evidence gap: a case audit agreed Requires improvement or worse in a domain mapped to a standard the agency rated (or was moderated) in the top band. The case audit grade is the worst agreed over its cases.",
      ...(report.anonymised
        ? [`Agencies are anonymised; sectors with fewer than ${report.anonymised.minGroupSize} agencies are not named.`]
        : []),
    ],
    tables: [
      {
        name: "Agency by standard",
        caption: `Ratings and staff evidence by agency and standard (n = ${report.agencies.length} agencies).`,
        columns: [
          { header: "Agency", width: 36 },
          { header: "Sector", width: 24 },
          { header: "Standard", width: 10 },
          { header: "Title", width: 36 },
          { header: "Self rating", width: 16 },
          { header: "Computed", width: 16 },
          percent("Computed %"),
          { header: "Moderated", width: 16 },
          percent("Staff %"),
          count("Staff n"),
          { header: "Staff band", width: 16 },
          { header: "Gaps", width: 16 },
          { header: "Case audit grade", width: 20 },
          count("Cases"),
        ],
        rows: report.agencies.flatMap((row) =>
          row.standards.map((cell): CellValue[] => [
            row.agency.name,
            row.agency.sectorSuppressed ? "Sector not shown (small group)" : SECTOR_LABELS[row.agency.sector],
            cell.code,
            titleOf.get(cell.code) ?? "",
            band(report.bands, cell.selfRating),
            band(report.bands, cell.computedBand),
            cell.computedPercent,
            band(report.bands, cell.moderatedRating),
            staffPercent(cell.staff),
            staffN(cell.staff),
            staffBand(report.bands, cell.staff),
            cell.gaps.length === 0 ? "" : cell.gaps.join(", "),
            cell.caseAudit ? band(report.caseGrades ?? [], cell.caseAudit.grade) : "",
            cell.caseAudit?.cases ?? null,
          ]),
        ),
        empty: "No agency has a return or a survey link in this cycle yet.",
      },
      {
        name: "Linked indicators",
        caption: "Scorecard indicators linked to each standard, with their latest RAG.",
        columns: [
          { header: "Standard", width: 44 },
          { header: "Indicator", width: 12 },
          { header: "Title", width: 40 },
          { header: "Latest period", width: 12 },
          { header: "Latest RAG", width: 12 },
        ],
        rows: report.standards.flatMap((standard) =>
          (standard.indicators ?? []).map((indicator): CellValue[] => [
            `${standard.code} ${standard.title}`,
            indicator.code,
            indicator.title,
            indicator.period ?? "",
            indicator.rag ? RAG_LABELS[indicator.rag] : "No RAG",
          ]),
        ),
        empty: "No scorecard indicator is linked to these standards.",
      },
      {
        name: "Partnership staff",
        caption: "Staff % for the whole partnership, by standard.",
        columns: [{ header: "Standard", width: 44 }, percent("Staff %"), count("Staff n"), { header: "Staff band", width: 16 }],
        rows: report.partnership.standards.map((entry): CellValue[] => [
          `${entry.code} ${titleOf.get(entry.code) ?? ""}`,
          staffPercent(entry.staff),
          staffN(entry.staff),
          staffBand(report.bands, entry.staff),
        ]),
      },
    ],
  };
}

export const ASSURANCE_CSV_HEADER = [
  "agency",
  "sector",
  "standard_code",
  "self_rating",
  "computed_band",
  "computed_percent",
  "moderated_rating",
  "staff_percent",
  "staff_n",
  "staff_band",
  "staff_withheld",
  "gaps",
  "case_grade",
  "case_count",
];

/** One row per agency and standard; band codes as the tool defines them; a withheld staff figure is "yes" under staff_withheld. */
export function assuranceCsvRows(report: AssuranceReport): CellValue[][] {
  return report.agencies.flatMap((row) =>
    row.standards.map((cell): CellValue[] => {
      const shown = cell.staff !== null && !("suppressed" in cell.staff) ? cell.staff : null;
      return [
        row.agency.name,
        row.agency.sectorSuppressed ? "withheld" : row.agency.sector,
        cell.code,
        cell.selfRating,
        cell.computedBand,
        cell.computedPercent,
        cell.moderatedRating,
        shown?.percent ?? null,
        shown?.n ?? null,
        shown?.band ?? null,
        cell.staff !== null && "suppressed" in cell.staff ? "yes" : "no",
        cell.gaps.join(";"),
        cell.caseAudit?.grade ?? null,
        cell.caseAudit?.cases ?? null,
      ];
    }),
  );
}
