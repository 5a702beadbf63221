import type { LoaderFunctionArgs } from "@remix-run/node";
import { listApiCycles } from "~/data/api.server";
import { getDb } from "~/data/db.server";
import { apiJson, readOnly, requireApiViewer } from "~/utils/api.server";

/** GET /api/v1/cycles: every cycle, newest first (docs/api.md). */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireApiViewer(request);
  return apiJson({ cycles: await listApiCycles(getDb(), viewer) });
}

export const action = readOnly;
