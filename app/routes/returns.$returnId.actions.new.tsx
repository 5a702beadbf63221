import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, DateInput, ErrorSummary, Input, InsetText, Radios, Textarea } from "~/components/govuk";
import { createAction, getActionPlan } from "~/data/actions.server";
import { getDb, nowIso } from "~/data/db.server";
import { isDueDateAcceptable } from "~/domain/actions";
import { ukDateOf } from "~/domain/dates";
import { errorSummaryItems, type FieldErrors, formValues, parseForm, readDateInput, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";
import { bandLabel } from "~/domain/scoring";

/** The agency lead writes an action for one of the standards its return rated below the top band. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Write an action – ${data.cycleTitle}` : "Write an action") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["agency_lead"]);
  const plan = await getActionPlan(getDb(), viewer, requireId(params.returnId));
  if (!plan) notFound();
  const label = (code: string) => bandLabel(plan.bands, code);
  return {
    returnId: plan.returnId,
    agencyName: plan.agencyName,
    cycleTitle: plan.cycleTitle,
    canWrite: plan.canWrite,
    suggestions: plan.suggestions.map((standard) => ({
      code: standard.code,
      title: standard.title,
      rating: `${standard.moderatedBand ? "Moderated rating" : "Rating"}: ${label(standard.effectiveBand)}`,
      actions: standard.actions,
    })),
  };
}

const ActionSchema = z.object({
  standardCode: z.string().min(1, "Select the standard the action is for"),
  description: z.string().trim().min(1, "Enter what will be done").max(5000, "What will be done must be 5,000 characters or fewer"),
  owner: z
    .string()
    .trim()
    .min(1, "Enter the name of the person who owns the action")
    .max(200, "The owner's name must be 200 characters or fewer"),
  dueOn: z.string(),
  successMeasure: z
    .string()
    .trim()
    .min(1, "Enter how you will know the action has worked")
    .max(5000, "The success measure must be 5,000 characters or fewer"),
});

const ORDER = ["standardCode", "description", "owner", "dueOn", "successMeasure"];
const ordered = (errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b)));

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["agency_lead"]);
  const returnId = requireId(params.returnId);
  // Another agency's return is not found, whatever the form holds (DESIGN §7).
  if (!(await getActionPlan(getDb(), viewer, returnId))) notFound();
  const form = await readForm(request);
  const values = formValues(form);
  const now = nowIso();
  const errors: FieldErrors = {};
  const due = readDateInput(form, "dueOn", "due date");
  if ("error" in due) errors.dueOn = due.error;
  else if (!isDueDateAcceptable(due.value!, ukDateOf(now))) errors.dueOn = "The due date must be today or in the future";
  const parsed = parseForm(ActionSchema, { ...values, standardCode: values.standardCode ?? "", dueOn: "error" in due ? "" : due.value });
  if (!parsed.ok) for (const [field, message] of Object.entries(parsed.errors)) errors[field] ??= message;
  if (Object.keys(errors).length > 0 || !parsed.ok) return data({ errors: ordered(errors), values }, { status: 400 });
  const result = await createAction(getDb(), viewer, returnId, parsed.data, now);
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data(
      { errors: ordered("errors" in result ? result.errors : { standardCode: result.message }), values },
      { status: result.status },
    );
  }
  return redirect(`/actions/${result.id}?created=1`);
}

export default function NewAction() {
  const { returnId, agencyName, cycleTitle, canWrite, suggestions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors: FieldErrors | undefined = actionData?.errors;
  const values: Record<string, string> = actionData?.values ?? {};
  useErrorTitle(Boolean(errors));
  return (
    <>
      <BackLink href={`/returns/${returnId}`}>Back to the return</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors ? <ErrorSummary errors={errorSummaryItems(errors, { dueOn: "dueOn-day" })} /> : null}
          <span className="govuk-caption-l">
            {agencyName}: {cycleTitle}
          </span>
          <h1 className="govuk-heading-l">Write an action</h1>
          {!canWrite ? (
            <InsetText>You can write actions once your return has been submitted.</InsetText>
          ) : suggestions.length === 0 ? (
            <InsetText>Every standard is rated at the top band, so no action is suggested.</InsetText>
          ) : (
            <Form method="post" noValidate>
              <Radios
                name="standardCode"
                legend="Which standard is the action for?"
                legendSize="m"
                hint="Standards rated below the top band. The rating shown is the moderated rating where the QA subgroup has recorded one."
                defaultValue={values.standardCode ?? params.get("standard") ?? undefined}
                error={errors?.standardCode}
                items={suggestions.map((standard) => ({
                  value: standard.code,
                  text: `${standard.code} ${standard.title}`,
                  hint: `${standard.rating}${standard.actions > 0 ? `. ${standard.actions} ${standard.actions === 1 ? "action" : "actions"} already written` : ""}`,
                }))}
              />
              <Textarea
                name="description"
                label="What will be done"
                labelSize="s"
                hint="The improvement your agency commits to."
                defaultValue={values.description}
                error={errors?.description}
              />
              <Input
                name="owner"
                label="Owner"
                labelSize="s"
                hint="The name of the person responsible, for example Priya Shah, Head of Safeguarding."
                autoComplete="off"
                defaultValue={values.owner}
                error={errors?.owner}
              />
              <DateInput
                name="dueOn"
                legend="Due date"
                legendSize="s"
                hint="Today or later. For example, 31 3 2027"
                defaultValue={{ day: values["dueOn-day"], month: values["dueOn-month"], year: values["dueOn-year"] }}
                error={errors?.dueOn}
              />
              <Textarea
                name="successMeasure"
                label="Success measure"
                labelSize="s"
                hint="How you will know the action has worked, for example an audit of 20 files finds every check recorded."
                defaultValue={values.successMeasure}
                error={errors?.successMeasure}
              />
              <p className="govuk-body">The QA subgroup will be asked to agree the action.</p>
              <Button>Save action</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}
