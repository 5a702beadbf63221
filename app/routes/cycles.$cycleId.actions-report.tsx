import { hasNamedPublication } from "~/data/publications.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { ActionsView } from "~/components/actions-view";
import { BackLink } from "~/components/govuk";
import { ExportLinks } from "~/components/export-links";
import { getActionsReport } from "~/data/reports/actions.server";
import { getDb } from "~/data/db.server";
import { PublishForm } from "~/components/publish-form";
import { ErrorSummary } from "~/components/govuk";
import { handlePublish } from "~/utils/publish-action.server";
import { useErrorTitle } from "~/utils/use-error-title";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { canPublishToBoard } from "~/domain/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Actions report: ${data.report.cycle.title}` : "Actions report") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const report = await getActionsReport(getDb(), viewer, requireId(params.cycleId));
  if (!report) notFound();
  const canPublish = canPublishToBoard(viewer);
  return { report, canPublish, namedPublished: canPublish && (await hasNamedPublication(getDb(), report.cycle.id)) };
}

/** QA publishes this report to the board as a frozen snapshot, named or anonymised. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handlePublish(request, requireId(params.cycleId), "actions");
}

/** Open, overdue and done actions of one cycle by agency and standard, time to close, and ratings actions changed. No arithmetic here. */
export default function ActionsReportPage() {
  const { report, canPublish, namedPublished } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.publishError));
  const { cycle } = report;
  return (
    <>
      <BackLink href={`/cycles/${cycle.id}`}>Back to the cycle</BackLink>
      {actionData?.publishError ? <ErrorSummary errors={[{ href: "#view", text: actionData.publishError }]} /> : null}
      <span className="govuk-caption-l">{cycle.title}</span>
      <h1 className="govuk-heading-l">Actions report</h1>
      <ExportLinks base={`/cycles/${cycle.id}/actions-report/export`} label="actions report" />
      <ActionsView report={report} live />
      {canPublish ? <PublishForm error={actionData?.publishError} namedPublished={namedPublished} /> : null}
    </>
  );
}
