import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getDb } from "~/data/db.server";
import { carryForwardReturn } from "~/data/return-edits.server";
import { notFound, requireId } from "~/utils/params";

/**
 * "Start from last cycle's answers": the button on a not-started return posts here. The
 * return's overview then says how many answers came across, each marked for review. There is no
 * page of its own: a GET goes back to the return.
 */
export async function loader({ params }: ActionFunctionArgs) {
  return redirect(`/returns/${requireId(params.returnId)}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["agency_lead", "agency_member"]);
  const id = requireId(params.returnId);
  const result = await carryForwardReturn(getDb(), viewer, id);
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) return redirect(`/returns/${id}?carryForward=refused`);
  return redirect(`/returns/${id}?carried=${result.carried}`);
}
