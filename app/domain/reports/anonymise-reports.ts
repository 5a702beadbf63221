import type { ActionsReport } from "./actions";
import { agencyLetter, DEFAULT_MIN_GROUP_SIZE } from "./anonymise";
import type { ComparisonReport, ReportAgency } from "./comparison";
import type { CompletionReport } from "./completion";

/**
 * The board's anonymised views of the comparison, completion and actions reports, by the baseline's
 * rules (DESIGN §8, decision 004): agencies become "Agency A, B…", lettered in an order that does
 * not follow their names; one agency keeps one letter everywhere in the report (letters are fixed
 * within a publication); a sector with fewer than `minGroupSize` agencies in the report is not named
 * and its group figures are left out, since a small group would identify its members.
 */

export interface AnonymisedMark {
  anonymised: { minGroupSize: number; suppressedSectors: number };
}

function lettering(orderedIds: number[]): Map<number, string> {
  const letters = new Map<number, string>();
  for (const id of orderedIds) if (!letters.has(id)) letters.set(id, agencyLetter(letters.size));
  return letters;
}

function smallSectors(agencies: ReportAgency[], minGroupSize: number): Set<string> {
  const counts = new Map<string, Set<number>>();
  for (const agency of agencies) counts.set(agency.sector, (counts.get(agency.sector) ?? new Set()).add(agency.id));
  return new Set([...counts].filter(([, ids]) => ids.size < minGroupSize).map(([sector]) => sector));
}

function renamer(letters: Map<number, string>, suppressed: Set<string>) {
  return <A extends ReportAgency>(agency: A): A => ({
    ...agency,
    id: 0,
    name: letters.get(agency.id) ?? agencyLetter(letters.size),
    sector: suppressed.has(agency.sector) ? "other" : agency.sector,
    sectorSuppressed: suppressed.has(agency.sector),
  });
}

/** Lettered by later overall score (highest first), then the agencies in one cycle only by their score. */
export function anonymiseComparison(report: ComparisonReport, minGroupSize = DEFAULT_MIN_GROUP_SIZE): ComparisonReport & AnonymisedMark {
  const score = (value: number | null) => value ?? -1;
  const order = [
    ...[...report.agencies].sort((a, b) => score(b.overall.later.percent) - score(a.overall.later.percent) || score(b.overall.earlier.percent) - score(a.overall.earlier.percent)).map((row) => row.agency.id),
    ...[...report.singleCycleAgencies].sort((a, b) => score(b.overall.percent) - score(a.overall.percent)).map((row) => row.agency.id),
  ];
  const letters = lettering(order);
  const suppressed = smallSectors([...report.agencies.map((row) => row.agency), ...report.singleCycleAgencies.map((row) => row.agency)], minGroupSize);
  const rename = renamer(letters, suppressed);
  return {
    ...report,
    agencies: [...report.agencies].sort((a, b) => order.indexOf(a.agency.id) - order.indexOf(b.agency.id)).map((row) => ({ ...row, agency: rename(row.agency) })),
    singleCycleAgencies: [...report.singleCycleAgencies].sort((a, b) => order.indexOf(a.agency.id) - order.indexOf(b.agency.id)).map((row) => ({ ...row, agency: rename(row.agency) })),
    sectors: report.sectors.filter((row) => !suppressed.has(row.sector) && row.n >= minGroupSize),
    anonymised: { minGroupSize, suppressedSectors: suppressed.size },
  };
}

/** Outstanding returns lettered most overdue first; sectors with fewer than the minimum assigned are left out. */
export function anonymiseCompletion(report: CompletionReport, minGroupSize = DEFAULT_MIN_GROUP_SIZE): CompletionReport & AnonymisedMark {
  const letters = lettering([...report.outstanding.map((row) => row.agency.id), ...report.lateSubmissions.map((row) => row.agency.id)]);
  const suppressed = new Set(report.sectors.filter((row) => row.assigned < minGroupSize).map((row) => row.sector as string));
  const rename = renamer(letters, suppressed);
  return {
    ...report,
    sectors: report.sectors.filter((row) => !suppressed.has(row.sector)),
    outstanding: report.outstanding.map((row) => ({ ...row, agency: rename(row.agency) })),
    lateSubmissions: report.lateSubmissions.map((row) => ({ ...row, agency: rename(row.agency) })),
    anonymised: { minGroupSize, suppressedSectors: suppressed.size },
  };
}

/**
 * Agencies lettered by number of actions (most first), then overdue; the free text an agency wrote
 * (description, owner) and QA's reasons are left out, since they often name the agency or its staff.
 */
export function anonymiseActions(report: ActionsReport, minGroupSize = DEFAULT_MIN_GROUP_SIZE): ActionsReport & AnonymisedMark {
  const order = [...report.agencies].sort((a, b) => b.total - a.total || b.overdue - a.overdue).map((row) => row.agency.id);
  const letters = lettering(order);
  const suppressed = smallSectors(report.agencies.map((row) => row.agency), minGroupSize);
  const rename = renamer(letters, suppressed);
  return {
    ...report,
    agencies: [...report.agencies].sort((a, b) => order.indexOf(a.agency.id) - order.indexOf(b.agency.id)).map((row) => ({ ...row, agency: rename(row.agency) })),
    sectors: report.sectors.filter((row) => !suppressed.has(row.sector)),
    ratingChanges: report.ratingChanges.map((row) => ({ ...row, agency: rename(row.agency), rationale: "" })),
    actions: report.actions.map((row) => ({ ...row, agency: rename(row.agency), description: "", owner: "" })),
    anonymised: { minGroupSize, suppressedSectors: suppressed.size },
  };
}
