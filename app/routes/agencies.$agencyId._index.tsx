import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, NotificationBanner, SummaryList, Table } from "~/components/govuk";
import { ReturnStatusTag } from "~/components/status";
import { getAgency } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { listAgencyReturns } from "~/data/returns.server";
import { listUsers } from "~/data/users.server";
import { SECTOR_LABELS } from "~/domain/agency";
import { AGENCY_RECORD_READERS, ROLE_LABELS, isAgencyRole } from "~/domain/permissions";
import { formatDate } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.agency.name ?? "Agency") }];

/**
 * One agency: its details and people. The business office manages it, QA reads it, and the agency's own
 * lead and contributors read it (with their returns across cycles); another agency's id is not found
 * for them (getAgency scopes to the viewer), never a hint it exists (DESIGN §7).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, AGENCY_RECORD_READERS);
  const db = getDb();
  const agency = await getAgency(db, viewer, requireId(params.agencyId));
  if (!agency) notFound();
  const isOwn = isAgencyRole(viewer.role);
  return {
    agency,
    users: await listUsers(db, viewer, { agencyId: agency.id }),
    canManage: viewer.role === "admin",
    isOwn,
    canManagePeople: viewer.role === "agency_lead",
    returns: isOwn ? await listAgencyReturns(db, viewer) : null,
  };
}

export default function AgencyPage() {
  const { agency, users, canManage, isOwn, canManagePeople, returns } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const message = params.has("created") ? "Agency added" : params.has("updated") ? "Agency details saved" : params.has("userCreated") ? "User added" : null;
  return (
    <>
      <BackLink href={isOwn ? "/returns" : "/agencies"}>{isOwn ? "Back to your returns" : "Back to agencies"}</BackLink>
      {message ? <NotificationBanner type="success" heading={message} /> : null}
      {isOwn ? <span className="govuk-caption-l">Your agency</span> : null}
      <h1 className="govuk-heading-l">{agency.name}</h1>
      <SummaryList
        rows={[
          { key: "Sector", value: SECTOR_LABELS[agency.sector], actions: canManage ? [{ href: `/agencies/${agency.id}/edit`, text: "Change", visuallyHiddenText: "agency details" }] : undefined },
          { key: "Safeguarding contact", value: agency.contactEmail ?? "None given" },
        ]}
      />
      <h2 className="govuk-heading-m">People</h2>
      {users.length === 0 ? <p className="govuk-body">No one from this agency can sign in yet.</p> : (
        <div className="app-table-wrapper" role="region" aria-label="People" tabIndex={0}>
          <Table
            firstCellIsHeader
            head={[{ text: "Name" }, { text: "Email" }, { text: "Role" }]}
            rows={users.map((user) => [{ text: user.name }, { text: user.email }, { text: ROLE_LABELS[user.role] }])}
          />
        </div>
      )}
      {canManage ? <Button href={`/users/new?agencyId=${agency.id}`} variant="secondary">Add a person to this agency</Button> : null}
      {canManagePeople ? (
        <p className="govuk-body">
          <a className="govuk-link" href="/people">Invite contributors or remove their access</a>
        </p>
      ) : null}
      {returns ? (
        <>
          <h2 className="govuk-heading-m">Returns</h2>
          {returns.length === 0 ? (
            <p className="govuk-body">Your agency has no returns yet. The partnership will tell you when an audit cycle opens.</p>
          ) : (
            <div className="app-table-wrapper" role="region" aria-label="Returns" tabIndex={0}>
              <Table
                firstCellIsHeader
                head={[{ text: "Audit" }, { text: "Due" }, { text: "Status" }]}
                rows={returns.map((entry) => [
                  { text: <a className="govuk-link" href={`/cycles/${entry.cycleId}`}>{entry.cycleTitle}</a> },
                  { text: formatDate(entry.dueOn) },
                  { text: <ReturnStatusTag status={entry.status} /> },
                ])}
              />
            </div>
          )}
        </>
      ) : null}
    </>
  );
}
