import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { INCOMPLETE_UPLOAD, isMalformedMultipart } from "./evidence-form.server";

/**
 * Reading a one-file upload form (a tool, a return's spreadsheet, an agencies file). The file is held in
 * memory up to `maxBytes` (DESIGN §10: size limits before anything is buffered past them); too large,
 * not multipart at all, or cut short are each the sender's mistake, answered with a message, never a 500.
 */
export async function readUploadForm(request: Request, options: { maxBytes: number; tooBig: string; missing: string }): Promise<{ form: FormData } | { error: string }> {
  try {
    return { form: await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: options.maxBytes })) };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { error: options.tooBig };
    // Not multipart at all (a hand-made request): there is no file in it.
    if (error instanceof TypeError) return { error: options.missing };
    if (isMalformedMultipart(error)) return { error: INCOMPLETE_UPLOAD };
    throw error;
  }
}
