import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, ErrorSummary } from "~/components/govuk";
import { IndicatorForm } from "~/components/indicator-form";
import { listAgencies } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { getIndicator, saveIndicator } from "~/data/scorecard.server";
import { IndicatorInputSchema } from "~/domain/scorecard";
import { errorSummaryItems, formValues, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Change an indicator") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const db = getDb();
  const indicator = await getIndicator(db, viewer, requireId(params.indicatorId));
  if (!indicator) notFound();
  const agencies = (await listAgencies(db, viewer, { activeOnly: true, alsoId: indicator.owner?.id ?? null })).map((agency) => ({
    id: agency.id,
    name: agency.name,
  }));
  return { indicator, agencies };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const id = requireId(params.indicatorId);
  const values = formValues(await readForm(request));
  const parsed = parseForm(IndicatorInputSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const result = await saveIndicator(getDb(), viewer, parsed.data, id);
  if (!result.ok) {
    if (result.status === 400) return data({ errors: result.errors, values }, { status: 400 });
    throw new Response(result.message, { status: result.status });
  }
  return redirect(`/indicators/${id}?saved=${result.newVersion ? "version" : "updated"}`);
}

const text = (value: number | null) => (value === null ? "" : String(value));

export default function EditIndicator() {
  const { indicator, agencies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.errors));
  const values = actionData?.values ?? {
    code: indicator.code,
    title: indicator.title,
    definition: indicator.definition,
    unit: indicator.unit,
    polarity: indicator.polarity,
    target: text(indicator.target),
    greenTolerance: text(indicator.greenTolerance),
    amberTolerance: text(indicator.amberTolerance),
    frequency: indicator.frequency,
    quadrant: indicator.quadrant,
    theme: indicator.theme,
    owner: indicator.owner ? String(indicator.owner.id) : "",
    linkedStandards: indicator.linkedStandards.join(", "),
  };
  return (
    <>
      <BackLink href={`/indicators/${indicator.id}`}>Back to {indicator.code}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {actionData?.errors ? <ErrorSummary errors={errorSummaryItems(actionData.errors)} /> : null}
          <h1 className="govuk-heading-l">Change {indicator.code}</h1>
          <IndicatorForm values={values} errors={actionData?.errors} agencies={agencies} submitLabel="Save changes" editing />
        </div>
      </div>
    </>
  );
}
