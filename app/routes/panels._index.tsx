import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { NotificationBanner, Table, Tag } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { listAgencyLetters, listPanels } from "~/data/panels.server";
import { PANEL_STATUS_LABELS, canManagePanels, canReadPanels } from "~/domain/panels";
import { isAgencyRole } from "~/domain/permissions";
import { formatDate } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";

/** Challenge panels: the QA subgroup's sessions (QA and the business office); an agency's own feedback letters. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data?.mode === "agency" ? "Feedback letters" : "Challenge panels") },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const db = getDb();
  if (isAgencyRole(viewer.role)) return { mode: "agency" as const, panels: await listAgencyLetters(db, viewer), canSchedule: false };
  if (!canReadPanels(viewer)) throw new Response("You do not have permission to see this page", { status: 403 });
  return {
    mode: "partnership" as const,
    panels: (await listPanels(db, viewer)).map((panel) => ({ ...panel, agencyId: null })),
    canSchedule: canManagePanels(viewer),
  };
}

export default function Panels() {
  const { mode, panels, canSchedule } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  if (mode === "agency") {
    return (
      <>
        <h1 className="govuk-heading-l">Feedback letters</h1>
        <p className="govuk-body">
          After a challenge panel has met your agency and completed its work, its feedback letter appears here: your ratings, the challenges
          and the agreed actions.
        </p>
        {panels.length === 0 ? <p className="govuk-body">You have no feedback letters yet.</p> : null}
        <ul className="govuk-list">
          {panels.map((panel) => (
            <li key={panel.id}>
              <a className="govuk-link" href={`/panels/${panel.id}/letters/${panel.agencyId}`}>
                {panel.cycleTitle}: panel of {formatDate(panel.heldOn)}
              </a>
            </li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <>
      {params.has("created") ? <NotificationBanner type="success" heading="Panel scheduled" /> : null}
      <h1 className="govuk-heading-l">Challenge panels</h1>
      <p className="govuk-body">
        The QA subgroup meets agencies to test their returns: record who attended, the notes and the outcome for each agency, then send each
        its feedback letter.
      </p>
      {canSchedule ? (
        <a className="govuk-button" role="button" draggable="false" data-module="govuk-button" href="/panels/new">
          Schedule a panel
        </a>
      ) : null}
      {panels.length === 0 ? (
        <p className="govuk-body">No panels have been scheduled.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Challenge panels" tabIndex={0}>
          <Table
            caption="Challenge panels, latest first"
            captionSize="m"
            firstCellIsHeader
            head={[{ text: "Date" }, { text: "Cycle" }, { text: "Location" }, { text: "Agencies", format: "numeric" }, { text: "Status" }]}
            rows={panels.map((panel) => [
              {
                text: (
                  <a className="govuk-link" href={`/panels/${panel.id}`}>
                    {formatDate(panel.heldOn)} at {panel.startsAt}
                  </a>
                ),
              },
              { text: panel.cycleTitle },
              { text: panel.location },
              { text: String(panel.agencyCount), format: "numeric" },
              { text: <Tag colour={panel.status === "complete" ? "green" : "blue"}>{PANEL_STATUS_LABELS[panel.status]}</Tag> },
            ])}
          />
        </div>
      )}
    </>
  );
}
