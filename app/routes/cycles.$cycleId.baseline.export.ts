import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getBaselineReport } from "~/data/reports/baseline.server";
import { getDb } from "~/data/db.server";
import { requireId } from "~/utils/params";
import { reportDownload } from "~/utils/report-download.server";

/**
 * GET /cycles/:cycleId/baseline/export?format=xlsx|docx|csv|json: the live baseline as a file, from the
 * same model the page shows, scoped the same way (an agency downloads its own agency's view).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  return reportDownload(request, async () => {
    const report = await getBaselineReport(getDb(), viewer, requireId(params.cycleId));
    return report && { report };
  });
}
