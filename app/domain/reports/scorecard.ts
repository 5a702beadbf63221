import {
  directionOfTravel,
  parsePeriod,
  ragFor,
  type Direction,
  type Frequency,
  type Polarity,
  type Quadrant,
  type Rag,
  type ScorecardQuery,
  type Theme,
  type ObservationValues,
  type Unit,
} from "../scorecard";

/**
 * The scorecard report model (DESIGN §13): each indicator's series in period order with the target and RAG
 * per point, the direction of travel from the previous point, and the breaks where the definition changed.
 * The page, the exports, the API and the board's frozen copy all lay out this one model.
 */

export const SCORECARD_REPORT_VERSION = 1;

export interface ScorecardIndicatorSource {
  id: number;
  code: string;
  title: string;
  unit: Unit;
  polarity: Polarity;
  target: number | null;
  greenTolerance: number | null;
  amberTolerance: number | null;
  frequency: Frequency;
  quadrant: Quadrant;
  theme: Theme;
  owner: { id: number; name: string } | null;
  linkedStandards: string[];
  versions: { version: number; definition: string; createdAt: string }[];
}

export interface ScorecardObservationSource extends ObservationValues {
  indicatorId: number;
  version: number;
}

export interface ScorecardPoint extends ObservationValues {
  /** The definition version the value was counted under. */
  version: number;
  target: number | null;
  rag: Rag | null;
  /** True when this point's definition differs from the previous point's: the series breaks before it. */
  breakBefore: boolean;
}

export interface ScorecardBreak {
  period: string;
  fromVersion: number;
  toVersion: number;
  definition: string;
}

export interface ScorecardIndicator extends Omit<ScorecardIndicatorSource, "id" | "versions"> {
  definition: string;
  version: number;
  versions: { version: number; definition: string }[];
  points: ScorecardPoint[];
  latest: { period: string; value: number; rag: Rag | null } | null;
  direction: Direction;
  breaks: ScorecardBreak[];
}

export interface ScorecardReport {
  kind: "scorecard";
  reportVersion: number;
  from: string | null;
  to: string | null;
  filters: { theme: Theme | null; quadrant: Quadrant | null; owner: "partnership" | number | null };
  indicators: ScorecardIndicator[];
  summary: { indicators: number; green: number; amber: number; red: number; noRag: number };
}

function inRange(period: string, from: string | null, to: string | null): boolean {
  const start = parsePeriod(period)?.startMonth ?? 0;
  const end = parsePeriod(period)?.endMonth ?? 0;
  if (from !== null && end < (parsePeriod(from)?.startMonth ?? 0)) return false;
  if (to !== null && start > (parsePeriod(to)?.endMonth ?? 0)) return false;
  return true;
}

function ownerMatches(owner: ScorecardIndicatorSource["owner"], wanted: ScorecardQuery["owner"]): boolean {
  if (wanted === null) return true;
  if (wanted === "partnership") return owner === null;
  return owner?.id === wanted;
}

export function buildScorecardReport(
  indicators: ScorecardIndicatorSource[],
  observations: ScorecardObservationSource[],
  query: ScorecardQuery,
): ScorecardReport {
  const byIndicator = new Map<number, ScorecardObservationSource[]>();
  for (const observation of observations) {
    if (!inRange(observation.period, query.from, query.to)) continue;
    const list = byIndicator.get(observation.indicatorId) ?? [];
    list.push(observation);
    byIndicator.set(observation.indicatorId, list);
  }
  const chosen = indicators
    .filter(
      (indicator) =>
        (query.theme === null || indicator.theme === query.theme) &&
        (query.quadrant === null || indicator.quadrant === query.quadrant) &&
        ownerMatches(indicator.owner, query.owner),
    )
    .sort((a, b) => a.code.localeCompare(b.code));
  const built = chosen.map((indicator): ScorecardIndicator => {
    const versions = [...indicator.versions].sort((a, b) => a.version - b.version);
    const current = versions[versions.length - 1];
    const rule = {
      polarity: indicator.polarity,
      target: indicator.target,
      greenTolerance: indicator.greenTolerance,
      amberTolerance: indicator.amberTolerance,
    };
    const sorted = [...(byIndicator.get(indicator.id) ?? [])].sort(
      (a, b) => (parsePeriod(a.period)?.startMonth ?? 0) - (parsePeriod(b.period)?.startMonth ?? 0),
    );
    const points: ScorecardPoint[] = sorted.map((observation, index) => ({
      period: observation.period,
      value: observation.value,
      numerator: observation.numerator,
      denominator: observation.denominator,
      provisional: observation.provisional,
      commentary: observation.commentary,
      version: observation.version,
      target: indicator.target,
      rag: ragFor(observation.value, rule),
      breakBefore: index > 0 && sorted[index - 1].version !== observation.version,
    }));
    const breaks = points
      .filter((point) => point.breakBefore)
      .map((point) => {
        const previous = points[points.indexOf(point) - 1];
        return {
          period: point.period,
          fromVersion: previous.version,
          toVersion: point.version,
          definition: versions.find((entry) => entry.version === point.version)?.definition ?? "",
        };
      });
    const last = points[points.length - 1] ?? null;
    const previous = points[points.length - 2] ?? null;
    return {
      code: indicator.code,
      title: indicator.title,
      definition: current?.definition ?? "",
      version: current?.version ?? 1,
      unit: indicator.unit,
      polarity: indicator.polarity,
      target: indicator.target,
      greenTolerance: indicator.greenTolerance,
      amberTolerance: indicator.amberTolerance,
      frequency: indicator.frequency,
      quadrant: indicator.quadrant,
      theme: indicator.theme,
      owner: indicator.owner,
      linkedStandards: indicator.linkedStandards,
      versions: versions.map((entry) => ({ version: entry.version, definition: entry.definition })),
      points,
      latest: last ? { period: last.period, value: last.value, rag: last.rag } : null,
      direction: directionOfTravel(previous, last, indicator.polarity),
      breaks,
    };
  });
  const count = (rag: Rag) => built.filter((indicator) => indicator.latest?.rag === rag).length;
  return {
    kind: "scorecard",
    reportVersion: SCORECARD_REPORT_VERSION,
    from: query.from,
    to: query.to,
    filters: { theme: query.theme, quadrant: query.quadrant, owner: query.owner },
    indicators: built,
    summary: {
      indicators: built.length,
      green: count("green"),
      amber: count("amber"),
      red: count("red"),
      noRag: built.filter((indicator) => !indicator.latest?.rag).length,
    },
  };
}

/** The latest RAG of each indicator linked to a standard, keyed by standard code, for the assurance view. */
export function latestRagByStandard(
  report: ScorecardReport,
): Map<string, { code: string; title: string; rag: Rag | null; period: string | null }[]> {
  const map = new Map<string, { code: string; title: string; rag: Rag | null; period: string | null }[]>();
  for (const indicator of report.indicators) {
    for (const standard of indicator.linkedStandards) {
      const list = map.get(standard) ?? [];
      list.push({
        code: indicator.code,
        title: indicator.title,
        rag: indicator.latest?.rag ?? null,
        period: indicator.latest?.period ?? null,
      });
      map.set(standard, list);
    }
  }
  return map;
}
