import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { FilterButtons, ListPagination } from "~/components/list-pagination";
import { Button, Input, NotificationBanner, Select, Table, Tag } from "~/components/govuk";
import { listAgenciesPage } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { SECTOR_LABELS, agencyListSearch, parseAgencyListQuery, type AgencyListQuery } from "~/domain/agency";
import { canManagePartnership, AGENCY_RECORD_READERS, isAgencyRole } from "~/domain/permissions";
import { SECTORS } from "~/domain/tool-schema";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Agencies") }];

/** GET ?search=school&sector=education&page=2: 50 agencies a page, filtered in SQL. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, AGENCY_RECORD_READERS);
  // An agency's people read their own agency only (DESIGN §7): its page is their list of one.
  if (isAgencyRole(viewer.role)) throw redirect(`/agencies/${viewer.agencyId}`);
  const query = parseAgencyListQuery(new URL(request.url).searchParams);
  return { ...(await listAgenciesPage(getDb(), viewer, query)), query, canManage: canManagePartnership(viewer) };
}

export default function Agencies() {
  const { agencies, total, window, query, canManage } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.search || query.sector);
  const href = (change: Partial<AgencyListQuery>) => `/agencies${agencyListSearch({ ...query, ...change })}`;
  const noun = (n: number) => (n === 1 ? "agency" : "agencies");
  const caption =
    total === 0
      ? filtered
        ? "No agencies match"
        : "No agencies yet"
      : window.pageCount > 1
        ? `${window.from} to ${window.to} of ${total} ${noun(total)}${filtered ? " matching your filters" : ""}`
        : `${total} ${noun(total)}${filtered ? " matching your filters" : ""}`;
  const imported = useSearchParams()[0].get("imported");
  return (
    <>
      {imported ? <NotificationBanner type="success" heading={`Agencies imported: ${imported}`} /> : null}
      <h1 className="govuk-heading-l">Agencies</h1>
      <p className="govuk-body">The partner agencies that complete returns. Schools are agencies in the education sector.</p>
      {canManage ? (
        <div className="govuk-button-group">
          <Button href="/agencies/new">Add an agency</Button>
          <Button href="/agencies/import" variant="secondary">
            Import agencies from a spreadsheet
          </Button>
        </div>
      ) : null}

      <Form method="get" action="/agencies" role="search" aria-label="Find agencies">
        <Input name="search" label="Agency name contains" labelSize="s" defaultValue={query.search} width="two-thirds" spellCheck={false} />
        <Select
          name="sector"
          label="Sector"
          labelSize="s"
          defaultValue={query.sector ?? ""}
          items={[{ value: "", text: "All sectors" }, ...SECTORS.map((sector) => ({ value: sector, text: SECTOR_LABELS[sector] }))]}
        />
        <FilterButtons label="Find agencies" filtered={filtered} clearHref="/agencies" />
      </Form>

      {agencies.length > 0 ? (
        <div className="app-table-wrapper" role="region" aria-label="Agencies" tabIndex={0}>
          <Table
            caption={caption}
            captionSize="m"
            firstCellIsHeader
            head={[{ text: "Agency" }, { text: "Sector" }, { text: "Safeguarding contact" }]}
            rows={agencies.map((agency) => [
              {
                text: (
                  <>
                    <a className="govuk-link" href={`/agencies/${agency.id}`}>
                      {agency.name}
                    </a>
                    {agency.deactivatedAt ? (
                      <>
                        {" "}
                        <Tag colour="grey">Deactivated</Tag>
                      </>
                    ) : null}
                  </>
                ),
              },
              { text: SECTOR_LABELS[agency.sector] },
              { text: agency.contactEmail ?? "None given" },
            ])}
          />
        </div>
      ) : (
        <p className="govuk-body">
          {filtered ? "No agencies match. Check the spelling, or clear the filters." : "No agencies have been added yet."}
        </p>
      )}
      <ListPagination label="Pages of agencies" window={window} href={(page) => href({ page })} />
    </>
  );
}
