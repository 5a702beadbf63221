import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { FilterButtons, ListPagination } from "~/components/list-pagination";
import { Button, Input, NotificationBanner, Select, Table } from "~/components/govuk";
import { UserStatusTag } from "~/components/status";
import { listAgencies } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { listUsersPage } from "~/data/users.server";
import { canManagePartnership, AGENCY_RECORD_READERS, ROLES, ROLE_LABELS, isAgencyRole } from "~/domain/permissions";
import { USER_STATUSES, USER_STATUS_LABELS, parseUserListQuery, userListSearch, type UserListQuery } from "~/domain/user";
import { formatDateTime } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Users") }];

/**
 * The business office manages users; QA reads them all; an agency's people read their own agency's
 * (DESIGN §7). GET ?search=&role=&agencyId=&status=&page=: 50 a page, filtered in SQL.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, AGENCY_RECORD_READERS);
  const db = getDb();
  const query = parseUserListQuery(new URL(request.url).searchParams);
  const agencies = isAgencyRole(viewer.role)
    ? []
    : (await listAgencies(db, viewer)).map((agency) => ({ id: agency.id, name: agency.name }));
  return {
    ...(await listUsersPage(db, viewer, query)),
    query,
    agencies,
    canManage: canManagePartnership(viewer),
    isAgency: isAgencyRole(viewer.role),
  };
}

export default function Users() {
  const { users, total, window, query, agencies, canManage, isAgency } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const filtered = Boolean(query.search || query.role || query.agencyId !== null || query.status);
  const href = (change: Partial<UserListQuery>) => `/users${userListSearch({ ...query, ...change })}`;
  const noun = total === 1 ? "user" : "users";
  const caption =
    total === 0
      ? filtered
        ? "No users match"
        : "No users yet"
      : `${window.pageCount > 1 ? `${window.from} to ${window.to} of ` : ""}${total} ${noun}${filtered ? " matching your filters" : ""}`;
  return (
    <>
      {params.has("created") ? <NotificationBanner type="success" heading="User added" /> : null}
      <h1 className="govuk-heading-l">Users</h1>
      {isAgency ? <p className="govuk-body">The people in your agency who can sign in.</p> : null}
      {canManage ? <Button href="/users/new">Add a user</Button> : null}

      <Form method="get" action="/users" role="search" aria-label="Find users">
        <Input
          name="search"
          label="Name or email contains"
          labelSize="s"
          defaultValue={query.search}
          width="two-thirds"
          spellCheck={false}
        />
        <Select
          name="role"
          label="Role"
          labelSize="s"
          defaultValue={query.role ?? ""}
          items={[{ value: "", text: "All roles" }, ...ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role] }))]}
        />
        {agencies.length > 0 ? (
          <Select
            name="agencyId"
            label="Agency"
            labelSize="s"
            defaultValue={query.agencyId === null ? "" : String(query.agencyId)}
            items={[{ value: "", text: "All agencies" }, ...agencies.map((agency) => ({ value: String(agency.id), text: agency.name }))]}
          />
        ) : null}
        <Select
          name="status"
          label="Status"
          labelSize="s"
          defaultValue={query.status ?? ""}
          items={[
            { value: "", text: "Any status" },
            ...USER_STATUSES.map((status) => ({ value: status, text: USER_STATUS_LABELS[status] })),
          ]}
        />
        <FilterButtons label="Find users" filtered={filtered} clearHref="/users" />
      </Form>

      {users.length > 0 ? (
        <div className="app-table-wrapper" role="region" aria-label="Users" tabIndex={0}>
          <Table
            caption={caption}
            captionSize="m"
            firstCellIsHeader
            head={[
              { text: "Name" },
              { text: "Email" },
              { text: "Role" },
              { text: "Agency" },
              { text: "Status" },
              { text: "Last signed in" },
            ]}
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
              {
                text:
                  user.agencyName && user.agencyId ? (
                    <a className="govuk-link" href={`/agencies/${user.agencyId}`}>
                      {user.agencyName}
                    </a>
                  ) : (
                    "Partnership"
                  ),
              },
              { text: <UserStatusTag status={user.status} /> },
              { text: user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "Never" },
            ])}
          />
        </div>
      ) : (
        <p className="govuk-body">
          {filtered ? "No users match. Check the spelling, or clear the filters." : "No users have been added yet."}
        </p>
      )}
      <ListPagination label="Pages of users" window={window} href={(page) => href({ page })} />
    </>
  );
}
