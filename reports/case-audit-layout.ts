import { SECTOR_LABELS } from "~/domain/agency";
import { CONCERN_STATUS_LABELS } from "~/domain/case-audit";
import type { CaseAuditReport } from "~/domain/reports/case-audit";
import { RETURN_STATUS_LABELS } from "~/domain/permissions";
import type { Band } from "~/domain/tool-schema";
import { bandLabel } from "~/domain/scoring";
import { recommendationActionNote as actionNote } from "~/domain/reports/case-audit";
import type { CellValue, ReportLayout } from "./layout-writers";

/**
 * The case audit report moved into cells for the shared writers (layout-writers.ts) and one flat CSV table.
 * No arithmetic: every count and grade is the model's.
 */

const grade = (bands: Band[], code: string | null): string => (code === null ? "" : bandLabel(bands, code));
const count = (header: string) => ({ header, format: "number" as const, width: 10 });

export function caseAuditLayout(report: CaseAuditReport, title: string): ReportLayout {
  const { bands } = report;
  const domainTitle = new Map(report.domains.map((domain) => [domain.code, domain.title]));
  return {
    title,
    subtitle: `${report.tool.title} (version ${report.tool.version}). Agencies audited their own records of each case; the panel graded each case blind, then agreed the grades.`,
    facts: [
      ["Theme", report.caseAudit.title],
      ["Lines of enquiry", report.caseAudit.linesOfEnquiry],
      ["Panel", report.caseAudit.panelOn],
      ["Cases", report.summary.cases],
      ["Agencies", report.summary.agencies],
      ["Case returns submitted", `${report.summary.returnsSubmitted} of ${report.summary.returnsExpected}`],
      ["Cases with agreed grades", report.summary.casesAgreed],
      [
        "Immediate concerns open / answered / closed",
        `${report.summary.concernsOpen} / ${report.summary.concernsAnswered} / ${report.summary.concernsClosed}`,
      ],
      ["Recommendations (of which actions)", `${report.summary.recommendations} (${report.summary.actions})`],
    ],
    narrativeHeading: "Themes and recommendations",
    narrative: [
      ...report.themes.map((theme) => `Theme: ${theme}`),
      ...report.recommendations.map(
        (entry) => `Recommendation for ${entry.agency ?? "the partnership"}: ${entry.text}${actionNote(entry)}`,
      ),
    ],
    notes: [
      "Grades: Outstanding, Good, Requires improvement, Inadequate. The computed grade comes from the agency's own case return; the agreed grade is the panel's.",
      "Before the panel: every member's blind grade. After: the agreed grades. A member's grades are counted once the chair has agreed the case.",
      "Cases are known only by the partnership's reference. The text of an immediate concern is not part of this report.",
      ...(report.anonymised
        ? [
            `Agencies are anonymised; sectors with fewer than ${report.anonymised.minGroupSize} agencies are not named; rationales are left out.`,
          ]
        : []),
    ],
    tables: [
      {
        name: "Grades by agency",
        caption: `Agreed grades by agency and domain over the audit's ${report.summary.cases} cases: the worst, and how many of each.`,
        columns: [
          { header: "Agency", width: 30 },
          { header: "Sector", width: 22 },
          { header: "Domain", width: 28 },
          { header: "Worst agreed", width: 20 },
          count("Cases"),
          ...bands.map((band) => count(band.label)),
        ],
        rows: report.agencies.flatMap((row) =>
          row.domains.map((cell): CellValue[] => [
            row.agency.name,
            row.agency.sectorSuppressed ? "Sector not shown (small group)" : SECTOR_LABELS[row.agency.sector],
            domainTitle.get(cell.code) ?? cell.code,
            grade(bands, cell.worstAgreed),
            cell.cases,
            ...cell.agreed.map((entry) => entry.count),
          ]),
        ),
      },
      {
        name: "Cases",
        caption: "Each case: each agency's computed, own and agreed grade by domain, and the panel's blind grades.",
        columns: [
          { header: "Case", width: 14 },
          { header: "Agency", width: 28 },
          { header: "Case return", width: 16 },
          { header: "Domain", width: 28 },
          { header: "Computed", width: 20 },
          { header: "Own grade", width: 20 },
          { header: "Panel grades", width: 40 },
          { header: "Agreed", width: 20 },
          { header: "Reason", width: 50 },
        ],
        rows: report.cases.flatMap((entry) =>
          entry.agencies.flatMap((row) =>
            row.domains.map((cell): CellValue[] => [
              entry.reference,
              row.agency.name,
              row.returnStatus === null ? "" : RETURN_STATUS_LABELS[row.returnStatus],
              domainTitle.get(cell.code) ?? cell.code,
              grade(bands, cell.computedBand),
              grade(bands, cell.ownGrade),
              cell.panelGrades.map((code) => grade(bands, code)).join("; "),
              grade(bands, cell.agreedGrade),
              cell.rationale ?? "",
            ]),
          ),
        ),
      },
      {
        name: "Overall by case",
        caption: "The panel's agreed overall grade for each case.",
        columns: [
          { header: "Case", width: 14 },
          { header: "Agreed overall", width: 20 },
          count("Panel members"),
          { header: "Reason", width: 60 },
        ],
        rows: report.cases.map((entry): CellValue[] => [
          entry.reference,
          grade(bands, entry.agreedOverall),
          entry.panelMembers,
          entry.overallRationale ?? "",
        ]),
      },
      {
        name: "Spread",
        caption: "How many grades of each kind, by domain: the panel's blind grades before, the agreed grades after.",
        columns: [{ header: "Domain", width: 28 }, { header: "When", width: 16 }, ...bands.map((band) => count(band.label))],
        rows: report.spread.flatMap((entry): CellValue[][] => [
          [domainTitle.get(entry.code) ?? entry.code, "Before the panel", ...entry.before.map((cell) => cell.count)],
          [domainTitle.get(entry.code) ?? entry.code, "Agreed", ...entry.after.map((cell) => cell.count)],
        ]),
      },
      {
        name: "Concerns",
        caption: "Immediate concerns raised with agencies and their state.",
        columns: [
          { header: "Case", width: 14 },
          { header: "Agency", width: 28 },
          { header: "Respond by", width: 14 },
          { header: "State", width: 30 },
          { header: "Overdue", width: 10 },
        ],
        rows: report.concerns.map((concern): CellValue[] => [
          concern.case,
          concern.agency,
          concern.respondBy,
          CONCERN_STATUS_LABELS[concern.status],
          concern.overdue ? "Yes" : "No",
        ]),
        empty: "No immediate concerns were raised.",
      },
    ],
  };
}

export const CASE_AUDIT_CSV_HEADER = [
  "case",
  "agency",
  "return_status",
  "domain",
  "computed_grade",
  "computed_percent",
  "own_grade",
  "panel_grades",
  "agreed_grade",
  "case_overall",
];

/** One row per case, agency and domain; grade codes as the tool defines them; panel grades separated by ";". */
export function caseAuditCsvRows(report: CaseAuditReport): CellValue[][] {
  return report.cases.flatMap((entry) =>
    entry.agencies.flatMap((row) =>
      row.domains.map((cell): CellValue[] => [
        entry.reference,
        row.agency.name,
        row.returnStatus,
        cell.code,
        cell.computedBand,
        cell.computedPercent,
        cell.ownGrade,
        cell.panelGrades.join(";"),
        cell.agreedGrade,
        entry.agreedOverall,
      ]),
    ),
  );
}
