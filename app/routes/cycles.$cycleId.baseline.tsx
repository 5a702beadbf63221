import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BaselineView } from "~/components/baseline-view";
import { BackLink, Button, ErrorSummary, Radios } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { publishBaseline } from "~/data/publications.server";
import { getBaselineReport } from "~/data/reports.server";
import { readForm } from "~/utils/form";
import { useErrorTitle } from "~/utils/use-error-title";
import { isAgencyRole } from "~/domain/permissions";
import { parseBaselinePageQuery, toBaselinePage } from "~/domain/reports/baseline-page";
import { badRequest, notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Baseline report: ${data.view.cycle.title}` : "Baseline report") }];

/** GET ?page=2&sector=health: the heat map 50 agencies at a time; the page gets its view model, not the whole report (decision 005). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  const query = parseBaselinePageQuery(new URL(request.url).searchParams);
  if (!query.ok) badRequest(query.message);
  const report = await getBaselineReport(getDb(), viewer, requireId(params.cycleId));
  if (!report) notFound();
  return { view: toBaselinePage(report, query.query), ownAgencyOnly: isAgencyRole(viewer.role), canPublish: viewer.role === "qa" };
}

/** QA publishes the baseline to the board as a frozen snapshot, named or anonymised. */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa"]);
  const form = await readForm(request);
  const view = form.get("view");
  if (view !== "named" && view !== "anonymised") return data({ errors: { view: "Select how agencies are shown to the board" } }, { status: 400 });
  const result = await publishBaseline(getDb(), viewer, requireId(params.cycleId), { anonymise: view === "anonymised" });
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ errors: { view: result.message } }, { status: result.status });
  }
  return redirect(`/board/${result.id}?published=1`);
}

export default function BaselineReportPage() {
  const { view, ownAgencyOnly, canPublish } = useLoaderData<typeof loader>();
  const base = `/cycles/${view.cycle.id}/baseline`;
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.errors));
  return (
    <>
      <BackLink href={ownAgencyOnly ? "/returns" : `/cycles/${view.cycle.id}`}>Back</BackLink>
      <span className="govuk-caption-l">{view.tool.title}, version {view.tool.version}</span>
      <h1 className="govuk-heading-l">Baseline report: {view.cycle.title}</h1>
      {ownAgencyOnly ? <p className="govuk-body">This view shows your own agency only.</p> : null}

      {actionData?.errors ? <ErrorSummary errors={[{ href: "#view", text: actionData.errors.view }]} /> : null}
      <BaselineView view={view} exportBase={`${base}/export`} pageBase={base} agencyHref={(id) => `${base}/agencies/${id}`} />
      {canPublish ? (
        <Form method="post" noValidate className="app-no-print">
          <h2 className="govuk-heading-m">Publish to the board</h2>
          <p className="govuk-body">
            Publishing freezes this report as it stands now. Board members see only published reports; later changes to returns never alter a publication.
          </p>
          <Radios
            name="view"
            idPrefix="view"
            legend="How should agencies be shown?"
            legendSize="s"
            error={actionData?.errors?.view}
            items={[
              { value: "named", text: "By name" },
              { value: "anonymised", text: "Anonymised", hint: "Agencies shown as Agency A, B…; sectors with fewer than 5 agencies are not named." },
            ]}
          />
          <Button>Publish to the board</Button>
        </Form>
      ) : null}
    </>
  );
}
