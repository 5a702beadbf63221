import { deriveBaselineViews, type BaselineReport } from "./baseline";

export const DEFAULT_MIN_GROUP_SIZE = 5;

/** "Agency A" … "Agency Z", "Agency AA" …: a stable letter per agency within one report. */
export function agencyLetter(index: number): string {
  let label = "";
  let n = index + 1;
  while (n > 0) {
    const remainder = (n - 1) % 26;
    label = String.fromCharCode(65 + remainder) + label;
    n = Math.floor((n - 1) / 26);
  }
  return `Agency ${label}`;
}

function byOverallDescending(a: BaselineReport["agencies"][number], b: BaselineReport["agencies"][number]): number {
  return (b.overall.percent ?? -1) - (a.overall.percent ?? -1);
}

export type AnonymisedBaseline = BaselineReport & { anonymised: { minGroupSize: number; suppressedSectors: number } };

/**
 * The board's anonymised view of a baseline (DESIGN §8): agencies become "Agency A, B…", lettered in
 * order of overall score (highest first), not by name, since alphabetical letters would give names
 * away; the letters are fixed within a publication. A sector with fewer than `minGroupSize` agencies in
 * the report is not named, since a small group would identify its members: its agencies' sector is
 * withheld and its medians are left out of every per-standard view (counted as suppressed groups).
 * Agency names appear in the model only in the agency rows, so replacing them there removes every
 * one; the per-standard, dimension and item views hold counts and medians only.
 */
export function anonymiseBaseline(report: BaselineReport, minGroupSize = DEFAULT_MIN_GROUP_SIZE): AnonymisedBaseline {
  const sectorCounts = new Map<string, number>();
  for (const row of report.agencies) sectorCounts.set(row.agency.sector, (sectorCounts.get(row.agency.sector) ?? 0) + 1);
  const suppressed = [...sectorCounts].filter(([, count]) => count < minGroupSize).map(([sector]) => sector);
  const agencies = [...report.agencies].sort(byOverallDescending).map((row, index) => ({
    ...row,
    agency: { id: 0, name: agencyLetter(index), sector: suppressed.includes(row.agency.sector) ? ("other" as const) : row.agency.sector, sectorSuppressed: suppressed.includes(row.agency.sector) },
  }));
  const derived = deriveBaselineViews({ ...report, agencies }, { minGroupSize });
  return {
    ...report,
    agencies,
    perStandard: derived.perStandard,
    perDimension: derived.perDimension,
    anonymised: { minGroupSize, suppressedSectors: suppressed.length },
  };
}
