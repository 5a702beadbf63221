import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getCaseAuditReport } from "~/data/case-audits.server";
import { getDb } from "~/data/db.server";
import { notFound, requireId } from "~/utils/params";
import { downloadHeaders, ExportFormatSchema } from "../../reports/baseline-export";
import { renderReportExport } from "../../reports/report-export";

/** GET /case-audits/:caseAuditId/report/export?format=xlsx|docx|csv|json: the report page's model as a file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const format = ExportFormatSchema.safeParse(new URL(request.url).searchParams.get("format"));
  if (!format.success) return new Response(format.error.issues[0].message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const report = await getCaseAuditReport(getDb(), viewer, requireId(params.caseAuditId));
  if (!report) notFound();
  const rendered = await renderReportExport(report, format.data, { generatedAt: new Date().toISOString() });
  return new Response(rendered.body, { headers: downloadHeaders(rendered) });
}
