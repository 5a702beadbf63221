import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/data/db.server";
import { getReturn } from "~/data/returns.server";
import { buildReturnSheet } from "~/domain/return-sheet";
import { notFound, requireId } from "~/utils/params";
import { renderReturnXlsx, XLSX_CONTENT_TYPE } from "../../reports/return-xlsx";

/**
 * GET /returns/:returnId/spreadsheet: the return's questions and current answers as an Excel workbook
 * to fill in offline, for whoever may read the return (its agency always; the business
 * office and QA once submitted). Uploading it back is /returns/:returnId/upload.
 */

/** A file-name-safe form of a title: lower case, ASCII letters and digits joined by hyphens. */
function fileSlug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 50) || "return"
  );
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const ret = await getReturn(getDb(), viewer, requireId(params.returnId));
  if (!ret) notFound();
  const model = buildReturnSheet(ret.tool.definition, ret.answers, { agencyName: ret.agencyName, cycleTitle: ret.cycleTitle });
  const body = await renderReturnXlsx(model);
  return new Response(body, {
    headers: {
      "Content-Type": XLSX_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${fileSlug(ret.cycleTitle)}-${fileSlug(ret.agencyName)}.xlsx"`,
      "Content-Length": String(body.length),
      // Agency data: never kept by a shared cache or proxy.
      "Cache-Control": "private, no-store",
    },
  });
}
