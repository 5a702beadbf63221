import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/data/db.server";
import { getEvidenceFile } from "~/data/evidence.server";
import { notFound, requireId } from "~/utils/params";

/**
 * Downloads one evidence file, scoped as its return is (DESIGN §7): another agency's, a draft for QA,
 * anything for the board → 404. Always an attachment with the type detected at upload, never sniffed
 * and never run as a page (a sandboxing CSP too), so a file cannot act as part of the site.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const file = await getEvidenceFile(getDb(), viewer, requireId(params.returnId), requireId(params.evidenceId));
  if (!file) notFound();
  // RFC 6266: a plain ASCII fallback (quotes and backslashes replaced) and the name as given in
  // filename*, percent-encoded down to RFC 5987's attr-chars (encodeURIComponent leaves ' ( ) * as they are).
  const plain = file.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(file.fileName).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(file.content.length),
      "Content-Disposition": `attachment; filename="${plain}"; filename*=UTF-8''${encoded}`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
