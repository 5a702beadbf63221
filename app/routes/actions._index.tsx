import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Table, Tag, type TableCell } from "~/components/govuk";
import { listActions } from "~/data/actions.server";
import { getAgency } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { listPublications } from "~/data/publications.server";
import { STATUS_COLOURS, STATUS_LABELS } from "~/domain/actions";
import { ActionProgressTag } from "~/components/status";
import { canReadLiveActions, isAgencyRole } from "~/domain/permissions";
import { formatDate, formatDateTime } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";

/**
 * Action plans on one page: an agency's own across every cycle; every agency's for QA and the business
 * office, and the partnership's own (from case audits' recommendations for the partnership). Board members read actions only as published (DESIGN §7): their page lists the actions reports
 * QA has published to the board, frozen snapshots, never the live actions (docs/decisions/014).
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data?.view === "live" && data.isAgency ? "Your actions" : "Actions") },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "board", "agency_lead", "agency_member"]);
  const db = getDb();
  if (!canReadLiveActions(viewer)) return { view: "published" as const, reports: await listPublications(db, viewer, { kind: "actions" }) };
  const isAgency = isAgencyRole(viewer.role);
  const agency = isAgency && viewer.agencyId ? await getAgency(db, viewer, viewer.agencyId) : null;
  return { view: "live" as const, isAgency, agencyName: agency?.name ?? null, actions: await listActions(db, viewer) };
}

export default function Actions() {
  const data = useLoaderData<typeof loader>();
  return data.view === "published" ? <PublishedActions {...data} /> : <LiveActions {...data} />;
}

/** The board's actions: the published actions reports, newest first, each opening its frozen snapshot under /board. */
function PublishedActions({ reports }: Extract<SerializeFrom<typeof loader>, { view: "published" }>) {
  return (
    <>
      <h1 className="govuk-heading-l">Actions</h1>
      <p className="govuk-body">
        Agencies' action plans as the QA subgroup has published them to the board: open, overdue and done actions by agency and standard.
        Each report is a fixed record of the figures on the day it was published. All reports published to the board are on the{" "}
        <a className="govuk-link" href="/board">
          board reports
        </a>{" "}
        page.
      </p>
      {reports.length === 0 ? (
        <p className="govuk-body">No actions report has been published yet.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Published actions reports" tabIndex={0}>
          <Table
            firstCellIsHeader
            head={[{ text: "Report" }, { text: "Published" }, { text: "By" }, { text: "Status" }]}
            rows={reports.map((report) => [
              {
                text: (
                  <a className="govuk-link" href={`/board/${report.id}`}>
                    {report.title}
                  </a>
                ),
              },
              { text: formatDateTime(report.publishedAt) },
              { text: report.publishedBy },
              { text: report.supersededBy ? <Tag colour="grey">Superseded</Tag> : <Tag colour="green">Current</Tag> },
            ])}
          />
        </div>
      )}
    </>
  );
}

function LiveActions({ isAgency, agencyName, actions }: Extract<SerializeFrom<typeof loader>, { view: "live" }>) {
  const open = actions.filter((action) => action.status !== "done");
  const overdue = actions.filter((action) => action.overdue).length;
  const head: TableCell[] = [
    ...(isAgency ? [] : [{ text: "Agency" }]),
    { text: "Standard" },
    { text: "Action" },
    { text: "Owner" },
    { text: "Due" },
    { text: "Status" },
    { text: "Progress" },
    { text: "Agreed" },
  ];
  return (
    <>
      {agencyName ? <span className="govuk-caption-l">{agencyName}</span> : null}
      <h1 className="govuk-heading-l">{isAgency ? "Your actions" : "Actions"}</h1>
      {actions.length === 0 ? (
        <p className="govuk-body">
          {isAgency
            ? "Your agency has no actions yet. Once your return is submitted, write an action from the return's page for each standard rated below the top band."
            : "No agency has written an action yet."}
        </p>
      ) : (
        <>
          <p className="govuk-body">
            {actions.length} {actions.length === 1 ? "action" : "actions"}: {open.length} not done, {overdue} overdue.
          </p>
          <div className="app-table-wrapper" role="region" aria-label="Actions" tabIndex={0}>
            <Table
              caption={isAgency ? "Your agency's actions, every cycle" : "Every agency's actions, then the partnership's"}
              captionSize="s"
              head={head}
              rows={actions.map((action) => [
                // A case audit's recommendation for the partnership: the QA subgroup owns it, no agency sees it.
                ...(isAgency ? [] : [{ text: action.agencyName ?? "Partnership" }]),
                {
                  text: (
                    <>
                      {action.standardLabel}
                      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{action.cycleTitle}</span>
                    </>
                  ),
                },
                {
                  text: (
                    <a className="govuk-link" href={`/actions/${action.id}`}>
                      {action.description}
                    </a>
                  ),
                },
                { text: action.owner },
                { text: formatDate(action.dueOn) },
                { text: <Tag colour={STATUS_COLOURS[action.status]}>{STATUS_LABELS[action.status]}</Tag> },
                { text: <ActionProgressTag progress={action.progress} overdue={action.overdue} /> },
                { text: action.agreedAt ? "Agreed" : "Not yet" },
              ])}
            />
          </div>
        </>
      )}
    </>
  );
}
