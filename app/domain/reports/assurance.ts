import { SECTORS, type Band, type Sector } from "../tool-schema";
import { isStaffGap, type PractitionerResults } from "../practitioner";
import { isCaseGap } from "../case-audit";
import { agencyLetter } from "./anonymise";
import type { BaselineReport } from "./baseline";
import type { ReturnStatus } from "../permissions";

/**
 * The assurance view (DESIGN §14): per agency and standard, the agency's self rating, the computed band,
 * the moderated rating and each independent source of evidence with its n, and the gaps where evidence
 * disagrees with the self rating. Built from the baseline report (one source for the ratings) and the
 * practitioner survey's results (already withheld where groups are small) and the agreed grades of case
 * audits whose domains map to the tool's standards. Indicators and actions take their places later.
 */

export const ASSURANCE_REPORT_VERSION = 1;

/** A scorecard indicator linked to a standard, with its latest figure's RAG (null: no target or no figures yet). */
export interface LinkedIndicator {
  code: string;
  title: string;
  rag: "green" | "amber" | "red" | null;
  period: string | null;
}

export type StaffCell = { percent: number | null; band: string | null; n: number } | { suppressed: true } | null;
export type GapKind = "staff" | "case";

export interface AssuranceCell {
  code: string;
  selfRating: string | null;
  computedBand: string | null;
  computedPercent: number | null;
  moderatedRating: string | null;
  staff: StaffCell;
  /** The worst agreed case-audit grade over the domains mapped to this standard, and its number of cases (DESIGN §12); null when no case audit graded it. */
  caseAudit: { grade: string; cases: number } | null;
  gaps: GapKind[];
}

export interface AssuranceAgency {
  agency: { id: number; name: string; sector: Sector; sectorSuppressed?: boolean };
  /** The return's status, or null when the agency is in the survey but has no return in the cycle. */
  status: ReturnStatus | null;
  standards: AssuranceCell[];
  staffGaps: number;
}

export interface AssuranceReport {
  reportVersion: number;
  kind: "assurance";
  cycle: { id: number; title: string; dueOn: string };
  tool: { code: string; version: string; title: string };
  bands: Band[];
  /** `indicators`: the scorecard indicators linked to the standard, with their latest RAG (absent in reports frozen before the scorecard). */
  standards: { code: string; title: string; indicators?: LinkedIndicator[] }[];
  minGroup: number;
  /** Which sources of evidence the report holds, so a reader knows an empty column from a missing source. */
  sources: {
    /** `heldUntilClose`: the survey is still running, so its figures are withheld (absent in reports frozen before). */
    practitioner: { surveyed: boolean; standards: string[]; heldUntilClose?: boolean };
    caseAudit: boolean;
  };
  /** The case audit tool's grades (highest first), to label `caseAudit.grade`; empty without case audits. */
  caseGrades: Band[];
  partnership: { standards: { code: string; staff: StaffCell }[] };
  agencies: AssuranceAgency[];
  summary: { agencies: number; staffGaps: number; agenciesWithStaffGaps: number; staffWithheld: number; caseGaps: number };
  anonymised?: { minGroupSize: number; suppressedSectors: number };
}

/** Case-audit evidence per agency and assured standard (see data/case-audits.server.ts getCaseEvidence). */
export interface CaseEvidence {
  bands: Band[];
  byAgency: Map<number, Map<string, { grade: string; cases: number }>>;
}

function staffOf(group: PractitionerResults["partnership"] | undefined, code: string, surveyed: Set<string>): StaffCell {
  if (!group || !surveyed.has(code)) return null;
  if (group.suppressed) return { suppressed: true };
  const figure = group.standards[code];
  // Too few answered this standard (the rest said "don't know"): withheld like a small group.
  if (figure?.withheld) return { suppressed: true };
  return { percent: figure?.percent ?? null, band: figure?.band ?? null, n: group.n };
}

/**
 * The assurance report model. A staff-evidence gap is a standard whose self rating (or computed band, where
 * the agency gave none) is above the band of its staff % (DESIGN §11); a withheld or empty staff figure makes
 * no gap. Agencies are those with a scored return, then those surveyed without one.
 */
export function buildAssuranceReport(input: {
  baseline: BaselineReport;
  staff: PractitionerResults | null;
  minGroup: number;
  indicators?: Map<string, LinkedIndicator[]>;
  cases?: CaseEvidence | null;
}): AssuranceReport {
  const { baseline, staff } = input;
  const cases = input.cases ?? null;
  const surveyed = new Set(staff?.standards.map((standard) => standard.code) ?? []);
  const staffByAgency = new Map(staff?.agencies.map((entry) => [entry.agency.id, entry.total]) ?? []);
  const rows: {
    agency: AssuranceAgency["agency"];
    status: ReturnStatus | null;
    cells: Map<string, { selfRating: string | null; band: string | null; percent: number | null; moderated: string | null }>;
  }[] = baseline.agencies.map((row) => ({
    agency: row.agency,
    status: row.status,
    cells: new Map(
      row.standards.map((cell) => [
        cell.code,
        { selfRating: cell.selfRating, band: cell.band, percent: cell.percent, moderated: cell.moderatedRating },
      ]),
    ),
  }));
  const seen = new Set(rows.map((row) => row.agency.id));
  for (const entry of staff?.agencies ?? [])
    if (!seen.has(entry.agency.id)) rows.push({ agency: entry.agency, status: null, cells: new Map() });

  const agencies: AssuranceAgency[] = rows.map((row) => {
    const standards = baseline.standards.map((standard): AssuranceCell => {
      const own = row.cells.get(standard.code);
      const staffCell = staff ? staffOf(staffByAgency.get(row.agency.id), standard.code, surveyed) : null;
      const rating = own?.selfRating ?? own?.band ?? null;
      const staffBand = staffCell && !("suppressed" in staffCell) ? staffCell.band : null;
      const caseCell = cases?.byAgency.get(row.agency.id)?.get(standard.code) ?? null;
      const gaps: GapKind[] = isStaffGap(baseline.bands, rating, staffBand) ? ["staff"] : [];
      if (
        cases &&
        isCaseGap(
          baseline.bands,
          { selfRating: own?.selfRating ?? null, moderatedRating: own?.moderated ?? null },
          cases.bands,
          caseCell?.grade ?? null,
        )
      )
        gaps.push("case");
      return {
        code: standard.code,
        selfRating: own?.selfRating ?? null,
        computedBand: own?.band ?? null,
        computedPercent: own?.percent ?? null,
        moderatedRating: own?.moderated ?? null,
        staff: staffCell,
        caseAudit: caseCell,
        gaps,
      };
    });
    return { agency: row.agency, status: row.status, standards, staffGaps: standards.filter((cell) => cell.gaps.includes("staff")).length };
  });
  const cells = agencies.flatMap((row) => row.standards);
  return {
    reportVersion: ASSURANCE_REPORT_VERSION,
    kind: "assurance",
    cycle: baseline.cycle,
    tool: baseline.tool,
    bands: baseline.bands,
    standards: baseline.standards.map((standard) => ({
      code: standard.code,
      title: standard.title,
      indicators: input.indicators?.get(standard.code) ?? [],
    })),
    minGroup: input.minGroup,
    sources: {
      practitioner: { surveyed: staff !== null, standards: [...surveyed], heldUntilClose: staff?.heldUntilClose === true },
      caseAudit: cases !== null,
    },
    caseGrades: cases?.bands ?? [],
    partnership: {
      standards: baseline.standards.map((standard) => ({
        code: standard.code,
        staff: staff ? staffOf(staff.partnership, standard.code, surveyed) : null,
      })),
    },
    agencies,
    summary: {
      agencies: agencies.length,
      staffGaps: cells.filter((cell) => cell.gaps.includes("staff")).length,
      agenciesWithStaffGaps: agencies.filter((row) => row.staffGaps > 0).length,
      staffWithheld: agencies.filter((row) => row.standards.some((cell) => cell.staff !== null && "suppressed" in cell.staff)).length,
      caseGaps: cells.filter((cell) => cell.gaps.includes("case")).length,
    },
  };
}

/**
 * The board's anonymised assurance view (DESIGN §8, decision 004's rules): agencies become "Agency A, B…",
 * lettered by number of staff-evidence gaps (most first), not by name; a sector with fewer than
 * `minGroupSize` agencies is not named. Staff figures are already withheld for small groups of people.
 */
export function anonymiseAssurance(report: AssuranceReport, minGroupSize: number): AssuranceReport {
  const counts = new Map<Sector, number>();
  for (const row of report.agencies) counts.set(row.agency.sector, (counts.get(row.agency.sector) ?? 0) + 1);
  const suppressed = new Set(SECTORS.filter((sector) => (counts.get(sector) ?? 0) > 0 && (counts.get(sector) ?? 0) < minGroupSize));
  const ordered = [...report.agencies].sort((a, b) => b.staffGaps - a.staffGaps || a.agency.id - b.agency.id);
  return {
    ...report,
    agencies: ordered.map((row, index) => ({
      ...row,
      agency: {
        id: 0,
        name: agencyLetter(index),
        sector: suppressed.has(row.agency.sector) ? "other" : row.agency.sector,
        sectorSuppressed: suppressed.has(row.agency.sector),
      },
    })),
    anonymised: { minGroupSize, suppressedSectors: suppressed.size },
  };
}
