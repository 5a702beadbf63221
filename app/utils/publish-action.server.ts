import { data, redirect } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { getDb } from "~/data/db.server";
import { hasNamedPublication, publishReport, type PublicationKind } from "~/data/publications.server";
import { canPublishToBoard, type Viewer } from "~/domain/permissions";
import { notFound } from "./params";
import { readForm } from "./form";

/** Whether the viewer may publish this cycle's reports, and whether a copy naming agencies is already out (PublishForm warns). */
export async function publishState(viewer: Viewer, cycleId: number): Promise<{ canPublish: boolean; namedPublished: boolean }> {
  const canPublish = canPublishToBoard(viewer);
  return { canPublish, namedPublished: canPublish && (await hasNamedPublication(getDb(), cycleId)) };
}

/**
 * The action behind PublishForm for the comparison, completion and actions pages: QA only; the view
 * must be chosen; a refusal is shown on the form, a success goes to the frozen publication.
 */
export async function handlePublish(
  request: Request,
  cycleId: number,
  kind: Exclude<PublicationKind, "baseline" | "scorecard" | "case-audit">,
  extra: { againstId?: number; threshold?: number } = {},
) {
  const viewer = await requireRole(request, ["qa"]);
  const form = await readForm(request);
  const view = form.get("view");
  if (view !== "named" && view !== "anonymised")
    return data({ publishError: "Select how agencies are shown to the board" }, { status: 400 });
  const result = await publishReport(getDb(), viewer, cycleId, { kind, anonymise: view === "anonymised", ...extra });
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ publishError: result.message }, { status: result.status });
  }
  return redirect(`/board/${result.id}?published=1`);
}
