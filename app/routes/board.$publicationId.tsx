import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BaselineView } from "~/components/baseline-view";
import { BackLink, InsetText, NotificationBanner } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { getPublication } from "~/data/publications.server";
import { formatDateTime } from "~/utils/form";
import { parseBaselinePageQuery, toBaselinePage } from "~/domain/reports/baseline-page";
import { badRequest, notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.publication.title ?? "Board report") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["board", "admin", "qa"]);
  const query = parseBaselinePageQuery(new URL(request.url).searchParams);
  if (!query.ok) badRequest(query.message);
  const publication = await getPublication(getDb(), viewer, requireId(params.publicationId));
  if (!publication) notFound();
  // The frozen model stays on the server; the page gets one heat-map page and the group views.
  const { model, ...about } = publication;
  return { publication: about, view: toBaselinePage(model, query.query) };
}

/** A published report exactly as frozen: the stored model, laid out by the same view as the live page. */
export default function PublishedReport() {
  const { publication, view } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <BackLink href="/board">Back to board reports</BackLink>
      {params.has("published") ? <NotificationBanner type="success" heading="Report published to the board" /> : null}
      <span className="govuk-caption-l">
        {view.tool.title}, version {view.tool.version}
      </span>
      <h1 className="govuk-heading-l">{publication.title}</h1>
      <InsetText>
        Published by {publication.publishedBy} on {formatDateTime(publication.publishedAt)}. These figures are fixed as they stood then.
        {publication.supersededBy ? (
          <>
            {" "}A <a className="govuk-link" href={`/board/${publication.supersededBy}`}>newer publication</a> replaces this one.
          </>
        ) : null}
        {view.anonymised ? ` Agencies are anonymised; sectors with fewer than ${view.anonymised.minGroupSize} agencies are not named.` : null}
      </InsetText>
      <BaselineView view={view} exportBase={`/board/${publication.id}/export`} pageBase={`/board/${publication.id}`} />
    </>
  );
}
