import type { BaselineReport } from "./baseline";
import { bandLabel, formatPercent } from "../scoring";

/**
 * The few counts a board pack's summary states in words, taken from the baseline model so that the
 * Word pack (and any later page) says what the tables show. Pure; renderers only print the sentences.
 */

export interface StandardBelowTopBand {
  code: string;
  title: string;
  /** Agencies whose effective rating of this standard is below the top band. */
  count: number;
  /** Agencies with an effective rating of this standard at all (the n of the count). */
  rated: number;
}

export interface BaselineNarrative {
  assigned: number;
  submitted: number;
  /** The overall distribution with band labels, highest band first. */
  overall: { band: string; label: string; count: number }[];
  /** Submitted returns with no overall score (every standard not scored). */
  overallNotScored: number;
  topBand: { code: string; label: string } | null;
  /** Every standard, most often below the top band first (ties in tool order). */
  belowTopBand: StandardBelowTopBand[];
  /** The standards most often below the top band: the first `limit`, plus any tied with the last of them. */
  mostOftenBelowTopBand: StandardBelowTopBand[];
  sentences: string[];
}

const MOST_OFTEN_LIMIT = 3;

function agencies(n: number): string {
  return n === 1 ? "1 agency" : `${n} agencies`;
}

function listInWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/**
 * Builds the narrative summary of a baseline report. A standard counts as "below the top band" for
 * an agency when its effective rating (moderated, else computed: DESIGN §5) is any band other than
 * the tool's first; a standard not scored counts neither way, so `rated` is the n of each count.
 * The most-often list keeps ties at its cut-off rather than dropping one arbitrarily, and names no
 * standard that no agency rated below the top band.
 */
export function buildBaselineNarrative(report: BaselineReport, limit = MOST_OFTEN_LIMIT): BaselineNarrative {
  const { summary, bands } = report;
  const top = bands[0] ?? null;
  const overall = summary.overallDistribution.map((entry) => ({
    band: entry.band,
    label: bandLabel(bands, entry.band),
    count: entry.count,
  }));
  const overallNotScored = report.agencies.filter((row) => row.overall.band === null).length;

  const belowTopBand = report.standards
    .map((standard) => {
      const ratings = report.agencies
        .map((row) => row.standards.find((cell) => cell.code === standard.code)?.effectiveBand ?? null)
        .filter((band) => band !== null);
      return {
        code: standard.code,
        title: standard.title,
        count: ratings.filter((band) => band !== top?.code).length,
        rated: ratings.length,
      };
    })
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => b.entry.count - a.entry.count || a.index - b.index)
    .map(({ entry }) => entry);
  const candidates = belowTopBand.filter((entry) => entry.count > 0);
  const cutOff = candidates[Math.min(limit, candidates.length) - 1]?.count ?? Infinity;
  const mostOftenBelowTopBand = candidates.filter((entry) => entry.count >= cutOff);

  const sentences: string[] = [];
  const verb = summary.submitted === 1 ? "has" : "have";
  sentences.push(
    summary.assigned === 0
      ? "No agencies are taking part in this cycle."
      : `${summary.submitted} of ${agencies(summary.assigned)} ${verb} submitted their return (${formatPercent(summary.completionPercent)} complete).`,
  );
  if (report.agencies.length > 0) {
    const counted = overall.filter((entry) => entry.count > 0).map((entry) => `${entry.count} ${entry.label}`);
    const notScored = overallNotScored > 0 ? `${agencies(overallNotScored)} had no overall score.` : "";
    sentences.push(
      counted.length === 0
        ? notScored
        : `Overall ratings of the submitted returns: ${listInWords(counted)}.${notScored ? ` ${notScored}` : ""}`,
    );
    if (top) {
      sentences.push(
        mostOftenBelowTopBand.length === 0
          ? `Every standard rated was ${top.label} for every agency.`
          : `The standards most often rated below ${top.label} were ${listInWords(
              mostOftenBelowTopBand.map((entry) => `${entry.code} ${entry.title} (${entry.count} of ${agencies(entry.rated)})`),
            )}.`,
      );
    }
  }
  return {
    assigned: summary.assigned,
    submitted: summary.submitted,
    overall,
    overallNotScored,
    topBand: top ? { code: top.code, label: top.label } : null,
    belowTopBand,
    mostOftenBelowTopBand,
    sentences,
  };
}
