import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { isAgencyRole } from "~/domain/permissions";

/** Everyone starts where their work is. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  if (isAgencyRole(viewer.role)) throw redirect("/returns");
  if (viewer.role === "board") throw redirect("/board");
  throw redirect("/cycles");
}
