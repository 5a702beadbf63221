import { z } from "zod";
import { ukDateOf } from "~/domain/dates";
import { renderBaselineCsv } from "./baseline-csv";
import { renderBaselineDocx } from "./baseline-docx";
import type { BaselineModel, ExportContext } from "./baseline-format";
import { renderBaselineXlsx } from "./baseline-xlsx";

/**
 * One entry point for every download of the baseline report, shared by the page routes and the CLI,
 * so a file from either is the same. JSON is the model itself (DESIGN §9's documented shape).
 */

export const EXPORT_FORMATS = ["xlsx", "docx", "csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ExportFormatSchema = z.enum(EXPORT_FORMATS, { error: "Choose a format: xlsx, docx, csv or json" });

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

export interface RenderedExport {
  /** A plain byte array (not a Node Buffer), which fetch's Response and fs.writeFile both take. */
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  fileName: string;
}

/** A file-name-safe form of a cycle title: lower case, ASCII letters and digits joined by hyphens. */
function fileSlug(title: string): string {
  return title.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "cycle";
}

/**
 * "baseline-section-11-audit-2026-2026-03-01.xlsx": dated by the publication for a frozen report
 * (the figures are as of then), else by when the file was made; UK dates, as deadlines are.
 */
export function baselineFileName(model: BaselineModel, format: ExportFormat, context: ExportContext): string {
  return `baseline-${fileSlug(model.cycle.title)}-${ukDateOf(context.publication?.publishedAt ?? context.generatedAt)}.${format}`;
}

export async function renderBaselineExport(model: BaselineModel, format: ExportFormat, context: ExportContext): Promise<RenderedExport> {
  const bytes =
    format === "xlsx"
      ? await renderBaselineXlsx(model, context)
      : format === "docx"
        ? await renderBaselineDocx(model, context)
        : Buffer.from(format === "csv" ? renderBaselineCsv(model) : `${JSON.stringify(model, null, 2)}\n`, "utf8");
  return { body: new Uint8Array(bytes), contentType: CONTENT_TYPES[format], fileName: baselineFileName(model, format, context) };
}

/** The headers of a download: an attachment with its file name (ASCII only, from the slug above). */
export function downloadHeaders(rendered: RenderedExport): Headers {
  return new Headers({
    "Content-Type": rendered.contentType,
    "Content-Disposition": `attachment; filename="${rendered.fileName}"`,
    "Content-Length": String(rendered.body.length),
    // Agency data: never kept by a shared cache or proxy.
    "Cache-Control": "private, no-store",
  });
}
