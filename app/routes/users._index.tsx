import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Button, NotificationBanner, Table } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { listUsers } from "~/data/users.server";
import { AGENCY_RECORD_READERS, ROLE_LABELS, isAgencyRole } from "~/domain/permissions";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Users") }];

/** The business office manages users; QA reads them all; an agency's people read their own agency's (DESIGN §7). */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, AGENCY_RECORD_READERS);
  return { users: await listUsers(getDb(), viewer), canManage: viewer.role === "admin", isAgency: isAgencyRole(viewer.role) };
}

export default function Users() {
  const { users, canManage, isAgency } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.has("created") ? <NotificationBanner type="success" heading="User added" /> : null}
      <h1 className="govuk-heading-l">Users</h1>
      {isAgency ? <p className="govuk-body">The people in your agency who can sign in.</p> : null}
      {canManage ? <Button href="/users/new">Add a user</Button> : null}
      <div className="app-table-wrapper" role="region" aria-label="Users" tabIndex={0}>
        <Table
          caption={`${users.length} users`}
          captionSize="m"
          firstCellIsHeader
          head={[{ text: "Name" }, { text: "Email" }, { text: "Role" }, { text: "Agency" }]}
          rows={users.map((user) => [
            { text: user.name },
            { text: user.email },
            { text: ROLE_LABELS[user.role] },
            { text: user.agencyName && user.agencyId ? <a className="govuk-link" href={`/agencies/${user.agencyId}`}>{user.agencyName}</a> : "Partnership" },
          ])}
        />
      </div>
    </>
  );
}
