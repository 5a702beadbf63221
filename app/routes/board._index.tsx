import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { PublicationsTable } from "~/components/publications-table";
import { getDb } from "~/data/db.server";
import { listPublications } from "~/data/publications.server";
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
      <p className="govuk-body">
        Reports appear here when the partnership's QA subgroup publishes them to the board. Each is a fixed record of the figures on the day
        it was published.
      </p>
      {publications.length === 0 ? (
        <p className="govuk-body">No reports have been published yet.</p>
      ) : (
        <PublicationsTable publications={publications} label="Published reports" />
      )}
    </>
  );
}
