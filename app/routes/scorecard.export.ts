import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getDb } from "~/data/db.server";
import { getScorecardReport } from "~/data/scorecard.server";
import { parseScorecardQuery } from "~/domain/scorecard";
import { notFound } from "~/utils/params";
import { downloadHeaders, ExportFormatSchema } from "../../reports/baseline-export";
import { renderReportExport } from "../../reports/report-export";

/** GET /scorecard/export?format=xlsx|docx|csv|json (and the page's filters): the scorecard as a file, from the same model. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const params = new URL(request.url).searchParams;
  const format = ExportFormatSchema.safeParse(params.get("format"));
  if (!format.success) return new Response(format.error.issues[0].message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const report = await getScorecardReport(getDb(), viewer, parseScorecardQuery(params));
  if (!report) notFound();
  const rendered = await renderReportExport(report, format.data, { generatedAt: new Date().toISOString() });
  return new Response(rendered.body, { headers: downloadHeaders(rendered) });
}
