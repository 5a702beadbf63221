import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { requireRole } from "~/auth/session.server";
import { BackLink, ErrorSummary } from "~/components/govuk";
import { AutosaveMessage } from "~/components/survey/autosave-message";
import { answersOf, baseAnswersOf, formAnswersOf, formQuestionsOf, neighbours, visiblePages } from "~/components/survey/page-navigation";
import { clockTime, conflictProblem, pageErrors, readBase, type FormBase, type PageProblem } from "~/components/survey/page-save";
import { sanitizedHtmlOf } from "~/components/survey/sanitize.server";
import { postedFormAnswers } from "~/components/survey/posted-answers";
import { SurveyPage, toFormAnswer } from "~/components/survey/survey-page";
import {
  pagePostsInTheBrowser,
  revalidateAfterPageSaves,
  useAutosave,
  useFormBase,
  type AutosaveStatus,
} from "~/components/survey/use-autosave";
import { ReturnPageButtons, ReturnPageIntro } from "~/components/survey/return-page-parts";
import { useLiveConditions } from "~/components/survey/use-live-conditions";
import { pageEvidenceParts } from "~/components/evidence";
import { getDb } from "~/data/db.server";
import { getReturn } from "~/data/returns.server";
import { saveReturnPage } from "~/data/return-edits.server";
import { sameAnswer } from "~/domain/merge-answers";
import { checkFreeText, isFreeText, withNameWarnings } from "~/domain/case-audit";
import { canEditReturn } from "~/domain/permissions";
import { mergePageAnswers, screenPageAnswers, validatePage, visibleQuestions } from "~/domain/survey-engine";
import { listQuestions, type SurveyElementJson } from "~/domain/survey-json";
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

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.page.title} – ${data.cycleTitle}` : "Return") },
];

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

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, ret, survey, pageIndex, page } = await loadEditable(request, params);
  const visible = visibleQuestions(survey, ret.answers);
  const pageQuestions = listQuestions({ pages: [page] }).map((question) => question.name);
  const standard = ret.tool.definition.standards.find((candidate) => candidate.code === page.name) ?? null;
  const base: FormBase = {
    revision: ret.revision,
    answers: baseAnswersOf(
      formQuestionsOf(page).map((question) => question.name),
      ret.answers,
    ),
  };
  // A case return (DESIGN §12) warns against names by every free-text box.
  const elements = ret.tool.kind === "case_audit" ? withNameWarnings(page.elements) : page.elements;
  return {
    returnId: ret.id,
    cycleTitle: ret.cycleTitle,
    agencyName: ret.agencyName,
    page: {
      name: page.name,
      title: page.title ?? page.name,
      description: typeof page.description === "string" ? page.description : null,
      elements,
    },
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

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, ret, survey, pageIndex, page } = await loadEditable(request, params);
  // Evidence uploads post here too (multipart, `?evidence=…`): see utils/evidence-form.server.ts.
  if (isEvidencePost(request) && ret.tool.kind === "case_audit") {
    // A case return holds no documents about a child (DESIGN §12): its tool can have no file question either.
    return data(
      {
        kind: "page" as const,
        errors: [
          { name: "", message: "Evidence cannot be uploaded to a case return: describe what the record shows instead" },
        ] as PageProblem[],
        answers: {},
        saved: null,
      },
      { status: 400 },
    );
  }
  if (isEvidencePost(request))
    return pageEvidenceAction(getDb(), viewer, request, ret.id, `/returns/${ret.id}/pages/${encodeURIComponent(page.name)}`);
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
    return {
      kind: "conditions" as const,
      page: page.name,
      visible: listQuestions({ pages: [page] })
        .map((question) => question.name)
        .filter((name) => shown.has(name)),
    };
  }

  // An autosave saves what is there (no required-answer checks, no redirect) and says how it went.
  const autosave = intent === "autosave";
  const refuse = (problems: PageProblem[], status: number) =>
    autosave
      ? data(
          {
            kind: "autosave" as const,
            ok: false as const,
            page: page.name,
            message: problems[0]?.message ?? "",
            field: problems[0]?.name || null,
          },
          { status },
        )
      : data({ kind: "page" as const, errors: problems, answers: postedFormAnswers(survey, page.name, form), saved: null }, { status });

  if ("refused" in screened)
    return refuse([{ name: "", message: `Your answers could not be saved: ${screened.refused}. Reload the page and try again.` }], 400);
  // Answers that cannot be read or break a rule of the tool (a number out of range, say) are not
  // saved; a page save still saves the others and shows every problem, an autosave waits for a fix.
  const rejected = screened.rejected.map(({ name, message, part }): PageProblem => ({ name, message, part }));
  if (autosave && rejected.length > 0) return refuse(rejected, 400);
  const mine = screened.answers;
  // Nothing but refused answers: nothing to save, so nothing is written (not even the return's revision).
  if (rejected.length > 0 && Object.entries(mine).every(([name, value]) => sameAnswer(value, ret.answers[name])))
    return refuse(rejected, 400);
  // A case return never records who the child is: an NHS number is refused outright; a full date or a
  // postcode is saved but the writer confirms it identifies nobody before the page moves on.
  const caseReturn = ret.tool.kind === "case_audit";
  const freeText = caseReturn
    ? checkFreeText(
        Object.fromEntries(questions.filter((question) => isFreeText(question)).map((question) => [question.name, mine[question.name]])),
      )
    : { refused: [], flagged: [] };
  if (freeText.refused.length > 0) return refuse(freeText.refused, 400);

  const base = readBase(form.get("_base"), names);
  // Saving the page with a button reviews its answers carried from last cycle; an autosave only those it changed.
  const saved = await saveReturnPage(getDb(), viewer, ret.id, page.name, mine, base, { reviewsPage: !autosave });
  if (!saved.ok) return refuse([{ name: "", message: saved.message }], saved.status);

  const after = mergePageAnswers(survey, ret.answers, page.name, answersOf(names, saved.answers));
  const shown = visibleQuestions(survey, after);
  const conflicts = saved.conflicts.map((conflict) =>
    conflictProblem(
      questions.find((question) => question.name === conflict.name)!,
      conflict,
      base.answers !== null,
    ),
  );
  const nextBase: FormBase = { revision: saved.revision, answers: saved.answers };
  const savedAt = clockTime(saved.savedAt);

  if (autosave) {
    // Where the stored answer is not what was posted (someone else's answer kept), the browser shows the stored one.
    const updates = Object.fromEntries(
      names
        .filter((name) => shown.has(name) && !sameAnswer(saved.answers[name], mine[name]))
        .map((name) => [name, toFormAnswer(saved.answers[name]) ?? null]),
    );
    return { kind: "autosave" as const, ok: true as const, page: page.name, savedAt, base: nextBase, updates, conflicts };
  }

  // "Save and come back later" keeps a part-answered page; moving on asks for what is missing first
  // (the answers given are already saved, so nothing is lost either way). A conflict always comes back.
  // Missing answers are allowed while the return is a draft (they are required at sign-off).
  const reported = new Set([...conflicts, ...rejected].map((problem) => problem.name));
  const missing =
    form.get("_next") === "later" ? [] : validatePage(survey, after, page.name).filter((problem) => !reported.has(problem.name));
  const unconfirmed =
    form.get("_identifiersChecked") === "yes"
      ? []
      : freeText.flagged
          .filter((problem) => !reported.has(problem.name))
          .map(({ name, message }): PageProblem => ({ name, message, identifier: true }));
  const problems = [...rejected, ...missing.map(({ name, message, part }): PageProblem => ({ name, message, part })), ...unconfirmed].sort(
    (a, b) => names.indexOf(a.name) - names.indexOf(b.name),
  );
  if (conflicts.length > 0 || problems.length > 0) {
    // The refused answers come back as typed, to be corrected; everything else as stored now.
    const posted = postedFormAnswers(survey, page.name, form);
    const shownAnswers = formAnswersOf(
      listQuestions({ pages: [page] }).map((question) => question.name),
      after,
    );
    for (const problem of rejected) shownAnswers[problem.name] = posted[problem.name];
    return data(
      {
        kind: "page" as const,
        errors: [...conflicts, ...problems],
        answers: shownAnswers,
        saved: {
          base: nextBase,
          savedAt,
          visible: listQuestions({ pages: [page] })
            .map((question) => question.name)
            .filter((name) => shown.has(name)),
        },
      },
      { status: conflicts.length > 0 ? 409 : 400 },
    );
  }
  const { next } = neighbours(survey, pageIndex, visiblePages(survey, shown));
  if (form.get("_next") === "continue" && next) return redirect(`/returns/${ret.id}/pages/${encodeURIComponent(next)}`);
  return redirect(`/returns/${ret.id}?saved=${encodeURIComponent(page.name)}`);
}

/** In the browser every post of this page passes through the autosave's client action (components/survey/use-autosave.ts). */
export const clientAction = pagePostsInTheBrowser<typeof action>();

export const shouldRevalidate = revalidateAfterPageSaves;

export default function ReturnPage() {
  const loaderData = useLoaderData<typeof loader>();
  // Everything the form holds (its base, autosave state) belongs to one page: the next page starts afresh.
  return <PageForm key={`${loaderData.returnId}/${loaderData.page.name}`} />;
}

type PageResult = Extract<NonNullable<ReturnType<typeof useActionData<typeof clientAction>>>, { kind: "page" }>;

function PageForm() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof clientAction>();
  const navigation = useNavigation();
  const pageName = loaderData.page.name;
  const pageJson = useMemo(
    () => ({ pages: [{ name: pageName, elements: loaderData.page.elements as SurveyElementJson[] }] }),
    [pageName, loaderData.page.elements],
  );
  const questions = useMemo(() => formQuestionsOf(pageJson.pages[0]), [pageJson]);
  const result: PageResult | null = actionData && actionData.kind === "page" ? actionData : null;

  // The base travels in a hidden field; it changes only when a save says what is stored now.
  const formRef = useRef<HTMLFormElement>(null);
  const { baseRef, baseField, baseJson, adoptBase } = useFormBase(result?.saved?.base ?? loaderData.base);

  const [conflicts, setConflicts] = useState<PageProblem[]>(() => result?.errors.filter((error) => error.conflict) ?? []);
  const { visible, setVisibleNames, checkConditions } = useLiveConditions(formRef, pageName, result?.saved?.visible ?? loaderData.visible);
  const [status, setStatus] = useState<AutosaveStatus>(() =>
    result?.saved ? { state: "saved", at: result.saved.savedAt, conflicts: [] } : { state: "idle" },
  );
  // The answers the fields start from, and a key that makes them start afresh after a page save.
  const [fields, setFields] = useState(() => ({
    answers: result?.answers ?? loaderData.answers,
    key: result?.saved ? `saved-${result.saved.base.revision}` : "loaded",
  }));

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

  const { schedule: scheduleAutosave, cancel: cancelAutosave } = useAutosave({
    formRef,
    pageJson,
    pageName,
    questions,
    navigating: navigation.state !== "idle",
    baseRef,
    adoptBase,
    setConflicts,
    setStatus,
    checkConditions,
  });

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
  const onSubmit = cancelAutosave;

  // After a page save the marks are gone (the loader reloads); an autosave clears only what changed, so they stay until then.
  const carriedSet = useMemo(() => new Set(loaderData.carried), [loaderData.carried]);
  const errors = result?.errors ?? null;
  const evidence = pageEvidenceParts(loaderData.evidence, actionData?.kind === "evidence" ? actionData : null);
  useErrorTitle(Boolean(errors && errors.length > 0) || evidence.summary.length > 0);
  const { fieldErrors, summary: pageSummary, onlyConflicts } = useMemo(() => pageErrors(errors, conflicts), [errors, conflicts]);
  const summary = [...evidence.summary, ...pageSummary];

  return (
    <>
      <BackLink href={`/returns/${loaderData.returnId}`}>Back to all sections</BackLink>
      {summary.length > 0 ? (
        <ErrorSummary
          errors={summary}
          title={onlyConflicts ? "Someone else changed these answers while you were editing" : undefined}
          description={
            result?.saved
              ? onlyConflicts
                ? "Your other answers are saved."
                : "Your answers so far are saved. Answer these questions to continue, or save and come back later."
              : undefined
          }
        />
      ) : null}
      <ReturnPageIntro
        agencyName={loaderData.agencyName}
        pageNumber={loaderData.pageNumber}
        pageCount={loaderData.pageCount}
        page={loaderData.page}
        carriedCount={loaderData.carried.length}
        standard={loaderData.standard}
      />
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
                <input
                  className="govuk-checkboxes__input"
                  id="identifiers-checked"
                  name="_identifiersChecked"
                  type="checkbox"
                  value="yes"
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="identifiers-checked">
                  I have checked: the dates and postcodes flagged above identify nobody
                </label>
              </div>
            </div>
          </div>
        ) : null}
        <AutosaveMessage status={status} />
        <ReturnPageButtons hasNext={Boolean(loaderData.next)} />
      </Form>
      {evidence.forms}
    </>
  );
}
