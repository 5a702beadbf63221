import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getCaseAuditReport } from "~/data/case-audits.server";
import { getDb } from "~/data/db.server";
import { requireId } from "~/utils/params";
import { reportDownload } from "~/utils/report-download.server";

/** GET /case-audits/:caseAuditId/report/export?format=xlsx|docx|csv|json: the report page's model as a file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  return reportDownload(request, async () => {
    const report = await getCaseAuditReport(getDb(), viewer, requireId(params.caseAuditId));
    return report && { report };
  });
}
