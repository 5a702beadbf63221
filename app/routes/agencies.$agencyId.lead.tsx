import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, InsetText, Radios } from "~/components/govuk";
import { getAgency } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { listUsers, replaceLead } from "~/data/users.server";
import { errorSummaryItems, type FieldErrors, formValues, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * Replacing a departing agency lead in one step: a contributor becomes the lead, and the
 * old lead becomes a contributor or is deactivated, so the agency is never without a lead in between.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Replace the lead – ${data.agency.name}` : "Replace the lead") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const db = getDb();
  const agency = await getAgency(db, viewer, requireId(params.agencyId));
  if (!agency) notFound();
  const people = (await listUsers(db, viewer, { agencyId: agency.id })).filter((person) => person.status !== "deactivated");
  const pick = (role: string) =>
    people.filter((person) => person.role === role).map((person) => ({ id: person.id, name: person.name, email: person.email }));
  return { agency: { id: agency.id, name: agency.name }, leads: pick("agency_lead"), contributors: pick("agency_member") };
}

const id = (message: string) =>
  z
    .string({ error: message })
    .regex(/^\d{1,9}$/, message)
    .transform(Number);
const ReplaceLeadSchema = z.object({
  newLeadId: id("Select the contributor who becomes the lead"),
  oldLeadId: id("Select the lead who is leaving"),
  outcome: z.enum(["contributor", "deactivate"], { error: "Select what happens to the lead who is leaving" }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const agencyId = requireId(params.agencyId);
  const values = formValues(await readForm(request));
  const parsed = parseForm(ReplaceLeadSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const result = await replaceLead(getDb(), viewer, { agencyId, ...parsed.data });
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ errors: { [result.field ?? "form"]: result.message } as FieldErrors, values }, { status: result.status });
  }
  return redirect(`/agencies/${agencyId}?leadReplaced=1`);
}

export default function ReplaceLead() {
  const { agency, leads, contributors } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  const values: Record<string, string> = actionData?.values ?? (leads.length === 1 ? { oldLeadId: String(leads[0].id) } : {});
  useErrorTitle(Boolean(errors));
  const person = (p: { id: number; name: string; email: string }) => ({ value: String(p.id), text: p.name, hint: p.email });
  return (
    <>
      <BackLink href={`/agencies/${agency.id}`}>Back to {agency.name}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors ? (
            <ErrorSummary errors={errorSummaryItems(errors, { newLeadId: "newLeadId", oldLeadId: "oldLeadId", outcome: "outcome" })} />
          ) : null}
          <span className="govuk-caption-l">{agency.name}</span>
          <h1 className="govuk-heading-l">Replace the agency lead</h1>
          {contributors.length === 0 || leads.length === 0 ? (
            <p className="govuk-body">
              {leads.length === 0
                ? `${agency.name} has no active lead to replace. `
                : `${agency.name} has no active contributors to make its lead. `}
              <a className="govuk-link" href={`/users/new?agencyId=${agency.id}`}>
                Add a person to this agency
              </a>{" "}
              as its lead instead.
            </p>
          ) : (
            <Form method="post" noValidate>
              <Radios
                name="newLeadId"
                legend="Who becomes the lead?"
                legendSize="m"
                hint="Only contributors of this agency can become its lead."
                defaultValue={values.newLeadId}
                error={errors?.newLeadId}
                items={contributors.map(person)}
              />
              <Radios
                name="oldLeadId"
                legend="Which lead is leaving?"
                legendSize="m"
                defaultValue={values.oldLeadId}
                error={errors?.oldLeadId}
                items={leads.map(person)}
              />
              <Radios
                name="outcome"
                legend="What happens to the lead who is leaving?"
                legendSize="m"
                defaultValue={values.outcome}
                error={errors?.outcome}
                items={[
                  {
                    value: "contributor",
                    text: "They stay as a contributor",
                    hint: "They can still help complete returns but cannot submit them.",
                  },
                  {
                    value: "deactivate",
                    text: "Deactivate them",
                    hint: "They are signed out and can no longer sign in. Their work and history stay.",
                  },
                ]}
              />
              <InsetText>Both people are signed out and emailed about their new role.</InsetText>
              <Button>Replace the lead</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}
