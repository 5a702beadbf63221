import { z } from "zod";

/* Not in upload-form.server.ts: routes build their schema at module level, which the browser build also runs. */

/** The one file field of an upload form: chosen and not empty. */
export function uploadSchema(field: string, missing: string) {
  return z.object({
    [field]: z
      .instanceof(Blob, { error: missing })
      // A form posted with no file chosen still sends the field: an empty part without a file name.
      .refine((file) => file.size > 0 || (file instanceof File && file.name !== ""), { error: missing, abort: true })
      .refine((file) => file.size > 0, { error: "The selected file is empty" }),
  });
}
