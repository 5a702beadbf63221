import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getDb } from "~/data/db.server";
import { getPublication } from "~/data/publications.server";
import { notFound, requireId } from "~/utils/params";
import { downloadHeaders, ExportFormatSchema } from "../../reports/baseline-export";
import { renderReportExport, type ReportModel } from "../../reports/report-export";

/**
 * GET /board/:publicationId/export?format=xlsx|docx|csv|json: a published report as a file, laid out
 * from its frozen model, so the download says what the board saw whatever has changed since.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["board", "admin", "qa"]);
  const format = ExportFormatSchema.safeParse(new URL(request.url).searchParams.get("format"));
  if (!format.success) return new Response(format.error.issues[0].message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const publication = await getPublication(getDb(), viewer, requireId(params.publicationId));
  if (!publication) notFound();
  const rendered = await renderReportExport(publication.model as ReportModel, format.data, {
    generatedAt: new Date().toISOString(),
    publication: { title: publication.title, publishedAt: publication.publishedAt, publishedBy: publication.publishedBy },
  });
  return new Response(rendered.body, { headers: downloadHeaders(rendered) });
}
