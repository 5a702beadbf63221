import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Table } from "~/components/govuk";
import { listCaseAudits } from "~/data/case-audits.server";
import { getDb } from "~/data/db.server";
import { canSetUpCaseAudits } from "~/domain/case-audit";
import { formatDate } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";

/** Case audits: QA and the business office see every audit; an agency the audits it takes part in. */

export const meta: MetaFunction = () => [{ title: pageTitle("Case audits") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  return { audits: await listCaseAudits(getDb(), viewer), canSetUp: canSetUpCaseAudits(viewer) };
}

export default function CaseAudits() {
  const { audits, canSetUp } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Case audits</h1>
      <p className="govuk-body">
        Themed audits of a few children's cases: each agency audits its own records, then a panel grades each case blind and agrees the
        grades. Cases are known only by the partnership's reference.
      </p>
      {canSetUp ? (
        <a className="govuk-button" role="button" draggable="false" data-module="govuk-button" href="/case-audits/new">
          Set up a case audit
        </a>
      ) : null}
      {audits.length === 0 ? (
        <p className="govuk-body">There are no case audits yet.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Case audits" tabIndex={0}>
          <Table
            caption="Case audits, latest first"
            captionSize="m"
            firstCellIsHeader
            head={[
              { text: "Theme" },
              { text: "Returns due" },
              { text: "Panel" },
              { text: "Cases", format: "numeric" },
              { text: "Agencies", format: "numeric" },
            ]}
            rows={audits.map((audit) => [
              {
                text: (
                  <a className="govuk-link" href={`/case-audits/${audit.id}`}>
                    {audit.title}
                  </a>
                ),
              },
              { text: formatDate(audit.dueOn) },
              { text: formatDate(audit.panelOn) },
              { text: String(audit.cases), format: "numeric" },
              { text: String(audit.agencies), format: "numeric" },
            ])}
          />
        </div>
      )}
    </>
  );
}
