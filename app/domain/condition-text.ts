import { choiceValuesOf, listQuestions, ratingScaleOf, toChoices, type SurveyElementJson, type SurveyJson } from "./survey-json";

/**
 * A `visibleIf` condition in words, for the printed blank tool: someone filling in a paper
 * copy needs "Answer only if you answered ‘Not applicable’ to “Does your agency…”", not
 * "{s11_1_q1} = 'na'". Question names become their titles, choice values their labels, and the
 * common operators words. Anything else is left as written: a condition is never made up.
 */
export function conditionText(expression: string, survey: SurveyJson): string {
  const questions = new Map(listQuestions(survey).map((question) => [question.name, question.element]));
  const titleOf = (name: string) => `“${questions.get(name)?.title ?? name}”`;
  const labelOf = (element: SurveyElementJson | undefined, value: string) => {
    if (!element) return `‘${value}’`;
    if (element.type === "boolean") {
      if (value === "true") return `‘${typeof element.labelTrue === "string" ? element.labelTrue : "Yes"}’`;
      if (value === "false") return `‘${typeof element.labelFalse === "string" ? element.labelFalse : "No"}’`;
    }
    const choices =
      element.type === "rating" ? ratingScaleOf(element) : choiceValuesOf(element) ? toChoices(element.choices ?? element.columns) : [];
    return `‘${choices.find((choice) => choice.value === value)?.text ?? value}’`;
  };
  const clause = /\{([^}]+)\}\s*(=|==|<>|!=|notempty|empty)\s*(?:'([^']*)'|"([^"]*)"|(true|false|-?\d+(?:\.\d+)?))?/gi;
  const parts: string[] = [];
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = clause.exec(expression)) !== null) {
    const between = expression.slice(last, match.index).trim().toLowerCase();
    if (between && between !== "and" && between !== "or") return expression;
    if (between) parts.push(between);
    const [, name, operator, single, double, bare] = match;
    const value = single ?? double ?? bare;
    const element = questions.get(name);
    const op = operator.toLowerCase();
    if (op === "notempty") parts.push(`you answered ${titleOf(name)}`);
    else if (op === "empty") parts.push(`you did not answer ${titleOf(name)}`);
    else if (value === undefined) return expression;
    else parts.push(`${titleOf(name)} ${op === "<>" || op === "!=" ? "is not" : "is"} ${labelOf(element, value)}`);
    last = clause.lastIndex;
  }
  if (parts.length === 0 || expression.slice(last).trim() !== "") return expression;
  return parts.join(" ");
}
