import { formatPercent } from "../scoring";

/**
 * Median and interquartile range of a group of percentages, as every report states them.
 *
 * Quantile method: linear interpolation between closest ranks (Hyndman & Fan type 7; the method of
 * Excel's QUARTILE.INC and PERCENTILE.INC, R's default and NumPy's "linear"), so a reader can check
 * any figure in a spreadsheet. For sorted values x₁ … xₙ and a proportion p, take h = (n − 1)·p;
 * the quantile is x at rank ⌊h⌋ plus (h − ⌊h⌋) of the way to the next value. With one value every
 * quantile is that value; with none there is no quantile (null), never 0.
 */

export interface Spread {
  /** How many values the figures are computed over. */
  n: number;
  median: number | null;
  /** Lower quartile (25th percentile). */
  q1: number | null;
  /** Upper quartile (75th percentile). */
  q3: number | null;
}

/** The p-quantile (0 ≤ p ≤ 1) of values already sorted ascending; null when there are none. */
export function quantile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
}

/** The median: the middle value, or of an even count the mean of the two middle values; null for none. */
export function median(values: readonly number[]): number | null {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** n, median and quartiles of the values that are numbers; nulls (not scored) are left out, not counted as 0. */
export function spreadOf(values: readonly (number | null)[]): Spread {
  // A typed array sorts numerically in native code, several times faster than a compare function.
  const sorted = Float64Array.from(values.filter((value): value is number => value !== null)).sort();
  return { n: sorted.length, median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75) };
}

/** "62% (middle half 38% to 75%, n = 4)", or "No scores (n = 0)": a median is always shown with its spread and n. */
export function formatSpread(spread: Spread): string {
  if (spread.median === null) return "No scores (n = 0)";
  return `${formatPercent(spread.median)} (middle half ${formatPercent(spread.q1)} to ${formatPercent(spread.q3)}, n = ${spread.n})`;
}
