import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { AssuranceView } from "~/components/assurance-view";
import { ExportLinks } from "~/components/export-links";
import { BackLink, ErrorSummary } from "~/components/govuk";
import { PublishForm } from "~/components/publish-form";
import { getAssuranceReport } from "~/data/reports/assurance.server";
import { getDb } from "~/data/db.server";
import { handlePublish } from "~/utils/publish-action.server";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";
import { canPublishToBoard } from "~/domain/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Assurance: ${data.report.cycle.title}` : "Assurance") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const report = await getAssuranceReport(getDb(), viewer, requireId(params.cycleId));
  if (!report) notFound();
  return { report, canPublish: canPublishToBoard(viewer) };
}

/** QA publishes this report to the board as a frozen snapshot, named or anonymised. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handlePublish(request, requireId(params.cycleId), "assurance");
}

/** The assurance view (DESIGN §14): every agency's self rating beside the independent evidence, and the gaps. */
export default function AssurancePage() {
  const { report, canPublish } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.publishError));
  return (
    <>
      <BackLink href={`/cycles/${report.cycle.id}`}>Back to the cycle</BackLink>
      {actionData?.publishError ? <ErrorSummary errors={[{ href: "#view", text: actionData.publishError }]} /> : null}
      <span className="govuk-caption-l">{report.cycle.title}</span>
      <h1 className="govuk-heading-l">Assurance</h1>
      <ExportLinks base={`/cycles/${report.cycle.id}/assurance/export`} label="assurance report" />
      <AssuranceView report={report} />
      {canPublish ? <PublishForm error={actionData?.publishError} /> : null}
    </>
  );
}
