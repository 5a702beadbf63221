import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Button, Table } from "~/components/govuk";
import { CycleStatusTag } from "~/components/status";
import { listCycles } from "~/data/cycles.server";
import { getDb } from "~/data/db.server";
import { formatDate } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Audit cycles") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  return { cycles: await listCycles(getDb(), viewer), canManage: viewer.role === "admin" };
}

export default function Cycles() {
  const { cycles, canManage } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Audit cycles</h1>
      <p className="govuk-body">Each cycle runs one audit tool across the agencies chosen for it, with a due date.</p>
      {canManage ? <Button href="/cycles/new">Create a cycle</Button> : null}
      {cycles.length === 0 ? (
        <p className="govuk-body">There are no cycles yet.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Audit cycles" tabIndex={0}>
          <Table
            firstCellIsHeader
            head={[{ text: "Cycle" }, { text: "Tool" }, { text: "Status" }, { text: "Due" }, { text: "Returns", format: "numeric" }]}
            rows={cycles.map((cycle) => [
              { text: <a className="govuk-link" href={`/cycles/${cycle.id}`}>{cycle.title}</a> },
              { text: `${cycle.toolTitle} (${cycle.toolVersion})` },
              { text: <CycleStatusTag status={cycle.status} /> },
              { text: formatDate(cycle.dueOn) },
              { text: String(cycle.returnCount), format: "numeric" },
            ])}
          />
        </div>
      )}
    </>
  );
}
