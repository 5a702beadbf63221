import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  Form,
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
  type ClientActionFunctionArgs,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, Details, ErrorSummary } from "~/components/govuk";
import { answerText } from "~/components/survey/answer-text";
import { sanitizedHtmlOf } from "~/components/survey/sanitize.server";
import { postedFormAnswers } from "~/components/survey/posted-answers";
import { SurveyPage, dateFieldsOf, questionId, toFormAnswer, type FormAnswer } from "~/components/survey/survey-page";
import { pageEvidenceParts } from "~/components/evidence";
import { getDb } from "~/data/db.server";
import { getReturn, saveReturnPage, type SaveBase } from "~/data/returns.server";
import { sameAnswer, type AnswerConflict } from "~/domain/merge-answers";
import { formatDateTime } from "~/domain/dates";
import { checkFreeText, isFreeText, withNameWarnings } from "~/domain/case-audit";
import { canEditReturn } from "~/domain/permissions";
import type { Answers } from "~/domain/scoring";
import { DATE_PARTS, datePartField, type DatePart } from "~/domain/answer-format";
import { mergePageAnswers, screenPageAnswers, validatePage, visibleQuestions } from "~/domain/survey-engine";
import { listQuestions, type QuestionInfo, type SurveyElementJson, type SurveyPageJson } from "~/domain/survey-json";
import { isEvidencePost, pageEvidenceAction, pageEvidenceOf } from "~/utils/evidence-form.server";
import { readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * One survey page of a return: the agency answers, saves and moves on. Without JavaScript this is a
 * plain form post per page; with it, conditional questions show and hide as answers change (the
 * server says which are visible, so browser and server can never disagree) and answers autosave.
 *
 * Two people may have the same page open (DESIGN §6). The form carries its base in `_base`: the
 * page's answers as the form last showed them, refreshed after every save. The server merges each
 * save with what is stored, question by question (`mergeAnswers`), so a stale form never reverts a
 * colleague's answer, and a question both changed is shown back with their answer and both named.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `${data.page.title} – ${data.cycleTitle}` : "Return") }];

/** An autosave goes this long after the last change: one save per pause, not one per keystroke. */
const AUTOSAVE_DELAY_MS = 1500;
/** The longest a page save waits for an autosave already on its way, so the two never cross. */
const SUBMIT_WAIT_MS = 8000;
/** Well above any real page (text answers are at most 20,000 characters each), well below abuse. */
const MAX_BASE_LENGTH = 1_000_000;

/** The form's base: the page's answers it last showed, and the return's revision they came from. */
type FormBase = { revision: number; answers: Answers };

/** A problem shown on the page: beside the question (`message`) and in the error summary (`summary`). */
type PageProblem = { name: string; message: string; summary?: string; conflict?: boolean; part?: DatePart; identifier?: boolean };

async function loadEditable(request: Request, params: LoaderFunctionArgs["params"]) {
  const viewer = await requireRole(request, ["agency_lead", "agency_member"]);
  const ret = await getReturn(getDb(), viewer, requireId(params.returnId));
  if (!ret) notFound();
  if (!canEditReturn(viewer, ret.agencyId, ret.status)) throw redirect(`/returns/${ret.id}`);
  const survey = ret.tool.definition.survey;
  const pageIndex = survey.pages.findIndex((page) => page.name === params.pageName);
  if (pageIndex < 0) notFound();
  return { viewer, ret, survey, pageIndex, page: survey.pages[pageIndex] };
}

/** The visible pages before and after this one, for "Previous" and "Save and continue". */
function neighbours(survey: { pages: { name: string }[] }, pageIndex: number, visiblePageNames: Set<string>) {
  const before = survey.pages.slice(0, pageIndex).filter((page) => visiblePageNames.has(page.name)).pop()?.name ?? null;
  const after = survey.pages.slice(pageIndex + 1).find((page) => visiblePageNames.has(page.name))?.name ?? null;
  return { previous: before, next: after };
}

function visiblePages(survey: Parameters<typeof visibleQuestions>[0], visible: Set<string>): Set<string> {
  const names = new Set<string>();
  for (const question of listQuestions(survey)) if (visible.has(question.name)) names.add(question.pageName);
  return names;
}

/** The questions the page form answers: file questions hold evidence uploaded separately, so a page save leaves them alone. */
function formQuestionsOf(page: SurveyPageJson): QuestionInfo[] {
  return listQuestions({ pages: [page] }).filter((question) => question.type !== "file");
}

/** These questions' answers, every one present (undefined = no answer), as a page save writes them. */
function answersOf(names: string[], answers: Answers): Answers {
  return Object.fromEntries(names.map((name) => [name, answers[name]]));
}

/** The stored answers of these questions, without the unanswered ones: the form's base. */
function baseAnswersOf(names: string[], answers: Answers): Answers {
  return Object.fromEntries(names.filter((name) => answers[name] !== undefined).map((name) => [name, answers[name]]));
}

function formAnswersOf(names: string[], answers: Answers): Record<string, FormAnswer> {
  return Object.fromEntries(names.map((name) => [name, toFormAnswer(answers[name])]));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, ret, survey, pageIndex, page } = await loadEditable(request, params);
  const visible = visibleQuestions(survey, ret.answers);
  const pageQuestions = listQuestions({ pages: [page] }).map((question) => question.name);
  const standard = ret.tool.definition.standards.find((candidate) => candidate.code === page.name) ?? null;
  const base: FormBase = { revision: ret.revision, answers: baseAnswersOf(formQuestionsOf(page).map((question) => question.name), ret.answers) };
  // A case return (DESIGN §12) warns against names by every free-text box.
  const elements = ret.tool.kind === "case_audit" ? withNameWarnings(page.elements) : page.elements;
  return {
    returnId: ret.id,
    cycleTitle: ret.cycleTitle,
    agencyName: ret.agencyName,
    page: { name: page.name, title: page.title ?? page.name, description: typeof page.description === "string" ? page.description : null, elements },
    caseReturn: ret.tool.kind === "case_audit",
    pageNumber: survey.pages.filter((candidate, index) => index <= pageIndex).length,
    pageCount: survey.pages.length,
    standard: standard ? { guidance: standard.guidance ?? null, reference: standard.reference ?? null } : null,
    html: sanitizedHtmlOf(page.elements),
    answers: formAnswersOf(pageQuestions, ret.answers),
    base,
    visible: pageQuestions.filter((name) => visible.has(name)),
    carried: pageQuestions.filter((name) => ret.carried.includes(name)),
    ...neighbours(survey, pageIndex, visiblePages(survey, visible)),
    evidence: await pageEvidenceOf(getDb(), viewer, ret, page),
  };
}

const StoredValue = z.union([z.string(), z.number()]);
const BaseSchema = z.strictObject({
  revision: z.number().int().min(0),
  answers: z.record(z.string(), z.union([StoredValue, z.boolean(), z.array(StoredValue), z.record(z.string(), StoredValue)])),
});

/**
 * Reads the form's `_base`. It is the person's own answers, so it is not signed, but it is read
 * strictly: anything malformed, or naming a question that is not on this page, counts as "base not
 * known" (a page opened before autosave existed lands here too). Then the merge cannot tell a stale
 * form from a deliberate change, so it takes the safe side: a question nobody has answered takes the
 * posted answer, and a stored answer the form would change or clear becomes a conflict to confirm,
 * never an overwrite (see `mergeAnswers`).
 */
function readBase(raw: FormDataEntryValue | null, questions: string[]): SaveBase {
  const unknown = { answers: null, revision: null };
  if (typeof raw !== "string" || raw.length > MAX_BASE_LENGTH) return unknown;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return unknown;
  }
  const parsed = BaseSchema.safeParse(json);
  if (!parsed.success || Object.keys(parsed.data.answers).some((name) => !questions.includes(name))) return unknown;
  return parsed.data;
}

/** "11:32am", UK time: the time part of the domain's `formatDateTime` (GOV.UK style; "12:30am", not "0:30am"). */
function clockTime(iso: string): string {
  return formatDateTime(iso).split(" at ").pop() ?? "";
}

function shortened(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
}

/** What a person reads about a conflict: both answers in words, and what to do. */
function conflictProblem(question: QuestionInfo, conflict: AnswerConflict, baseKnown: boolean): PageProblem {
  const readable = (value: unknown) => answerText(question.element, value).replace(/\n/g, "; ");
  const mineEmpty = sameAnswer(conflict.mine, undefined);
  const theirsEmpty = sameAnswer(conflict.theirs, undefined);
  const mine = readable(conflict.mine);
  const theirs = readable(conflict.theirs);
  const title = shortened(String(question.element.title ?? question.name), 90);
  const what = !baseKnown
    ? `The saved answer is ‘${theirs}’: someone else in your agency may have changed it since you opened the page.`
    : theirsEmpty
      ? "Someone else in your agency removed this answer since you opened the page."
      : `Someone else in your agency changed this answer to ‘${theirs}’ since you opened the page.`;
  const yours = !mineEmpty ? `Your answer was ‘${mine}’.` : baseKnown ? "You had removed your answer." : "Your page showed no answer.";
  const summary = theirsEmpty
    ? `Someone else removed the answer to “${title}”: yours was ‘${shortened(mine, 80)}’`
    : `Someone else changed “${title}” to ‘${shortened(theirs, 80)}’: ${mineEmpty ? "you had removed it" : `yours was ‘${shortened(mine, 80)}’`}`;
  return { name: conflict.name, message: `${what} ${yours} Choose the answer to keep and save again.`, summary, conflict: true };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, ret, survey, pageIndex, page } = await loadEditable(request, params);
  // Evidence uploads post here too (multipart, `?evidence=…`): see utils/evidence-form.server.ts.
  if (isEvidencePost(request) && ret.tool.kind === "case_audit") {
    // A case return holds no documents about a child (DESIGN §12): its tool can have no file question either.
    return data({ kind: "page" as const, errors: [{ name: "", message: "Evidence cannot be uploaded to a case return: describe what the record shows instead" }] as PageProblem[], answers: {}, saved: null }, { status: 400 });
  }
  if (isEvidencePost(request)) return pageEvidenceAction(getDb(), viewer, request, ret.id, `/returns/${ret.id}/pages/${encodeURIComponent(page.name)}`);
  const form = await readForm(request);
  const intent = form.get("_intent");
  const questions = formQuestionsOf(page);
  const names = questions.map((question) => question.name);
  const screened = screenPageAnswers(survey, ret.answers, page.name, form, names);

  if (intent === "conditions") {
    // Live conditions: which questions the answers so far would show. Nothing is saved.
    if ("refused" in screened) return { kind: "conditions" as const, page: page.name, visible: null };
    const merged = mergePageAnswers(survey, ret.answers, page.name, screened.answers);
    const shown = visibleQuestions(survey, merged);
    return { kind: "conditions" as const, page: page.name, visible: listQuestions({ pages: [page] }).map((question) => question.name).filter((name) => shown.has(name)) };
  }

  // An autosave saves what is there (no required-answer checks, no redirect) and says how it went.
  const autosave = intent === "autosave";
  const refuse = (problems: PageProblem[], status: number) =>
    autosave
      ? data({ kind: "autosave" as const, ok: false as const, page: page.name, message: problems[0]?.message ?? "", field: problems[0]?.name || null }, { status })
      : data({ kind: "page" as const, errors: problems, answers: postedFormAnswers(survey, page.name, form), saved: null }, { status });

  if ("refused" in screened) return refuse([{ name: "", message: `Your answers could not be saved: ${screened.refused}. Reload the page and try again.` }], 400);
  // Answers that cannot be read or break a rule of the tool (a number out of range, say) are not
  // saved; a page save still saves the others and shows every problem, an autosave waits for a fix.
  const rejected = screened.rejected.map(({ name, message, part }): PageProblem => ({ name, message, part }));
  if (autosave && rejected.length > 0) return refuse(rejected, 400);
  const mine = screened.answers;
  // Nothing but refused answers: nothing to save, so nothing is written (not even the return's revision).
  if (rejected.length > 0 && Object.entries(mine).every(([name, value]) => sameAnswer(value, ret.answers[name]))) return refuse(rejected, 400);
  // A case return never records who the child is: an NHS number is refused outright; a full date or a
  // postcode is saved but the writer confirms it identifies nobody before the page moves on.
  const caseReturn = ret.tool.kind === "case_audit";
  const freeText = caseReturn ? checkFreeText(Object.fromEntries(questions.filter((question) => isFreeText(question)).map((question) => [question.name, mine[question.name]]))) : { refused: [], flagged: [] };
  if (freeText.refused.length > 0) return refuse(freeText.refused, 400);

  const base = readBase(form.get("_base"), names);
  // Saving the page with a button reviews its answers carried from last cycle; an autosave only those it changed.
  const saved = await saveReturnPage(getDb(), viewer, ret.id, page.name, mine, base, { reviewsPage: !autosave });
  if (!saved.ok) return refuse([{ name: "", message: saved.message }], saved.status);

  const after = mergePageAnswers(survey, ret.answers, page.name, answersOf(names, saved.answers));
  const shown = visibleQuestions(survey, after);
  const conflicts = saved.conflicts.map((conflict) => conflictProblem(questions.find((question) => question.name === conflict.name)!, conflict, base.answers !== null));
  const nextBase: FormBase = { revision: saved.revision, answers: saved.answers };
  const savedAt = clockTime(saved.savedAt);

  if (autosave) {
    // Where the stored answer is not what was posted (someone else's answer kept), the browser shows the stored one.
    const updates = Object.fromEntries(
      names.filter((name) => shown.has(name) && !sameAnswer(saved.answers[name], mine[name])).map((name) => [name, toFormAnswer(saved.answers[name]) ?? null]),
    );
    return { kind: "autosave" as const, ok: true as const, page: page.name, savedAt, base: nextBase, updates, conflicts };
  }

  // "Save and come back later" keeps a part-answered page; moving on asks for what is missing first
  // (the answers given are already saved, so nothing is lost either way). A conflict always comes back.
  // Missing answers are allowed while the return is a draft (they are required at sign-off).
  const reported = new Set([...conflicts, ...rejected].map((problem) => problem.name));
  const missing = form.get("_next") === "later" ? [] : validatePage(survey, after, page.name).filter((problem) => !reported.has(problem.name));
  const unconfirmed = form.get("_identifiersChecked") === "yes" ? [] : freeText.flagged.filter((problem) => !reported.has(problem.name)).map(({ name, message }): PageProblem => ({ name, message, identifier: true }));
  const problems = [...rejected, ...missing.map(({ name, message, part }): PageProblem => ({ name, message, part })), ...unconfirmed].sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  if (conflicts.length > 0 || problems.length > 0) {
    // The refused answers come back as typed, to be corrected; everything else as stored now.
    const posted = postedFormAnswers(survey, page.name, form);
    const shownAnswers = formAnswersOf(listQuestions({ pages: [page] }).map((question) => question.name), after);
    for (const problem of rejected) shownAnswers[problem.name] = posted[problem.name];
    return data(
      {
        kind: "page" as const,
        errors: [...conflicts, ...problems],
        answers: shownAnswers,
        saved: { base: nextBase, savedAt, visible: listQuestions({ pages: [page] }).map((question) => question.name).filter((name) => shown.has(name)) },
      },
      { status: conflicts.length > 0 ? 409 : 400 },
    );
  }
  const { next } = neighbours(survey, pageIndex, visiblePages(survey, shown));
  if (form.get("_next") === "continue" && next) return redirect(`/returns/${ret.id}/pages/${encodeURIComponent(next)}`);
  return redirect(`/returns/${ret.id}?saved=${encodeURIComponent(page.name)}`);
}

/** The autosave on its way, if any (one page is open per browser tab, so one is enough). */
let autosaveOnItsWay: Promise<unknown> = Promise.resolve();

/**
 * In the browser every post of this page passes through here. An autosave or a condition check that
 * fails on the way (no network, a server error, a return that can no longer be changed) must not swap
 * the page for an error page: the typed answers are still in the form, so an autosave's failure
 * becomes a message beside the buttons. A page save waits for an autosave already on its way, so the
 * two reach the server in order and the autosave never finishes in the middle of the page save's
 * navigation.
 */
export async function clientAction({ request, params, serverAction }: ClientActionFunctionArgs) {
  const intent = (await request.clone().formData()).get("_intent");
  const page = params.pageName ?? "";
  if (intent === "autosave") {
    const saving = serverAction<typeof action>().catch((error: unknown) => {
      const moved = error instanceof Response && error.status >= 300 && error.status < 400;
      const message = moved
        ? "This return can no longer be changed here: it may have been submitted. Copy anything you need before you leave this page."
        : "We will try again when you next change an answer.";
      return { kind: "autosave" as const, ok: false as const, page, message, field: null };
    });
    autosaveOnItsWay = saving;
    return saving;
  }
  if (intent === "conditions") {
    return serverAction<typeof action>().catch(() => ({ kind: "conditions" as const, page, visible: null }));
  }
  await Promise.race([autosaveOnItsWay, new Promise((resolve) => window.setTimeout(resolve, SUBMIT_WAIT_MS))]);
  return serverAction<typeof action>();
}

/** Live-condition checks and autosaves change nothing the page shows, so nothing reloads after them (a reload could race a save). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get("_intent");
  return intent === "conditions" || intent === "autosave" ? false : defaultShouldRevalidate;
};

export default function ReturnPage() {
  const loaderData = useLoaderData<typeof loader>();
  // Everything the form holds (its base, autosave state) belongs to one page: the next page starts afresh.
  return <PageForm key={`${loaderData.returnId}/${loaderData.page.name}`} />;
}

type PageResult = Extract<NonNullable<ReturnType<typeof useActionData<typeof clientAction>>>, { kind: "page" }>;
type AutosaveStatus = { state: "idle" } | { state: "saved"; at: string; conflicts: PageProblem[] } | { state: "failed"; message: string; field: string | null };

/** Puts an answer into the page's fields (an answer someone else saved), as the server would render it. */
function showAnswer(form: HTMLFormElement, question: QuestionInfo, answer: FormAnswer): void {
  const dateParts = question.type === "text" && question.element.inputType === "date" ? dateFieldsOf(answer) : null;
  for (const field of Array.from(form.elements)) {
    if (dateParts) {
      const part = DATE_PARTS.find((candidate) => field instanceof HTMLInputElement && field.name === datePartField(question.name, candidate));
      if (part) (field as HTMLInputElement).value = dateParts[part];
    } else if (question.type === "matrix") {
      if (!(field instanceof HTMLInputElement) || !field.name.startsWith(`${question.name}.`)) continue;
      const rows = answer && typeof answer === "object" && !Array.isArray(answer) ? answer : {};
      field.checked = rows[field.name.slice(question.name.length + 1)] === field.value;
    } else if (field instanceof HTMLInputElement && field.name === question.name && (field.type === "radio" || field.type === "checkbox")) {
      field.checked = Array.isArray(answer) ? answer.includes(field.value) : answer === field.value;
    } else if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) && field.name === question.name) {
      field.value = typeof answer === "string" ? answer : "";
    }
  }
}

function PageForm() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof clientAction>();
  const navigation = useNavigation();
  const conditions = useFetcher<typeof clientAction>();
  const autosave = useFetcher<typeof clientAction>();
  const pageName = loaderData.page.name;
  const pageJson = useMemo(() => ({ pages: [{ name: pageName, elements: loaderData.page.elements as SurveyElementJson[] }] }), [pageName, loaderData.page.elements]);
  const questions = useMemo(() => formQuestionsOf(pageJson.pages[0]), [pageJson]);
  const result: PageResult | null = actionData && actionData.kind === "page" ? actionData : null;

  // The base travels in a hidden field; it changes only when a save says what is stored now.
  const formRef = useRef<HTMLFormElement>(null);
  const baseField = useRef<HTMLInputElement>(null);
  const baseRef = useRef<FormBase>(result?.saved?.base ?? loaderData.base);
  const [baseJson, setBaseJson] = useState(() => JSON.stringify(baseRef.current));
  const adoptBase = useCallback((next: FormBase) => {
    const json = JSON.stringify(next);
    baseRef.current = next;
    // At once in the field too, so a save button pressed before the next render still sends it.
    if (baseField.current) baseField.current.value = json;
    setBaseJson(json);
  }, []);

  const [conflicts, setConflicts] = useState<PageProblem[]>(() => result?.errors.filter((error) => error.conflict) ?? []);
  const [visibleNames, setVisibleNames] = useState<string[]>(() => result?.saved?.visible ?? loaderData.visible);
  const [status, setStatus] = useState<AutosaveStatus>(() => (result?.saved ? { state: "saved", at: result.saved.savedAt, conflicts: [] } : { state: "idle" }));
  // The answers the fields start from, and a key that makes them start afresh after a page save.
  const [fields, setFields] = useState(() => ({ answers: result?.answers ?? loaderData.answers, key: result?.saved ? `saved-${result.saved.base.revision}` : "loaded" }));

  // A page save (button, or without JavaScript) brings back what is stored: show it and take it as the
  // base. A refused one re-shows what was posted, without starting the fields afresh.
  const [seenResult, setSeenResult] = useState(result);
  if (result !== seenResult) {
    setSeenResult(result);
    if (result?.saved) {
      setFields({ answers: result.answers, key: `saved-${result.saved.base.revision}` });
      setConflicts(result.errors.filter((error) => error.conflict));
      setVisibleNames(result.saved.visible);
      setStatus({ state: "saved", at: result.saved.savedAt, conflicts: [] });
    } else if (result) {
      setFields((previous) => ({ ...previous, answers: result.answers }));
    }
  }
  useEffect(() => {
    if (result?.saved) adoptBase(result.saved.base);
  }, [result, adoptBase]);

  // The fetcher outlives a move to the next page (same route), so only its answer for this page counts.
  const [seenConditions, setSeenConditions] = useState(conditions.data);
  if (conditions.data !== seenConditions) {
    setSeenConditions(conditions.data);
    if (conditions.data?.kind === "conditions" && conditions.data.page === pageName && conditions.data.visible) setVisibleNames(conditions.data.visible);
  }
  const visible = useMemo(() => new Set(visibleNames), [visibleNames]);

  const checkConditions = useCallback(() => {
    if (!formRef.current) return;
    const formData = new FormData(formRef.current);
    formData.set("_intent", "conditions");
    conditions.submit(formData, { method: "post" });
  }, [conditions]);

  // Autosave: one request at a time, the page's current answers with the base they were changed from.
  const timer = useRef<number | undefined>(undefined);
  const inFlight = useRef<{ sent: Record<string, FormAnswer>; base: FormBase } | null>(null);
  const handled = useRef(autosave.data);
  const live = useRef({ autosave, navigating: navigation.state !== "idle" });
  live.current = { autosave, navigating: navigation.state !== "idle" };

  const readForm = useCallback((form: HTMLFormElement) => postedFormAnswers(pageJson, pageName, new FormData(form)), [pageJson, pageName]);

  const sendAutosave = useCallback(() => {
    const form = formRef.current;
    if (!form) return;
    if (inFlight.current || live.current.navigating) {
      // Try again after the save on its way has answered (or the page has been left).
      timer.current = window.setTimeout(sendAutosave, AUTOSAVE_DELAY_MS);
      return;
    }
    const formData = new FormData(form);
    formData.set("_intent", "autosave");
    formData.set("_base", JSON.stringify(baseRef.current));
    inFlight.current = { sent: readForm(form), base: baseRef.current };
    live.current.autosave.submit(formData, { method: "post" });
  }, [readForm]);

  const scheduleAutosave = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(sendAutosave, AUTOSAVE_DELAY_MS);
  }, [sendAutosave]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  useEffect(() => {
    const answer = autosave.data;
    const request = inFlight.current;
    // The fetcher keeps its last answer while the next autosave is on its way: each answer counts once.
    if (!answer || answer === handled.current) return;
    handled.current = answer;
    if (answer.kind !== "autosave" || !request || !formRef.current) return;
    inFlight.current = null;
    if (!answer.ok) {
      setStatus({ state: "failed", message: answer.message, field: answer.field });
    } else {
      const form = formRef.current;
      const now = readForm(form);
      const next: FormBase = { revision: answer.base.revision, answers: { ...baseRef.current.answers } };
      let shownTheirs = false;
      for (const question of questions) {
        const { name } = question;
        const stored = answer.base.answers[name];
        if (name in answer.updates) {
          // Someone else's answer was kept. Show it, unless the person has changed this question
          // since the autosave left: then their newer change is still to be merged, from the old base.
          if (!sameAnswer(now[name], request.sent[name])) continue;
          showAnswer(form, question, answer.updates[name] ?? undefined);
          shownTheirs = true;
        }
        if (stored === undefined) delete next.answers[name];
        else next.answers[name] = stored;
      }
      adoptBase(next);
      // A conflict message stays until that question is saved again (or the page is).
      setConflicts((previous) => [
        ...previous.filter((old) => !answer.conflicts.some((fresh) => fresh.name === old.name) && sameAnswer(request.sent[old.name], request.base.answers[old.name])),
        ...answer.conflicts,
      ]);
      setStatus({ state: "saved", at: answer.savedAt, conflicts: answer.conflicts });
      if (shownTheirs) checkConditions();
    }
  }, [autosave.data, questions, readForm, adoptBase, checkConditions]);

  const onChange = useCallback(
    (event: React.FormEvent<HTMLFormElement>) => {
      const target = event.target as HTMLInputElement;
      // Evidence fields sit in the page but belong to their own forms (components/evidence.tsx): not answers.
      if (target.name === "_base" || target.form !== event.currentTarget) return;
      scheduleAutosave();
      // Only choices drive conditions in practice; free text would post on every keystroke.
      if (target.type !== "radio" && target.type !== "checkbox" && target.tagName !== "SELECT") return;
      checkConditions();
    },
    [scheduleAutosave, checkConditions],
  );

  // A page save sends everything, so no autosave needs to follow it.
  const onSubmit = useCallback(() => window.clearTimeout(timer.current), []);

  // After a page save the marks are gone (the loader reloads); an autosave clears only what changed, so they stay until then.
  const carriedSet = useMemo(() => new Set(loaderData.carried), [loaderData.carried]);
  const errors = result?.errors ?? null;
  const evidence = pageEvidenceParts(loaderData.evidence, actionData?.kind === "evidence" ? actionData : null);
  useErrorTitle(Boolean(errors && errors.length > 0) || evidence.summary.length > 0);
  const fieldErrors = useMemo(
    () => Object.fromEntries([...(errors ?? []).filter((error) => error.name && !error.conflict), ...conflicts].map((error) => [error.name, error.message])),
    [errors, conflicts],
  );
  const pageSummary = useMemo(() => (errors ?? []).map((error) => ({ href: error.name ? `#${questionId(error.name)}${error.part ? `-${error.part}` : ""}` : undefined, text: error.summary ?? error.message })), [errors]);
  const summary = [...evidence.summary, ...pageSummary];
  const onlyConflicts = Boolean(errors && errors.length > 0 && errors.every((error) => error.conflict));

  return (
    <>
      <BackLink href={`/returns/${loaderData.returnId}`}>Back to all sections</BackLink>
      {summary.length > 0 ? (
        <ErrorSummary
          errors={summary}
          title={onlyConflicts ? "Someone else changed these answers while you were editing" : undefined}
          description={result?.saved ? (onlyConflicts ? "Your other answers are saved." : "Your answers so far are saved. Answer these questions to continue, or save and come back later.") : undefined}
        />
      ) : null}
      <span className="govuk-caption-l">
        {loaderData.agencyName}: section {loaderData.pageNumber} of {loaderData.pageCount}
      </span>
      <h1 className="govuk-heading-l">{loaderData.page.title}</h1>
      {loaderData.page.description ? <p className="govuk-body">{loaderData.page.description}</p> : null}
      {loaderData.carried.length > 0 ? (
        <div className="govuk-inset-text">
          {loaderData.carried.length === 1 ? "1 answer" : `${loaderData.carried.length} answers`} on this page came from your agency's last return. Check each one marked ‘From
          last cycle: review’ still holds, change it if not, then save the page.
        </div>
      ) : null}
      {loaderData.standard?.guidance || loaderData.standard?.reference ? (
        <Details summary="Guidance for this standard">
          {loaderData.standard.guidance ? <p className="govuk-body">{loaderData.standard.guidance}</p> : null}
          {loaderData.standard.reference ? <p className="govuk-body">Reference: {loaderData.standard.reference}</p> : null}
        </Details>
      ) : null}
      <Form method="post" noValidate onChange={onChange} onSubmit={onSubmit} ref={formRef}>
        <input type="hidden" name="_base" value={baseJson} ref={baseField} />
        {/* A page save shows what is stored now (someone else's answer where it was kept), so the fields start afresh. */}
        <SurveyPage
          key={fields.key}
          elements={loaderData.page.elements}
          answers={fields.answers}
          visible={visible}
          errors={fieldErrors}
          html={loaderData.html}
          renderFile={evidence.renderFile}
          carried={carriedSet}
        />
        {evidence.section}
        {errors?.some((error) => error.identifier) ? (
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              <div className="govuk-checkboxes__item">
                <input className="govuk-checkboxes__input" id="identifiers-checked" name="_identifiersChecked" type="checkbox" value="yes" />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="identifiers-checked">
                  I have checked: the dates and postcodes flagged above identify nobody
                </label>
              </div>
            </div>
          </div>
        ) : null}
        <AutosaveMessage status={status} />
        <div className="govuk-button-group">
          {loaderData.next ? (
            <Button name="_next" value="continue">Save and continue</Button>
          ) : (
            <Button name="_next" value="overview">Save and return to all sections</Button>
          )}
          {loaderData.next ? (
            <Button name="_next" value="later" variant="secondary">Save and come back later</Button>
          ) : null}
        </div>
      </Form>
      {evidence.forms}
    </>
  );
}

/** The autosave's outcome, announced politely (it must not interrupt someone typing). */
function AutosaveMessage({ status }: { status: AutosaveStatus }) {
  return (
    <div className="app-autosave-status" role="status" aria-live="polite">
      {status.state === "saved" && status.conflicts.length === 0 ? <p className="govuk-body-s">Saved at {status.at}</p> : null}
      {status.state === "saved" && status.conflicts.length > 0 ? (
        <>
          <p className="govuk-body-s govuk-!-font-weight-bold">
            Saved at {status.at}, apart from {status.conflicts.length === 1 ? "1 answer" : `${status.conflicts.length} answers`} someone else in your agency changed while you
            were editing:
          </p>
          <ul className="govuk-list govuk-body-s">
            {status.conflicts.map((conflict) => (
              <li key={conflict.name}>
                <a className="govuk-link" href={`#${questionId(conflict.name)}`}>
                  {conflict.summary ?? conflict.message}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {status.state === "failed" ? (
        <p className="govuk-body-s govuk-!-font-weight-bold">
          Your latest changes are not saved yet.{" "}
          {status.field ? (
            <a className="govuk-link" href={`#${questionId(status.field)}`}>
              {status.message}
            </a>
          ) : (
            status.message
          )}
        </p>
      ) : null}
    </div>
  );
}
