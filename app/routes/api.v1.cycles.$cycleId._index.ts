import type { LoaderFunctionArgs } from "@remix-run/node";
import { getApiCycle } from "~/data/api.server";
import { getDb } from "~/data/db.server";
import { apiError, apiJson, readOnly, requireApiId, requireApiViewer } from "~/utils/api.server";

/** GET /api/v1/cycles/:cycleId: one cycle (docs/api.md). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireApiViewer(request);
  const cycle = await getApiCycle(getDb(), viewer, requireApiId(params.cycleId));
  if (!cycle) return apiError(404, "There is no cycle with this id");
  return apiJson({ cycle });
}

export const action = readOnly;
