import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActionsReport } from "~/data/reports/actions.server";
import { getAssuranceReport } from "~/data/reports/assurance.server";
import { getComparisonReport } from "~/data/reports/comparison.server";
import { getTrendReport } from "~/data/reports/trend.server";
import { getCompletionReport } from "~/data/reports/completion.server";
import { getCycle } from "~/data/cycles.server";
import { getDb } from "~/data/db.server";
import { getBaselineReport } from "~/data/reports/baseline.server";
import { apiError, apiJsonStream, readOnly, requireApiId, requireApiViewer } from "~/utils/api.server";
import { parseComparisonQuery } from "~/utils/comparison-query";

const KINDS = ["baseline", "comparison", "completion", "actions", "trend", "assurance"];

/**
 * GET /api/v1/cycles/:cycleId/reports/:kind: the report model the page shows, as JSON (docs/api.md).
 * The comparison takes `against=<earlier cycle id>` (required) and `threshold=<1–50>` (default 5).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireApiViewer(request);
  const cycleId = requireApiId(params.cycleId);
  const kind = params.kind ?? "";
  if (!KINDS.includes(kind)) return apiError(404, `There is no report called "${kind}": use one of ${KINDS.join(", ")}`);
  const db = getDb();
  if (!(await getCycle(db, viewer, cycleId))) return apiError(404, "There is no cycle with this id");

  if (kind === "comparison") {
    const query = parseComparisonQuery(new URL(request.url).searchParams);
    if (!query.ok) return apiError(400, Object.values(query.errors)[0]!);
    if (query.against === undefined) return apiError(400, "Give the earlier cycle to compare with: ?against=<cycle id>");
    const result = await getComparisonReport(db, viewer, query.against, cycleId, { threshold: query.threshold });
    if (!result) return apiError(404, "There is no cycle with the id given in against");
    if (!result.ok) return apiError(400, result.message);
    return apiJsonStream({ report: result.report });
  }
  const report =
    kind === "baseline"
      ? await getBaselineReport(db, viewer, cycleId)
      : kind === "completion"
        ? await getCompletionReport(db, viewer, cycleId)
        : kind === "actions"
          ? await getActionsReport(db, viewer, cycleId)
          : kind === "assurance"
            ? await getAssuranceReport(db, viewer, cycleId)
            : await getTrendReport(db, viewer, cycleId);
  if (!report) return apiError(404, "There is no cycle with this id");
  return apiJsonStream({ report });
}

export const action = readOnly;
