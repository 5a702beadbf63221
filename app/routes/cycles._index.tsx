import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Button, Table } from "~/components/govuk";
import { CycleStatusTag } from "~/components/status";
import { listCycles } from "~/data/cycles.server";
import { getDb } from "~/data/db.server";
import { canManagePartnership, AGENCY_RECORD_READERS, isAgencyRole } from "~/domain/permissions";
import { formatDate } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Audit cycles") }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Agencies read the cycles they take part in (listCycles scopes them), without the partnership's counts.
  const viewer = await requireRole(request, AGENCY_RECORD_READERS);
  // A case audit's cases run as cycles of their own (decision 020); they are found under Case audits, not here.
  const cycles = (await listCycles(getDb(), viewer)).filter((cycle) => cycle.caseAuditId === null);
  return { cycles, canManage: canManagePartnership(viewer), isAgency: isAgencyRole(viewer.role) };
}

export default function Cycles() {
  const { cycles, canManage, isAgency } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Audit cycles</h1>
      <p className="govuk-body">
        {isAgency
          ? "The audit cycles your agency takes part in."
          : "Each cycle runs one audit tool across the agencies chosen for it, with a due date."}
      </p>
      {canManage ? <Button href="/cycles/new">Create a cycle</Button> : null}
      {cycles.length === 0 ? (
        <p className="govuk-body">There are no cycles yet.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Audit cycles" tabIndex={0}>
          <Table
            firstCellIsHeader
            head={[
              { text: "Cycle" },
              { text: "Tool" },
              { text: "Status" },
              { text: "Due" },
              ...(isAgency ? [] : [{ text: "Returns", format: "numeric" as const }]),
            ]}
            rows={cycles.map((cycle) => [
              {
                text: (
                  <a className="govuk-link" href={`/cycles/${cycle.id}`}>
                    {cycle.title}
                  </a>
                ),
              },
              { text: `${cycle.toolTitle} (${cycle.toolVersion})` },
              { text: <CycleStatusTag status={cycle.status} /> },
              { text: formatDate(cycle.dueOn) },
              ...(isAgency ? [] : [{ text: String(cycle.returnCount), format: "numeric" as const }]),
            ])}
          />
        </div>
      )}
    </>
  );
}
