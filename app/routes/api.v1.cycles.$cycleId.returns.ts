import type { LoaderFunctionArgs } from "@remix-run/node";
import { listApiReturns } from "~/data/api.server";
import { getDb } from "~/data/db.server";
import { apiError, apiJson, readOnly, requireApiId, requireApiViewer } from "~/utils/api.server";

/** GET /api/v1/cycles/:cycleId/returns: the cycle's returns with their current scores and effective ratings (docs/api.md). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireApiViewer(request);
  const cycleId = requireApiId(params.cycleId);
  const returns = await listApiReturns(getDb(), viewer, cycleId);
  if (!returns) return apiError(404, "There is no cycle with this id");
  return apiJson({ cycleId, returns });
}

export const action = readOnly;
