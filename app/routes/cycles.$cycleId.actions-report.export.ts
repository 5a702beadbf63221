import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getActionsReport } from "~/data/reports/actions.server";
import { getDb } from "~/data/db.server";
import { requireId } from "~/utils/params";
import { reportDownload } from "~/utils/report-download.server";

/** GET /cycles/:cycleId/actions-report/export?format=xlsx|docx|csv|json: the page's report as a file, from the same model. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  return reportDownload(request, async () => {
    const report = await getActionsReport(getDb(), viewer, requireId(params.cycleId));
    return report && { report };
  });
}
