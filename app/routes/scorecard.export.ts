import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getDb } from "~/data/db.server";
import { getScorecardReport } from "~/data/scorecard.server";
import { parseScorecardQuery } from "~/domain/scorecard";
import { reportDownload } from "~/utils/report-download.server";

/** GET /scorecard/export?format=xlsx|docx|csv|json (and the page's filters): the scorecard as a file, from the same model. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  return reportDownload(request, async () => {
    const report = await getScorecardReport(getDb(), viewer, parseScorecardQuery(new URL(request.url).searchParams));
    return report && { report };
  });
}
