import { ConditionRunner, Model, type Question } from "survey-core";
import { choiceValuesOf, listQuestions, matrixRowsOf, type QuestionInfo, type SurveyJson } from "./survey-json";
import type { Answers } from "./scoring";
import {
  DATE_PARTS,
  MAX_TEXT_LENGTH,
  datePartField,
  emailProblem,
  keepsNumberRule,
  numberMessage,
  numberRuleOf,
  parseNumber,
  readDateParts,
  readDateText,
  telephoneProblem,
  type DatePart,
  type DateParts,
} from "./answer-format";

/**
 * The server's authority on a return's answers. survey-core's `Model` evaluates visibility
 * (`visibleIf`), required-ness (`isRequired`, `requiredIf`) and validators against the stored answers;
 * this module turns posted form fields into typed answers and refuses anything the definition
 * does not allow (unknown questions, values outside the choices, wrong types). The client is never
 * trusted: the browser may hide or show questions live, but only this decides.
 */

export type PageStatus = "not_started" | "in_progress" | "complete";

export interface PageState {
  name: string;
  title: string;
  visible: boolean;
  status: PageStatus;
  /** Visible questions still needing an answer or a correction (a grid whose every row must be answered counts in `rows`). */
  problems: number;
  /** Unanswered rows of grids that need every row answered: 4 blank rows of 10 are 4 things to do, not 1. */
  rows: number;
}

/** The rows of a must-answer-every-row grid still without an answer (0 for anything else). */
function unansweredRows(question: Question): number {
  if (question.getType() !== "matrix" || !(question as unknown as { isAllRowRequired?: boolean }).isAllRowRequired) return 0;
  const value = (question.value ?? {}) as Record<string, unknown>;
  const rows = (question as unknown as { rows: { value: unknown }[] }).rows;
  return rows.filter((row) => isEmptyAnswer(value[String(row.value)])).length;
}

export interface FieldError {
  /** Question name (for a matrix, the question; the field id is chosen by the renderer). */
  name: string;
  page: string;
  message: string;
  /** "required": an answer is missing (allowed in a draft); "invalid": the answer breaks a rule of the tool. */
  kind: "required" | "invalid";
  /** For a date question: the first of its day, month and year fields that is wrong (the error summary links there). */
  part?: DatePart;
}

function isDateQuestion(question: QuestionInfo): boolean {
  return question.type === "text" && question.element.inputType === "date";
}

/**
 * A cached model per survey definition, brought to the given answers by changing only the values
 * that differ from what it holds: assigning `model.data` wholesale re-runs every condition and
 * notification of the survey (tens of milliseconds on a 150-question tool), one `setValue` only
 * what depends on that value. Node runs this synchronously, so no two calls interleave.
 */
const models = new WeakMap<SurveyJson, Model>();
/** More changed values than this are set in one assignment (measured: a 16-question survey, 15 ms one by one, 1.7 ms at once). */
const WHOLESALE_AFTER = 3;
function modelFor(survey: SurveyJson, answers: Answers): Model {
  let model = models.get(survey);
  if (!model) {
    model = new Model(survey);
    models.set(survey, model);
    model.data = structuredClone(answers);
    return model;
  }
  const held = model.data as Answers;
  const changed = [...new Set([...Object.keys(held), ...Object.keys(answers)])].filter(
    (name) => JSON.stringify(held[name]) !== JSON.stringify(answers[name]),
  );
  // Each setValue re-runs the conditions that depend on it; past a few changed values (another person's
  // whole response, a new return) one wholesale assignment runs them all once and costs less.
  if (changed.length > WHOLESALE_AFTER) {
    model.data = structuredClone(answers);
    return model;
  }
  for (const name of changed) {
    const wanted = answers[name];
    if (wanted === undefined) model.clearValue(name);
    else model.setValue(name, structuredClone(wanted));
  }
  return model;
}

/** One element's own visibility: `visible: false`, or a `visibleIf` survey-core's expression engine evaluates. */
interface VisibilityRule {
  hidden: boolean;
  condition: ConditionRunner | null;
}

/** Per question: the rules of its page, its panels and itself, all of which must pass for it to show. */
const visibilityPlans = new WeakMap<SurveyJson, { name: string; chain: VisibilityRule[] }[]>();

function ruleOf(element: { visible?: unknown; visibleIf?: unknown }): VisibilityRule {
  return {
    hidden: element.visible === false,
    condition: typeof element.visibleIf === "string" && element.visibleIf.trim() !== "" ? new ConditionRunner(element.visibleIf) : null,
  };
}

function visibilityPlan(survey: SurveyJson): { name: string; chain: VisibilityRule[] }[] {
  const cached = visibilityPlans.get(survey);
  if (cached) return cached;
  const plan: { name: string; chain: VisibilityRule[] }[] = [];
  const walk = (elements: unknown, chain: VisibilityRule[]) => {
    if (!Array.isArray(elements)) return;
    for (const raw of elements) {
      if (raw === null || typeof raw !== "object") continue;
      const element = raw as { type?: string; name?: string; elements?: unknown; visible?: unknown; visibleIf?: unknown };
      const here = [...chain, ruleOf(element)];
      if (element.type === "panel") walk(element.elements, here);
      else if (element.type !== "html" && typeof element.name === "string") plan.push({ name: element.name, chain: here });
    }
  };
  for (const page of survey.pages ?? []) walk(page?.elements, [ruleOf(page as { visible?: unknown; visibleIf?: unknown })]);
  visibilityPlans.set(survey, plan);
  return plan;
}

function isShown(question: Question): boolean {
  return question.isVisible && question.isParentVisible;
}

function titleOf(question: Question | QuestionInfo): string {
  const raw = "element" in question ? (question.element.title ?? question.name) : question.title || question.name;
  const title = String(raw).trim();
  return title.length > 90 ? `${title.slice(0, 87).trimEnd()}…` : title;
}

/** GOV.UK-style message for a missing answer, unless the tool gives its own `requiredErrorText`. */
function requiredMessage(question: Question): string {
  const { requiredErrorText, isAllRowRequired } = question as unknown as { requiredErrorText?: string; isAllRowRequired?: boolean };
  return requiredMessageOf(question.getType(), titleOf(question), requiredErrorText, isAllRowRequired === true);
}

function requiredMessageOf(type: string, title: string, custom: string | undefined, everyRow: boolean): string {
  if (custom) return custom;
  if (type === "file") return `Upload a file for “${title}”`;
  const choosing = ["radiogroup", "dropdown", "boolean", "rating", "checkbox", "matrix"].includes(type);
  if (type === "matrix" && everyRow) return `Answer every row of “${title}”`;
  return choosing ? `Select an answer for “${title}”` : `Enter an answer for “${title}”`;
}

function isEmptyAnswer(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/**
 * The names of the questions visible for these answers: a question shows when neither it, its
 * panels nor its page is `visible: false` and every `visibleIf` on that chain holds. The
 * expressions are survey-core's own (ConditionRunner), evaluated without building the whole model,
 * so this is cheap enough to run on every save and every live-condition check.
 */
export function visibleQuestions(survey: SurveyJson, answers: Answers): Set<string> {
  const shown = new Set<string>();
  for (const { name, chain } of visibilityPlan(survey)) {
    if (chain.every((rule) => !rule.hidden && (rule.condition === null || rule.condition.runValues(answers) === true))) shown.add(name);
  }
  return shown;
}

/**
 * `visibleQuestions` for some questions only (e.g. the scored ones): conditions on other questions
 * are not evaluated, which keeps a partnership-wide tally of items cheap.
 */
export function visibleQuestionsAmong(survey: SurveyJson, answers: Answers, names: ReadonlySet<string>): Set<string> {
  const shown = new Set<string>();
  for (const { name, chain } of visibilityPlan(survey)) {
    if (names.has(name) && chain.every((rule) => !rule.hidden && (rule.condition === null || rule.condition.runValues(answers) === true)))
      shown.add(name);
  }
  return shown;
}

/**
 * Whether survey-core's own validator has anything to check beyond "required": validators, text
 * limits (numbers, e-mail, min/max), matrices (every row) and checkbox counts. Plain choice and comment
 * questions are only ever required or not, which is checked directly: running survey-core's full
 * validation on every question of a tool costs tens of milliseconds per request.
 */
function needsFullValidation(question: Question): boolean {
  const type = question.getType();
  const validators = (question as unknown as { validators?: unknown[] }).validators;
  return (Array.isArray(validators) && validators.length > 0) || type === "text" || type === "matrix" || type === "checkbox";
}

/** Each question's JSON by name, per survey: the number rule is read from the tool's JSON, not survey-core's model. */
const elementMaps = new WeakMap<SurveyJson, Map<string, QuestionInfo>>();
function questionInfo(survey: SurveyJson, name: string): QuestionInfo | undefined {
  let map = elementMaps.get(survey);
  if (!map) {
    map = new Map(listQuestions(survey).map((question) => [question.name, question]));
    elementMaps.set(survey, map);
  }
  return map.get(name);
}

/**
 * A number answer outside its rule, in the same words the form reader uses (survey-core's
 * validators would say the tool's generic text instead).
 */
function numberError(survey: SurveyJson, question: Question): string | null {
  const info = questionInfo(survey, question.name);
  if (!info || info.type !== "text" || info.element.inputType !== "number" || isEmptyAnswer(question.value)) return null;
  const value = typeof question.value === "number" ? question.value : parseNumber(String(question.value));
  return value !== null && keepsNumberRule(value, numberRuleOf(info.element)) ? null : numberMessage(info.element, titleOf(info));
}

function questionErrors(survey: SurveyJson, question: Question, pageName: string): FieldError[] {
  const errors = questionErrorsOf(survey, question, pageName);
  const info = errors.length > 0 ? questionInfo(survey, question.name) : undefined;
  // A date's problem points at its first field, where the error summary's link should land.
  return info && isDateQuestion(info) ? errors.map((error) => ({ part: "day" as const, ...error })) : errors;
}

function questionErrorsOf(survey: SurveyJson, question: Question, pageName: string): FieldError[] {
  const empty = isEmptyAnswer(question.value);
  if (question.isRequired && empty) return [{ name: question.name, page: pageName, message: requiredMessage(question), kind: "required" }];
  const badNumber = numberError(survey, question);
  if (badNumber) return [{ name: question.name, page: pageName, message: badNumber, kind: "invalid" }];
  if (!needsFullValidation(question) || (empty && question.getType() !== "matrix")) return [];
  if (question.validate(true)) return [];
  const first = question.errors[0];
  // survey-core's "answer every row" error of a part-answered matrix has no text: it is a missing answer too.
  const isRequiredMiss = (question.isRequired && isEmptyAnswer(question.value)) || (question.getType() === "matrix" && !first?.text);
  const message = isRequiredMiss || !first ? requiredMessage(question) : first.text;
  return [{ name: question.name, page: pageName, message, kind: isRequiredMiss ? "required" : "invalid" }];
}

/** Problems with the visible questions of one page (required answers missing, validators failing). */
export function validatePage(survey: SurveyJson, answers: Answers, pageName: string): FieldError[] {
  const plain = plainChecksOf(survey);
  return plain ? plainErrors(survey, plain, answers, pageName) : validatePageByModel(survey, answers, pageName);
}

/** Problems across every visible page: what stands between a return and its sign-off. */
export function validateReturn(survey: SurveyJson, answers: Answers): FieldError[] {
  const plain = plainChecksOf(survey);
  return plain ? plainErrors(survey, plain, answers) : validateReturnByModel(survey, answers);
}

/** `validatePage` through survey-core's model, whatever the survey (exported for the test that plain checks agree). */
export function validatePageByModel(survey: SurveyJson, answers: Answers, pageName: string): FieldError[] {
  const model = modelFor(survey, answers);
  const page = model.getPageByName(pageName);
  if (!page) return [];
  return page.questions.filter(isShown).flatMap((question) => questionErrors(survey, question, pageName));
}

/** `validateReturn` through survey-core's model, whatever the survey (exported for the same test). */
export function validateReturnByModel(survey: SurveyJson, answers: Answers): FieldError[] {
  const model = modelFor(survey, answers);
  return model.pages
    .filter((page) => page.isVisible)
    .flatMap((page) => page.questions.filter(isShown).flatMap((question) => questionErrors(survey, question, page.name)));
}

/**
 * A plain survey's checks (decision 027): when every question is a choice or a comment that is required or
 * not, shown or hidden by `visibleIf` only, with no validators, text processing, triggers or other
 * survey-core behaviour, its only possible problem is a required question left blank while shown. That is
 * read from the JSON and `visibleQuestions` (survey-core's own expressions) without bringing survey-core's
 * model to each person's answers, which costs a millisecond or more a time. Practitioner surveys are plain;
 * anything else keeps the model. Per page, the required questions and their messages, in page order.
 */
type PlainChecks = { page: string; required: { name: string; message: string }[] }[];
const plainChecks = new WeakMap<SurveyJson, PlainChecks | null>();

const PLAIN_KEYS = {
  survey: new Set(["pages", "title", "description"]),
  page: new Set(["name", "title", "description", "elements", "visible", "visibleIf"]),
  panel: new Set(["type", "name", "title", "description", "elements", "visible", "visibleIf"]),
  question: new Set([
    "type",
    "name",
    "title",
    "description",
    "isRequired",
    "requiredErrorText",
    "choices",
    "visible",
    "visibleIf",
    "labelTrue",
    "labelFalse",
    "maxLength",
  ]),
};
const PLAIN_TYPES = new Set(["radiogroup", "dropdown", "boolean", "comment"]);

function onlyKeys(value: object, allowed: Set<string>): boolean {
  return Object.keys(value).every((key) => allowed.has(key));
}

function plainChecksOf(survey: SurveyJson): PlainChecks | null {
  if (plainChecks.has(survey)) return plainChecks.get(survey) ?? null;
  const checks = plainChecksFrom(survey);
  plainChecks.set(survey, checks);
  return checks;
}

function plainChecksFrom(survey: SurveyJson): PlainChecks | null {
  if (!onlyKeys(survey, PLAIN_KEYS.survey) || !Array.isArray(survey.pages)) return null;
  const checks: PlainChecks = [];
  const isText = (value: unknown) => value === undefined || (typeof value === "string" && value.trim() !== "" && !value.includes("{"));
  const walk = (elements: unknown, required: PlainChecks[number]["required"]): boolean => {
    if (!Array.isArray(elements)) return false;
    for (const raw of elements) {
      if (raw === null || typeof raw !== "object") return false;
      const element = raw as Record<string, unknown>;
      if (element.type === "html") continue;
      if (element.type === "panel") {
        if (!onlyKeys(element, PLAIN_KEYS.panel) || !walk(element.elements, required)) return false;
        continue;
      }
      const choices = element.choices;
      const plainChoices =
        choices === undefined ||
        (Array.isArray(choices) &&
          choices.every((choice) => typeof choice !== "object" || (choice !== null && onlyKeys(choice, new Set(["value", "text"])))));
      if (
        !PLAIN_TYPES.has(String(element.type)) ||
        !onlyKeys(element, PLAIN_KEYS.question) ||
        typeof element.name !== "string" ||
        !isText(element.title) ||
        !(element.isRequired === undefined || typeof element.isRequired === "boolean") ||
        !(element.requiredErrorText === undefined || typeof element.requiredErrorText === "string") ||
        !(element.visible === undefined || typeof element.visible === "boolean") ||
        !(element.visibleIf === undefined || typeof element.visibleIf === "string") ||
        !plainChoices
      )
        return false;
      if (element.isRequired === true) {
        const title = titleOf({ name: element.name, type: String(element.type), path: "", pageName: "", element } as QuestionInfo);
        required.push({
          name: element.name,
          message: requiredMessageOf(String(element.type), title, element.requiredErrorText as string | undefined, false),
        });
      }
    }
    return true;
  };
  for (const page of survey.pages) {
    if (page === null || typeof page !== "object" || !onlyKeys(page, PLAIN_KEYS.page) || typeof page.name !== "string") return null;
    const required: PlainChecks[number]["required"] = [];
    if (!walk(page.elements, required)) return null;
    checks.push({ page: page.name, required });
  }
  return checks;
}

function plainErrors(survey: SurveyJson, checks: PlainChecks, answers: Answers, pageName?: string): FieldError[] {
  const shown = visibleQuestions(survey, answers);
  const errors: FieldError[] = [];
  for (const { page, required } of checks) {
    if (pageName !== undefined && page !== pageName) continue;
    for (const { name, message } of required) {
      if (shown.has(name) && isEmptyAnswer(answers[name])) errors.push({ name, page, message, kind: "required" });
    }
  }
  return errors;
}

/** Progress per page: not started (nothing answered), complete (nothing missing), else in progress. */
export function pageStates(survey: SurveyJson, answers: Answers): PageState[] {
  const model = modelFor(survey, answers);
  return model.pages.map((page) => {
    const shown = page.questions.filter(isShown);
    let problems = 0;
    let rows = 0;
    for (const question of page.isVisible ? shown : []) {
      const errors = questionErrors(survey, question, page.name);
      if (errors.length === 0) continue;
      const blankRows = errors[0].kind === "required" ? unansweredRows(question) : 0;
      if (blankRows > 0) rows += blankRows;
      else problems += 1;
    }
    const answered = shown.filter((question) => !isEmptyAnswer(question.value)).length;
    const status: PageStatus = answered === 0 && shown.length > 0 ? "not_started" : problems + rows > 0 ? "in_progress" : "complete";
    return { name: page.name, title: page.title || page.name, visible: page.isVisible, status, problems, rows };
  });
}

/** What a part-answered page still needs, counting a grid's blank rows: "1 question and 4 rows need an answer". */
export function stillToAnswer(state: Pick<PageState, "problems" | "rows">): string {
  const parts = [
    state.problems > 0 ? `${state.problems} ${state.problems === 1 ? "question" : "questions"}` : null,
    state.rows > 0 ? `${state.rows} ${state.rows === 1 ? "row" : "rows"}` : null,
  ].filter((part): part is string => part !== null);
  const count = state.problems + state.rows;
  return `${parts.join(" and ")} ${count === 1 ? "needs" : "need"} an answer`;
}

/** A posted form, reduced to what this module needs (a `FormData` fits). */
export interface PostedFields {
  get(name: string): FormDataEntryValue | null;
  getAll(name: string): FormDataEntryValue[];
  keys(): IterableIterator<string> | Iterable<string>;
}

const MAX_TEXT = MAX_TEXT_LENGTH;

/**
 * Reads one page's answers from a posted form. Field names are question names (a matrix row is
 * "<question>.<row>"); names starting with "_" are form controls, not answers. Returns the page's
 * answers (undefined = cleared) or the first problem per question, with the answers that were
 * readable (a refused question has no key there, so a save leaves its stored answer alone); a form
 * naming a question that is not on this page is refused outright.
 */
export function readPageAnswers(
  survey: SurveyJson,
  pageName: string,
  form: PostedFields,
): { ok: true; answers: Answers } | { ok: false; errors: FieldError[]; answers?: Answers; refused?: string } {
  const questions = listQuestions(survey).filter((question) => question.pageName === pageName);
  const allowed = new Set<string>();
  for (const question of questions) {
    if (question.type === "matrix") for (const row of matrixRowsOf(question.element)) allowed.add(`${question.name}.${row.value}`);
    else allowed.add(question.name);
    if (isDateQuestion(question)) for (const part of DATE_PARTS) allowed.add(datePartField(question.name, part));
  }
  for (const key of form.keys()) {
    if (!key.startsWith("_") && !allowed.has(key)) {
      return { ok: false, errors: [], refused: `“${key}” is not a question on this page` };
    }
  }

  const answers: Answers = {};
  const errors: FieldError[] = [];
  for (const question of questions) {
    const result = readQuestion(question, form);
    if ("error" in result)
      errors.push({
        name: question.name,
        page: pageName,
        message: result.error,
        kind: "invalid",
        ...(result.part ? { part: result.part } : {}),
      });
    else answers[question.name] = result.value;
  }
  return errors.length > 0 ? { ok: false, errors, answers } : { ok: true, answers };
}

/**
 * A date question posts three fields (GOV.UK date input); a form or file that gives the question's
 * own field (the spreadsheet import) may give ISO or UK-style text instead. Stored as ISO.
 */
function readDate(question: QuestionInfo, form: PostedFields, title: string): { value: unknown } | { error: string; part?: DatePart } {
  const whole = form.get(question.name);
  const parts = Object.fromEntries(DATE_PARTS.map((part) => [part, text(form.get(datePartField(question.name, part)))])) as DateParts;
  const subject = `“${title}”`;
  const reading =
    typeof whole === "string" && DATE_PARTS.every((part) => parts[part] === "")
      ? readDateText(whole, subject)
      : readDateParts(parts, subject);
  return reading.ok ? { value: reading.iso } : { error: reading.message, part: reading.parts[0] };
}

function text(value: FormDataEntryValue | null): string {
  return typeof value === "string" ? value : "";
}

function readQuestion(question: QuestionInfo, form: PostedFields): { value: unknown } | { error: string; part?: DatePart } {
  const { element, name, type } = question;
  const title = titleOf(question);
  const choices = choiceValuesOf(element);
  // A browser sends one value for any field but a checkbox; two mean a tampered or broken form, not a choice to guess between.
  const fields =
    type === "matrix"
      ? matrixRowsOf(element).map((row) => `${name}.${row.value}`)
      : type === "checkbox" || type === "file"
        ? []
        : isDateQuestion(question)
          ? [name, ...DATE_PARTS.map((part) => datePartField(name, part))]
          : [name];
  if (fields.some((field) => form.getAll(field).length > 1))
    return { error: `Give one answer for “${title}”: the form sent more than one` };
  switch (type) {
    case "radiogroup":
    case "dropdown":
    case "rating": {
      const raw = text(form.get(name)).trim();
      if (raw === "") return { value: undefined };
      if (!choices!.includes(raw)) return { error: `Select one of the listed answers for “${title}”` };
      const numericScale = type === "rating" && choices!.every((choice) => /^-?\d+(\.\d+)?$/.test(choice));
      return { value: numericScale ? Number(raw) : raw };
    }
    case "checkbox": {
      const raw = form
        .getAll(name)
        .map(text)
        .filter((value) => value !== "");
      const unknown = raw.filter((value) => !choices!.includes(value));
      if (unknown.length > 0) return { error: `Select only the listed answers for “${title}”` };
      return { value: raw.length > 0 ? [...new Set(raw)] : undefined };
    }
    case "boolean": {
      const raw = text(form.get(name));
      if (raw === "") return { value: undefined };
      if (raw !== "true" && raw !== "false") return { error: `Select yes or no for “${title}”` };
      return { value: raw === "true" };
    }
    case "matrix": {
      const rowAnswers: Record<string, string> = {};
      for (const row of matrixRowsOf(element)) {
        const raw = text(form.get(`${name}.${row.value}`));
        if (raw === "") continue;
        if (!choices!.includes(raw)) return { error: `Select one of the listed answers in each row of “${title}”` };
        rowAnswers[row.value] = raw;
      }
      return { value: Object.keys(rowAnswers).length > 0 ? rowAnswers : undefined };
    }
    case "text":
    case "comment": {
      if (type === "text" && element.inputType === "date") return readDate(question, form, title);
      const raw = text(form.get(name)).trim();
      if (raw === "") return { value: undefined };
      if (raw.length > MAX_TEXT) return { error: `“${title}” must be ${MAX_TEXT.toLocaleString("en-GB")} characters or fewer` };
      if (type === "comment") return { value: raw };
      if (element.inputType === "number") {
        const number = parseNumber(raw);
        if (number === null || !keepsNumberRule(number, numberRuleOf(element))) return { error: numberMessage(element, title) };
        return { value: number };
      }
      const problem =
        element.inputType === "email" ? emailProblem(raw, title) : element.inputType === "tel" ? telephoneProblem(raw, title) : null;
      return problem ? { error: problem } : { value: raw };
    }
    default:
      // file questions hold evidence uploaded separately; nothing is read from the page form.
      return { value: undefined };
  }
}

/**
 * One page's posted answers, split into those to save and those refused, with every problem of the
 * page at once: what cannot be read ("1e3", 31 February) and what breaks a rule of the tool (−5
 * pupils, 150%) are reported together. A refused answer is left out (its stored answer stays), so
 * it never stops the page's other answers being saved. `names` are the questions the form answers.
 */
export function screenPageAnswers(
  survey: SurveyJson,
  stored: Answers,
  pageName: string,
  form: PostedFields,
  names: string[],
): { refused: string } | { answers: Answers; rejected: FieldError[] } {
  const read = readPageAnswers(survey, pageName, form);
  if (!read.ok && read.refused) return { refused: read.refused };
  const readable = read.answers ?? {};
  const rejected = read.ok ? [] : [...read.errors];
  const unreadable = new Set(rejected.map((error) => error.name));
  const answers: Answers = Object.fromEntries(names.filter((name) => !unreadable.has(name)).map((name) => [name, readable[name]]));
  const broken = validatePage(survey, mergePageAnswers(survey, stored, pageName, answers), pageName).filter(
    (problem) => problem.kind === "invalid" && problem.name in answers && answers[problem.name] !== undefined,
  );
  for (const problem of broken) {
    delete answers[problem.name];
    rejected.push(problem);
  }
  const order = (name: string) => names.indexOf(name);
  return { answers, rejected: rejected.sort((a, b) => order(a.name) - order(b.name)) };
}

/**
 * Merges one page's posted answers into the stored answers, then drops answers to questions the
 * merged answers hide (SurveyJS's "clear invisible values"), so a hidden N/A reason is not kept.
 */
export function mergePageAnswers(survey: SurveyJson, stored: Answers, pageName: string, pageAnswers: Answers): Answers {
  const merged: Answers = { ...stored };
  for (const [name, value] of Object.entries(pageAnswers)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  const shown = visibleQuestions(survey, merged);
  for (const question of listQuestions(survey)) {
    if (question.pageName === pageName && !shown.has(question.name)) delete merged[question.name];
  }
  return merged;
}

/**
 * Checks stored or imported answers against the definition as a whole: every key must be a
 * question, every value of the right type and within the choices. Used before scoring and for
 * imports; returns "name: problem" strings.
 */
export function checkAnswerShapes(survey: SurveyJson, answers: Answers): string[] {
  const byName = new Map(listQuestions(survey).map((question) => [question.name, question]));
  const problems: string[] = [];
  for (const [name, value] of Object.entries(answers)) {
    const question = byName.get(name);
    if (!question) {
      problems.push(`${name}: not a question of this tool`);
      continue;
    }
    const choices = choiceValuesOf(question.element);
    const ok = (() => {
      switch (question.type) {
        case "radiogroup":
        case "dropdown":
        case "rating":
          return (typeof value === "string" || typeof value === "number") && choices!.includes(String(value));
        case "checkbox":
          return Array.isArray(value) && value.every((entry) => choices!.includes(String(entry)));
        case "boolean":
          return typeof value === "boolean";
        case "matrix":
          return (
            value !== null &&
            typeof value === "object" &&
            !Array.isArray(value) &&
            Object.entries(value as Record<string, unknown>).every(
              ([row, column]) =>
                matrixRowsOf(question.element).some((candidate) => candidate.value === row) && choices!.includes(String(column)),
            )
          );
        case "text":
          return question.element.inputType === "number" ? typeof value === "number" && Number.isFinite(value) : typeof value === "string";
        case "comment":
          return typeof value === "string";
        case "file":
          // The names of the evidence files attached (kept in step by the data layer).
          return Array.isArray(value) && value.every((entry) => typeof entry === "string");
        default:
          return true;
      }
    })();
    if (!ok) problems.push(`${name}: ${JSON.stringify(value)} is not an allowed answer`);
  }
  return problems;
}
