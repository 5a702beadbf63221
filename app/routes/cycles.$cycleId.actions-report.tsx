import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { ActionsView } from "~/components/actions-view";
import { CycleReportFrame } from "~/components/cycle-report-frame";
import { getDb } from "~/data/db.server";
import { getActionsReport } from "~/data/reports/actions.server";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { handlePublish, publishState } from "~/utils/publish-action.server";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Actions report: ${data.report.cycle.title}` : "Actions report") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const report = await getActionsReport(getDb(), viewer, requireId(params.cycleId));
  if (!report) notFound();
  return { report, publish: await publishState(viewer, report.cycle.id) };
}

/** QA publishes this report to the board as a frozen snapshot, named or anonymised. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handlePublish(request, requireId(params.cycleId), "actions");
}

/** Open, overdue and done actions of one cycle by agency and standard, time to close, and ratings actions changed. No arithmetic here. */
export default function ActionsReportPage() {
  const { report, publish } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.publishError));
  return (
    <CycleReportFrame
      cycle={report.cycle}
      heading="Actions report"
      exports={{ base: `/cycles/${report.cycle.id}/actions-report/export`, label: "actions report" }}
      publish={{ ...publish, error: actionData?.publishError }}
    >
      <ActionsView report={report} live />
    </CycleReportFrame>
  );
}
