import { hasNamedPublication } from "~/data/publications.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { ExportLinks } from "~/components/export-links";
import { CompletionView } from "~/components/completion-view";
import { BackLink } from "~/components/govuk";
import { getCompletionReport } from "~/data/reports/completion.server";
import { getDb } from "~/data/db.server";
import { PublishForm } from "~/components/publish-form";
import { ErrorSummary } from "~/components/govuk";
import { handlePublish } from "~/utils/publish-action.server";
import { useErrorTitle } from "~/utils/use-error-title";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { canPublishToBoard } from "~/domain/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Completion: ${data.report.cycle.title}` : "Completion") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const report = await getCompletionReport(getDb(), viewer, requireId(params.cycleId));
  if (!report) notFound();
  const canPublish = canPublishToBoard(viewer);
  return { report, canPublish, namedPublished: canPublish && (await hasNamedPublication(getDb(), report.cycle.id)) };
}

/** QA publishes this report to the board as a frozen snapshot, named or anonymised. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handlePublish(request, requireId(params.cycleId), "completion");
}

/** Who has submitted, who is late and who is missing: the business office's chase list. */
export default function CompletionPage() {
  const { report, canPublish, namedPublished } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.publishError));
  const { cycle } = report;
  return (
    <>
      <BackLink href={`/cycles/${cycle.id}`}>Back to the cycle</BackLink>
      {actionData?.publishError ? <ErrorSummary errors={[{ href: "#view", text: actionData.publishError }]} /> : null}
      <span className="govuk-caption-l">{cycle.title}</span>
      <h1 className="govuk-heading-l">Completion</h1>
      <ExportLinks base={`/cycles/${cycle.id}/completion/export`} label="completion report" />
      <CompletionView report={report} />
      {canPublish ? <PublishForm error={actionData?.publishError} namedPublished={namedPublished} /> : null}
    </>
  );
}
