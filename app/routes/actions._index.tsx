import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Table, Tag, type TableCell } from "~/components/govuk";
import { listActions } from "~/data/actions.server";
import { getAgency } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { PROGRESS_COLOURS, PROGRESS_LABELS, STATUS_COLOURS, STATUS_LABELS } from "~/domain/actions";
import { isAgencyRole } from "~/domain/permissions";
import { formatDate } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";

/** Action plans on one page: an agency's own across every cycle; every agency's for QA and the business office. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.isAgency ? "Your actions" : "Actions") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  const db = getDb();
  const isAgency = isAgencyRole(viewer.role);
  const agency = isAgency && viewer.agencyId ? await getAgency(db, viewer, viewer.agencyId) : null;
  return { isAgency, agencyName: agency?.name ?? null, actions: await listActions(db, viewer) };
}

export default function Actions() {
  const { isAgency, agencyName, actions } = useLoaderData<typeof loader>();
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
    { text: "Overdue" },
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
              caption={isAgency ? "Your agency's actions, every cycle" : "Every agency's actions"}
              captionSize="s"
              head={head}
              rows={actions.map((action) => [
                ...(isAgency ? [] : [{ text: action.agencyName }]),
                {
                  text: (
                    <>
                      {action.standardCode} {action.standardTitle}
                      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{action.cycleTitle}</span>
                    </>
                  ),
                },
                { text: <a className="govuk-link" href={`/actions/${action.id}`}>{action.description}</a> },
                { text: action.owner },
                { text: formatDate(action.dueOn) },
                { text: <Tag colour={STATUS_COLOURS[action.status]}>{STATUS_LABELS[action.status]}</Tag> },
                { text: <Tag colour={PROGRESS_COLOURS[action.progress]}>{PROGRESS_LABELS[action.progress]}</Tag> },
                { text: action.overdue ? <Tag colour="red">Overdue</Tag> : "No" },
                { text: action.agreedAt ? "Agreed" : "Not yet" },
              ])}
            />
          </div>
        </>
      )}
    </>
  );
}
