import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { ActionsView } from "~/components/actions-view";
import { AssuranceView } from "~/components/assurance-view";
import { BaselineView } from "~/components/baseline-view";
import { CaseAuditView } from "~/components/case-audit-view";
import { ComparisonView } from "~/components/comparison-view";
import { CompletionView } from "~/components/completion-view";
import { ScorecardView } from "~/components/scorecard-view";
import { ExportLinks } from "~/components/export-links";
import { BackLink, InsetText, NotificationBanner } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { getPublication, type PublishedModel } from "~/data/publications.server";
import { formatDateTime } from "~/utils/form";
import { parseBaselinePageQuery, toBaselinePage } from "~/domain/reports/baseline-page";
import { badRequest, notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.publication.title ?? "Board report") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["board", "admin", "qa"]);
  const publication = await getPublication(getDb(), viewer, requireId(params.publicationId));
  if (!publication) notFound();
  const { model, ...about } = publication;
  if (model.kind !== "baseline") return { publication: about, report: model as Exclude<PublishedModel, { kind: "baseline" }>, view: null };
  const query = parseBaselinePageQuery(new URL(request.url).searchParams);
  if (!query.ok) badRequest(query.message);
  // The frozen baseline stays on the server; the page gets one heat-map page and the group views.
  return { publication: about, report: null, view: toBaselinePage(model, query.query) };
}

/** The caption over the title: which tool (and versions) the frozen report covers. */
function captionOf(report: Exclude<PublishedModel, { kind: "baseline" }>): string {
  switch (report.kind) {
    case "comparison":
      return report.earlier.tool.version === report.later.tool.version
        ? `${report.later.tool.title}, version ${report.later.tool.version}`
        : `${report.later.tool.title}, versions ${report.earlier.tool.version} and ${report.later.tool.version}`;
    case "completion":
      return report.cycle.title;
    case "scorecard":
      return "The partnership's performance data";
    case "case-audit":
      return `${report.tool.title}, version ${report.tool.version}`;
    default:
      return `${report.tool.title}, version ${report.tool.version}`;
  }
}

/** A published report exactly as frozen: the stored model, laid out by the same view as the live page. */
export default function PublishedReport() {
  const { publication, report, view } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const exportBase = `/board/${publication.id}/export`;
  const anonymised = view ? view.anonymised : report && "anonymised" in report ? report.anonymised : undefined;
  return (
    <>
      <BackLink href="/board">Back to board reports</BackLink>
      {params.has("published") ? <NotificationBanner type="success" heading="Report published to the board" /> : null}
      <span className="govuk-caption-l">{view ? `${view.tool.title}, version ${view.tool.version}` : captionOf(report!)}</span>
      <h1 className="govuk-heading-l">{publication.title}</h1>
      <InsetText>
        Published by {publication.publishedBy} on {formatDateTime(publication.publishedAt)}. These figures are fixed as they stood then.
        {publication.supersededBy ? (
          <>
            {" "}
            A{" "}
            <a className="govuk-link" href={`/board/${publication.supersededBy}`}>
              newer publication
            </a>{" "}
            replaces this one.
          </>
        ) : null}
        {anonymised ? ` Agencies are anonymised; sectors with fewer than ${anonymised.minGroupSize} agencies are not named.` : null}
      </InsetText>
      {view ? (
        <BaselineView view={view} exportBase={exportBase} pageBase={`/board/${publication.id}`} />
      ) : report!.kind === "comparison" ? (
        <>
          <ExportLinks base={exportBase} label="report" />
          <ComparisonView report={report!} ownAgencyOnly={false} />
        </>
      ) : report!.kind === "assurance" ? (
        <>
          <ExportLinks base={exportBase} label="report" />
          <AssuranceView report={report!} />
        </>
      ) : report!.kind === "scorecard" ? (
        <>
          <ExportLinks base={exportBase} label="report" />
          <ScorecardView report={report!} />
        </>
      ) : report!.kind === "case-audit" ? (
        <>
          <ExportLinks base={exportBase} label="report" />
          <CaseAuditView report={report!} />
        </>
      ) : report!.kind === "completion" ? (
        <>
          <ExportLinks base={exportBase} label="report" />
          <CompletionView report={report!} />
        </>
      ) : (
        <>
          <ExportLinks base={exportBase} label="report" />
          <ActionsView report={report!} live={false} />
        </>
      )}
    </>
  );
}
