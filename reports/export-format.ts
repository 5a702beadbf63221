import type { Readable } from "node:stream";
import { z } from "zod";
import { streamBytes } from "./export-stream";

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

/** A file sent as it is made (its length is not known until the end): what the routes and the CLI write out. */
export interface StreamedExport {
  body: Readable;
  contentType: string;
  fileName: string;
}

/** A streamed file read to its end, for callers that want the bytes (tests, the bench, anything that stores the file). */
export async function wholeExport(streamed: StreamedExport): Promise<RenderedExport> {
  return { body: await streamBytes(streamed.body), contentType: streamed.contentType, fileName: streamed.fileName };
}

/** A file-name-safe form of a title: lower case, ASCII letters and digits joined by hyphens. */
export function fileSlug(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "cycle"
  );
}

/**
 * The headers of a download: an attachment with its file name (ASCII only, from the slug above). A whole file
 * says its length; a streamed one cannot know it up front, so it goes without (sent chunked).
 */
export function downloadHeaders(rendered: RenderedExport | StreamedExport): Headers {
  const headers = new Headers({
    "Content-Type": rendered.contentType,
    "Content-Disposition": `attachment; filename="${rendered.fileName}"`,
    // Agency data: never kept by a shared cache or proxy.
    "Cache-Control": "private, no-store",
  });
  if (rendered.body instanceof Uint8Array) headers.set("Content-Length", String(rendered.body.length));
  return headers;
}
