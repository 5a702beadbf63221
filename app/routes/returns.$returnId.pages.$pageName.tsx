import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useCallback, useMemo } from "react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, Details, ErrorSummary } from "~/components/govuk";
import { sanitizedHtmlOf } from "~/components/survey/sanitize.server";
import { SurveyPage, questionId, toFormAnswer, type FormAnswer } from "~/components/survey/survey-page";
import { getDb } from "~/data/db.server";
import { getReturn, saveReturnPage } from "~/data/returns.server";
import { canEditReturn } from "~/domain/permissions";
import { mergePageAnswers, readPageAnswers, validatePage, visibleQuestions } from "~/domain/survey-engine";
import { listQuestions, matrixRowsOf } from "~/domain/survey-json";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * One survey page of a return: the agency answers, saves and moves on. Without JavaScript this is a
 * plain form post per page; with it, conditional questions show and hide as answers change (the
 * server says which are visible, so browser and server can never disagree).
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `${data.page.title} – ${data.cycleTitle}` : "Return") }];

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

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ret, survey, pageIndex, page } = await loadEditable(request, params);
  const visible = visibleQuestions(survey, ret.answers);
  const pageQuestions = listQuestions({ pages: [page] }).map((question) => question.name);
  const standard = ret.tool.definition.standards.find((candidate) => candidate.code === page.name) ?? null;
  return {
    returnId: ret.id,
    cycleTitle: ret.cycleTitle,
    agencyName: ret.agencyName,
    page: { name: page.name, title: page.title ?? page.name, description: typeof page.description === "string" ? page.description : null, elements: page.elements },
    pageNumber: survey.pages.filter((candidate, index) => index <= pageIndex).length,
    pageCount: survey.pages.length,
    standard: standard ? { guidance: standard.guidance ?? null, reference: standard.reference ?? null } : null,
    html: sanitizedHtmlOf(page.elements),
    answers: Object.fromEntries(pageQuestions.map((name) => [name, toFormAnswer(ret.answers[name])])),
    visible: pageQuestions.filter((name) => visible.has(name)),
    ...neighbours(survey, pageIndex, visiblePages(survey, visible)),
  };
}

/** The posted fields of this page, as the form should re-show them after an error. */
function postedFormAnswers(survey: Parameters<typeof listQuestions>[0], pageName: string, form: FormData): Record<string, FormAnswer> {
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
    } else {
      const value = form.get(question.name);
      answers[question.name] = typeof value === "string" ? value : undefined;
    }
  }
  return answers;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, ret, survey, pageIndex, page } = await loadEditable(request, params);
  const form = await request.formData();
  const intent = form.get("_intent");
  const read = readPageAnswers(survey, page.name, form);

  if (intent === "conditions") {
    // Live conditions: which questions the answers so far would show. Nothing is saved.
    if (!read.ok) return { page: page.name, visible: null };
    const merged = mergePageAnswers(survey, ret.answers, page.name, read.answers);
    const shown = visibleQuestions(survey, merged);
    return { page: page.name, visible: listQuestions({ pages: [page] }).map((question) => question.name).filter((name) => shown.has(name)) };
  }

  const posted = postedFormAnswers(survey, page.name, form);
  if (!read.ok) {
    if (read.refused) return data({ errors: [{ name: "", message: `Your answers could not be saved: ${read.refused}. Reload the page and try again.` }], posted }, { status: 400 });
    return data({ errors: read.errors.map(({ name, message }) => ({ name, message })), posted }, { status: 400 });
  }
  const merged = mergePageAnswers(survey, ret.answers, page.name, read.answers);
  // Missing answers are allowed while the return is a draft (they are required at sign-off);
  // answers that break a rule of the tool (a number out of range, say) are not saved.
  const invalid = validatePage(survey, merged, page.name).filter((problem) => problem.kind === "invalid");
  if (invalid.length > 0) return data({ errors: invalid.map(({ name, message }) => ({ name, message })), posted }, { status: 400 });

  const saved = await saveReturnPage(getDb(), viewer, ret.id, page.name, read.answers);
  if (!saved.ok) return data({ errors: [{ name: "", message: saved.message }], posted }, { status: saved.status });

  // "Save and come back later" keeps a part-answered page; moving on asks for what is missing first
  // (the answers given are already saved, so nothing is lost either way).
  if (form.get("_next") !== "later") {
    const missing = validatePage(survey, merged, page.name);
    if (missing.length > 0) return data({ errors: missing.map(({ name, message }) => ({ name, message })), posted, saved: true }, { status: 400 });
  }
  const shown = visibleQuestions(survey, merged);
  const { next } = neighbours(survey, pageIndex, visiblePages(survey, shown));
  if (form.get("_next") === "continue" && next) return redirect(`/returns/${ret.id}/pages/${encodeURIComponent(next)}`);
  return redirect(`/returns/${ret.id}?saved=${encodeURIComponent(page.name)}`);
}

/** Live-condition checks change nothing on the server, so nothing needs reloading after them. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("_intent") === "conditions" ? false : defaultShouldRevalidate;

export default function ReturnPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const conditions = useFetcher<typeof action>();
  const errors = actionData && "errors" in actionData ? actionData.errors : null;
  useErrorTitle(Boolean(errors));

  // The fetcher outlives a move to the next page (same route), so only its answer for this page counts.
  const liveVisible = conditions.data && "visible" in conditions.data && conditions.data.page === loaderData.page.name ? conditions.data.visible : null;
  const visible = useMemo(() => new Set(liveVisible ?? loaderData.visible), [liveVisible, loaderData.visible]);
  const answers = actionData && "posted" in actionData ? actionData.posted : loaderData.answers;
  const fieldErrors = useMemo(() => Object.fromEntries((errors ?? []).filter((error) => error.name).map((error) => [error.name, error.message])), [errors]);
  const summary = useMemo(() => (errors ?? []).map((error) => ({ href: error.name ? `#${questionId(error.name)}` : undefined, text: error.message })), [errors]);

  const onChange = useCallback(
    (event: React.FormEvent<HTMLFormElement>) => {
      const target = event.target as HTMLInputElement;
      // Only choices drive conditions in practice; free text would post on every keystroke.
      if (target.type !== "radio" && target.type !== "checkbox" && target.tagName !== "SELECT") return;
      const formData = new FormData(event.currentTarget);
      formData.set("_intent", "conditions");
      conditions.submit(formData, { method: "post" });
    },
    [conditions],
  );

  return (
    <>
      <BackLink href={`/returns/${loaderData.returnId}`}>Back to all sections</BackLink>
      {summary.length > 0 ? (
        <ErrorSummary
          errors={summary}
          description={actionData && "saved" in actionData ? "Your answers so far are saved. Answer these questions to continue, or save and come back later." : undefined}
        />
      ) : null}
      <span className="govuk-caption-l">
        {loaderData.agencyName}: section {loaderData.pageNumber} of {loaderData.pageCount}
      </span>
      <h1 className="govuk-heading-l">{loaderData.page.title}</h1>
      {loaderData.page.description ? <p className="govuk-body">{loaderData.page.description}</p> : null}
      {loaderData.standard?.guidance || loaderData.standard?.reference ? (
        <Details summary="Guidance for this standard">
          {loaderData.standard.guidance ? <p className="govuk-body">{loaderData.standard.guidance}</p> : null}
          {loaderData.standard.reference ? <p className="govuk-body">Reference: {loaderData.standard.reference}</p> : null}
        </Details>
      ) : null}
      <Form method="post" noValidate onChange={onChange}>
        <SurveyPage elements={loaderData.page.elements} answers={answers} visible={visible} errors={fieldErrors} html={loaderData.html} />
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
    </>
  );
}
