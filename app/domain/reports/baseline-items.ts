import { scoreAnswers } from "../score-answers";
import type { Answers, ReturnScore } from "../scoring";
import { listQuestions, matrixRowsOf, type SurveyElementJson } from "../survey-json";
import type { ToolDefinition } from "../tool-schema";

/**
 * Items most often unmet across agencies (DESIGN §8), item by item, from the answers of submitted
 * returns. An item is **unmet** in a return when it is included (answered, not N/A: DESIGN §5) and
 * scores 0 points, the lowest it can; **below maximum** when it scores less than its maximum.
 * n is the number of returns in which the item is included; N/A and unanswered items are counted
 * apart and never as unmet. As in scoring (DESIGN §5), an item whose question the answers hide is left
 * out even if an old answer is still stored: it counts as not answered here.
 */

export interface ItemTally {
  /** The item's key in the tool: a question name, or "question.row" for a matrix row. */
  key: string;
  /** The question's title (and the matrix row's text), as the agency read it. */
  question: string;
  standard: string;
  /** Returns in which the item is included (answered, not N/A). */
  n: number;
  /** Included and scored 0 points. */
  unmet: number;
  /** Included and scored below the item's maximum (unmet included). */
  belowMax: number;
  /** unmet / n × 100; null when n = 0. */
  unmetPercent: number | null;
  /** Mean of points / maximum × 100 over the n returns; null when n = 0. */
  meanPercent: number | null;
  notApplicable: number;
  notAnswered: number;
}

function titleOf(element: SurveyElementJson): string {
  const title = element.title as unknown;
  if (typeof title === "string" && title.trim() !== "") return title;
  if (title && typeof title === "object" && typeof (title as Record<string, unknown>).default === "string")
    return (title as Record<string, string>).default;
  return element.name;
}

/**
 * One item's outcome in one return, as the item view counts it: `[points, max]` when included, "na" when
 * answered not applicable (an essential one too, though rules v2 score it as not met), "-" when not
 * answered or hidden. Items worth no points are left out. Stored with each score at submit (one small JSON
 * object per return), so a report counts items from stored numbers instead of re-reading every answer.
 */
export type ItemOutcome = readonly [points: number, max: number] | "na" | "-";
export type ItemOutcomes = Record<string, ItemOutcome>;

/** The item view's outcomes from a return's score (the same visibility and points the score used). */
export function itemOutcomesOf(score: Pick<ReturnScore, "items">): ItemOutcomes {
  const outcomes: Record<string, ItemOutcome> = {};
  for (const item of score.items) {
    if (item.status === "hidden" || item.status === "unanswered") outcomes[item.key] = "-";
    else if (item.status === "not_applicable" || item.answeredNotApplicable) outcomes[item.key] = "na";
    else if (item.max > 0) outcomes[item.key] = [item.points, item.max];
  }
  return outcomes;
}

/** The outcomes of answers not yet scored with them stored (scores made before outcomes were kept). */
export function itemOutcomesOfAnswers(tool: ToolDefinition, answers: Answers): ItemOutcomes {
  return itemOutcomesOf(scoreAnswers(tool, answers));
}

/**
 * The outcomes as stored with a score since decision 028: two slots per item of the tool, in the tool's
 * item order (a cycle's tool never changes): `points, max` when included, `"na", null` when answered not
 * applicable, `"-", null` when not answered or hidden, `null, null` for an item worth no points. The same
 * facts as `ItemOutcomes` without the keys: a report reads hundreds of these per build, and a flat array
 * parses about four times faster than the keyed object, with no small array per item.
 */
export type PackedItemOutcomes = readonly (number | "na" | "-" | null)[];

/** A score's outcomes packed for storage (see `PackedItemOutcomes`). */
export function packItemOutcomes(score: Pick<ReturnScore, "items">): PackedItemOutcomes {
  const outcomes = itemOutcomesOf(score);
  return score.items.flatMap((item): (number | "na" | "-" | null)[] => {
    const outcome = outcomes[item.key];
    if (outcome === undefined) return [null, null];
    return typeof outcome === "string" ? [outcome, null] : [outcome[0], outcome[1]];
  });
}

const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/**
 * Stored outcomes read back: the packed form for a tool of `itemCount` items, or the keyed form of scores
 * stored before decision 028. Anything not in either shape (a packed list of another length included) is
 * refused (null), never guessed at, and the report works the outcomes out from the answers instead.
 */
export function parseItemOutcomes(value: unknown, itemCount: number): ItemOutcomes | PackedItemOutcomes | null {
  if (Array.isArray(value)) {
    if (value.length !== 2 * itemCount) return null;
    for (let slot = 0; slot < value.length; slot += 2) {
      const first: unknown = value[slot];
      const second: unknown = value[slot + 1];
      const valid = isFiniteNumber(first) ? isFiniteNumber(second) : (first === "na" || first === "-" || first === null) && second === null;
      if (!valid) return null;
    }
    return value as PackedItemOutcomes;
  }
  if (value === null || typeof value !== "object") return null;
  for (const outcome of Object.values(value as Record<string, unknown>)) {
    const pair = Array.isArray(outcome) && outcome.length === 2 && outcome.every(isFiniteNumber);
    if (!pair && outcome !== "na" && outcome !== "-") return null;
  }
  return value as ItemOutcomes;
}

/**
 * Tallies every scored item of the tool over the given returns' answers, most often unmet first
 * (by unmet %, then unmet count, then the lowest mean score, then tool order); items no return
 * included come last.
 */
export function tallyItems(tool: ToolDefinition, answerSets: readonly Answers[]): ItemTally[] {
  return tallyItemOutcomes(
    tool,
    answerSets.map((answers) => itemOutcomesOfAnswers(tool, answers)),
  );
}

/** `tallyItems` from each return's item outcomes (stored at submit, packed or keyed, or worked out from its answers). */
export function tallyItemOutcomes(tool: ToolDefinition, outcomeSets: readonly (ItemOutcomes | PackedItemOutcomes)[]): ItemTally[] {
  const elements = new Map(listQuestions(tool.survey).map((question) => [question.name, question.element]));
  // One pass over each return's outcomes, counting into the item's slot (items not in the tool are ignored).
  const keys = Object.keys(tool.items);
  const slotOf = new Map(keys.map((key, index) => [key, index]));
  const counts = keys.map(() => ({ n: 0, unmet: 0, belowMax: 0, percentSum: 0, notApplicable: 0, notAnswered: 0 }));
  const count = (slot: number, first: number | "na" | "-", second: number) => {
    const tally = counts[slot];
    if (first === "-") tally.notAnswered += 1;
    else if (first === "na") tally.notApplicable += 1;
    else {
      tally.n += 1;
      if (first <= 0) tally.unmet += 1;
      if (first < second) tally.belowMax += 1;
      tally.percentSum += (100 * first) / second;
    }
  };
  for (const outcomes of outcomeSets) {
    if (Array.isArray(outcomes)) {
      const packed = outcomes as PackedItemOutcomes;
      for (let slot = 0; slot < keys.length; slot += 1) {
        const first = packed[2 * slot];
        if (first !== null) count(slot, first, packed[2 * slot + 1] as number);
      }
      continue;
    }
    const keyed = outcomes as ItemOutcomes;
    for (const key in keyed) {
      const slot = slotOf.get(key);
      if (slot === undefined) continue;
      const outcome = keyed[key];
      if (typeof outcome === "string") count(slot, outcome, 0);
      else count(slot, outcome[0], outcome[1]);
    }
  }
  const tallies = Object.entries(tool.items).map(([key, rule], index) => {
    const direct = elements.get(key);
    const dot = key.lastIndexOf(".");
    const questionName = direct ? key : key.slice(0, dot);
    const row = direct ? null : key.slice(dot + 1);
    const element = elements.get(questionName) as SurveyElementJson;
    const rowText = row === null ? null : (matrixRowsOf(element).find((choice) => choice.value === row)?.text ?? row);
    const { n, unmet, belowMax, percentSum, notApplicable, notAnswered } = counts[index];
    const tally: ItemTally = {
      key,
      question: rowText === null ? titleOf(element) : `${titleOf(element)}: ${rowText}`,
      standard: rule.standard,
      n,
      unmet,
      belowMax,
      unmetPercent: n === 0 ? null : (100 * unmet) / n,
      meanPercent: n === 0 ? null : percentSum / n,
      notApplicable,
      notAnswered,
    };
    return { tally, index };
  });
  return tallies
    .sort(
      (a, b) =>
        (b.tally.unmetPercent ?? -1) - (a.tally.unmetPercent ?? -1) ||
        b.tally.unmet - a.tally.unmet ||
        (a.tally.meanPercent ?? Infinity) - (b.tally.meanPercent ?? Infinity) ||
        a.index - b.index,
    )
    .map(({ tally }) => tally);
}
