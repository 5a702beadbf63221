/**
 * Reading a SurveyJS definition as plain data: which questions it has, of which type, with which
 * choices. The tool schema, the answer validator and the renderer all walk the survey through here,
 * so "what is a question of this tool" has exactly one answer.
 */

/** Element types the platform renders and scores (DESIGN §3). Anything else is refused at import. */
export const SUPPORTED_ELEMENT_TYPES = [
  "radiogroup",
  "checkbox",
  "boolean",
  "rating",
  "dropdown",
  "text",
  "comment",
  "matrix",
  "panel",
  "html",
  "file",
] as const;
export type ElementType = (typeof SUPPORTED_ELEMENT_TYPES)[number];

/** Element types that hold an answer (everything but layout). */
const NON_QUESTION_TYPES = new Set<string>(["panel", "html"]);

export interface Choice {
  value: string;
  text: string;
  /**
   * What this point of the scale means for this question: a choice item's `description` in the tool
   * JSON. survey-core does not keep unknown item properties in its model, so it is read here, from the
   * JSON, and the renderer shows it as the option's hint.
   */
  description?: string;
}

/** One element of a SurveyJS page, as found in the JSON. */
export interface SurveyElementJson {
  type: string;
  name: string;
  title?: string;
  description?: string;
  elements?: SurveyElementJson[];
  [key: string]: unknown;
}

export interface SurveyPageJson {
  name: string;
  title?: string;
  description?: string;
  elements: SurveyElementJson[];
  [key: string]: unknown;
}

export interface SurveyJson {
  pages: SurveyPageJson[];
  [key: string]: unknown;
}

/** A question found in a survey, with where it sits (for messages naming its JSON path). */
export interface QuestionInfo {
  name: string;
  type: string;
  path: string;
  pageName: string;
  element: SurveyElementJson;
}

/** Turns SurveyJS's `choices` (strings, numbers or `{value, text, description}`) into a uniform list. */
export function toChoices(raw: unknown): Choice[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((choice) => {
    if (choice !== null && typeof choice === "object" && "value" in choice) {
      const { value, text, description } = choice as { value: unknown; text?: unknown; description?: unknown };
      const described = typeof description === "string" && description.trim() !== "" ? { description } : {};
      return { value: String(value), text: typeof text === "string" ? text : String(value), ...described };
    }
    return { value: String(choice), text: String(choice) };
  });
}

/**
 * The answer values a question accepts, as strings (how they appear as `points` keys).
 * Single and multiple choice: its choices; boolean: "true"/"false"; rating: its scale;
 * matrix: the column values (each row takes one). Free-text questions have none.
 */
export function choiceValuesOf(element: SurveyElementJson): string[] | null {
  switch (element.type) {
    case "radiogroup":
    case "dropdown":
    case "checkbox":
      return toChoices(element.choices).map((choice) => choice.value);
    case "boolean":
      return ["true", "false"];
    case "rating":
      return ratingScaleOf(element).map((choice) => choice.value);
    case "matrix":
      return toChoices(element.columns).map((choice) => choice.value);
    default:
      return null;
  }
}

/** A rating question's scale: `rateValues` when given, else rateMin…rateMax by rateStep (SurveyJS defaults 1…5). */
export function ratingScaleOf(element: SurveyElementJson): Choice[] {
  if (Array.isArray(element.rateValues) && element.rateValues.length > 0) {
    return toChoices(element.rateValues);
  }
  const { min, max } = ratingRangeOf(element);
  const step = typeof element.rateStep === "number" && element.rateStep > 0 ? element.rateStep : 1;
  const scale: Choice[] = [];
  for (let value = min; value <= max && scale.length < 100; value += step) {
    scale.push({ value: String(value), text: String(value) });
  }
  return scale;
}

export function ratingRangeOf(element: SurveyElementJson): { min: number; max: number } {
  const min = typeof element.rateMin === "number" ? element.rateMin : 1;
  const max = typeof element.rateMax === "number" ? element.rateMax : 5;
  return { min, max };
}

/** Matrix rows as choices (`rows` in SurveyJS). */
export function matrixRowsOf(element: SurveyElementJson): Choice[] {
  return toChoices(element.rows);
}

/**
 * Every question of the survey in page order, descending into panels. Layout elements (panel,
 * html) are not questions. Elements without a usable `type`/`name` are skipped here; the tool
 * schema reports them.
 */
export function listQuestions(survey: SurveyJson): QuestionInfo[] {
  const found: QuestionInfo[] = [];
  const walk = (elements: unknown, path: string, pageName: string) => {
    if (!Array.isArray(elements)) return;
    elements.forEach((raw, index) => {
      if (raw === null || typeof raw !== "object") return;
      const element = raw as SurveyElementJson;
      const here = `${path}.elements.${index}`;
      if (element.type === "panel") walk(element.elements, here, pageName);
      else if (typeof element.type === "string" && !NON_QUESTION_TYPES.has(element.type) && typeof element.name === "string") {
        found.push({ name: element.name, type: element.type, path: here, pageName, element });
      }
    });
  };
  (survey.pages ?? []).forEach((page, index) => walk(page?.elements, `survey.pages.${index}`, page?.name));
  return found;
}

/** Every element (questions and layout) with its JSON path, for checks that cover all of them. */
export function listElements(survey: SurveyJson): { element: SurveyElementJson; path: string }[] {
  const found: { element: SurveyElementJson; path: string }[] = [];
  const walk = (elements: unknown, path: string) => {
    if (!Array.isArray(elements)) return;
    elements.forEach((raw, index) => {
      const here = `${path}.elements.${index}`;
      if (raw === null || typeof raw !== "object") {
        found.push({ element: { type: String(raw), name: "" }, path: here });
        return;
      }
      const element = raw as SurveyElementJson;
      found.push({ element, path: here });
      if (element.type === "panel") walk(element.elements, here);
    });
  };
  (survey.pages ?? []).forEach((page, index) => walk(page?.elements, `survey.pages.${index}`));
  return found;
}
