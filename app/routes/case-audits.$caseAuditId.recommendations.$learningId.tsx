import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, CharacterCount, DateInput, ErrorSummary, Input, Select } from "~/components/govuk";
import { getCaseAudit, recommendationToAction } from "~/data/case-audits.server";
import { getDb } from "~/data/db.server";
import { errorSummaryItems, type FieldErrors, formValues, parseForm, readDateInput, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * A recommendation becomes an action (the existing action plans: owner, due date, progress RAG, done with
 * evidence): one for an agency joins that agency's action plan, one for the partnership is a partnership
 * action the QA subgroup follows up. The QA member writes it and it counts as agreed.
 */

export const meta: MetaFunction = () => [{ title: pageTitle("Make a recommendation an action") }];

const ActionSchema = z.object({
  domain: z.string().min(1, "Select the domain the action is about"),
  owner: z.string().trim().min(1, "Enter who owns the action").max(200, "The owner must be 200 characters or fewer"),
  successMeasure: z
    .string()
    .trim()
    .min(1, "Enter how the agency will know the action has worked")
    .max(2000, "The success measure must be 2,000 characters or fewer"),
});

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const viewer = await requireRole(request, ["qa"]);
  const audit = await getCaseAudit(getDb(), viewer, requireId(params.caseAuditId));
  const recommendation = audit?.learning.find((entry) => entry.id === requireId(params.learningId) && entry.kind === "recommendation");
  if (!audit || !recommendation) notFound();
  return { viewer, audit, recommendation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { audit, recommendation } = await load(request, params);
  return {
    auditId: audit.id,
    title: audit.title,
    recommendation,
    domains: audit.tool.definition.standards.map((standard) => ({ value: standard.code, text: standard.title })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, audit, recommendation } = await load(request, params);
  const form = await readForm(request);
  const values = formValues(form);
  const errors: FieldErrors = {};
  const due = readDateInput(form, "dueOn", "due date");
  if ("error" in due) errors.dueOn = due.error;
  const parsed = parseForm(ActionSchema, values);
  if (!parsed.ok) Object.assign(errors, parsed.errors);
  if (Object.keys(errors).length > 0 || !parsed.ok || !("value" in due)) return data({ errors, values }, { status: 400 });
  const result = await recommendationToAction(getDb(), viewer, recommendation.id, { ...parsed.data, dueOn: due.value! });
  if (!result.ok)
    return data(
      { errors: "errors" in result ? result.errors : ({ form: result.message } as FieldErrors), values },
      { status: result.status === 422 ? 400 : result.status },
    );
  return redirect(`/case-audits/${audit.id}?learning=action#learning`);
}

export default function RecommendationToAction() {
  const { auditId, title, recommendation, domains } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values: Record<string, string> = actionData?.values ?? {};
  useErrorTitle(Boolean(errors));
  return (
    <>
      <BackLink href={`/case-audits/${auditId}#learning`}>Back to the case audit</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors ? <ErrorSummary errors={errorSummaryItems(errors, { dueOn: "dueOn-day" })} /> : null}
          <span className="govuk-caption-l">{title}</span>
          <h1 className="govuk-heading-l">Make the recommendation an action for {recommendation.agencyName ?? "the partnership"}</h1>
          <p className="govuk-body">{recommendation.text}</p>
          <Form method="post" noValidate>
            <Select
              name="domain"
              label="Domain"
              error={errors?.domain}
              defaultValue={values.domain}
              items={[{ value: "", text: "Select the domain" }, ...domains]}
            />
            <Input
              name="owner"
              label="Owner"
              hint={
                recommendation.agencyId === null
                  ? "A role in the partnership, for example Partnership business manager"
                  : "A role in the agency, for example Head of safeguarding"
              }
              error={errors?.owner}
              defaultValue={values.owner}
            />
            <DateInput
              name="dueOn"
              legend="Due date"
              legendSize="s"
              hint="For example, 30 6 2026"
              error={errors?.dueOn}
              defaultValue={{ day: values["dueOn-day"], month: values["dueOn-month"], year: values["dueOn-year"] }}
            />
            <CharacterCount
              name="successMeasure"
              label={
                recommendation.agencyId === null ? "How the partnership will know it has worked" : "How the agency will know it has worked"
              }
              error={errors?.successMeasure}
              defaultValue={values.successMeasure}
              maxLength={2000}
            />
            <Button>{recommendation.agencyId === null ? "Add to the partnership's actions" : "Add to the agency's action plan"}</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
