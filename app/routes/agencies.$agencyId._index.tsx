import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, NotificationBanner, SummaryList, Table, Tag } from "~/components/govuk";
import { ReturnStatusTag, UserStatusTag } from "~/components/status";
import { getAgency, setAgencyActive } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { listAgencyReturns } from "~/data/returns.server";
import { listUsers } from "~/data/users.server";
import { SECTOR_LABELS } from "~/domain/agency";
import { canManageAgencyPeople, canManagePartnership, AGENCY_RECORD_READERS, ROLE_LABELS, isAgencyRole } from "~/domain/permissions";
import { formatDate, formValues, parseForm, readForm } from "~/utils/form";
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
    canManage: canManagePartnership(viewer),
    isOwn,
    canManagePeople: canManageAgencyPeople(viewer, agency.id),
    returns: isOwn ? await listAgencyReturns(db, viewer) : null,
  };
}

const IntentSchema = z.object({ _intent: z.enum(["deactivate", "reactivate"], { error: "Choose an action from the page" }) });

/** The business office deactivates an agency that closed or merged (kept in past reports), or brings it back. */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const id = requireId(params.agencyId);
  const parsed = parseForm(IntentSchema, formValues(await readForm(request)));
  if (!parsed.ok) return data({ error: parsed.errors._intent }, { status: 400 });
  const result = await setAgencyActive(getDb(), viewer, id, parsed.data._intent === "reactivate");
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ error: result.message }, { status: result.status });
  }
  return redirect(`/agencies/${id}?${parsed.data._intent}d=1`);
}

const MESSAGES: [string, string][] = [
  ["created", "Agency added"],
  ["updated", "Agency details saved"],
  ["userCreated", "User added"],
  ["leadReplaced", "Lead replaced: both people have been signed out and emailed"],
  ["deactivated", "Agency deactivated: it stays in past cycles and reports, and is left out of new cycles"],
  ["reactivated", "Agency reactivated"],
];

export default function AgencyPage() {
  const { agency, users, canManage, isOwn, canManagePeople, returns } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const message = MESSAGES.find(([key]) => params.has(key))?.[1] ?? null;
  return (
    <>
      <BackLink href={isOwn ? "/returns" : "/agencies"}>{isOwn ? "Back to your returns" : "Back to agencies"}</BackLink>
      {actionData?.error ? <ErrorSummary errors={[{ text: actionData.error }]} /> : null}
      {message ? <NotificationBanner type="success" heading={message} /> : null}
      {isOwn ? <span className="govuk-caption-l">Your agency</span> : null}
      <h1 className="govuk-heading-l">
        {agency.name}
        {agency.deactivatedAt ? (
          <>
            {" "}
            <Tag colour="grey">Deactivated</Tag>
          </>
        ) : null}
      </h1>
      <SummaryList
        rows={[
          {
            key: "Sector",
            value: SECTOR_LABELS[agency.sector],
            actions: canManage
              ? [{ href: `/agencies/${agency.id}/edit`, text: "Change", visuallyHiddenText: "agency details" }]
              : undefined,
          },
          { key: "Safeguarding contact", value: agency.contactEmail ?? "None given" },
        ]}
      />
      <h2 className="govuk-heading-m">People</h2>
      {users.length === 0 ? (
        <p className="govuk-body">No one from this agency can sign in yet.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="People" tabIndex={0}>
          <Table
            firstCellIsHeader
            head={[{ text: "Name" }, { text: "Email" }, { text: "Role" }, { text: "Status" }]}
            rows={users.map((user) => [
              {
                text: canManage ? (
                  <a className="govuk-link" href={`/users/${user.id}`}>
                    {user.name}
                  </a>
                ) : (
                  user.name
                ),
              },
              { text: <span className="app-break-word">{user.email}</span> },
              { text: ROLE_LABELS[user.role] },
              { text: <UserStatusTag status={user.status} /> },
            ])}
          />
        </div>
      )}
      {canManage ? (
        <div className="govuk-button-group">
          <Button href={`/users/new?agencyId=${agency.id}`} variant="secondary">
            Add a person to this agency
          </Button>
          <a className="govuk-link" href={`/agencies/${agency.id}/lead`}>
            Replace the agency lead
          </a>
        </div>
      ) : null}
      {canManagePeople ? (
        <p className="govuk-body">
          <a className="govuk-link" href="/people">
            Invite contributors or remove their access
          </a>
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
                  {
                    text: (
                      <a className="govuk-link" href={`/cycles/${entry.cycleId}`}>
                        {entry.cycleTitle}
                      </a>
                    ),
                  },
                  { text: formatDate(entry.dueOn) },
                  { text: <ReturnStatusTag status={entry.status} /> },
                ])}
              />
            </div>
          )}
        </>
      ) : null}
      {canManage ? (
        <>
          <h2 className="govuk-heading-m">{agency.deactivatedAt ? "Reactivate this agency" : "Closed or merged?"}</h2>
          <p className="govuk-body">
            {agency.deactivatedAt
              ? `${agency.name} was deactivated on ${formatDate(agency.deactivatedAt.slice(0, 10))}. Reactivate it to include it in new cycles again.`
              : `Deactivate ${agency.name} if it has closed or merged. It stays in past cycles and reports, but is not included when a new cycle opens. Deactivate its people separately.`}
          </p>
          <Form method="post">
            <input type="hidden" name="_intent" value={agency.deactivatedAt ? "reactivate" : "deactivate"} />
            <Button variant={agency.deactivatedAt ? "secondary" : "warning"}>
              {agency.deactivatedAt ? "Reactivate agency" : "Deactivate agency"}
            </Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
