import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getComparisonReport } from "~/data/reports/comparison.server";
import { getDb } from "~/data/db.server";
import { parseComparisonQuery } from "~/utils/comparison-query";
import { requireId } from "~/utils/params";
import { reportDownload } from "~/utils/report-download.server";

/**
 * GET /cycles/:cycleId/comparison/export?against=<id>&threshold=<points>&format=xlsx|docx|csv|json:
 * the comparison on screen as a file, from the same model, scoped the same way.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  return reportDownload(request, async () => {
    const query = parseComparisonQuery(new URL(request.url).searchParams);
    if (!query.ok) return { refused: Object.values(query.errors)[0] ?? "The comparison's options could not be read" };
    if (query.against === undefined) return { refused: "Select an earlier cycle to compare with" };
    const result = await getComparisonReport(getDb(), viewer, query.against, requireId(params.cycleId), { threshold: query.threshold });
    if (!result) return null;
    return result.ok ? { report: result.report } : { refused: result.message };
  });
}
