import { formatPercent } from "../scoring";
import { formatDelta, type ComparisonReport } from "./comparison";

/**
 * "What changed since the baseline" in plain sentences for the board pack and the page, built only
 * from the comparison model's counts and medians (no new arithmetic): how many agencies improved,
 * held or declined overall, how the partnership median moved, the most improved and most declined
 * standards, who took part in one cycle only and what could not be compared.
 */
export function buildComparisonNarrative(report: ComparisonReport): string[] {
  const then = report.earlier.cycle.title;
  const now = report.later.cycle.title;
  const { partnership, summary, threshold } = report;
  const agencies = (n: number) => `${n} ${n === 1 ? "agency" : "agencies"}`;
  const sentences: string[] = [];
  if (summary.agenciesInBoth === 0) {
    sentences.push(`No agency has a submitted return in both ${then} and ${now}, so nothing can be compared yet.`);
  } else {
    sentences.push(
      `Of ${agencies(partnership.n)} with a scored return in both ${then} and ${now}, ${partnership.improved} improved overall by ${threshold} points or more, ${partnership.stable} stayed within ${threshold} points and ${partnership.declined} declined by ${threshold} points or more.`,
    );
    sentences.push(
      `The median overall score moved from ${formatPercent(partnership.earlierMedian)} to ${formatPercent(partnership.laterMedian)}; the median of the agencies' own changes is ${formatDelta(partnership.medianDelta)} points.`,
    );
    sentences.push(
      `Standard by standard, across those agencies: ${summary.cells.improved} improved, ${summary.cells.stable} stable and ${summary.cells.declined} declined (${summary.cells.notScored} not scored in both cycles).`,
    );
  }
  const list = (entries: ComparisonReport["mostImproved"]) =>
    entries.map((entry) => `${entry.code} ${entry.title} (${formatDelta(entry.medianDelta)})`).join("; ");
  sentences.push(
    report.mostImproved.length > 0
      ? `Most improved standards (median change): ${list(report.mostImproved)}.`
      : `No standard improved by a median of ${threshold} points or more.`,
  );
  sentences.push(
    report.mostDeclined.length > 0
      ? `Most declined standards (median change): ${list(report.mostDeclined)}.`
      : `No standard declined by a median of ${threshold} points or more.`,
  );
  if (summary.onlyEarlier + summary.onlyLater > 0) {
    sentences.push(
      `${agencies(summary.onlyEarlier)} submitted in ${then} only and ${agencies(summary.onlyLater)} in ${now} only; they are listed but not in the medians.`,
    );
  }
  if (summary.notComparableStandards > 0) {
    const reasons = (["added", "removed", "unmapped"] as const)
      .map((reason) => [reason, report.notComparable.filter((entry) => entry.reason === reason).length] as const)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => `${n} ${reason === "unmapped" ? "not mapped" : reason}`);
    sentences.push(
      `${summary.notComparableStandards} ${summary.notComparableStandards === 1 ? "standard is" : "standards are"} not comparable between the two tool versions (${reasons.join(", ")}).`,
    );
  }
  return sentences;
}
