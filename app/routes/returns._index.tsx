import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Table } from "~/components/govuk";
import { ReturnStatusTag } from "~/components/status";
import { getAgency } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { listAgencyReturns } from "~/data/returns.server";
import { formatDate } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Your returns") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["agency_lead", "agency_member"]);
  const db = getDb();
  const agency = viewer.agencyId ? await getAgency(db, viewer, viewer.agencyId) : null;
  return { agencyName: agency?.name ?? "", returns: await listAgencyReturns(db, viewer) };
}

export default function Returns() {
  const { agencyName, returns } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{agencyName}</span>
      <h1 className="govuk-heading-l">Your returns</h1>
      {returns.length === 0 ? (
        <p className="govuk-body">Your agency has no returns to complete. The partnership will tell you when an audit cycle opens.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Your returns" tabIndex={0}>
          <Table
            firstCellIsHeader
            head={[{ text: "Audit" }, { text: "Due" }, { text: "Status" }]}
            rows={returns.map((entry) => [
              {
                text: (
                  <a className="govuk-link" href={`/returns/${entry.id}`}>
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
  );
}
