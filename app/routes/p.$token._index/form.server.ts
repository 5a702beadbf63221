import { z } from "zod";
import { cookieHeader, readCookie, type RequestLike } from "~/auth/session.server";
import { postedFormAnswers } from "~/components/survey/posted-answers";
import { toFormAnswer, type FormAnswer } from "~/components/survey/survey-page";
import { getDb } from "~/data/db.server";
import {
  anOpenSurveyLink,
  getPublicSurvey,
  submitPractitionerResponse,
  type PublicSurvey,
  type SubmitResponseResult,
} from "~/data/practitioner.server";
import type { DatePart } from "~/domain/answer-format";
import { ROLE_GROUPS, type RoleGroup } from "~/domain/practitioner";
import type { Answers } from "~/domain/scoring";
import { mergePageAnswers, screenPageAnswers, validatePage, type PostedFields } from "~/domain/survey-engine";
import { choiceValuesOf, listQuestions } from "~/domain/survey-json";
import { scratchLedger, takeResponseSlot } from "~/utils/flood-limit.server";

/**
 * The practitioner survey's form (DESIGN §11), page by page: the answers so far travel in a hidden field,
 * each posted page is read and checked, and the last one sends the response. The open link's route renders
 * what this decides, and the server's quick path for a last page (`quickSubmit`, decision 027) sends
 * responses through exactly the same steps, so there is one set of rules whichever answers.
 */

const ANSWERED_COOKIE = "__practitioner_answered";
const ANSWERED_DAYS = 180;
/** The answers of a whole survey as JSON: far below this; anything larger is not from our form. */
const MAX_STATE_LENGTH = 100_000;

const StoredValue = z.union([z.string().max(20_000), z.number()]);
const StateSchema = z.strictObject({
  role: z.enum(ROLE_GROUPS).nullable(),
  answers: z.record(
    z.string().max(200),
    z.union([StoredValue, z.boolean(), z.array(StoredValue), z.record(z.string().max(200), StoredValue)]),
  ),
});
export type State = z.infer<typeof StateSchema>;

/** The answers so far, from the form's hidden field; anything malformed is refused, never guessed at. */
function readState(raw: FormDataEntryValue | null): State | null {
  if (typeof raw !== "string" || raw.length > MAX_STATE_LENGTH) return null;
  try {
    const parsed = StateSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The state the introduction starts the survey with: the role chosen, and the answers so far when the person came
 * back to the introduction with "Previous" (they travel in its hidden field too; unreadable ones start afresh).
 */
export function startingState(form: PostedFields, role: RoleGroup | null): State {
  const earlier = form.get("_state");
  return { role, answers: earlier === null ? {} : (readState(earlier)?.answers ?? {}) };
}

/** Surveys this browser has sent answers to (the cookie names survey numbers only). */
export function answeredSurveys(request: RequestLike): number[] {
  return (readCookie(request, ANSWERED_COOKIE) ?? "")
    .split(".")
    .map(Number)
    .filter((id) => Number.isSafeInteger(id) && id > 0);
}

/** The Set-Cookie that adds `surveyId` to this browser's answered surveys (the last 20 kept). */
export function answeredCookie(request: RequestLike, surveyId: number): string {
  const answered = [...new Set([...answeredSurveys(request), surveyId])].slice(-20).join(".");
  return cookieHeader(request, ANSWERED_COOKIE, answered, ANSWERED_DAYS * 86_400);
}

/** A problem of the page; `part` is a date's first wrong field, where the error summary's link lands. */
export type Problem = { name: string; message: string; part?: DatePart };

/** What a posted page (not the introduction) leads to. */
export type Step =
  /** The hidden answers or the page number cannot be read: start again. */
  | { kind: "unreadable"; message: string }
  /** The page again with its problems; `shown` keeps refused answers as they were typed. */
  | { kind: "problems"; index: number; state: State; problems: Problem[]; shown?: Record<string, FormAnswer> }
  | { kind: "back"; index: number; state: State }
  | { kind: "next"; index: number; state: State }
  /** The last page is answered: the whole response is ready to send. */
  | { kind: "send"; state: State };

/** Reads one posted page of `survey` and decides where it leads. */
export function stepOf(survey: PublicSurvey, form: PostedFields): Step {
  const pages = survey.tool.survey.pages;
  const state = readState(form.get("_state"));
  const index = Number(form.get("_page"));
  if (!state || !Number.isInteger(index) || index < 0 || index >= pages.length) {
    return { kind: "unreadable", message: "Your answers could not be read: start the survey again" };
  }
  const page = pages[index];
  const names = listQuestions({ pages: [page] }).map((question) => question.name);
  const screened = screenPageAnswers(survey.tool.survey, state.answers as Answers, page.name, form, names);
  if ("refused" in screened)
    return { kind: "unreadable", message: `Your answers could not be read (${screened.refused}): start the survey again` };
  const merged: State = {
    role: state.role,
    answers: mergePageAnswers(survey.tool.survey, state.answers as Answers, page.name, screened.answers) as State["answers"],
  };
  if (screened.rejected.length > 0) {
    // Every problem of the page at once (what cannot be read, what breaks a rule, what is missing), the refused answers shown as typed.
    const rejected = new Set(screened.rejected.map((problem) => problem.name));
    const missing = validatePage(survey.tool.survey, merged.answers as Answers, page.name).filter((problem) => !rejected.has(problem.name));
    const problems = [...screened.rejected, ...missing]
      .sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name))
      .map(({ name, message, part }) => ({ name, message, part }));
    const posted = postedFormAnswers(survey.tool.survey, page.name, form);
    const shown = Object.fromEntries(names.map((name) => [name, rejected.has(name) ? posted[name] : toFormAnswer(merged.answers[name])]));
    return { kind: "problems", index, state: merged, problems, shown };
  }
  if (form.get("_go") === "back") return { kind: "back", index, state: merged };
  const missing = validatePage(survey.tool.survey, merged.answers as Answers, page.name);
  if (missing.length > 0)
    return { kind: "problems", index, state: merged, problems: missing.map(({ name, message }) => ({ name, message })) };
  return index < pages.length - 1 ? { kind: "next", index, state: merged } : { kind: "send", state: merged };
}

/**
 * Sends the whole response: checked again as a whole, then stored if the link and the address are not
 * flooding (asked after the check, so a refused answer uses up nobody's place in the count).
 */
export function sendResponse(
  survey: PublicSurvey,
  token: string,
  state: State,
  clientIp: string,
  rehearsal = false,
): Promise<SubmitResponseResult> {
  return submitPractitionerResponse(
    getDb(),
    survey,
    { roleGroup: state.role, answers: state.answers as Answers },
    // A rehearsal is counted as a real response is, on a scratch ledger that is then forgotten (decision 033).
    () => takeResponseSlot(token, clientIp, Date.now(), rehearsal ? scratchLedger() : undefined).ok,
    rehearsal,
  );
}

/**
 * The server's quick path for a practitioner's last page (decision 027): when fifty people in one office
 * press "Send" together, their responses go through these same steps without the page framework's routing
 * and rendering. It answers only a last page that is sent successfully, with the redirect to the thank-you
 * page; for anything else (another page, going back, a problem to show, a closed survey) it returns null
 * and the page's own route answers, from the start.
 */
export async function quickSubmit(
  input: { token: string; body: string; request: RequestLike; clientIp: string },
  /** Only for a start-up rehearsal (server.js, decision 033): the response is checked, scored and stored, then rolled back. */
  rehearsal = false,
): Promise<{ location: string; setCookie: string } | null> {
  const form = new URLSearchParams(input.body);
  if (form.has("_step") || form.get("_go") !== "next") return null;
  const survey = await getPublicSurvey(getDb(), input.token);
  if (!survey || survey.state !== "open" || Number(form.get("_page")) !== survey.tool.survey.pages.length - 1) return null;
  const step = stepOf(survey, form);
  if (step.kind !== "send") return null;
  const result = await sendResponse(survey, input.token, step.state, input.clientIp, rehearsal);
  if (!result.ok) return null;
  return { location: `/p/${input.token}/thanks`, setCookie: answeredCookie(input.request, survey.surveyId) };
}

/**
 * What a start-up rehearsal sends (decision 033, server.js): `count` last pages, built as the survey page posts
 * them, for a link of a survey taking answers today; null when no survey is open, as then nothing is answered
 * quickly and there is nothing to rehearse.
 */
export async function rehearsalPages(count: number): Promise<{ path: string; bodies: string[] } | null> {
  const token = await anOpenSurveyLink(getDb());
  const survey = token ? await getPublicSurvey(getDb(), token) : null;
  if (!token || !survey || survey.state !== "open") return null;
  return { path: `/p/${token}?index`, bodies: Array.from({ length: count }, (_, seed) => rehearsedLastPage(survey, seed)) };
}

/** A last page as the survey page posts it, with the earlier pages' answers in its hidden field; `seed` varies them. */
function rehearsedLastPage(survey: PublicSurvey, seed: number): string {
  const pages = survey.tool.survey.pages;
  const last = pages.length - 1;
  const earlier: Record<string, string> = {};
  const form = new URLSearchParams();
  listQuestions(survey.tool.survey).forEach((question, index) => {
    const choices = choiceValuesOf(question.element);
    if (!choices || choices.length === 0) return;
    const value = choices[(seed * 7 + index * 3) % choices.length];
    if (question.pageName === pages[last].name) form.set(question.name, value);
    else earlier[question.name] = value;
  });
  const roles = [...ROLE_GROUPS, null];
  form.set("_state", JSON.stringify({ role: roles[seed % roles.length], answers: earlier }));
  form.set("_page", String(last));
  form.set("_go", "next");
  return form.toString();
}
