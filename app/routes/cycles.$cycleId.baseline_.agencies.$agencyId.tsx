import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { AgencyBaseline } from "~/components/agency-baseline-view";
import { BackLink } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { getAgencyBaseline } from "~/data/reports/baseline.server";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.view.row.agency.name}: baseline, ${data.view.cycle.title}` : "Agency baseline") },
];

/** GET /cycles/:cycleId/baseline/agencies/:agencyId: one agency's baseline, scoped like the report (another agency's id → 404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  const found = await getAgencyBaseline(getDb(), viewer, requireId(params.cycleId), requireId(params.agencyId));
  if (!found) notFound();
  return { view: found.view, actions: found.actions };
}

export default function AgencyBaselinePage() {
  const { view, actions } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href={`/cycles/${view.cycle.id}/baseline#heat-map`}>Back to the baseline report</BackLink>
      <span className="govuk-caption-l">Baseline report: {view.cycle.title}</span>
      <h1 className="govuk-heading-l">{view.row.agency.name}</h1>
      <AgencyBaseline view={view} actions={actions} />
    </>
  );
}
