import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BaselineView } from "~/components/baseline-view";
import { BackLink, ErrorSummary } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { hasNamedPublication, publishBaseline } from "~/data/publications.server";
import { PublishForm } from "~/components/publish-form";
import { getBaselineReport } from "~/data/reports/baseline.server";
import { readForm } from "~/utils/form";
import { useErrorTitle } from "~/utils/use-error-title";
import { canPublishToBoard, isAgencyRole } from "~/domain/permissions";
import { parseBaselinePageQuery, toBaselinePage } from "~/domain/reports/baseline-page";
import { badRequest, notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Baseline report: ${data.view.cycle.title}` : "Baseline report") },
];

/** GET ?page=2&sector=health: the heat map 50 agencies at a time; the page gets its view model, not the whole report (decision 005). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  const query = parseBaselinePageQuery(new URL(request.url).searchParams);
  if (!query.ok) badRequest(query.message);
  const report = await getBaselineReport(getDb(), viewer, requireId(params.cycleId));
  if (!report) notFound();
  const canPublish = canPublishToBoard(viewer);
  return {
    view: toBaselinePage(report, query.query),
    ownAgencyOnly: isAgencyRole(viewer.role),
    canPublish,
    namedPublished: canPublish && (await hasNamedPublication(getDb(), report.cycle.id)),
  };
}

/** QA publishes the baseline to the board as a frozen snapshot, named or anonymised. */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa"]);
  const form = await readForm(request);
  const view = form.get("view");
  if (view !== "named" && view !== "anonymised")
    return data({ errors: { view: "Select how agencies are shown to the board" } }, { status: 400 });
  const result = await publishBaseline(getDb(), viewer, requireId(params.cycleId), { anonymise: view === "anonymised" });
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ errors: { view: result.message } }, { status: result.status });
  }
  return redirect(`/board/${result.id}?published=1`);
}

export default function BaselineReportPage() {
  const { view, ownAgencyOnly, canPublish, namedPublished } = useLoaderData<typeof loader>();
  const base = `/cycles/${view.cycle.id}/baseline`;
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.errors));
  return (
    <>
      <BackLink href={ownAgencyOnly ? "/returns" : `/cycles/${view.cycle.id}`}>Back</BackLink>
      <span className="govuk-caption-l">
        {view.tool.title}, version {view.tool.version}
      </span>
      <h1 className="govuk-heading-l">Baseline report: {view.cycle.title}</h1>
      {ownAgencyOnly ? <p className="govuk-body">This view shows your own agency only.</p> : null}

      {actionData?.errors ? <ErrorSummary errors={[{ href: "#view", text: actionData.errors.view }]} /> : null}
      <BaselineView view={view} exportBase={`${base}/export`} pageBase={base} agencyHref={(id) => `${base}/agencies/${id}`} />
      {canPublish ? <PublishForm error={actionData?.errors?.view} namedPublished={namedPublished} /> : null}
    </>
  );
}
