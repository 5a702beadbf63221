import { z } from "zod";

/**
 * What every report download shares, whichever report it is: the formats, their content types, the
 * file's name-safe slug and the response headers. The page routes, the board's copies and the CLI all
 * go through it, so a file from any of them is the same.
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

/** A file-name-safe form of a title: lower case, ASCII letters and digits joined by hyphens. */
export function fileSlug(title: string): string {
  return title.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "cycle";
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
