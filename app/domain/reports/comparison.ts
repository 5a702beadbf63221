import type { ReturnStatus } from "../permissions";
import type { Band, Sector, ToolDefinition } from "../tool-schema";
import { SUBMITTED_STATUSES } from "../permissions";
import { SECTORS } from "../tool-schema";
import { effectiveBand } from "../moderation";
import { median } from "./spread";

/**
 * The comparison report model (DESIGN §8): two cycles of one tool code, agency by agency and
 * standard by standard. Every renderer lays out this model; none computes. Percents and changes are
 * kept unrounded; `null` means not scored (or, for a change, not scored in one of the two cycles).
 *
 * Rules stated once, here:
 * - Only returns that have left the agency (submitted, returned, validated) and carry a score count.
 * - Standards are paired by code when both cycles use the same tool version; across versions only
 *   through the later version's `comparableTo["<code>@<earlier version>"]` mapping (null = not
 *   comparable). Everything left unpaired is listed as not comparable, with the reason.
 * - Change (Δ) = later % − earlier %, in percentage points. Improved when Δ ≥ +threshold, declined
 *   when Δ ≤ −threshold (both inclusive), otherwise stable; the threshold defaults to 5 points.
 * - Partnership and sector medians cover the agencies with a scored return in both cycles only, so a
 *   change in who took part never looks like improvement (DOMAIN.md, "denominator drift"). Agencies
 *   in one cycle only are listed separately, never dropped.
 * - The median of an even count is the mean of the two middle values.
 */

export const COMPARISON_REPORT_VERSION = 1;
export const DEFAULT_MOVEMENT_THRESHOLD = 5;
/** How many standards the most improved and most declined lists hold; the per-standard list holds them all. */
export const MOST_MOVED_LIMIT = 5;

/**
 * Percentages are ratios of small integers, so a change that is exactly 5 points on paper can come
 * out as 4.999999999999993 in floating point. Within this distance of the threshold counts as on it.
 */
const FLOAT_TOLERANCE = 1e-9;

export type Movement = "improved" | "stable" | "declined";

/** An agency as a report names it; an anonymised publication letters it and may withhold its sector (shown as `other`). */
export interface ReportAgency {
  id: number;
  name: string;
  sector: Sector;
  sectorSuppressed?: boolean;
}
export const MOVEMENT_LABELS: Record<Movement, string> = { improved: "Improved", stable: "Stable", declined: "Declined" };

/**
 * A standard's movement in words. Movement is measured in points against the threshold; where the effective
 * rating (moderated, where the QA subgroup moderated) moved the other way or moved while the points did not,
 * both are said, so "Stable" never stands beside a rating the subgroup lowered: "Stable in points; rating lower".
 */
export function movementText(movement: Movement | null, bandChange: BandChange | null): string {
  if (movement === null) return "Not compared";
  const rating = bandChange === "higher" ? "rating higher" : bandChange === "lower" ? "rating lower" : null;
  const agrees =
    (movement === "improved" && bandChange !== "lower") ||
    (movement === "declined" && bandChange !== "higher") ||
    (movement === "stable" && rating === null);
  return agrees ? MOVEMENT_LABELS[movement] : `${MOVEMENT_LABELS[movement]} in points; ${rating ?? "rating the same"}`;
}

/** Where the effective band moved, highest band first; null when either is missing or the versions' bands differ. */
export type BandChange = "higher" | "same" | "lower";

export interface ComparisonInputReturn {
  agency: { id: number; name: string; sector: Sector };
  status: ReturnStatus;
  /** Present only for returns the viewer may read that carry a score. */
  score: {
    overallPercent: number | null;
    overallBand: string | null;
    /** Essential items not met in this return (rules v2; 0 for a score made under v1 or an older input). */
    unmetEssentials?: number;
    standards: { code: string; percent: number | null; band: string | null }[];
  } | null;
  /** Moderated bands by standard code, once the QA subgroup has recorded them. */
  moderated?: Record<string, string>;
}

export interface ComparisonInputCycle {
  cycle: { id: number; title: string; opensOn: string; dueOn: string };
  tool: ToolDefinition;
  returns: ComparisonInputReturn[];
}

export interface StandardPair {
  /** The later version's code and title (the one the partnership works to now). */
  code: string;
  title: string;
  earlierCode: string;
  earlierTitle: string;
}

export interface NotComparableStandard {
  /** Which cycle's tool version the standard belongs to. */
  cycle: "earlier" | "later";
  version: string;
  code: string;
  title: string;
  /** `added`: only in the later version; `removed`: only in the earlier; `unmapped`: the mapping says not comparable, names a missing standard, or is absent. */
  reason: "added" | "removed" | "unmapped";
  explanation: string;
}

export interface MedianSummary {
  /** Agencies counted: scored in both cycles. */
  n: number;
  earlierMedian: number | null;
  laterMedian: number | null;
  /** Median of the agencies' own changes (not the difference of the two medians). */
  medianDelta: number | null;
  improved: number;
  stable: number;
  declined: number;
}

export interface ComparisonStandardSummary extends StandardPair, MedianSummary {
  /** Agencies in both cycles whose standard was not scored in one of them (left out of n). */
  notScored: number;
}

export interface ComparisonCell {
  percent: number | null;
  /** Effective band: the moderated rating where there is one, else the computed band (DESIGN §5). */
  effectiveBand: string | null;
  moderated: boolean;
}

export interface ComparisonAgencyStandard {
  code: string;
  earlierCode: string;
  earlier: ComparisonCell;
  later: ComparisonCell;
  delta: number | null;
  movement: Movement | null;
  bandChange: BandChange | null;
}

export interface ComparisonAgencyRow {
  agency: ReportAgency;
  earlierStatus: ReturnStatus;
  laterStatus: ReturnStatus;
  overall: {
    earlier: { percent: number | null; band: string | null; unmetEssentials?: number };
    later: { percent: number | null; band: string | null; unmetEssentials?: number };
    delta: number | null;
    movement: Movement | null;
  };
  standards: ComparisonAgencyStandard[];
}

export interface SingleCycleAgency {
  agency: ReportAgency;
  /** The one cycle with a scored return from this agency. */
  cycle: "earlier" | "later";
  status: ReturnStatus;
  overall: { percent: number | null; band: string | null; unmetEssentials?: number };
  /** The agency's return status in the other cycle; null when it was not part of that cycle. */
  otherCycleStatus: ReturnStatus | null;
}

export interface ComparisonCycleInfo {
  cycle: { id: number; title: string; opensOn: string; dueOn: string };
  tool: { code: string; version: string; title: string };
  bands: Band[];
  /** Scored returns (submitted, returned or validated) in this cycle that the viewer may read. */
  submitted: number;
}

export interface ComparisonReport {
  reportVersion: number;
  kind: "comparison";
  /** Percentage points of change that count as improved or declined (inclusive). */
  threshold: number;
  earlier: ComparisonCycleInfo;
  later: ComparisonCycleInfo;
  summary: {
    agenciesInBoth: number;
    onlyEarlier: number;
    onlyLater: number;
    comparableStandards: number;
    notComparableStandards: number;
    /** Every agency × comparable standard of the agencies in both cycles, by movement. */
    cells: { improved: number; stable: number; declined: number; notScored: number };
  };
  /** Comparable standards, in the later version's order. */
  standards: ComparisonStandardSummary[];
  /** Up to five standards whose median change meets the threshold, largest change first. */
  mostImproved: ComparisonStandardSummary[];
  mostDeclined: ComparisonStandardSummary[];
  /** Overall % of the agencies in both cycles. */
  partnership: MedianSummary;
  /** The same per sector, in the order of DESIGN §2; sectors without an agency in both cycles are left out. */
  sectors: (MedianSummary & { sector: Sector })[];
  agencies: ComparisonAgencyRow[];
  singleCycleAgencies: SingleCycleAgency[];
  notComparable: NotComparableStandard[];
}

/** The earlier of two cycles is the one that opened first; on the same day, the one created first. */
export function opensBefore(a: { id: number; opensOn: string }, b: { id: number; opensOn: string }): boolean {
  return a.opensOn < b.opensOn || (a.opensOn === b.opensOn && a.id < b.id);
}

/** Improved at Δ ≥ +threshold, declined at Δ ≤ −threshold (inclusive), else stable; null when Δ is unknown. */
export function classifyMovement(delta: number | null, threshold: number): Movement | null {
  if (delta === null) return null;
  if (delta >= threshold - FLOAT_TOLERANCE) return "improved";
  if (delta <= -threshold + FLOAT_TOLERANCE) return "declined";
  return "stable";
}

/**
 * A change in percentage points for people: "+7", "−12" (a true minus sign), "no change" when it
 * rounds to 0. Rounded once, here, half away from zero so +4.5 and −4.5 read alike.
 */
export function formatDelta(delta: number | null): string {
  if (delta === null) return "Not scored";
  const digits = deltaDigits(delta);
  return digits === "0" ? "no change" : digits;
}

/** The signed whole points of formatDelta ("+7", "−12", "0"), for table cells that label the unit once. */
export function deltaDigits(delta: number): string {
  const whole = Math.floor(Math.abs(delta) + 0.5);
  if (whole === 0) return "0";
  return delta > 0 ? `+${whole}` : `\u2212${whole}`;
}

/**
 * Which standards of two versions of one tool can be compared. Same version: every standard with
 * itself. Different versions: a later standard is paired with the earlier standard its
 * `comparableTo["<code>@<earlier version>"]` names; a null there, a name the earlier version does not
 * have, or no mapping for that version at all makes it not comparable. A later standard the mapping
 * leaves out is new (added); an earlier standard nothing maps to is gone (removed).
 */
export function compareStandards(
  earlier: ToolDefinition,
  later: ToolDefinition,
): { pairs: StandardPair[]; notComparable: NotComparableStandard[] } {
  if (earlier.code !== later.code)
    throw new Error(`Tools ${earlier.code} and ${later.code} are different instruments and cannot be compared`);
  const earlierByCode = new Map(earlier.standards.map((standard) => [standard.code, standard]));
  const pairs: StandardPair[] = [];
  const notComparable: NotComparableStandard[] = [];
  const addLater = (code: string, title: string, reason: NotComparableStandard["reason"], explanation: string) =>
    notComparable.push({ cycle: "later", version: later.version, code, title, reason, explanation });

  const sameVersion = earlier.version === later.version;
  const mapping = sameVersion ? undefined : later.comparableTo?.[`${earlier.code}@${earlier.version}`];
  const markedNotComparable = new Set<string>();
  for (const standard of later.standards) {
    let earlierCode: string | null;
    if (sameVersion) earlierCode = standard.code;
    else if (mapping === undefined) {
      addLater(standard.code, standard.title, "unmapped", `Version ${later.version} gives no mapping to version ${earlier.version}`);
      continue;
    } else if (!(standard.code in mapping)) {
      addLater(
        standard.code,
        standard.title,
        "added",
        `New in version ${later.version}: not mapped to any standard of version ${earlier.version}`,
      );
      continue;
    } else earlierCode = mapping[standard.code];

    if (earlierCode === null) {
      markedNotComparable.add(standard.code);
      addLater(
        standard.code,
        standard.title,
        "unmapped",
        `Version ${later.version} marks it as not comparable with version ${earlier.version}`,
      );
      continue;
    }
    const target = earlierByCode.get(earlierCode);
    if (!target) {
      addLater(standard.code, standard.title, "unmapped", `Mapped to ${earlierCode}, which version ${earlier.version} does not have`);
      continue;
    }
    pairs.push({ code: standard.code, title: standard.title, earlierCode: target.code, earlierTitle: target.title });
  }

  const paired = new Set(pairs.map((pair) => pair.earlierCode));
  for (const standard of earlier.standards) {
    if (paired.has(standard.code)) continue;
    const entry = { cycle: "earlier" as const, version: earlier.version, code: standard.code, title: standard.title };
    if (mapping === undefined)
      notComparable.push({
        ...entry,
        reason: "unmapped",
        explanation: `Version ${later.version} gives no mapping to version ${earlier.version}`,
      });
    else if (markedNotComparable.has(standard.code))
      notComparable.push({
        ...entry,
        reason: "unmapped",
        explanation: `Version ${later.version} marks its ${standard.code} as not comparable with this one`,
      });
    else
      notComparable.push({
        ...entry,
        reason: "removed",
        explanation: `Only in version ${earlier.version}: no standard of version ${later.version} is mapped to it`,
      });
  }
  return { pairs, notComparable };
}

/** Where an effective band moved; null when either is missing or the two versions' bands are not the same list. */
function compareBands(earlierBands: Band[], laterBands: Band[], then: string | null, now: string | null): BandChange | null {
  if (then === null || now === null) return null;
  const sameBands = earlierBands.length === laterBands.length && earlierBands.every((band, index) => band.code === laterBands[index].code);
  if (!sameBands) return null;
  const rankThen = earlierBands.findIndex((band) => band.code === then);
  const rankNow = laterBands.findIndex((band) => band.code === now);
  if (rankThen < 0 || rankNow < 0) return null;
  return rankNow < rankThen ? "higher" : rankNow > rankThen ? "lower" : "same";
}

/** Medians then and now, the median change and the movement counts over pairs scored on both sides. */
function summarise(pairs: { earlier: number | null; later: number | null }[], threshold: number): MedianSummary {
  const scored = pairs.filter((pair): pair is { earlier: number; later: number } => pair.earlier !== null && pair.later !== null);
  const deltas = scored.map((pair) => pair.later - pair.earlier);
  const movements = deltas.map((delta) => classifyMovement(delta, threshold));
  return {
    n: scored.length,
    earlierMedian: median(scored.map((pair) => pair.earlier)),
    laterMedian: median(scored.map((pair) => pair.later)),
    medianDelta: median(deltas),
    improved: movements.filter((movement) => movement === "improved").length,
    stable: movements.filter((movement) => movement === "stable").length,
    declined: movements.filter((movement) => movement === "declined").length,
  };
}

const isScored = (entry: ComparisonInputReturn) => (SUBMITTED_STATUSES as readonly string[]).includes(entry.status) && entry.score !== null;

function cycleInfo(input: ComparisonInputCycle): ComparisonCycleInfo {
  return {
    cycle: input.cycle,
    tool: { code: input.tool.code, version: input.tool.version, title: input.tool.title },
    bands: input.tool.bands,
    submitted: input.returns.filter(isScored).length,
  };
}

/**
 * Builds the comparison of two cycles of one tool code (rules in the module comment above).
 * `threshold` is in percentage points and must be positive; it defaults to 5.
 */
export function buildComparisonReport(input: {
  earlier: ComparisonInputCycle;
  later: ComparisonInputCycle;
  threshold?: number;
}): ComparisonReport {
  const threshold = input.threshold ?? DEFAULT_MOVEMENT_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold <= 0)
    throw new RangeError(`The movement threshold must be a positive number of points, not ${threshold}`);
  const { earlier, later } = input;
  const { pairs, notComparable } = compareStandards(earlier.tool, later.tool);

  const scoredEarlier = new Map(earlier.returns.filter(isScored).map((entry) => [entry.agency.id, entry]));
  const scoredLater = new Map(later.returns.filter(isScored).map((entry) => [entry.agency.id, entry]));
  const anyEarlier = new Map(earlier.returns.map((entry) => [entry.agency.id, entry]));
  const anyLater = new Map(later.returns.map((entry) => [entry.agency.id, entry]));

  const cell = (
    entry: ComparisonInputReturn,
    byCode: Map<string, { percent: number | null; band: string | null }>,
    code: string,
  ): ComparisonCell => {
    const scored = byCode.get(code);
    const moderated = entry.moderated?.[code] ?? null;
    return {
      percent: scored?.percent ?? null,
      effectiveBand: effectiveBand(scored?.band ?? null, moderated),
      moderated: moderated !== null,
    };
  };

  const agencies: ComparisonAgencyRow[] = [];
  const singleCycleAgencies: SingleCycleAgency[] = [];
  for (const [agencyId, then] of scoredEarlier) {
    const now = scoredLater.get(agencyId);
    if (!now) {
      singleCycleAgencies.push({
        agency: then.agency,
        cycle: "earlier",
        status: then.status,
        overall: { percent: then.score!.overallPercent, band: then.score!.overallBand, unmetEssentials: then.score!.unmetEssentials ?? 0 },
        otherCycleStatus: anyLater.get(agencyId)?.status ?? null,
      });
      continue;
    }
    const thenByCode = new Map(then.score!.standards.map((standard) => [standard.code, standard]));
    const nowByCode = new Map(now.score!.standards.map((standard) => [standard.code, standard]));
    const overallDelta =
      then.score!.overallPercent !== null && now.score!.overallPercent !== null
        ? now.score!.overallPercent - then.score!.overallPercent
        : null;
    agencies.push({
      // The agency as it is now: a renamed or re-sectored agency is shown under its current name and sector.
      agency: now.agency,
      earlierStatus: then.status,
      laterStatus: now.status,
      overall: {
        earlier: { percent: then.score!.overallPercent, band: then.score!.overallBand, unmetEssentials: then.score!.unmetEssentials ?? 0 },
        later: { percent: now.score!.overallPercent, band: now.score!.overallBand, unmetEssentials: now.score!.unmetEssentials ?? 0 },
        delta: overallDelta,
        movement: classifyMovement(overallDelta, threshold),
      },
      standards: pairs.map((pair) => {
        const before = cell(then, thenByCode, pair.earlierCode);
        const after = cell(now, nowByCode, pair.code);
        const delta = before.percent !== null && after.percent !== null ? after.percent - before.percent : null;
        return {
          code: pair.code,
          earlierCode: pair.earlierCode,
          earlier: before,
          later: after,
          delta,
          movement: classifyMovement(delta, threshold),
          bandChange: compareBands(earlier.tool.bands, later.tool.bands, before.effectiveBand, after.effectiveBand),
        };
      }),
    });
  }
  for (const [agencyId, now] of scoredLater) {
    if (scoredEarlier.has(agencyId)) continue;
    singleCycleAgencies.push({
      agency: now.agency,
      cycle: "later",
      status: now.status,
      overall: { percent: now.score!.overallPercent, band: now.score!.overallBand, unmetEssentials: now.score!.unmetEssentials ?? 0 },
      otherCycleStatus: anyEarlier.get(agencyId)?.status ?? null,
    });
  }
  const byName = (a: { agency: { name: string } }, b: { agency: { name: string } }) => a.agency.name.localeCompare(b.agency.name, "en-GB");
  agencies.sort(byName);
  singleCycleAgencies.sort((a, b) => (a.cycle === b.cycle ? byName(a, b) : a.cycle === "earlier" ? -1 : 1));

  const standards: ComparisonStandardSummary[] = pairs.map((pair, index) => {
    const cells = agencies.map((row) => row.standards[index]);
    const summary = summarise(
      cells.map((entry) => ({ earlier: entry.earlier.percent, later: entry.later.percent })),
      threshold,
    );
    return { ...pair, ...summary, notScored: agencies.length - summary.n };
  });
  const meets = (value: number | null, sign: 1 | -1) => value !== null && sign * value >= threshold - FLOAT_TOLERANCE;
  // Array.prototype.sort is stable, so equal changes keep the later version's order.
  const mostImproved = standards
    .filter((entry) => meets(entry.medianDelta, 1))
    .sort((a, b) => b.medianDelta! - a.medianDelta!)
    .slice(0, MOST_MOVED_LIMIT);
  const mostDeclined = standards
    .filter((entry) => meets(entry.medianDelta, -1))
    .sort((a, b) => a.medianDelta! - b.medianDelta!)
    .slice(0, MOST_MOVED_LIMIT);

  const overallPairs = (rows: ComparisonAgencyRow[]) =>
    rows.map((row) => ({ earlier: row.overall.earlier.percent, later: row.overall.later.percent }));
  const sectors = SECTORS.map((sector) => ({ sector, rows: agencies.filter((row) => row.agency.sector === sector) }))
    .filter((group) => group.rows.length > 0)
    .map((group) => ({ sector: group.sector, ...summarise(overallPairs(group.rows), threshold) }));

  const allCells = agencies.flatMap((row) => row.standards);
  return {
    reportVersion: COMPARISON_REPORT_VERSION,
    kind: "comparison",
    threshold,
    earlier: cycleInfo(earlier),
    later: cycleInfo(later),
    summary: {
      agenciesInBoth: agencies.length,
      onlyEarlier: singleCycleAgencies.filter((entry) => entry.cycle === "earlier").length,
      onlyLater: singleCycleAgencies.filter((entry) => entry.cycle === "later").length,
      comparableStandards: pairs.length,
      notComparableStandards: notComparable.length,
      cells: {
        improved: allCells.filter((entry) => entry.movement === "improved").length,
        stable: allCells.filter((entry) => entry.movement === "stable").length,
        declined: allCells.filter((entry) => entry.movement === "declined").length,
        notScored: allCells.filter((entry) => entry.movement === null).length,
      },
    },
    standards,
    mostImproved,
    mostDeclined,
    partnership: summarise(overallPairs(agencies), threshold),
    sectors,
    agencies,
    singleCycleAgencies,
    notComparable,
  };
}
