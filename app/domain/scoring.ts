import { listQuestions, ratingRangeOf, type SurveyElementJson } from "./survey-json";
import type { Band, ItemRule, ToolDefinition } from "./tool-schema";

/**
 * Scoring a return against its tool (DESIGN §5, explained for QA chairs in docs/scoring.md).
 * Pure: answers and the set of visible questions in, plain numbers out, at full precision.
 * Rounding happens once, at presentation (`formatPercent`).
 */

/**
 * Bumped whenever a rule below changes, so stored scores say which rules produced them.
 * Version 2 (DESIGN §5): an essential item answered "not applicable" counts as not met, and an essential
 * item that forces its standard into the lowest band caps the overall and that standard's dimension at the
 * second-highest band. Version 1 is kept callable so a re-score can show the old figures beside the new.
 */
export const SCORING_RULES_VERSION = "2";
export const RULES_VERSIONS = ["1", "2"] as const;
export type RulesVersion = (typeof RULES_VERSIONS)[number];

export type Answers = Record<string, unknown>;

export interface ItemScore {
  key: string;
  standard: string;
  /** included: visible, answered, not N/A. Only included items count towards the score. */
  status: "included" | "not_applicable" | "unanswered" | "hidden";
  points: number;
  max: number;
  weight: number;
  essential: boolean;
  /** The answer as given (choice values joined by "; "), kept for the list of unmet essential items. */
  answer: string | null;
  /** Answered "not applicable" yet included: an essential item under rules v2, counted as not met. */
  answeredNotApplicable?: true;
}

/** An essential item that scored 0 and so forced its standard into the lowest band. */
export interface UnmetEssential {
  standard: string;
  item: string;
  answer: string;
}

export interface StandardScore {
  code: string;
  percent: number | null;
  band: string | null;
  /** Set when an essential item moved the band below what the percentage alone gives. */
  essentialCap: "lowest" | "second" | null;
  selfRating: string | null;
  included: number;
  notApplicable: number;
  unanswered: number;
}

export interface AggregateScore {
  percent: number | null;
  band: string | null;
  /** True when an unmet essential item lowered the band below what the percentage alone gives (rules v2). */
  essentialCap: boolean;
}

export interface ReturnScore {
  rulesVersion: string;
  toolVersion: string;
  overall: AggregateScore;
  dimensions: ({ code: string } & AggregateScore)[];
  standards: StandardScore[];
  items: ItemScore[];
  /** Essential items scored 0, in tool order; the overall says "N essential requirements not met" beside it. */
  unmetEssentials: UnmetEssential[];
  /** Visible scored items answered (N/A counts as an answer) out of all visible scored items. */
  completeness: { answered: number; total: number };
}

/** The first band, highest first, whose minimum is at or below the percentage (boundaries inclusive). */
export function bandFor(bands: Band[], percent: number | null): string | null {
  if (percent === null) return null;
  return bands.find((band) => band.min <= percent)?.code ?? bands[bands.length - 1].code;
}

/**
 * A percentage for people to read (DESIGN §5): a whole number, half up (66.67 → "67%", 12.5 → "13%"), except
 * where rounding alone would carry it up to a band minimum that the full value is below; then one decimal,
 * rounded down (84.96 with a band at 85 → "84.9%", never "85%" beside "Mostly met"). Give the tool's bands
 * wherever a band could be read beside the figure. null → "Not scored".
 */
export function formatPercent(percent: number | null, bands: readonly { min: number }[] = []): string {
  if (percent === null) return "Not scored";
  return `${percentDigits(percent, bands)}%`;
}

/**
 * A number for a CSV cell or a spreadsheet: one decimal, half up, except where that would carry a percentage
 * up to a band minimum it is below (then rounded down): 16.666… → "16.7", 84.96 → "84.9" with a band at 85.
 * Whole numbers stay whole ("100", "3"). JSON keeps full precision; only files people read are rounded.
 */
export function oneDecimal(value: number, bands: readonly { min: number }[] = []): string {
  if (Number.isInteger(value)) return String(value);
  const rounded = Math.round(value * 10) / 10;
  const crossesBand = bands.some((band) => value < band.min && band.min <= rounded);
  const shown = crossesBand ? Math.floor(value * 10 + 1e-9) / 10 : rounded;
  return Number.isInteger(shown) ? String(shown) : shown.toFixed(1);
}

/** The digits of formatPercent without the sign, for tables and CSV cells that label the unit once. */
export function percentDigits(percent: number, bands: readonly { min: number }[] = []): string {
  const whole = Math.floor(percent + 0.5);
  const crossesBand = bands.some((band) => percent < band.min && band.min <= whole);
  // A tenth below the value (never up), computed on the tenths so 84.96 gives 84.9, not 85.0.
  return crossesBand ? (Math.floor(percent * 10 + 1e-9) / 10).toFixed(1) : String(whole);
}

/**
 * Why a band is lower than its percentage alone gives, said beside it (DESIGN §5): a standard forced to the
 * lowest band or capped by an essential item, an overall or dimension capped by unmet essentials. Every
 * renderer shows a score through `scoreText`, so the page, the packs and the exports say the same words.
 */
export type ScoreCap = "lowest" | "second" | boolean | null | undefined;

export function scoreNote(cap: ScoreCap, unmetEssentials = 0): string {
  if (cap === "lowest") return "essential item not met";
  if (cap === "second") return "capped: essential item partly met";
  const unmet = unmetEssentialsText(unmetEssentials);
  if (cap === true) return `capped: ${unmet || "essential requirement not met"}`;
  return unmet;
}

/**
 * A band's label from its code, the one way every page, letter and export names a rating: `missing` when
 * there is no code (not scored, not given, not rated), the code itself if the tool has no such band.
 */
export function bandLabel(bands: readonly Band[], code: string | null | undefined, missing = "Not scored"): string {
  if (code === null || code === undefined) return missing;
  return bands.find((band) => band.code === code)?.label ?? code;
}

/** "Mostly met (95%), capped: 1 essential requirement not met"; "Not scored" without a band. */
export function scoreText(
  bands: readonly Band[],
  score: { percent: number | null; band: string | null; cap?: ScoreCap; unmetEssentials?: number },
): string {
  if (score.band === null) return "Not scored";
  const label = bandLabel(bands, score.band);
  const note = scoreNote(score.cap, score.unmetEssentials ?? 0);
  return `${label} (${formatPercent(score.percent, bands)})${note ? `, ${note}` : ""}`;
}

/** "1 essential requirement not met", "3 essential requirements not met"; "" when none. */
export function unmetEssentialsText(count: number): string {
  if (count === 0) return "";
  return `${count} essential requirement${count === 1 ? "" : "s"} not met`;
}

export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** An item's answer: the question's value, or one row of a matrix ("matrix.row"). */
function answerFor(key: string, answers: Answers, matrixRow: { question: string; row: string } | null): unknown {
  if (!matrixRow) return answers[key];
  const matrix = answers[matrixRow.question];
  return matrix && typeof matrix === "object" ? (matrix as Record<string, unknown>)[matrixRow.row] : undefined;
}

/** Points and maximum of one answered, applicable item; the per-type rules of DESIGN §5. */
export function scoreItem(rule: ItemRule, element: SurveyElementJson, answer: unknown): { points: number; max: number } {
  if (rule.bands) {
    // Numeric bands: the first band whose min ≤ answer; below every band scores 0.
    const value = Number(answer);
    const max = Math.max(...rule.bands.map((band) => band.points));
    return { points: rule.bands.find((band) => band.min <= value)?.points ?? 0, max };
  }
  if (element.type === "checkbox" && rule.points) {
    // Checkbox: max is the rule's max, else the sum of positive choice points; the total is kept within 0…max.
    const points = rule.points;
    const max =
      rule.max ??
      Object.values(points)
        .filter((p) => p > 0)
        .reduce((sum, p) => sum + p, 0);
    const selected = (answer as unknown[]).map(String);
    const total = selected.reduce((sum, value) => sum + (points[value] ?? 0), 0);
    return { points: Math.min(Math.max(total, 0), max), max };
  }
  if (element.type === "rating" && !rule.points) {
    // Rating without points: distance from the bottom of the scale.
    const { min, max } = ratingRangeOf(element);
    return { points: Number(answer) - min, max: max - min };
  }
  // Single choice (radiogroup, dropdown, boolean "true"/"false", matrix row, rating with points).
  const points = rule.points ?? {};
  return { points: points[String(answer)] ?? 0, max: Math.max(0, ...Object.values(points)) };
}

/** An item's maximum, which never depends on the answer given (used where an answer is worth nothing). */
export function maxPointsOf(rule: ItemRule, element: SurveyElementJson): number {
  return scoreItem(rule, element, element.type === "checkbox" && rule.points ? [] : null).max;
}

export function isNotApplicable(rule: ItemRule, answer: unknown): boolean {
  const notApplicable = rule.notApplicable ?? [];
  if (notApplicable.length === 0) return false;
  // A checkbox is N/A only when every selected choice is an N/A choice.
  if (Array.isArray(answer)) return answer.length > 0 && answer.every((value) => notApplicable.includes(String(value)));
  return notApplicable.includes(String(answer));
}

/** Σ(w·%) / Σw over the entries that have a percentage; null when none has. */
function weightedMean(entries: { percent: number | null; weight: number }[]): number | null {
  const scored = entries.filter((entry) => entry.percent !== null);
  const totalWeight = scored.reduce((sum, entry) => sum + entry.weight, 0);
  if (scored.length === 0 || totalWeight === 0) return null;
  return scored.reduce((sum, entry) => sum + entry.weight * (entry.percent as number), 0) / totalWeight;
}

/** The answer as text for the unmet-essentials list: "not", "policy; training". */
function answerText(answer: unknown): string | null {
  if (!isAnswered(answer)) return null;
  return Array.isArray(answer) ? answer.map(String).join("; ") : String(answer);
}

/**
 * Scores one return under the current rules (or, to show an old score beside a re-score, under an
 * earlier version). `visible` holds the names of the questions visible for these answers (from the
 * survey engine); an item whose question is hidden is excluded, like an unanswered one.
 * Standard % = 100·Σ(w·p)/Σ(w·m) over included items; overall and dimension % are weighted means
 * of standard %s; an essential item at 0 forces the lowest band, one between 0 and its maximum caps
 * the standard at the second-highest band. Rules v2: an essential answered "not applicable" is not met
 * (a statutory duty cannot be not applicable; tools published before v2 offered N/A on essentials), and
 * a standard forced into the lowest band caps the overall and its dimension at the second-highest band.
 */
export function scoreReturn(
  tool: ToolDefinition,
  answers: Answers,
  visible: ReadonlySet<string>,
  rulesVersion: RulesVersion = SCORING_RULES_VERSION,
): ReturnScore {
  const v2 = rulesVersion !== "1";
  const elements = new Map(listQuestions(tool.survey).map((question) => [question.name, question.element]));

  const items: ItemScore[] = Object.entries(tool.items).map(([key, rule]) => {
    const direct = elements.get(key);
    const matrixRow = direct ? null : { question: key.slice(0, key.lastIndexOf(".")), row: key.slice(key.lastIndexOf(".") + 1) };
    const questionName = matrixRow ? matrixRow.question : key;
    const element = elements.get(questionName) as SurveyElementJson;
    const answer = answerFor(key, answers, matrixRow);
    const essential = rule.essential === true;
    // Built whole rather than spread from a shared base: spreading made this a third of scoring's time.
    const item = (status: ItemScore["status"], points = 0, max = 0): ItemScore => ({
      key,
      standard: rule.standard,
      weight: rule.weight ?? 1,
      essential,
      points,
      max,
      answer: answerText(answer),
      status,
    });
    if (!visible.has(questionName)) return item("hidden");
    if (!isAnswered(answer)) return item("unanswered");
    if (isNotApplicable(rule, answer)) {
      if (!(v2 && essential)) return item("not_applicable");
      // Counted as an answer worth nothing out of the item's maximum, so the duty shows as not met.
      return { ...item("included", 0, maxPointsOf(rule, element)), answeredNotApplicable: true };
    }
    const scored = scoreItem(rule, element, answer);
    return item("included", scored.points, scored.max);
  });
  const itemsOf = new Map<string, ItemScore[]>(tool.standards.map((standard) => [standard.code, []]));
  for (const item of items) itemsOf.get(item.standard)?.push(item);

  const lowest = tool.bands[tool.bands.length - 1].code;
  const second = tool.bands[1].code;
  const rank = (code: string) => tool.bands.findIndex((band) => band.code === code);

  const standards: StandardScore[] = tool.standards.map((standard) => {
    const own = itemsOf.get(standard.code) ?? [];
    const included = own.filter((item) => item.status === "included");
    const possible = included.reduce((sum, item) => sum + item.weight * item.max, 0);
    const achieved = included.reduce((sum, item) => sum + item.weight * item.points, 0);
    const percent = included.length === 0 || possible === 0 ? null : (100 * achieved) / possible;
    let band = bandFor(tool.bands, percent);
    let essentialCap: StandardScore["essentialCap"] = null;
    const essentials = included.filter((item) => item.essential);
    if (band !== null && essentials.some((item) => item.points === 0) && band !== lowest) {
      band = lowest;
      essentialCap = "lowest";
    } else if (band !== null && essentials.some((item) => item.points > 0 && item.points < item.max) && rank(band) < rank(second)) {
      band = second;
      essentialCap = "second";
    }
    const selfValue = standard.selfRating ? answers[standard.selfRating] : undefined;
    return {
      code: standard.code,
      percent,
      band,
      essentialCap,
      selfRating:
        typeof selfValue === "string" && selfValue !== "" && standard.selfRating && visible.has(standard.selfRating) ? selfValue : null,
      included: included.length,
      notApplicable: own.filter((item) => item.status === "not_applicable").length,
      unanswered: own.filter((item) => item.status === "unanswered").length,
    };
  });

  // Standards in the lowest band because of an essential item: whether or not the % alone put them there.
  const forcedLowest = new Set(
    standards
      .filter(
        (score) =>
          score.band === lowest &&
          (itemsOf.get(score.code) ?? []).some((item) => item.essential && item.status === "included" && item.points === 0),
      )
      .map((score) => score.code),
  );
  const weightOf = new Map(tool.standards.map((standard) => [standard.code, standard.weight ?? 1]));
  const aggregate = (codes: string[]): AggregateScore => {
    const percent = weightedMean(
      standards
        .filter((score) => codes.includes(score.code))
        .map((score) => ({ percent: score.percent, weight: weightOf.get(score.code) ?? 1 })),
    );
    const band = bandFor(tool.bands, percent);
    if (v2 && band !== null && rank(band) < rank(second) && codes.some((code) => forcedLowest.has(code))) {
      return { percent, band: second, essentialCap: true };
    }
    return { percent, band, essentialCap: false };
  };

  const visibleItems = items.filter((item) => item.status !== "hidden");
  return {
    rulesVersion,
    toolVersion: tool.version,
    overall: aggregate(tool.standards.map((standard) => standard.code)),
    dimensions: (tool.dimensions ?? []).map((dimension) => ({
      code: dimension.code,
      ...aggregate(tool.standards.filter((standard) => standard.dimension === dimension.code).map((standard) => standard.code)),
    })),
    standards,
    items,
    unmetEssentials: items
      .filter((item) => item.essential && item.status === "included" && item.points === 0)
      .map((item) => ({ standard: item.standard, item: item.key, answer: item.answer ?? "" })),
    completeness: { answered: visibleItems.filter((item) => item.status !== "unanswered").length, total: visibleItems.length },
  };
}
