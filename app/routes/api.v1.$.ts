import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, readOnly, requireApiViewer } from "~/utils/api.server";

/** Any other address under /api/v1: a JSON 404 (after the token check, so the API's shape is not probed without one). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireApiViewer(request);
  return apiError(404, "There is no such API address: see docs/api.md");
}

export const action = readOnly;
