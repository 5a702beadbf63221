import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, NotificationBanner, SummaryList, Table } from "~/components/govuk";
import { getAgency } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { listUsers } from "~/data/users.server";
import { SECTOR_LABELS } from "~/domain/agency";
import { ROLE_LABELS } from "~/domain/permissions";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.agency.name ?? "Agency") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const db = getDb();
  const agency = await getAgency(db, viewer, requireId(params.agencyId));
  if (!agency) notFound();
  return { agency, users: await listUsers(db, viewer, { agencyId: agency.id }), canManage: viewer.role === "admin" };
}

export default function AgencyPage() {
  const { agency, users, canManage } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const message = params.has("created") ? "Agency added" : params.has("updated") ? "Agency details saved" : params.has("userCreated") ? "User added" : null;
  return (
    <>
      <BackLink href="/agencies">Back to agencies</BackLink>
      {message ? <NotificationBanner type="success" heading={message} /> : null}
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
    </>
  );
}
