import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getComparisonReport } from "~/data/comparison.server";
import { getDb } from "~/data/db.server";
import { parseComparisonQuery } from "~/utils/comparison-query";
import { notFound, requireId } from "~/utils/params";
import { downloadHeaders, ExportFormatSchema } from "../../reports/baseline-export";
import { renderReportExport } from "../../reports/report-export";

const badRequest = (message: string) => new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * GET /cycles/:cycleId/comparison/export?against=<id>&threshold=<points>&format=xlsx|docx|csv|json:
 * the comparison on screen as a file, from the same model, scoped the same way.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  const search = new URL(request.url).searchParams;
  const format = ExportFormatSchema.safeParse(search.get("format"));
  if (!format.success) return badRequest(format.error.issues[0].message);
  const query = parseComparisonQuery(search);
  if (!query.ok) return badRequest(Object.values(query.errors)[0]!);
  if (query.against === undefined) return badRequest("Select an earlier cycle to compare with");
  const result = await getComparisonReport(getDb(), viewer, query.against, requireId(params.cycleId), { threshold: query.threshold });
  if (!result) notFound();
  if (!result.ok) return badRequest(result.message);
  const rendered = await renderReportExport(result.report, format.data, { generatedAt: new Date().toISOString() });
  return new Response(rendered.body, { headers: downloadHeaders(rendered) });
}
