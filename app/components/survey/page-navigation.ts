import type { Answers } from "~/domain/scoring";
import { listQuestions, type QuestionInfo, type SurveyJson, type SurveyPageJson } from "~/domain/survey-json";
import { toFormAnswer, type FormAnswer } from "./survey-page";

/**
 * A return page's place among the survey's pages and the answers its form holds: which visible page comes
 * before and after ("Previous", "Save and continue"), which questions the form answers, and those answers
 * as stored, as a save writes them and as the fields show them.
 */

/** The visible pages before and after this one, for "Previous" and "Save and continue". */
export function neighbours(survey: { pages: { name: string }[] }, pageIndex: number, visiblePageNames: Set<string>) {
  const before =
    survey.pages
      .slice(0, pageIndex)
      .filter((page) => visiblePageNames.has(page.name))
      .pop()?.name ?? null;
  const after = survey.pages.slice(pageIndex + 1).find((page) => visiblePageNames.has(page.name))?.name ?? null;
  return { previous: before, next: after };
}

/** The names of the pages with at least one visible question. */
export function visiblePages(survey: SurveyJson, visible: Set<string>): Set<string> {
  const names = new Set<string>();
  for (const question of listQuestions(survey)) if (visible.has(question.name)) names.add(question.pageName);
  return names;
}

/** The questions the page form answers: file questions hold evidence uploaded separately, so a page save leaves them alone. */
export function formQuestionsOf(page: SurveyPageJson): QuestionInfo[] {
  return listQuestions({ pages: [page] }).filter((question) => question.type !== "file");
}

/** These questions' answers, every one present (undefined = no answer), as a page save writes them. */
export function answersOf(names: string[], answers: Answers): Answers {
  return Object.fromEntries(names.map((name) => [name, answers[name]]));
}

/** The stored answers of these questions, without the unanswered ones: the form's base. */
export function baseAnswersOf(names: string[], answers: Answers): Answers {
  return Object.fromEntries(names.filter((name) => answers[name] !== undefined).map((name) => [name, answers[name]]));
}

export function formAnswersOf(names: string[], answers: Answers): Record<string, FormAnswer> {
  return Object.fromEntries(names.map((name) => [name, toFormAnswer(answers[name])]));
}
