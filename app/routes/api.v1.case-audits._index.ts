import type { LoaderFunctionArgs } from "@remix-run/node";
import { listApiCaseAudits } from "~/data/api.server";
import { getDb } from "~/data/db.server";
import { apiJson, readOnly, requireApiViewer } from "~/utils/api.server";

/** GET /api/v1/case-audits: every case audit, newest first, with its cases' cycles (docs/api.md). */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireApiViewer(request);
  return apiJson({ caseAudits: await listApiCaseAudits(getDb(), viewer) });
}

export const action = readOnly;
