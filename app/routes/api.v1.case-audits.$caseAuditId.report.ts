import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCaseAuditReport } from "~/data/case-audits.server";
import { getDb } from "~/data/db.server";
import { apiError, apiJsonStream, readOnly, requireApiId, requireApiViewer } from "~/utils/api.server";

/**
 * GET /api/v1/case-audits/:caseAuditId/report: the case audit report model the page shows and
 * `report case-audit --format json` writes (docs/api.md).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireApiViewer(request);
  const report = await getCaseAuditReport(getDb(), viewer, requireApiId(params.caseAuditId));
  if (!report) return apiError(404, "There is no case audit with this id");
  return apiJsonStream({ report });
}

export const action = readOnly;
