import { isAnswered, isNotApplicable, scoreItem, type Answers } from "../scoring";
import { visibleQuestionsAmong } from "../survey-engine";
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
 * Tallies every scored item of the tool over the given returns' answers, most often unmet first
 * (by unmet %, then unmet count, then the lowest mean score, then tool order); items no return
 * included come last.
 */
export function tallyItems(tool: ToolDefinition, answerSets: readonly Answers[]): ItemTally[] {
  const elements = new Map(listQuestions(tool.survey).map((question) => [question.name, question.element]));
  const itemQuestions = new Set(Object.keys(tool.items).map((key) => (elements.has(key) ? key : key.slice(0, key.lastIndexOf(".")))));
  const visible = answerSets.map((answers) => visibleQuestionsAmong(tool.survey, answers, itemQuestions));
  const tallies = Object.entries(tool.items).map(([key, rule], index) => {
    const direct = elements.get(key);
    const dot = key.lastIndexOf(".");
    const questionName = direct ? key : key.slice(0, dot);
    const row = direct ? null : key.slice(dot + 1);
    const element = elements.get(questionName) as SurveyElementJson;
    const rowText = row === null ? null : (matrixRowsOf(element).find((choice) => choice.value === row)?.text ?? row);
    let n = 0;
    let unmet = 0;
    let belowMax = 0;
    let percentSum = 0;
    let notApplicable = 0;
    let notAnswered = 0;
    answerSets.forEach((answers, returnIndex) => {
      if (!visible[returnIndex].has(questionName)) {
        notAnswered += 1;
        return;
      }
      const raw = answers[questionName];
      const answer = row === null ? raw : raw && typeof raw === "object" ? (raw as Record<string, unknown>)[row] : undefined;
      if (!isAnswered(answer)) {
        notAnswered += 1;
        return;
      }
      if (isNotApplicable(rule, answer)) {
        notApplicable += 1;
        return;
      }
      const { points, max } = scoreItem(rule, element, answer);
      if (max <= 0) return;
      n += 1;
      if (points <= 0) unmet += 1;
      if (points < max) belowMax += 1;
      percentSum += (100 * points) / max;
    });
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
