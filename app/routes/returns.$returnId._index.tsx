import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, InsetText, NotificationBanner, Panel, SummaryList, TaskList, Textarea } from "~/components/govuk";
import { ReturnAnswers, ReturnScores } from "~/components/return-scores";
import { ReturnSpreadsheetLinks } from "~/components/return-spreadsheet";
import { ActionProgressTag, ReturnStatusTag } from "~/components/status";
import { getActionPlan } from "~/data/actions.server";
import { ChallengeEvidenceFields, EvidenceByStandard, challengeEvidenceRows } from "~/components/evidence";
import { toEvidenceViews } from "~/utils/evidence-view";
import { getDb } from "~/data/db.server";
import { listEvidence } from "~/data/evidence.server";
import { answerChallenge, getDecision, listChallenges, listModerations } from "~/data/moderation.server";
import { getPreviousReturn, getReturn } from "~/data/returns.server";
import { STATUS_LABELS } from "~/domain/actions";
import { OUTCOME_LABELS, canAnswerChallenge } from "~/domain/moderation";
import { canEditReturn, canSubmitReturn, isAgencyRole } from "~/domain/permissions";
import { pageStates, stillToAnswer, visibleQuestions } from "~/domain/survey-engine";
import { listQuestions, type SurveyJson } from "~/domain/survey-json";
import { errorSummaryItems, formatDate, formatDateTime, parseForm, type FieldErrors } from "~/utils/form";
import { readChallengeEvidence } from "~/utils/evidence-form.server";
import { useErrorTitle } from "~/utils/use-error-title";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.ret.cycleTitle}: ${data.ret.agencyName}` : "Return") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const db = getDb();
  const ret = await getReturn(db, viewer, requireId(params.returnId));
  if (!ret) notFound();
  const challenges = ((await listChallenges(db, viewer, ret.id)) ?? []).map((challenge) => ({
    ...challenge,
    canAnswer: canAnswerChallenge(viewer, ret.agencyId, challenge.status),
  }));
  const moderated = Object.fromEntries(
    ((await listModerations(db, viewer, ret.id)) ?? [])
      .filter((entry) => entry.supersededAt === null)
      .map((entry) => [entry.standardCode, entry.band]),
  );
  const decision = await getDecision(db, viewer, ret.id);
  const { tool, answers, ...summary } = ret;
  const survey = tool.definition.survey;
  const editable = canEditReturn(viewer, ret.agencyId, ret.status);
  // Carry forward: offered on a return nobody has started, when there is a last cycle to start from.
  const previous =
    editable && ret.status === "not_started" && Object.keys(answers).length === 0 ? await getPreviousReturn(db, viewer, ret.id) : null;
  const carriedByPage = carriedPerPage(survey, ret.carried);
  return {
    toolId: tool.id,
    previous,
    carried: ret.carried.length,
    carriedByPage,
    ret: summary,
    tool: tool.definition,
    editable,
    canSubmit: canSubmitReturn(viewer, ret.agencyId, ret.status),
    isAgency: isAgencyRole(viewer.role),
    pages: editable ? pageStates(survey, answers).filter((page) => page.visible) : [],
    answers: editable ? {} : answers,
    visible: editable ? [] : [...visibleQuestions(survey, answers)],
    challenges,
    moderated,
    returnedReason: ret.status === "returned" ? (decision?.returnedReason ?? null) : null,
    isQa: viewer.role === "qa",
    standardTitles: Object.fromEntries(tool.definition.standards.map((standard) => [standard.code, standard.title])),
    actionPlan: await getActionPlan(db, viewer, ret.id),
    evidence: toEvidenceViews((await listEvidence(db, viewer, ret.id)) ?? [], ret.id),
  };
}

const AnswerSchema = z.object({
  challengeId: z.coerce.number({ error: "Choose a question from the page" }).int().positive("Choose a question from the page"),
  answer: z
    .string()
    .trim()
    .min(1, "Enter your answer to the QA subgroup's question")
    .max(5000, "Your answer must be 5,000 characters or fewer"),
});

/** The agency answers a QA challenge on its return. */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const id = requireId(params.returnId);
  // Another agency's return is not found, whatever the form holds (DESIGN §7).
  if (!(await getReturn(getDb(), viewer, id))) notFound();
  // Multipart: the answer may carry a file and a link (optional evidence, DESIGN §6).
  const { form, evidence, evidenceErrors } = await readChallengeEvidence(request);
  const values = { challengeId: String(form.get("challengeId") ?? ""), answer: String(form.get("answer") ?? "") };
  const parsed = parseForm(AnswerSchema, values);
  if (!parsed.ok || evidenceErrors)
    return data({ errors: { ...(parsed.ok ? {} : parsed.errors), ...evidenceErrors } as FieldErrors, values }, { status: 400 });
  const result = await answerChallenge(getDb(), viewer, parsed.data.challengeId, parsed.data.answer, evidence);
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ errors: { answer: result.message } as FieldErrors, values }, { status: result.status });
  }
  return redirect(`/returns/${id}?answered=1`);
}

/** How many carried answers still to review each page holds. */
function carriedPerPage(survey: SurveyJson, carried: string[]): Record<string, number> {
  const pageOf = new Map(listQuestions(survey).map((question) => [question.name, question.pageName]));
  const counts: Record<string, number> = {};
  for (const name of carried) {
    const page = pageOf.get(name);
    if (page) counts[page] = (counts[page] ?? 0) + 1;
  }
  return counts;
}

const PAGE_STATUS = {
  complete: { text: "Completed" },
  in_progress: { tag: { text: "In progress", colour: "light-blue" as const } },
  not_started: { tag: { text: "Not started", colour: "blue" as const } },
};

export default function ReturnOverview() {
  const {
    ret,
    tool,
    editable,
    canSubmit,
    isAgency,
    pages,
    answers,
    visible,
    challenges,
    moderated,
    returnedReason,
    isQa,
    standardTitles,
    actionPlan,
    evidence,
    previous,
    carried,
    carriedByPage,
    toolId,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  useErrorTitle(Boolean(actionData?.errors));
  const openChallenges = challenges.filter((challenge) => challenge.status !== "closed");
  const complete = pages.filter((page) => page.status === "complete").length;
  // A page saved with "Save and come back later" (or the last page) lands here: say so.
  const savedPage = params.has("saved") ? (pages.find((page) => page.name === params.get("saved")) ?? null) : null;
  return (
    <>
      <BackLink href={isAgency ? "/returns" : `/cycles/${ret.cycleId}`}>{isAgency ? "Back to your returns" : "Back to the cycle"}</BackLink>
      {params.has("submitted") ? (
        <Panel title="Return submitted">Thank you. The partnership's QA subgroup will review your return.</Panel>
      ) : null}
      {actionData?.errors ? (
        <ErrorSummary
          errors={errorSummaryItems(actionData.errors, {
            answer: `answer-${actionData.values.challengeId}`,
            file: `answer-${actionData.values.challengeId}-file`,
            link: `answer-${actionData.values.challengeId}-link`,
          })}
        />
      ) : null}
      {editable && savedPage ? (
        <NotificationBanner type="success" heading="Your answers have been saved">
          <p className="govuk-body">
            Your answers to ‘{savedPage.title}’ are saved. You, or anyone else in your agency, can come back and carry on at any time before
            the return is due on {formatDate(ret.dueOn)}.
          </p>
        </NotificationBanner>
      ) : null}
      {params.has("answered") && !actionData?.errors ? (
        <NotificationBanner type="success" heading="Your answer has been sent to the QA subgroup" />
      ) : null}
      {params.get("carryForward") === "refused" ? (
        <NotificationBanner>
          <p className="govuk-notification-banner__heading">Last cycle's answers were not copied</p>
          <p className="govuk-body">Someone in your agency has already started this return, so nothing was copied over their answers.</p>
        </NotificationBanner>
      ) : null}
      {params.has("carried") ? (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">{`${params.get("carried")} answers copied from your last return`}</p>
          <p className="govuk-body">
            Each one is marked ‘From last cycle: review’. Check it still holds, change it if not, and save each section.
          </p>
        </NotificationBanner>
      ) : null}
      {returnedReason ? (
        <NotificationBanner title="Returned for changes" heading="The QA subgroup has sent this return back to you">
          <p className="govuk-body">{returnedReason}</p>
          <p className="govuk-body">Change your answers, then sign off and submit the return again.</p>
        </NotificationBanner>
      ) : null}
      {isQa ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/returns/${ret.id}/review`}>
            Review this return: moderate, challenge, decide
          </a>
        </p>
      ) : null}
      <span className="govuk-caption-l">{ret.agencyName}</span>
      <h1 className="govuk-heading-l">{ret.cycleTitle}</h1>
      <SummaryList
        rows={[
          { key: "Status", value: <ReturnStatusTag status={ret.status} /> },
          {
            key: "Due",
            value: ret.extension
              ? `${formatDate(ret.dueOn)} (extended from ${formatDate(ret.cycleDueOn)}: ${ret.extension.reason})`
              : formatDate(ret.dueOn),
          },
          ...(ret.submittedAt
            ? [{ key: "Submitted", value: `${formatDateTime(ret.submittedAt)}${ret.late ? " (after the due date)" : ""}` }]
            : []),
          ...(ret.signoff
            ? [{ key: "Signed off by", value: `${ret.signoff.name}, ${ret.signoff.role}, on ${formatDate(ret.signoff.date)}` }]
            : []),
        ]}
      />
      <p className="govuk-body app-no-print">
        <a className="govuk-link" href={`/returns/${ret.id}/print`}>
          Printable copy of this return
        </a>
        {editable ? (
          <>
            {" · "}
            <a className="govuk-link" href={`/tools/${toolId}/print`}>
              Blank copy of the audit to prepare offline
            </a>
          </>
        ) : null}
      </p>
      {challenges.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Questions from the QA subgroup</h2>
          <p className="govuk-body">
            {openChallenges.length === 0
              ? "Every question has been answered."
              : `${openChallenges.length} ${openChallenges.length === 1 ? "question is" : "questions are"} not yet closed.`}
          </p>
          {challenges.map((challenge) => (
            <div key={challenge.id} className="govuk-!-margin-bottom-6">
              <h3 className="govuk-heading-s">
                {challenge.standardCode} {standardTitles[challenge.standardCode] ?? ""}
              </h3>
              <SummaryList
                rows={[
                  { key: "Question", value: challenge.question },
                  { key: "Asked", value: `${formatDate(challenge.raisedAt)} by ${challenge.raisedBy}` },
                  ...(challenge.answer
                    ? [{ key: "Your answer", value: `${challenge.answer} (${challenge.answeredBy}, ${formatDate(challenge.answeredAt)})` }]
                    : []),
                  ...challengeEvidenceRows(evidence, challenge.id),
                  ...(challenge.outcome
                    ? [
                        {
                          key: "Outcome",
                          value: `${OUTCOME_LABELS[challenge.outcome]}${challenge.outcomeNote ? `: ${challenge.outcomeNote}` : ""}`,
                        },
                      ]
                    : []),
                ]}
              />
              {challenge.canAnswer ? (
                <Form method="post" encType="multipart/form-data" noValidate>
                  <input type="hidden" name="challengeId" value={challenge.id} />
                  <Textarea
                    name="answer"
                    id={`answer-${challenge.id}`}
                    label="Your answer"
                    labelSize="s"
                    hint="Explain, and say where the evidence is."
                    defaultValue={actionData?.values.challengeId === String(challenge.id) ? actionData.values.answer : undefined}
                    error={actionData?.values.challengeId === String(challenge.id) ? actionData.errors.answer : undefined}
                  />
                  <ChallengeEvidenceFields
                    idPrefix={`answer-${challenge.id}`}
                    errors={
                      actionData?.values.challengeId === String(challenge.id)
                        ? { file: actionData.errors.file, link: actionData.errors.link }
                        : undefined
                    }
                  />
                  <Button variant="secondary">Send answer</Button>
                </Form>
              ) : null}
            </div>
          ))}
        </>
      ) : null}
      {/* Action plan: this return's actions, and for the agency lead a way to write one. */}
      {actionPlan && (actionPlan.actions.length > 0 || (actionPlan.canWrite && actionPlan.suggestions.length > 0)) ? (
        <>
          <h2 className="govuk-heading-m">Action plan</h2>
          {actionPlan.actions.length > 0 ? (
            <ul className="govuk-list govuk-list--spaced">
              {actionPlan.actions.map((action) => (
                <li key={action.id}>
                  <a className="govuk-link" href={`/actions/${action.id}`}>
                    {action.standardCode}: {action.description}
                  </a>{" "}
                  – {STATUS_LABELS[action.status]}, due {formatDate(action.dueOn)},{" "}
                  <ActionProgressTag progress={action.progress} overdue={action.overdue} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="govuk-body">No actions have been written for this return yet.</p>
          )}
          {actionPlan.canWrite && actionPlan.suggestions.length > 0 ? (
            <>
              <p className="govuk-body">
                {actionPlan.suggestions.length} {actionPlan.suggestions.length === 1 ? "standard is" : "standards are"} rated below the top
                band. Write an action for each improvement your agency commits to.
              </p>
              <Button href={`/returns/${ret.id}/actions/new`} variant="secondary">
                Write an action
              </Button>
            </>
          ) : null}
        </>
      ) : null}
      {editable ? (
        <>
          <h2 className="govuk-heading-m">Complete each section</h2>
          <p className="govuk-body">
            You have completed {complete} of {pages.length} sections. Your answers are saved each time you continue, so you can leave and
            come back.
          </p>
          {previous ? (
            <div className="govuk-inset-text">
              <p className="govuk-body">
                Your agency submitted a return to <strong>{previous.cycleTitle}</strong>. You can start from its answers: each one is marked
                ‘From last cycle: review’ until someone in your agency checks it and saves its section.
              </p>
              <Form method="post" action={`/returns/${ret.id}/carry-forward`}>
                <Button variant="secondary">Start from last cycle's answers</Button>
              </Form>
            </div>
          ) : null}
          {carried > 0 ? (
            <InsetText>
              {carried} {carried === 1 ? "answer" : "answers"} from last cycle {carried === 1 ? "is" : "are"} still to review. Open each
              section marked below, check the answers and save the section.
            </InsetText>
          ) : null}
          <TaskList
            items={pages.map((page) => ({
              title: page.title,
              href: `/returns/${ret.id}/pages/${encodeURIComponent(page.name)}`,
              hint:
                [
                  page.status === "in_progress" ? stillToAnswer(page) : null,
                  carriedByPage[page.name] ? `${carriedByPage[page.name]} from last cycle to review` : null,
                ]
                  .filter(Boolean)
                  .join("; ") || undefined,
              status:
                carriedByPage[page.name] && page.status === "complete"
                  ? { tag: { text: "Review", colour: "yellow" as const } }
                  : PAGE_STATUS[page.status],
            }))}
          />
          <ReturnSpreadsheetLinks returnId={ret.id} editable />
          <h2 className="govuk-heading-m">Sign off and submit</h2>
          {canSubmit ? (
            carried > 0 ? (
              <InsetText>Review the answers carried from last cycle before you sign off and submit the return.</InsetText>
            ) : complete === pages.length ? (
              <>
                <p className="govuk-body">Every section is complete. Check your answers, then sign off the return for your agency.</p>
                <Button href={`/returns/${ret.id}/submit`}>Continue to sign off</Button>
              </>
            ) : (
              <InsetText>Complete every section before you sign off and submit the return.</InsetText>
            )
          ) : (
            <InsetText>Only your agency lead can sign off and submit this return.</InsetText>
          )}
        </>
      ) : ret.score ? (
        <>
          <ReturnScores tool={tool} score={ret.score} earlier={ret.earlierScore} moderated={moderated} />
          <ReturnAnswers pages={tool.survey.pages} answers={answers} visible={visible} />
          <EvidenceByStandard items={evidence} standards={tool.standards} />
          <ReturnSpreadsheetLinks returnId={ret.id} editable={false} />
        </>
      ) : (
        <p className="govuk-body">This return has not been scored.</p>
      )}
    </>
  );
}
