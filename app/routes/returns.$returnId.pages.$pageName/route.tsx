import type { MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { BackLink, ErrorSummary } from "~/components/govuk";
import { AutosaveMessage } from "~/components/survey/autosave-message";
import { formQuestionsOf } from "~/components/survey/page-navigation";
import { pageErrors, type PageProblem } from "~/components/survey/page-save";
import { SurveyPage } from "~/components/survey/survey-page";
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
import { type SurveyElementJson } from "~/domain/survey-json";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";
import { action } from "./action.server";
import { loader } from "./loader.server";

/**
 * One survey page of a return: the agency answers, saves and moves on. Without JavaScript this is a
 * plain form post per page; with it, conditional questions show and hide as answers change (the
 * server says which are visible, so browser and server can never disagree) and answers autosave.
 *
 * Two people may have the same page open (DESIGN §6). The form carries its base in `_base`: the
 * page's answers as the form last showed them, refreshed after every save. The server merges each
 * save with what is stored, question by question (`mergeAnswers`), so a stale form never reverts a
 * colleague's answer, and a question both changed is shown back with their answer and both named.
 *
 * This folder is one route: the loader and action sit beside it in `loader.server.ts` and
 * `action.server.ts` (Remix reads only `route.tsx` as the route).
 */

export { action, loader };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.page.title} – ${data.cycleTitle}` : "Return") },
];

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
