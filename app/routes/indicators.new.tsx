import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, ErrorSummary } from "~/components/govuk";
import { IndicatorForm } from "~/components/indicator-form";
import { listAgencies } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { saveIndicator } from "~/data/scorecard.server";
import { IndicatorInputSchema } from "~/domain/scorecard";
import { errorSummaryItems, formValues, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Define an indicator") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  return { agencies: (await listAgencies(getDb(), viewer, { activeOnly: true })).map((agency) => ({ id: agency.id, name: agency.name })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const values = formValues(await readForm(request));
  const parsed = parseForm(IndicatorInputSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const result = await saveIndicator(getDb(), viewer, parsed.data, null);
  if (!result.ok) {
    if (result.status === 400) return data({ errors: result.errors, values }, { status: 400 });
    throw new Response(result.message, { status: result.status });
  }
  return redirect(`/indicators/${result.id}?saved=created`);
}

export default function NewIndicator() {
  const { agencies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.errors));
  return (
    <>
      <BackLink href="/indicators">Back to indicators</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {actionData?.errors ? <ErrorSummary errors={errorSummaryItems(actionData.errors)} /> : null}
          <h1 className="govuk-heading-l">Define an indicator</h1>
          <IndicatorForm
            values={actionData?.values ?? { unit: "", polarity: "", frequency: "quarterly" }}
            errors={actionData?.errors}
            agencies={agencies}
            submitLabel="Save indicator"
            editing={false}
          />
        </div>
      </div>
    </>
  );
}
