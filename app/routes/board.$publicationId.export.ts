import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getDb } from "~/data/db.server";
import { getPublication } from "~/data/publications.server";
import { requireId } from "~/utils/params";
import { reportDownload } from "~/utils/report-download.server";
import type { ReportModel } from "../../reports/report-export";

/**
 * GET /board/:publicationId/export?format=xlsx|docx|csv|json: a published report as a file, laid out
 * from its frozen model, so the download says what the board saw whatever has changed since.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["board", "admin", "qa"]);
  return reportDownload(request, async () => {
    const publication = await getPublication(getDb(), viewer, requireId(params.publicationId));
    if (!publication) return null;
    return {
      report: publication.model as ReportModel,
      publication: { title: publication.title, publishedAt: publication.publishedAt, publishedBy: publication.publishedBy },
    };
  });
}
