import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { AssuranceView } from "~/components/assurance-view";
import { CycleReportFrame } from "~/components/cycle-report-frame";
import { getDb } from "~/data/db.server";
import { getAssuranceReport } from "~/data/reports/assurance.server";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { handlePublish, publishState } from "~/utils/publish-action.server";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Assurance: ${data.report.cycle.title}` : "Assurance") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const report = await getAssuranceReport(getDb(), viewer, requireId(params.cycleId));
  if (!report) notFound();
  return { report, publish: await publishState(viewer, report.cycle.id) };
}

/** QA publishes this report to the board as a frozen snapshot, named or anonymised. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handlePublish(request, requireId(params.cycleId), "assurance");
}

/** The assurance view (DESIGN §14): every agency's self rating beside the independent evidence, and the gaps. */
export default function AssurancePage() {
  const { report, publish } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.publishError));
  return (
    <CycleReportFrame
      cycle={report.cycle}
      heading="Assurance"
      exports={{ base: `/cycles/${report.cycle.id}/assurance/export`, label: "assurance report" }}
      publish={{ ...publish, error: actionData?.publishError }}
    >
      <AssuranceView report={report} />
    </CycleReportFrame>
  );
}
