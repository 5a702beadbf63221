import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/data/db.server";
import { getScorecardReport } from "~/data/scorecard.server";
import { parseScorecardQuery } from "~/domain/scorecard";
import { apiError, apiJson, readOnly, requireApiViewer } from "~/utils/api.server";

/** GET /api/v1/scorecard[?from=&to=&theme=&quadrant=&owner=]: the scorecard report model (docs/api.md). */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireApiViewer(request);
  const report = await getScorecardReport(getDb(), viewer, parseScorecardQuery(new URL(request.url).searchParams));
  if (!report) return apiError(404, "Not found");
  return apiJson({ report });
}

export const action = readOnly;
