import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getTrendReport } from "~/data/reports/trend.server";
import { getDb } from "~/data/db.server";
import { requireId } from "~/utils/params";
import { reportDownload } from "~/utils/report-download.server";

/** GET /cycles/:cycleId/trend/export?format=xlsx|docx|csv|json: the page's report as a file, from the same model. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  return reportDownload(request, async () => {
    const report = await getTrendReport(getDb(), viewer, requireId(params.cycleId));
    return report && { report };
  });
}
