import type { ExportContext } from "../../reports/baseline-format";
import { downloadHeaders, ExportFormatSchema } from "../../reports/export-format";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { streamReportExport, type ReportModel } from "../../reports/report-export";
import { notFound } from "./params";

/** What an export route's reader found: the report (with its publication, for a frozen board copy), a refusal, or nothing. */
export type LoadedReport = { report: ReportModel; publication?: ExportContext["publication"] } | { refused: string } | null;

const badRequest = (message: string) => new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * The whole answer of a report's export route (`…/export?format=xlsx|docx|csv|json`): the format is checked
 * first, with a plain message; `load` reads the report scoped as its page is (nothing → 404, a refusal → 400
 * with its message); the file is laid out from the same model the page shows, so the two cannot disagree.
 */
export async function reportDownload(request: Request, load: () => Promise<LoadedReport>): Promise<Response> {
  const format = ExportFormatSchema.safeParse(new URL(request.url).searchParams.get("format"));
  if (!format.success) return badRequest(format.error.issues[0].message);
  const loaded = await load();
  if (!loaded) notFound();
  if ("refused" in loaded) return badRequest(loaded.refused);
  // Sent as it is made (no Content-Length): a national workbook is never held whole in memory.
  const streamed = await streamReportExport(loaded.report, format.data, {
    generatedAt: new Date().toISOString(),
    publication: loaded.publication,
  });
  return new Response(createReadableStreamFromReadable(streamed.body), { headers: downloadHeaders(streamed) });
}
