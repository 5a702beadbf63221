/**
 * Reading a form that carries a file. The platform's own parser (Node's fetch, which follows the HTML
 * standard's form encoding) reads the multipart body: it takes every name a browser sends, `a=b.pdf`
 * and `Policy; final.pdf` included, and turns the browser's `%22` back into the `"` the person typed.
 * Remix's multipart parser refused the first two ("malformed content-disposition", a 500) and kept
 * the `%22`. The whole body is held in memory, which is bounded: server.js (request-limits.js) refuses
 * a body over its route's limit before any of it is read.
 */

/** A multipart body cut short or garbled (a dropped connection, a hand-made request): the form never arrived whole. */
export const INCOMPLETE_UPLOAD = "The upload did not arrive complete: select the file and upload it again";

/**
 * The posted form and whether the file in `field` is over `maxBytes` (the caller says so beside the
 * field, with the other fields kept); null when a multipart body could not be read whole. A body that
 * is not a form at all (JSON, say) reads as an empty form: it has no file in it.
 */
export async function readUploadForm(
  request: Request,
  field: string,
  maxBytes: number,
): Promise<{ form: FormData; tooLarge: boolean } | null> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const multipart = type.startsWith("multipart/form-data");
  if (!multipart && !type.startsWith("application/x-www-form-urlencoded")) return { form: new FormData(), tooLarge: false };
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    // Garbled, cut short, or refused mid-stream as over its size limit (server.js has answered 413).
    if (multipart) return null;
    form = new FormData();
  }
  const file = form.get(field);
  return { form, tooLarge: file instanceof Blob && file.size > maxBytes };
}

/**
 * A form carrying one file (a tool, a return's spreadsheet, an agencies file), or what to tell the sender:
 * cut short, or the file over `maxBytes`. A form with no file at all reads as one without it, so the page's
 * own schema says "Select the file".
 */
export async function readFileForm(
  request: Request,
  field: string,
  options: { maxBytes: number; tooBig: string },
): Promise<{ form: FormData } | { error: string }> {
  const upload = await readUploadForm(request, field, options.maxBytes);
  if (!upload) return { error: INCOMPLETE_UPLOAD };
  if (upload.tooLarge) return { error: options.tooBig };
  return { form: upload.form };
}
