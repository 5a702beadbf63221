import { ukDateOf } from "~/domain/dates";
import { Readable } from "node:stream";
import { baselineCsvLines } from "./baseline-csv";
import { renderBaselineDocx } from "./baseline-docx";
import type { BaselineModel, ExportContext } from "./baseline-format";
import { streamBaselineXlsx } from "./baseline-xlsx";
import { CONTENT_TYPES, fileSlug, wholeExport, type ExportFormat, type RenderedExport, type StreamedExport } from "./export-format";
import { jsonPieces, textStream } from "./export-stream";

/**
 * The baseline report's downloads (its own writers: heat map, sectors, narrative). JSON is the model
 * itself (DESIGN §9's documented shape).
 */

/**
 * "baseline-section-11-audit-2026-2026-03-01.xlsx": dated by the publication for a frozen report
 * (the figures are as of then), else by when the file was made; UK dates, as deadlines are.
 */
export function baselineFileName(model: BaselineModel, format: ExportFormat, context: ExportContext): string {
  return `baseline-${fileSlug(model.cycle.title)}-${ukDateOf(context.publication?.publishedAt ?? context.generatedAt)}.${format}`;
}

/** The file as a stream: CSV and JSON made as they are read, XLSX by the streaming writer, DOCX (built whole by the docx library, its tables capped) sent from memory. */
export async function streamBaselineExport(model: BaselineModel, format: ExportFormat, context: ExportContext): Promise<StreamedExport> {
  const body =
    format === "xlsx"
      ? streamBaselineXlsx(model, context)
      : format === "docx"
        ? Readable.from([await renderBaselineDocx(model, context)])
        : textStream(() => (format === "csv" ? baselineCsvLines(model) : jsonPieces(model)));
  return { body, contentType: CONTENT_TYPES[format], fileName: baselineFileName(model, format, context) };
}

export async function renderBaselineExport(model: BaselineModel, format: ExportFormat, context: ExportContext): Promise<RenderedExport> {
  return wholeExport(await streamBaselineExport(model, format, context));
}
