import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Button, Table } from "~/components/govuk";
import { listAgencies } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { SECTOR_LABELS } from "~/domain/agency";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Agencies") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  return { agencies: await listAgencies(getDb(), viewer), canManage: viewer.role === "admin" };
}

export default function Agencies() {
  const { agencies, canManage } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Agencies</h1>
      <p className="govuk-body">The partner agencies that complete returns. Schools are agencies in the education sector.</p>
      {canManage ? <Button href="/agencies/new">Add an agency</Button> : null}
      <div className="app-table-wrapper" role="region" aria-label="Agencies" tabIndex={0}>
        <Table
          caption={`${agencies.length} ${agencies.length === 1 ? "agency" : "agencies"}`}
          captionSize="m"
          firstCellIsHeader
          head={[{ text: "Agency" }, { text: "Sector" }, { text: "Safeguarding contact" }]}
          rows={agencies.map((agency) => [
            { text: <a className="govuk-link" href={`/agencies/${agency.id}`}>{agency.name}</a> },
            { text: SECTOR_LABELS[agency.sector] },
            { text: agency.contactEmail ?? "None given" },
          ])}
        />
      </div>
    </>
  );
}
