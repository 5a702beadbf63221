import { percentDigits } from "../scoring";
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

/**
 * The order agencies are lettered in: a shuffle drawn from the publication's own seed (mulberry32 then
 * Fisher–Yates), so letters follow neither names nor scores (lettering by score let a reader match "Agency A"
 * to the top score of a named report of the same cycle), and stay fixed within one publication. The seed is
 * chosen at random when a report is published and frozen with it.
 */
export function shuffledOrder<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other], shuffled[index]];
  }
  return shuffled;
}

/**
 * A percentage as an anonymised view shows it: rounded as the pages round it (whole, or one decimal rounded down
 * next to a band minimum), so exact figures cannot be matched to a named report's unrounded export.
 */
export function anonymisedPercent(percent: number | null, bands: readonly { min: number }[]): number | null {
  return percent === null ? null : Number(percentDigits(percent, bands));
}

export type AnonymisedBaseline = BaselineReport & { anonymised: { minGroupSize: number; suppressedSectors: number } };

/**
 * The board's anonymised view of a baseline (DESIGN §8): agencies become "Agency A, B…", lettered in a
 * random order drawn from the publication's seed (`shuffledOrder`), neither by name nor by score, and
 * listed in letter order; every percentage is rounded as shown (`anonymisedPercent`). A sector with fewer than `minGroupSize` agencies in
 * the report is not named, since a small group would identify its members: its agencies' sector is
 * withheld and its medians are left out of every per-standard view (counted as suppressed groups).
 * Agency names appear in the model only in the agency rows, so replacing them there removes every
 * one; the per-standard, dimension and item views hold counts and medians only.
 */
export function anonymiseBaseline(report: BaselineReport, minGroupSize = DEFAULT_MIN_GROUP_SIZE, seed = 1): AnonymisedBaseline {
  const sectorCounts = new Map<string, number>();
  for (const row of report.agencies) sectorCounts.set(row.agency.sector, (sectorCounts.get(row.agency.sector) ?? 0) + 1);
  const suppressed = [...sectorCounts].filter(([, count]) => count < minGroupSize).map(([sector]) => sector);
  const round = (percent: number | null) => anonymisedPercent(percent, report.bands);
  const agencies = shuffledOrder(report.agencies, seed).map((row, index) => ({
    ...row,
    agency: {
      id: 0,
      name: agencyLetter(index),
      sector: suppressed.includes(row.agency.sector) ? ("other" as const) : row.agency.sector,
      sectorSuppressed: suppressed.includes(row.agency.sector),
    },
    overall: { ...row.overall, percent: round(row.overall.percent) },
    standards: row.standards.map((cell) => ({ ...cell, percent: round(cell.percent) })),
    dimensions: row.dimensions.map((dimension) => ({ ...dimension, percent: round(dimension.percent) })),
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
