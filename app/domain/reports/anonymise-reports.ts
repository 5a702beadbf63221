import type { ActionsReport } from "./actions";
import { agencyLetter, anonymisedPercent, DEFAULT_MIN_GROUP_SIZE, shuffledOrder } from "./anonymise";
import type { ComparisonReport, ReportAgency } from "./comparison";
import type { CompletionReport } from "./completion";

/**
 * The board's anonymised views of the comparison, completion and actions reports, by the baseline's
 * rules (DESIGN §8, decision 004): agencies become "Agency A, B…", lettered in a random order drawn
 * from the publication's seed (neither names nor scores); one agency keeps one letter everywhere in the report (letters are fixed
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

/**
 * Lettered in the publication's random order (`shuffledOrder`: not by name, not by score), the agencies in
 * both cycles first; every agency's percentages rounded as the pages show them.
 */
export function anonymiseComparison(
  report: ComparisonReport,
  minGroupSize = DEFAULT_MIN_GROUP_SIZE,
  seed = 1,
): ComparisonReport & AnonymisedMark {
  const order = [
    ...shuffledOrder(
      report.agencies.map((row) => row.agency.id),
      seed,
    ),
    ...shuffledOrder(
      report.singleCycleAgencies.map((row) => row.agency.id),
      seed + 1,
    ),
  ];
  const earlierRound = (percent: number | null) => anonymisedPercent(percent, report.earlier.bands);
  const laterRound = (percent: number | null) => anonymisedPercent(percent, report.later.bands);
  const letters = lettering(order);
  const suppressed = smallSectors(
    [...report.agencies.map((row) => row.agency), ...report.singleCycleAgencies.map((row) => row.agency)],
    minGroupSize,
  );
  const rename = renamer(letters, suppressed);
  return {
    ...report,
    agencies: [...report.agencies]
      .sort((a, b) => order.indexOf(a.agency.id) - order.indexOf(b.agency.id))
      .map((row) => ({
        ...row,
        agency: rename(row.agency),
        overall: {
          ...row.overall,
          earlier: { ...row.overall.earlier, percent: earlierRound(row.overall.earlier.percent) },
          later: { ...row.overall.later, percent: laterRound(row.overall.later.percent) },
        },
        standards: row.standards.map((cell) => ({
          ...cell,
          earlier: { ...cell.earlier, percent: earlierRound(cell.earlier.percent) },
          later: { ...cell.later, percent: laterRound(cell.later.percent) },
        })),
      })),
    singleCycleAgencies: [...report.singleCycleAgencies]
      .sort((a, b) => order.indexOf(a.agency.id) - order.indexOf(b.agency.id))
      .map((row) => ({
        ...row,
        agency: rename(row.agency),
        overall: { ...row.overall, percent: (row.cycle === "earlier" ? earlierRound : laterRound)(row.overall.percent) },
      })),
    sectors: report.sectors.filter((row) => !suppressed.has(row.sector) && row.n >= minGroupSize),
    anonymised: { minGroupSize, suppressedSectors: suppressed.size },
  };
}

/** Outstanding and late returns lettered in the publication's random order; sectors with fewer than the minimum assigned are left out. */
export function anonymiseCompletion(
  report: CompletionReport,
  minGroupSize = DEFAULT_MIN_GROUP_SIZE,
  seed = 1,
): CompletionReport & AnonymisedMark {
  const letters = lettering(
    shuffledOrder(
      [...new Set([...report.outstanding.map((row) => row.agency.id), ...report.lateSubmissions.map((row) => row.agency.id)])],
      seed,
    ),
  );
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
 * Agencies lettered in the publication's random order, listed by number of actions (most first), then overdue; the free text an agency wrote
 * (description, owner) and QA's reasons are left out, since they often name the agency or its staff.
 */
export function anonymiseActions(report: ActionsReport, minGroupSize = DEFAULT_MIN_GROUP_SIZE, seed = 1): ActionsReport & AnonymisedMark {
  const order = [...report.agencies].sort((a, b) => b.total - a.total || b.overdue - a.overdue).map((row) => row.agency.id);
  const letters = lettering(shuffledOrder(order, seed));
  const suppressed = smallSectors(
    report.agencies.map((row) => row.agency),
    minGroupSize,
  );
  const rename = renamer(letters, suppressed);
  return {
    ...report,
    agencies: [...report.agencies]
      .sort((a, b) => order.indexOf(a.agency.id) - order.indexOf(b.agency.id))
      .map((row) => ({ ...row, agency: rename(row.agency) })),
    sectors: report.sectors.filter((row) => !suppressed.has(row.sector)),
    ratingChanges: report.ratingChanges.map((row) => ({ ...row, agency: rename(row.agency), rationale: "" })),
    actions: report.actions.map((row) => ({ ...row, agency: rename(row.agency), description: "", owner: "" })),
    anonymised: { minGroupSize, suppressedSectors: suppressed.size },
  };
}
