import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/data/db.server";
import { getFeedbackLetter } from "~/data/panels.server";
import { notFound, requireId } from "~/utils/params";
import { partnershipName } from "~/utils/partnership";
import { feedbackLetterFileName, renderFeedbackLetterDocx } from "../../reports/feedback-letter-docx";

/** GET /panels/:panelId/letters/:agencyId/letter.docx: the feedback letter as Word, for whoever may read it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const view = await getFeedbackLetter(getDb(), viewer, requireId(params.panelId), requireId(params.agencyId), partnershipName());
  if (!view) notFound();
  const body = new Uint8Array(await renderFeedbackLetterDocx(view.letter));
  return new Response(body, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="${feedbackLetterFileName(view.letter)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
