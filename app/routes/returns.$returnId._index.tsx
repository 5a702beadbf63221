import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { BackLink, Button, InsetText, Panel, SummaryList, TaskList } from "~/components/govuk";
import { ReturnAnswers, ReturnScores } from "~/components/return-scores";
import { ReturnStatusTag } from "~/components/status";
import { getDb } from "~/data/db.server";
import { getReturn } from "~/data/returns.server";
import { canEditReturn, canSubmitReturn, isAgencyRole } from "~/domain/permissions";
import { pageStates, visibleQuestions } from "~/domain/survey-engine";
import { formatDate, formatDateTime } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `${data.ret.cycleTitle}: ${data.ret.agencyName}` : "Return") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const ret = await getReturn(getDb(), viewer, requireId(params.returnId));
  if (!ret) notFound();
  const { tool, answers, ...summary } = ret;
  const survey = tool.definition.survey;
  const editable = canEditReturn(viewer, ret.agencyId, ret.status);
  return {
    ret: summary,
    tool: tool.definition,
    editable,
    canSubmit: canSubmitReturn(viewer, ret.agencyId, ret.status),
    isAgency: isAgencyRole(viewer.role),
    pages: editable ? pageStates(survey, answers).filter((page) => page.visible) : [],
    answers: editable ? {} : answers,
    visible: editable ? [] : [...visibleQuestions(survey, answers)],
  };
}

const PAGE_STATUS = {
  complete: { text: "Completed" },
  in_progress: { tag: { text: "In progress", colour: "light-blue" as const } },
  not_started: { tag: { text: "Not started", colour: "blue" as const } },
};

export default function ReturnOverview() {
  const { ret, tool, editable, canSubmit, isAgency, pages, answers, visible } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const complete = pages.filter((page) => page.status === "complete").length;
  return (
    <>
      <BackLink href={isAgency ? "/returns" : `/cycles/${ret.cycleId}`}>{isAgency ? "Back to your returns" : "Back to the cycle"}</BackLink>
      {params.has("submitted") ? (
        <Panel title="Return submitted">Thank you. The partnership's QA subgroup will review your return.</Panel>
      ) : null}
      <span className="govuk-caption-l">{ret.agencyName}</span>
      <h1 className="govuk-heading-l">{ret.cycleTitle}</h1>
      <SummaryList
        rows={[
          { key: "Status", value: <ReturnStatusTag status={ret.status} /> },
          { key: "Due", value: formatDate(ret.dueOn) },
          ...(ret.submittedAt ? [{ key: "Submitted", value: `${formatDateTime(ret.submittedAt)}${ret.late ? " (after the due date)" : ""}` }] : []),
          ...(ret.signoff ? [{ key: "Signed off by", value: `${ret.signoff.name}, ${ret.signoff.role}, on ${formatDate(ret.signoff.date)}` }] : []),
        ]}
      />
      {editable ? (
        <>
          <h2 className="govuk-heading-m">Complete each section</h2>
          <p className="govuk-body">
            You have completed {complete} of {pages.length} sections. Your answers are saved each time you continue, so you can leave and come back.
          </p>
          <TaskList
            items={pages.map((page) => ({
              title: page.title,
              href: `/returns/${ret.id}/pages/${encodeURIComponent(page.name)}`,
              hint: page.status === "in_progress" ? `${page.problems} ${page.problems === 1 ? "question needs" : "questions need"} an answer` : undefined,
              status: PAGE_STATUS[page.status],
            }))}
          />
          <h2 className="govuk-heading-m">Sign off and submit</h2>
          {canSubmit ? (
            complete === pages.length ? (
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
          <ReturnScores tool={tool} score={ret.score} />
          <ReturnAnswers pages={tool.survey.pages} answers={answers} visible={visible} />
        </>
      ) : (
        <p className="govuk-body">This return has not been scored.</p>
      )}
    </>
  );
}
