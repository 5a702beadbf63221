import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BaselineView } from "~/components/baseline-view";
import { BackLink, InsetText, NotificationBanner } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { getPublication } from "~/data/publications.server";
import { formatDateTime } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.publication.title ?? "Board report") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["board", "admin", "qa"]);
  const publication = await getPublication(getDb(), viewer, requireId(params.publicationId));
  if (!publication) notFound();
  return { publication };
}

/** A published report exactly as frozen: the stored model, laid out by the same view as the live page. */
export default function PublishedReport() {
  const { publication } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { model } = publication;
  return (
    <>
      <BackLink href="/board">Back to board reports</BackLink>
      {params.has("published") ? <NotificationBanner type="success" heading="Report published to the board" /> : null}
      <span className="govuk-caption-l">
        {model.tool.title}, version {model.tool.version}
      </span>
      <h1 className="govuk-heading-l">{publication.title}</h1>
      <InsetText>
        Published by {publication.publishedBy} on {formatDateTime(publication.publishedAt)}. These figures are fixed as they stood then.
        {publication.supersededBy ? (
          <>
            {" "}A <a className="govuk-link" href={`/board/${publication.supersededBy}`}>newer publication</a> replaces this one.
          </>
        ) : null}
        {model.anonymised ? ` Agencies are anonymised; sectors with fewer than ${model.anonymised.minGroupSize} agencies are not named.` : null}
      </InsetText>
      <BaselineView report={model} exportBase={`/board/${publication.id}/export`} />
    </>
  );
}
