import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, InsetText, Radios } from "~/components/govuk";
import { sanitizedHtmlOf } from "~/components/survey/sanitize.server";
import { SurveyPage, questionId, toFormAnswer, type FormAnswer } from "~/components/survey/survey-page";
import { getDb } from "~/data/db.server";
import { getPublicSurvey, practitionerMinGroup } from "~/data/practitioner.server";
import { formatDate } from "~/domain/dates";
import { ROLE_GROUPS, type RoleGroup } from "~/domain/practitioner";
import { visibleQuestions } from "~/domain/survey-engine";
import { listQuestions, type SurveyElementJson } from "~/domain/survey-json";
import { readForm } from "~/utils/form";
import { notFound } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { answeredCookie, answeredSurveys, sendResponse, startingState, stepOf, type Problem, type State } from "./form.server";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * A practitioner survey's open link (DESIGN §11): anyone with the link answers, with no account, one short
 * page per section, and it works without JavaScript. Answers given so far travel in the form itself (a hidden
 * field) from page to page and are stored only when the person sends them, so nothing sits in the database
 * under an identifier. The page says plainly what is recorded and what is not. After sending, a cookie that
 * names only the survey makes a second visit from the same browser say "you have already answered" (with a
 * way on, since colleagues may share a computer); it does not block.
 *
 * The form's steps are in `./form.server.ts`. Its forms post as plain HTML forms
 * (`reloadDocument`), with or without JavaScript, so every practitioner takes one path, and the server can
 * store a last page straight away when many are sent at once (decision 027).
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.title}: ${data.agencyName}` : "Practitioner survey") },
];

async function loadSurvey(params: LoaderFunctionArgs["params"]) {
  const survey = await getPublicSurvey(getDb(), params.token ?? "");
  if (!survey) notFound();
  return survey;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  // A link copied with the full stop or bracket that followed it in an email or document: the link itself.
  const token = params.token ?? "";
  const trimmed = token.replace(/[^A-Za-z0-9_-]+$/, "");
  if (trimmed !== token && trimmed.length > 0) throw redirect(`/p/${trimmed}${new URL(request.url).search}`);
  const survey = await loadSurvey(params);
  const again = new URL(request.url).searchParams.has("again");
  return {
    title: survey.tool.title,
    agencyName: survey.agencyName,
    state: survey.state,
    closesOn: survey.closesOn,
    alreadyAnswered: !again && answeredSurveys(request).includes(survey.surveyId),
    pageCount: survey.tool.survey.pages.length,
    minGroup: practitionerMinGroup(),
  };
}

type PageView = {
  step: "page";
  index: number;
  state: State;
  answers: Record<string, FormAnswer>;
  errors: Problem[];
  visible: string[];
  title: string;
  description: string | null;
  elements: SurveyElementJson[];
  html: Record<string, string>;
};
/** The introduction, with its problems; `state` holds the answers so far when the person came back with "Previous". */
type IntroView = { step: "intro"; errors: Problem[]; role: string; state?: State };

function pageView(
  survey: Awaited<ReturnType<typeof loadSurvey>>,
  index: number,
  state: State,
  errors: Problem[] = [],
  shown?: Record<string, FormAnswer>,
): PageView {
  const page = survey.tool.survey.pages[index];
  const names = listQuestions({ pages: [page] }).map((question) => question.name);
  const visible = visibleQuestions(survey.tool.survey, state.answers);
  return {
    step: "page",
    index,
    state,
    answers: shown ?? Object.fromEntries(names.map((name) => [name, toFormAnswer(state.answers[name])])),
    errors,
    visible: names.filter((name) => visible.has(name)),
    title: page.title ?? page.name,
    description: typeof page.description === "string" ? page.description : null,
    elements: page.elements as SurveyElementJson[],
    html: sanitizedHtmlOf(page.elements as SurveyElementJson[]),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const survey = await loadSurvey(params);
  const form = await readForm(request);
  if (survey.state !== "open")
    return data(
      {
        step: "intro" as const,
        errors: [
          {
            name: "",
            message: survey.state === "closed" ? "This survey has closed: answers can no longer be sent" : "This survey is not open yet",
          },
        ],
        role: "",
      },
      { status: 409 },
    );

  if (form.get("_step") === "intro") {
    const role = form.get("role");
    if (role !== null && role !== "" && role !== "none" && !(ROLE_GROUPS as readonly string[]).includes(String(role))) {
      return data(
        {
          step: "intro" as const,
          errors: [{ name: "role", message: "Select your role, or prefer not to say" }],
          role: "",
          state: form.has("_state") ? startingState(form, null) : undefined,
        } satisfies IntroView,
        { status: 400 },
      );
    }
    const state = startingState(form, (ROLE_GROUPS as readonly string[]).includes(String(role)) ? (role as RoleGroup) : null);
    return pageView(survey, 0, state);
  }

  const step = stepOf(survey, form);
  switch (step.kind) {
    case "unreadable":
      return data({ step: "intro" as const, errors: [{ name: "", message: step.message }], role: "" } satisfies IntroView, { status: 400 });
    case "problems":
      return data(pageView(survey, step.index, step.state, step.problems, step.shown), { status: 400 });
    case "back":
      return step.index === 0
        ? ({ step: "intro", errors: [], role: step.state.role ?? "", state: step.state } satisfies IntroView)
        : pageView(survey, step.index - 1, step.state);
    case "next":
      return pageView(survey, step.index + 1, step.state);
  }
  const token = params.token ?? "";
  const result = await sendResponse(survey, token, step.state, context?.clientIp ?? "unknown");
  if (!result.ok) {
    if (result.status === 404) notFound();
    // Flooding: the answers stay on the page, to send again later; nothing about them was stored.
    if (result.status === 429)
      return data(
        pageView(survey, survey.tool.survey.pages.length - 1, step.state, [
          { name: "", message: `${result.message} Your answers are kept on this page: keep it open and send them again later.` },
        ]),
        { status: 429 },
      );
    return data(
      pageView(survey, survey.tool.survey.pages.length - 1, step.state, result.errors ?? [{ name: "", message: result.message }]),
      {
        status: result.status,
      },
    );
  }
  return redirect(`/p/${token}/thanks`, { headers: { "Set-Cookie": answeredCookie(request, survey.surveyId) } });
}

export default function PractitionerSurveyPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as PageView | IntroView | undefined;
  useErrorTitle(Boolean(actionData?.errors.length));
  if (actionData?.step === "page")
    return <SurveyStep key={actionData.index} view={actionData} pageCount={loaderData.pageCount} agencyName={loaderData.agencyName} />;
  if (loaderData.state !== "open") {
    return (
      <>
        <span className="govuk-caption-l">{loaderData.agencyName}</span>
        <h1 className="govuk-heading-l">{loaderData.title}</h1>
        <p className="govuk-body">
          {loaderData.state === "closed"
            ? "This survey has closed. Thank you for your interest."
            : "This survey is not open yet. Please come back when your organisation tells you it has opened."}
        </p>
      </>
    );
  }
  if (loaderData.alreadyAnswered && !actionData) {
    return (
      <>
        <span className="govuk-caption-l">{loaderData.agencyName}</span>
        <h1 className="govuk-heading-l">You have already answered this survey</h1>
        <p className="govuk-body">
          This browser sent answers to this survey before. Each person should answer once, so that the results are fair.
        </p>
        <p className="govuk-body">
          If someone else answered on this device, or you are sure you have not answered yet,{" "}
          <a className="govuk-link" href="?again=1">
            answer the survey
          </a>
          .
        </p>
      </>
    );
  }
  const intro = actionData?.step === "intro" ? actionData : null;
  return (
    <>
      {intro?.errors.length ? (
        <ErrorSummary errors={intro.errors.map((error) => ({ href: error.name ? "#role" : undefined, text: error.message }))} />
      ) : null}
      <span className="govuk-caption-l">{loaderData.agencyName}</span>
      <h1 className="govuk-heading-l">{loaderData.title}</h1>
      <p className="govuk-body">
        Your safeguarding partnership asks staff of {loaderData.agencyName} how safeguarding children works where they are. Your answers are
        set beside your organisation's own assessment of itself. It takes about 5 minutes, on {loaderData.pageCount} short pages.
      </p>
      <h2 className="govuk-heading-m">What is recorded</h2>
      <ul className="govuk-list govuk-list--bullet">
        <li>your answers</li>
        <li>your organisation ({loaderData.agencyName}), because everyone in it uses this same link</li>
        <li>your role group, if you choose to give it</li>
        <li>the date you send your answers</li>
      </ul>
      <h2 className="govuk-heading-m">What is not recorded</h2>
      <ul className="govuk-list govuk-list--bullet">
        <li>your name or email address</li>
        <li>your network address or device</li>
        <li>the time of day</li>
      </ul>
      <InsetText>
        Nobody sees any results until the survey closes on {formatDate(loaderData.closesOn)}. Then your organisation and the partnership see
        results for your whole organisation, and for each role group, only where at least {loaderData.minGroup} people answered, and no
        figure is shown that would let anyone work out a smaller group's answers.
      </InsetText>
      <Form method="post" reloadDocument noValidate>
        <input type="hidden" name="_step" value="intro" />
        {/* Back here with "Previous": the answers so far go on with the person, not lost. */}
        {intro?.state ? <input type="hidden" name="_state" value={JSON.stringify(intro.state)} /> : null}
        <Radios
          name="role"
          idPrefix="role"
          legend="Which best describes your role? (optional)"
          legendSize="m"
          hint="This lets results be shown by role where enough people answer."
          error={intro?.errors.find((error) => error.name === "role")?.message}
          defaultValue={intro?.role || undefined}
          items={[
            { value: "frontline", text: "Frontline practitioner" },
            { value: "manager", text: "Manager or supervisor" },
            { value: "other", text: "Other role" },
            { divider: "or" },
            { value: "none", text: "Prefer not to say" },
          ]}
        />
        <Button>Start the survey</Button>
      </Form>
    </>
  );
}

function SurveyStep({ view, pageCount, agencyName }: { view: PageView; pageCount: number; agencyName: string }) {
  const errorsByName = Object.fromEntries(view.errors.filter((error) => error.name).map((error) => [error.name, error.message]));
  const last = view.index === pageCount - 1;
  return (
    <>
      {view.errors.length > 0 ? (
        <ErrorSummary
          errors={view.errors.map((error) => ({
            href: error.name ? `#${questionId(error.name)}${error.part ? `-${error.part}` : ""}` : undefined,
            text: error.message,
          }))}
        />
      ) : null}
      <span className="govuk-caption-l">
        {agencyName}: page {view.index + 1} of {pageCount}
      </span>
      <h1 className="govuk-heading-l">{view.title}</h1>
      {view.description ? <p className="govuk-body">{view.description}</p> : null}
      <Form method="post" reloadDocument noValidate>
        <input type="hidden" name="_state" value={JSON.stringify(view.state)} />
        <input type="hidden" name="_page" value={String(view.index)} />
        <SurveyPage
          elements={view.elements}
          answers={view.answers}
          visible={new Set(view.visible)}
          errors={errorsByName}
          html={view.html}
        />
        <div className="govuk-button-group">
          <Button name="_go" value="next">
            {last ? "Send your answers" : "Continue"}
          </Button>
          <Button name="_go" value="back" variant="secondary">
            Previous
          </Button>
        </div>
      </Form>
    </>
  );
}
