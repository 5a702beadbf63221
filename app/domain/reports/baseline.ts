import type { ReturnStatus } from "../permissions";
import type { Band, Sector, ToolDefinition } from "../tool-schema";
import { SUBMITTED_STATUSES } from "../permissions";
import { effectiveBand, optimismGap } from "../moderation";

/**
 * The baseline report model (DESIGN §8, JSON shape in §9): where every agency stands in one cycle.
 * Every renderer (page, spreadsheet, Word, API) lays out this model; none computes. Percents are
 * kept unrounded; `null` means not scored.
 */

export const BASELINE_REPORT_VERSION = 1;

export interface BaselineInputReturn {
  agency: { id: number; name: string; sector: Sector };
  status: ReturnStatus;
  /** Present only for submitted returns the viewer may read. */
  score: {
    overallPercent: number | null;
    overallBand: string | null;
    standards: { code: string; percent: number | null; band: string | null; selfRating: string | null }[];
  } | null;
  /** Moderated bands by standard code, once the QA subgroup has recorded them. */
  moderated?: Record<string, string>;
}

export interface BaselineStandardCell {
  code: string;
  percent: number | null;
  band: string | null;
  selfRating: string | null;
  moderatedRating: string | null;
  /** Moderated rating where there is one, else the computed band (DESIGN §5). */
  effectiveBand: string | null;
}

export interface BaselineAgencyRow {
  /** In an anonymised publication: id 0, "Agency A", and the sector withheld when its group is small. */
  agency: { id: number; name: string; sector: Sector; sectorSuppressed?: boolean };
  status: ReturnStatus;
  overall: { percent: number | null; band: string | null };
  standards: BaselineStandardCell[];
  /** Standards the agency rated above their effective rating (DESIGN §5). */
  optimismGap: number;
}

export interface BaselineReport {
  reportVersion: number;
  kind: "baseline";
  cycle: { id: number; title: string; dueOn: string };
  tool: { code: string; version: string; title: string };
  bands: Band[];
  standards: { code: string; title: string; dimension: string | null }[];
  summary: {
    assigned: number;
    notStarted: number;
    inProgress: number;
    /** Submitted, returned for changes or validated: the returns that carry scores. */
    submitted: number;
    /** submitted / assigned × 100; null when nothing is assigned. */
    completionPercent: number | null;
    /** How many submitted returns' overall scores fall in each band (n = submitted returns with a score). */
    overallDistribution: { band: string; count: number }[];
  };
  /** Submitted returns only: drafts are private to their agency. */
  agencies: BaselineAgencyRow[];
}

export function buildBaselineReport(input: {
  cycle: { id: number; title: string; dueOn: string };
  tool: ToolDefinition;
  returns: BaselineInputReturn[];
}): BaselineReport {
  const { tool, returns } = input;
  const isSubmitted = (status: ReturnStatus) => (SUBMITTED_STATUSES as readonly string[]).includes(status);
  const submitted = returns.filter((entry) => isSubmitted(entry.status) && entry.score !== null);

  const agencies: BaselineAgencyRow[] = submitted
    .map((entry) => {
      const byCode = new Map(entry.score!.standards.map((standard) => [standard.code, standard]));
      const standards = tool.standards.map((standard) => {
          const scored = byCode.get(standard.code);
          const moderatedRating = entry.moderated?.[standard.code] ?? null;
          const band = scored?.band ?? null;
          return {
            code: standard.code,
            percent: scored?.percent ?? null,
            band,
            selfRating: scored?.selfRating ?? null,
            moderatedRating,
            effectiveBand: effectiveBand(band, moderatedRating),
          };
        });
      return {
        agency: entry.agency,
        status: entry.status,
        overall: { percent: entry.score!.overallPercent, band: entry.score!.overallBand },
        standards,
        optimismGap: optimismGap(tool.bands, standards),
      };
    })
    .sort((a, b) => a.agency.name.localeCompare(b.agency.name, "en-GB"));

  const count = (statuses: ReturnStatus[]) => returns.filter((entry) => statuses.includes(entry.status)).length;
  const submittedCount = returns.filter((entry) => isSubmitted(entry.status)).length;
  return {
    reportVersion: BASELINE_REPORT_VERSION,
    kind: "baseline",
    cycle: input.cycle,
    tool: { code: tool.code, version: tool.version, title: tool.title },
    bands: tool.bands,
    standards: tool.standards.map((standard) => ({ code: standard.code, title: standard.title, dimension: standard.dimension ?? null })),
    summary: {
      assigned: returns.length,
      notStarted: count(["not_started"]),
      inProgress: count(["in_progress"]),
      submitted: submittedCount,
      completionPercent: returns.length === 0 ? null : (100 * submittedCount) / returns.length,
      overallDistribution: tool.bands.map((band) => ({ band: band.code, count: agencies.filter((row) => row.overall.band === band.code).length })),
    },
    agencies,
  };
}
