import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { DecimalInput } from "~/components/decimal-input";
import { BackLink, Button, CharacterCount, Checkboxes, ErrorSummary, Input } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { getIndicator, saveObservation } from "~/data/scorecard.server";
import { canEnterObservation } from "~/domain/permissions";
import { FREQUENCY_LABELS, isRatioUnit, ObservationInputSchema, UNIT_LABELS } from "~/domain/scorecard";
import { errorSummaryItems, formValues, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Enter figures: ${data.indicator.code}` : "Enter figures") },
];

const EXAMPLE = { monthly: "2026-09", quarterly: "2026-Q3", annual: "2026" } as const;

async function enterable(request: Request, indicatorId: number) {
  const viewer = await requireRole(request, ["admin", "agency_lead", "agency_member"]);
  const indicator = await getIndicator(getDb(), viewer, indicatorId);
  if (!indicator) notFound();
  if (!canEnterObservation(viewer, indicator.owner?.id ?? null))
    throw new Response("Only the owning agency enters this indicator's figures", { status: 403 });
  return { viewer, indicator };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { indicator } = await enterable(request, requireId(params.indicatorId));
  return {
    indicator: {
      id: indicator.id,
      code: indicator.code,
      title: indicator.title,
      unit: indicator.unit,
      frequency: indicator.frequency,
      definition: indicator.definition,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = requireId(params.indicatorId);
  const { viewer } = await enterable(request, id);
  const values = formValues(await readForm(request));
  const parsed = parseForm(ObservationInputSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const result = await saveObservation(getDb(), viewer, id, parsed.data);
  if (!result.ok) {
    if (result.status === 400) return data({ errors: result.errors, values }, { status: 400 });
    throw new Response(result.message, { status: result.status });
  }
  return redirect(`/indicators/${id}?saved=observation`);
}

/** One period's figures for one indicator, entered by the owning agency (a period entered again replaces its figures). */
export default function NewObservation() {
  const { indicator } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.errors));
  const values: Record<string, string> = actionData?.values ?? {};
  const errors = actionData?.errors;
  const ratio = isRatioUnit(indicator.unit);
  return (
    <>
      <BackLink href={`/indicators/${indicator.id}`}>Back to {indicator.code}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors ? <ErrorSummary errors={errorSummaryItems(errors)} /> : null}
          <span className="govuk-caption-l">{indicator.code}</span>
          <h1 className="govuk-heading-l">Enter figures: {indicator.title}</h1>
          <p className="govuk-body">{indicator.definition}</p>
          <Form method="post" noValidate>
            <Input
              name="period"
              label="Period"
              hint={`${FREQUENCY_LABELS[indicator.frequency]}: for example ${EXAMPLE[indicator.frequency]}. Entering a period again replaces its figures.`}
              defaultValue={values.period}
              error={errors?.period}
              width={10}
              spellCheck={false}
            />
            {ratio ? (
              <>
                <DecimalInput
                  name="numerator"
                  label="Numerator"
                  hint="How many met the measure, for example 45 return interviews within 72 hours."
                  values={values}
                  errors={errors}
                  width={10}
                />
                <DecimalInput
                  name="denominator"
                  label="Denominator"
                  hint="Out of how many, for example 60 children who returned."
                  values={values}
                  errors={errors}
                  width={10}
                />
              </>
            ) : null}
            <DecimalInput
              name="value"
              label={
                ratio
                  ? `Value (${UNIT_LABELS[indicator.unit]}), if you have no numerator and denominator`
                  : `Value (${UNIT_LABELS[indicator.unit]})`
              }
              hint={ratio ? "Leave it empty when you give the numerator and denominator: it is worked out from them." : undefined}
              values={values}
              errors={errors}
              width={10}
            />
            <Checkboxes
              name="provisional"
              small
              items={[{ value: "yes", text: "These figures are provisional and may be revised" }]}
              defaultValue={values.provisional ? ["yes"] : []}
              error={errors?.provisional}
            />
            <CharacterCount
              name="commentary"
              label="Commentary (optional)"
              hint="What lies behind the figure: a change in practice, a data problem, what is being done."
              defaultValue={values.commentary}
              error={errors?.commentary}
              rows={4}
              maxLength={2000}
            />
            <Button>Save figures</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
