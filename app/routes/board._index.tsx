import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Table, Tag } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { listPublications } from "~/data/publications.server";
import { formatDateTime } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Board reports") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["board", "admin", "qa"]);
  return { publications: await listPublications(getDb(), viewer) };
}

/** Board members see only reports the QA subgroup has published (DESIGN §7), newest first; superseded ones stay listed. */
export default function BoardReports() {
  const { publications } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Board reports</h1>
      <p className="govuk-body">Reports appear here when the partnership's QA subgroup publishes them to the board. Each is a fixed record of the figures on the day it was published.</p>
      {publications.length === 0 ? (
        <p className="govuk-body">No reports have been published yet.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Published reports" tabIndex={0}>
          <Table
            firstCellIsHeader
            head={[{ text: "Report" }, { text: "Published" }, { text: "By" }, { text: "Status" }]}
            rows={publications.map((publication) => [
              { text: <a className="govuk-link" href={`/board/${publication.id}`}>{publication.title}</a> },
              { text: formatDateTime(publication.publishedAt) },
              { text: publication.publishedBy },
              { text: publication.supersededBy ? <Tag colour="grey">Superseded</Tag> : <Tag colour="green">Current</Tag> },
            ])}
          />
        </div>
      )}
    </>
  );
}
