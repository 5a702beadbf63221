import { DATE_PARTS, datePartField } from "~/domain/answer-format";
import { listQuestions, matrixRowsOf, type SurveyJson } from "~/domain/survey-json";
import type { FormAnswer } from "./survey-page";

/**
 * The posted fields of one page, as the form should show them again after an error (and as the
 * browser compares them): a date's three fields as typed, so "31 / 2 / 2026" comes back as it was
 * written, not as an empty box.
 */
export function postedFormAnswers(
  survey: SurveyJson,
  pageName: string,
  form: { get(name: string): FormDataEntryValue | null; getAll(name: string): FormDataEntryValue[] },
): Record<string, FormAnswer> {
  const answers: Record<string, FormAnswer> = {};
  for (const question of listQuestions(survey).filter((candidate) => candidate.pageName === pageName)) {
    if (question.type === "checkbox") answers[question.name] = form.getAll(question.name).map(String);
    else if (question.type === "matrix") {
      answers[question.name] = Object.fromEntries(
        matrixRowsOf(question.element).flatMap((row) => {
          const value = form.get(`${question.name}.${row.value}`);
          return typeof value === "string" && value !== "" ? [[row.value, value]] : [];
        }),
      );
    } else if (
      question.type === "text" &&
      question.element.inputType === "date" &&
      DATE_PARTS.some((part) => form.get(datePartField(question.name, part)) !== null)
    ) {
      answers[question.name] = Object.fromEntries(
        DATE_PARTS.map((part) => [part, String(form.get(datePartField(question.name, part)) ?? "")]),
      );
    } else {
      const value = form.get(question.name);
      answers[question.name] = typeof value === "string" ? value : undefined;
    }
  }
  return answers;
}
