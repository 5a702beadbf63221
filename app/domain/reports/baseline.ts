import type { ReturnStatus } from "../permissions";
import type { Answers } from "../scoring";
import { SECTORS, type Band, type Sector, type ToolDefinition } from "../tool-schema";
import { RETURN_STATUSES, SUBMITTED_STATUSES } from "../permissions";
import { effectiveBand, optimismGap } from "../moderation";
import { itemOutcomesOfAnswers, tallyItemOutcomes, type ItemOutcomes, type ItemTally, type PackedItemOutcomes } from "./baseline-items";
import { spreadOf, type Spread } from "./spread";

/**
 * The baseline report model (DESIGN §8, JSON shape in §9): where every agency stands in one cycle.
 * Every renderer (page, spreadsheet, Word, API) lays out this model; none computes. Percents are
 * kept unrounded; `null` means not scored. Every group figure carries its n and what it left out.
 * Version 2 added the per-standard, dimension, optimism and item views; it only added fields.
 */

/** 3: each agency's overall says whether an unmet essential capped it, and lists the unmet essentials (rules v2). */
export const BASELINE_REPORT_VERSION = 3;

export interface BaselineInputReturn {
  agency: { id: number; name: string; sector: Sector };
  status: ReturnStatus;
  /** Present only for submitted returns the viewer may read. */
  score: {
    overallPercent: number | null;
    overallBand: string | null;
    /** Rules v2: the overall band was lowered by an unmet essential item (absent in older inputs). */
    overallCapped?: boolean;
    /** Rules v2: essential items scored 0; absent or null for a score made under rules v1. */
    unmetEssentials?: { standard: string; item: string }[] | null;
    standards: {
      code: string;
      percent: number | null;
      band: string | null;
      selfRating: string | null;
      /** Item counts behind the standard's score (absent in older inputs). */
      included?: number;
      notApplicable?: number;
      unanswered?: number;
    }[];
    dimensions?: { code: string; percent: number | null; band: string | null }[];
  } | null;
  /** Moderated bands by standard code, once the QA subgroup has recorded them. */
  moderated?: Record<string, string>;
  /**
   * For the item view, given only for submitted and validated returns: the item outcomes stored with the
   * score, or (for a score stored before outcomes were kept) the return's answers, from which they are worked out.
   */
  itemOutcomes?: ItemOutcomes | PackedItemOutcomes;
  answers?: Answers;
}

export interface BaselineStandardCell {
  code: string;
  percent: number | null;
  band: string | null;
  selfRating: string | null;
  moderatedRating: string | null;
  /** Moderated rating where there is one, else the computed band (DESIGN §5). */
  effectiveBand: string | null;
  /** Where the effective band comes from; null when there is none (not scored, not moderated). */
  effectiveSource: "moderated" | "computed" | null;
  /** Items behind the percent: included, answered N/A, not answered; null when not known. */
  items: { included: number; notApplicable: number; unanswered: number } | null;
}

export interface BaselineAgencyRow {
  /** In an anonymised publication: id 0, "Agency A", and the sector withheld when its group is small. */
  agency: { id: number; name: string; sector: Sector; sectorSuppressed?: boolean };
  status: ReturnStatus;
  /**
   * The computed overall; `capped` when an unmet essential lowered its band, `unmetEssentials` the essential
   * items scored 0 (DESIGN §9: each agency's overall holds them; empty for a score made under rules v1).
   */
  overall: { percent: number | null; band: string | null; capped: boolean; unmetEssentials: { standard: string; item: string }[] };
  standards: BaselineStandardCell[];
  /** Standards the agency rated above their effective rating (DESIGN §5). */
  optimismGap: number;
  /** Standards with both a self rating and an effective rating: the n of the optimism gap. */
  selfRated: number;
  /** Dimension scores as stored with the return's score (DESIGN §5: weighted mean of standard %s). */
  dimensions: { code: string; percent: number | null; band: string | null }[];
}

export interface BandCount {
  band: string;
  count: number;
}

export interface SectorMedian {
  sector: Sector;
  /** Agencies of the sector with a score. */
  n: number;
  median: number | null;
}

export interface StandardStats {
  code: string;
  title: string;
  dimension: string | null;
  /** Effective bands (moderated, else computed) across the submitted returns. */
  distribution: BandCount[];
  /** Submitted returns with no effective band for this standard (not scored and not moderated). */
  unrated: number;
  /** Median and quartiles of the computed percents; n = returns with a percent. */
  spread: Spread;
  /** Submitted returns whose standard was not scored (no item included). */
  notScored: number;
  /** Items answered N/A and items not answered, summed over the submitted returns. */
  itemsNotApplicable: number;
  itemsUnanswered: number;
  /** Sectors in report order with their median; in an anonymised view small groups are left out. */
  sectors: SectorMedian[];
  /**
   * Scored agencies counted in no sector median shown: their sector is withheld, or (anonymised views)
   * their sector group is smaller than the minimum group size.
   */
  sectorsLeftOut: number;
  /** Self rating against effective rating: n = returns with both. */
  optimism: { n: number; above: number; same: number; below: number; noSelfRating: number };
}

export interface DimensionStats {
  code: string;
  title: string;
  standards: string[];
  distribution: BandCount[];
  /** Median and quartiles of the agencies' dimension percents; n = returns with one. */
  spread: Spread;
  notScored: number;
}

export interface BaselineItemsView {
  /** False in models frozen before item views existed. */
  available: boolean;
  /** Returns whose answers were counted (submitted and validated). */
  returnsCounted: number;
  /** Returns sent back to the agency are left out: their answers may be being revised. */
  returnsExcluded: number;
  /** Every scored item, most often unmet first. */
  rows: ItemTally[];
}

export interface BaselineReport {
  reportVersion: number;
  kind: "baseline";
  cycle: { id: number; title: string; dueOn: string };
  tool: { code: string; version: string; title: string };
  bands: Band[];
  standards: { code: string; title: string; dimension: string | null }[];
  dimensions: { code: string; title: string }[];
  summary: {
    assigned: number;
    notStarted: number;
    inProgress: number;
    /** Submitted, returned for changes or validated: the returns that carry scores. */
    submitted: number;
    /** Every return status with its count (the parts of `submitted` included). */
    byStatus: { status: ReturnStatus; count: number }[];
    /** submitted / assigned × 100; null when nothing is assigned. */
    completionPercent: number | null;
    /** How many submitted returns' overall scores fall in each band (n = submitted returns with a score). */
    overallDistribution: BandCount[];
    /** Submitted returns with no overall score. */
    overallNotScored: number;
    /** Median and quartiles of the overall percents of submitted returns. */
    overallSpread: Spread;
  };
  /** Submitted returns only: drafts are private to their agency. */
  agencies: BaselineAgencyRow[];
  perStandard: StandardStats[];
  perDimension: DimensionStats[];
  items: BaselineItemsView;
}

const isSubmitted = (status: ReturnStatus) => (SUBMITTED_STATUSES as readonly string[]).includes(status);

/** Agencies in name order, as a reader of the UK would sort them (one collator for every comparison). */
const byName = new Intl.Collator("en-GB");

function distributionOf(bands: Band[], codes: (string | null)[]): BandCount[] {
  const counts = new Map<string | null, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return bands.map((band) => ({ band: band.code, count: counts.get(band.code) ?? 0 }));
}

/** A row's cell for a standard: at the standard's own place in a built model, else found by its code. */
function cellAt<Cell extends { code: string }>(cells: readonly Cell[], code: string, index: number): Cell | undefined {
  const atIndex = cells[index];
  if (atIndex?.code === code) return atIndex;
  return cells.find((candidate) => candidate.code === code) ?? atIndex;
}

/**
 * The views computed from the agency rows alone: per standard, per dimension, and the overall
 * spread. Kept apart so that an anonymised model (and one frozen before these views existed) gets
 * them from the very same rule. Sector medians cover agencies whose sector is shown; with
 * `minGroupSize`, a sector with fewer scored agencies than that is left out and counted instead.
 */
export function deriveBaselineViews(
  report: Pick<BaselineReport, "bands" | "standards" | "dimensions" | "agencies">,
  options: { minGroupSize?: number } = {},
): { perStandard: StandardStats[]; perDimension: DimensionStats[]; overallSpread: Spread; overallNotScored: number } {
  const { bands, agencies } = report;
  const ranks = new Map(bands.map((band, index) => [band.code, index]));
  const rank = (code: string) => ranks.get(code) ?? bands.length;
  const perStandard = report.standards.map((standard, index): StandardStats => {
    const percents: (number | null)[] = [];
    const effectiveBands: (string | null)[] = [];
    const bySector = new Map<Sector, (number | null)[]>();
    let sectorsLeftOut = 0;
    let unrated = 0;
    let itemsNotApplicable = 0;
    let itemsUnanswered = 0;
    const optimism = { n: 0, above: 0, same: 0, below: 0, noSelfRating: 0 };
    for (const row of agencies) {
      const cell = cellAt(row.standards, standard.code, index);
      const percent = cell?.percent ?? null;
      percents.push(percent);
      effectiveBands.push(cell?.effectiveBand ?? null);
      if (row.agency.sectorSuppressed) {
        if (percent !== null) sectorsLeftOut += 1;
      } else {
        const members = bySector.get(row.agency.sector);
        if (members) members.push(percent);
        else bySector.set(row.agency.sector, [percent]);
      }
      if (!cell?.effectiveBand) unrated += 1;
      itemsNotApplicable += cell?.items?.notApplicable ?? 0;
      itemsUnanswered += cell?.items?.unanswered ?? 0;
      if (!cell?.selfRating) optimism.noSelfRating += 1;
      else if (cell.effectiveBand) {
        optimism.n += 1;
        const self = rank(cell.selfRating);
        const effective = rank(cell.effectiveBand);
        if (self < effective) optimism.above += 1;
        if (cell.selfRating === cell.effectiveBand) optimism.same += 1;
        if (self > effective) optimism.below += 1;
      }
    }
    const sectors: SectorMedian[] = [];
    for (const sector of SECTORS) {
      const members = bySector.get(sector) ?? [];
      const spread = spreadOf(members);
      if (spread.n === 0) continue;
      if (options.minGroupSize !== undefined && members.length < options.minGroupSize) {
        sectorsLeftOut += spread.n;
        continue;
      }
      sectors.push({ sector, n: spread.n, median: spread.median });
    }
    const spread = spreadOf(percents);
    return {
      code: standard.code,
      title: standard.title,
      dimension: standard.dimension,
      distribution: distributionOf(bands, effectiveBands),
      unrated,
      spread,
      notScored: percents.length - spread.n,
      itemsNotApplicable,
      itemsUnanswered,
      sectors,
      sectorsLeftOut,
      optimism,
    };
  });
  const perDimension = report.dimensions.map((dimension): DimensionStats => {
    const values = agencies.map((row) => row.dimensions.find((entry) => entry.code === dimension.code) ?? null);
    return {
      code: dimension.code,
      title: dimension.title,
      standards: report.standards.filter((standard) => standard.dimension === dimension.code).map((standard) => standard.code),
      distribution: distributionOf(
        bands,
        values.map((entry) => entry?.band ?? null),
      ),
      spread: spreadOf(values.map((entry) => entry?.percent ?? null)),
      notScored: values.filter((entry) => (entry?.percent ?? null) === null).length,
    };
  });
  return {
    perStandard,
    perDimension,
    overallSpread: spreadOf(agencies.map((row) => row.overall.percent)),
    overallNotScored: agencies.filter((row) => row.overall.percent === null).length,
  };
}

/**
 * Builds the baseline report of one cycle. Rows and every group figure cover submitted returns only
 * (submitted, returned for changes, validated): drafts are private to their agency. Effective rating
 * = moderated rating, else computed band (DESIGN §5). The item view counts the answers of submitted
 * and validated returns; a return sent back for changes is left out of it and counted as excluded.
 */
export function buildBaselineReport(input: {
  cycle: { id: number; title: string; dueOn: string };
  tool: ToolDefinition;
  returns: BaselineInputReturn[];
}): BaselineReport {
  const { tool, returns } = input;
  const submitted = returns.filter((entry) => isSubmitted(entry.status) && entry.score !== null);

  const standardIndex = new Map(tool.standards.map((standard, index) => [standard.code, index]));
  const agencies: BaselineAgencyRow[] = submitted
    .map((entry) => {
      // Each scored standard at its place in the tool (the last one stored wins, as a map of them would).
      const scoredAt: (BaselineInputReturn["score"] & object)["standards"][number][] = [];
      for (const scored of entry.score!.standards) {
        const index = standardIndex.get(scored.code);
        if (index !== undefined) scoredAt[index] = scored;
      }
      const standards = tool.standards.map((standard, index): BaselineStandardCell => {
        const scored = scoredAt[index];
        const moderatedRating = entry.moderated?.[standard.code] ?? null;
        const band = scored?.band ?? null;
        const effective = effectiveBand(band, moderatedRating);
        return {
          code: standard.code,
          percent: scored?.percent ?? null,
          band,
          selfRating: scored?.selfRating ?? null,
          moderatedRating,
          effectiveBand: effective,
          effectiveSource: moderatedRating !== null ? "moderated" : effective !== null ? "computed" : null,
          items:
            scored && scored.included !== undefined
              ? { included: scored.included, notApplicable: scored.notApplicable ?? 0, unanswered: scored.unanswered ?? 0 }
              : null,
        };
      });
      const dimensions = entry.score!.dimensions ?? [];
      return {
        agency: entry.agency,
        status: entry.status,
        overall: {
          percent: entry.score!.overallPercent,
          band: entry.score!.overallBand,
          capped: entry.score!.overallCapped ?? false,
          unmetEssentials: (entry.score!.unmetEssentials ?? []).map(({ standard, item }) => ({ standard, item })),
        },
        standards,
        optimismGap: optimismGap(tool.bands, standards),
        selfRated: standards.filter((cell) => cell.selfRating !== null && cell.effectiveBand !== null).length,
        dimensions: (tool.dimensions ?? []).map(
          (dimension) => dimensions.find((entry) => entry.code === dimension.code) ?? { code: dimension.code, percent: null, band: null },
        ),
      };
    })
    .sort((a, b) => byName.compare(a.agency.name, b.agency.name));

  const count = (statuses: readonly ReturnStatus[]) => returns.filter((entry) => statuses.includes(entry.status)).length;
  const submittedCount = count(SUBMITTED_STATUSES);
  const standards = tool.standards.map((standard) => ({
    code: standard.code,
    title: standard.title,
    dimension: standard.dimension ?? null,
  }));
  const dimensions = (tool.dimensions ?? []).map((dimension) => ({ code: dimension.code, title: dimension.title }));
  const derived = deriveBaselineViews({ bands: tool.bands, standards, dimensions, agencies });
  const counted = submitted.flatMap((entry) => {
    if (entry.status === "returned") return [];
    if (entry.itemOutcomes) return [entry.itemOutcomes];
    return entry.answers ? [itemOutcomesOfAnswers(tool, entry.answers)] : [];
  });
  return {
    reportVersion: BASELINE_REPORT_VERSION,
    kind: "baseline",
    cycle: input.cycle,
    tool: { code: tool.code, version: tool.version, title: tool.title },
    bands: tool.bands,
    standards,
    dimensions,
    summary: {
      assigned: returns.length,
      notStarted: count(["not_started"]),
      inProgress: count(["in_progress"]),
      submitted: submittedCount,
      byStatus: RETURN_STATUSES.map((status) => ({ status, count: count([status]) })),
      completionPercent: returns.length === 0 ? null : (100 * submittedCount) / returns.length,
      overallDistribution: distributionOf(
        tool.bands,
        agencies.map((row) => row.overall.band),
      ),
      overallNotScored: derived.overallNotScored,
      overallSpread: derived.overallSpread,
    },
    agencies,
    perStandard: derived.perStandard,
    perDimension: derived.perDimension,
    items: {
      available: true,
      returnsCounted: counted.length,
      returnsExcluded: submitted.length - counted.length,
      rows: tallyItemOutcomes(tool, counted),
    },
  };
}

type Summary = BaselineReport["summary"];

/** A baseline model as frozen by any version: what version 1 publications hold, every later field optional. */
export type FrozenBaselineReport = Omit<
  BaselineReport,
  "dimensions" | "summary" | "agencies" | "perStandard" | "perDimension" | "items"
> & {
  dimensions?: BaselineReport["dimensions"];
  summary: Omit<Summary, "byStatus" | "overallNotScored" | "overallSpread"> &
    Partial<Pick<Summary, "byStatus" | "overallNotScored" | "overallSpread">>;
  agencies: (Omit<BaselineAgencyRow, "standards" | "selfRated" | "dimensions" | "overall"> & {
    overall: Pick<BaselineAgencyRow["overall"], "percent" | "band"> & Partial<BaselineAgencyRow["overall"]>;
    standards: (Omit<BaselineStandardCell, "effectiveSource" | "items"> &
      Partial<Pick<BaselineStandardCell, "effectiveSource" | "items">>)[];
    selfRated?: number;
    dimensions?: BaselineAgencyRow["dimensions"];
  })[];
  perStandard?: StandardStats[];
  perDimension?: DimensionStats[];
  items?: BaselineItemsView;
  anonymised?: { minGroupSize: number; suppressedSectors: number };
};

/**
 * A model frozen before version 2 (a publication) brought up to today's shape: the views that follow
 * from its rows are derived by the same rule; what it never held (dimension scores, item answers,
 * item counts) is marked as not available rather than invented.
 */
export function upgradeBaselineReport<T extends FrozenBaselineReport>(model: T): Omit<T, keyof BaselineReport> & BaselineReport {
  if (model.reportVersion >= BASELINE_REPORT_VERSION) return model as unknown as Omit<T, keyof BaselineReport> & BaselineReport;
  // Frozen before rules v2: nothing was capped or listed then, and nothing is invented now.
  const overallOf = (row: FrozenBaselineReport["agencies"][number]) => ({ capped: false, unmetEssentials: [], ...row.overall });
  if (model.reportVersion === 2) {
    return { ...model, agencies: model.agencies.map((row) => ({ ...row, overall: overallOf(row) })) } as unknown as Omit<
      T,
      keyof BaselineReport
    > &
      BaselineReport;
  }
  const dimensions = model.dimensions ?? [];
  const agencies = model.agencies.map((row) => {
    const standards = row.standards.map((cell) => ({
      ...cell,
      effectiveSource:
        cell.effectiveSource ??
        (cell.moderatedRating !== null ? ("moderated" as const) : cell.effectiveBand !== null ? ("computed" as const) : null),
      items: cell.items ?? null,
    }));
    return {
      ...row,
      overall: overallOf(row),
      standards,
      selfRated: row.selfRated ?? standards.filter((cell) => cell.selfRating !== null && cell.effectiveBand !== null).length,
      dimensions: row.dimensions ?? [],
    };
  });
  const derived = deriveBaselineViews(
    { bands: model.bands, standards: model.standards, dimensions, agencies },
    { minGroupSize: model.anonymised?.minGroupSize },
  );
  const byStatus = model.summary.byStatus ?? [];
  return {
    ...model,
    reportVersion: model.reportVersion,
    dimensions,
    summary: { ...model.summary, byStatus, overallNotScored: derived.overallNotScored, overallSpread: derived.overallSpread },
    agencies,
    perStandard: derived.perStandard,
    perDimension: derived.perDimension,
    items: model.items ?? { available: false, returnsCounted: 0, returnsExcluded: 0, rows: [] },
  };
}
