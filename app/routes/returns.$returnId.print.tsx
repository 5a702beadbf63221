import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { BackLink, SummaryList } from "~/components/govuk";
import { PrintButton } from "~/components/print-button";
import { ReturnAnswers, ReturnScores } from "~/components/return-scores";
import { returnStatusText } from "~/components/status";
import { getDb } from "~/data/db.server";
import { listModerations } from "~/data/moderation.server";
import { getReturn } from "~/data/returns.server";
import { visibleQuestions } from "~/domain/survey-engine";
import { formatDate, formatDateTime } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

/**
 * A return laid out for printing: who, which audit, its status and sign-off, the computed
 * scores with the self and moderated ratings the viewer may see, and every answer. Whoever may read
 * the return may print it (the agency its own; admin and QA once submitted); anyone else gets 404.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.ret.cycleTitle}: ${data.ret.agencyName} (printable copy)` : "Return") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const db = getDb();
  const ret = await getReturn(db, viewer, requireId(params.returnId));
  if (!ret) notFound();
  const moderated = Object.fromEntries(
    ((await listModerations(db, viewer, ret.id)) ?? [])
      .filter((entry) => entry.supersededAt === null)
      .map((entry) => [entry.standardCode, entry.band]),
  );
  const { tool, answers, ...summary } = ret;
  return {
    ret: summary,
    tool: tool.definition,
    toolVersion: tool.version,
    answers,
    visible: [...visibleQuestions(tool.definition.survey, answers)],
    moderated,
  };
}

export default function ReturnPrint() {
  const { ret, tool, toolVersion, answers, visible, moderated } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href={`/returns/${ret.id}`}>Back to the return</BackLink>
      <span className="govuk-caption-xl">{ret.agencyName}</span>
      <h1 className="govuk-heading-xl">{ret.cycleTitle}</h1>
      <SummaryList
        rows={[
          { key: "Agency", value: ret.agencyName },
          { key: "Audit tool", value: `${tool.title}, version ${toolVersion}` },
          { key: "Status", value: returnStatusText(ret.status) },
          { key: "Due", value: formatDate(ret.dueOn) },
          ...(ret.submittedAt
            ? [{ key: "Submitted", value: `${formatDateTime(ret.submittedAt)}${ret.late ? " (after the due date)" : ""}` }]
            : []),
          {
            key: "Signed off by",
            value: ret.signoff ? `${ret.signoff.name}, ${ret.signoff.role}, on ${formatDate(ret.signoff.date)}` : "Not signed off yet",
          },
        ]}
      />
      <PrintButton />
      {ret.score ? (
        <>
          <ReturnScores tool={tool} score={ret.score} earlier={ret.earlierScore} moderated={moderated} />
          {Object.keys(moderated).length > 0 ? (
            <p className="govuk-body-s">
              Where the QA subgroup has recorded a moderated rating, that rating is the one used in reports to the board.
            </p>
          ) : null}
        </>
      ) : (
        <p className="govuk-body">This return has not been submitted, so it has no scores yet. The answers below are a draft.</p>
      )}
      <ReturnAnswers pages={tool.survey.pages} answers={answers} visible={visible} />
    </>
  );
}
