import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getDb } from "~/data/db.server";
import { getBaselineReport } from "~/data/reports.server";
import { notFound, requireId } from "~/utils/params";
import { downloadHeaders, ExportFormatSchema, renderBaselineExport } from "../../reports/baseline-export";

/**
 * GET /cycles/:cycleId/baseline/export?format=xlsx|docx|csv|json: the live baseline as a file, from the
 * same model the page shows, scoped the same way (an agency downloads its own agency's view).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  const format = ExportFormatSchema.safeParse(new URL(request.url).searchParams.get("format"));
  if (!format.success) return new Response(format.error.issues[0].message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const report = await getBaselineReport(getDb(), viewer, requireId(params.cycleId));
  if (!report) notFound();
  const rendered = await renderBaselineExport(report, format.data, { generatedAt: new Date().toISOString() });
  return new Response(rendered.body, { headers: downloadHeaders(rendered) });
}
