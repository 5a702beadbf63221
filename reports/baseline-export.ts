import { ukDateOf } from "~/domain/dates";
import { renderBaselineCsv } from "./baseline-csv";
import { renderBaselineDocx } from "./baseline-docx";
import type { BaselineModel, ExportContext } from "./baseline-format";
import { renderBaselineXlsx } from "./baseline-xlsx";
import { CONTENT_TYPES, fileSlug, type ExportFormat, type RenderedExport } from "./export-format";

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

export async function renderBaselineExport(model: BaselineModel, format: ExportFormat, context: ExportContext): Promise<RenderedExport> {
  const bytes =
    format === "xlsx"
      ? await renderBaselineXlsx(model, context)
      : format === "docx"
        ? await renderBaselineDocx(model, context)
        : Buffer.from(format === "csv" ? renderBaselineCsv(model) : `${JSON.stringify(model, null, 2)}\n`, "utf8");
  return { body: new Uint8Array(bytes), contentType: CONTENT_TYPES[format], fileName: baselineFileName(model, format, context) };
}
