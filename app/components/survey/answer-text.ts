import type { SurveyElementJson } from "~/domain/survey-json";
import { matrixRowsOf, ratingScaleOf, toChoices } from "~/domain/survey-json";

/** An answer as a person reads it: choice labels rather than stored values. */
export function answerText(element: SurveyElementJson, value: unknown): string {
  if (value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)) return "Not answered";
  const label = (choices: { value: string; text: string }[], raw: unknown) =>
    choices.find((choice) => choice.value === String(raw))?.text ?? String(raw);
  switch (element.type) {
    case "radiogroup":
    case "dropdown":
      return label(toChoices(element.choices), value);
    case "rating":
      return label(ratingScaleOf(element), value);
    case "checkbox":
      return (value as unknown[]).map((entry) => label(toChoices(element.choices), entry)).join("; ");
    case "file":
      // The names of the files attached (the files themselves are listed with their evidence).
      return Array.isArray(value) ? value.map(String).join("; ") : String(value);
    case "boolean":
      return value === true
        ? typeof element.labelTrue === "string"
          ? element.labelTrue
          : "Yes"
        : typeof element.labelFalse === "string"
          ? element.labelFalse
          : "No";
    case "matrix": {
      const columns = toChoices(element.columns);
      const chosen = value as Record<string, unknown>;
      return matrixRowsOf(element)
        .map((row) => `${row.text}: ${row.value in chosen ? label(columns, chosen[row.value]) : "Not answered"}`)
        .join("\n");
    }
    default:
      return String(value);
  }
}
