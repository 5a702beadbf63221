import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { CompletionView } from "~/components/completion-view";
import { CycleReportFrame } from "~/components/cycle-report-frame";
import { getDb } from "~/data/db.server";
import { getCompletionReport } from "~/data/reports/completion.server";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { handlePublish, publishState } from "~/utils/publish-action.server";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Completion: ${data.report.cycle.title}` : "Completion") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const report = await getCompletionReport(getDb(), viewer, requireId(params.cycleId));
  if (!report) notFound();
  return { report, publish: await publishState(viewer, report.cycle.id) };
}

/** QA publishes this report to the board as a frozen snapshot, named or anonymised. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handlePublish(request, requireId(params.cycleId), "completion");
}

/** Who has submitted, who is late and who is missing: the business office's chase list. */
export default function CompletionPage() {
  const { report, publish } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.publishError));
  return (
    <CycleReportFrame
      cycle={report.cycle}
      heading="Completion"
      exports={{ base: `/cycles/${report.cycle.id}/completion/export`, label: "completion report" }}
      publish={{ ...publish, error: actionData?.publishError }}
    >
      <CompletionView report={report} />
    </CycleReportFrame>
  );
}
