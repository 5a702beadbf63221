import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, Input, Radios, Select } from "~/components/govuk";
import { getAgency, listAgencies } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { DuplicateEmailError, createUser } from "~/data/users.server";
import { ROLES, ROLE_LABELS } from "~/domain/permissions";
import { PASSWORD_MIN_LENGTH_RULE } from "~/domain/password-rule";
import { UserInputSchema } from "~/domain/user";
import { errorSummaryItems, type FieldErrors, formValues, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Add a user") }];

const ROLE_HINTS: Record<(typeof ROLES)[number], string> = {
  admin: "Runs the platform: agencies, users, tools and cycles.",
  qa: "Reviews submitted returns and builds reports.",
  board: "Sees reports published to the board.",
  agency_lead: "Completes the agency's return and signs it off.",
  agency_member: "Helps complete the agency's return; cannot submit it.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const agencyId = new URL(request.url).searchParams.get("agencyId") ?? "";
  return { agencies: await listAgencies(getDb(), viewer), agencyId };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const values = formValues(await readForm(request));
  const parsed = parseForm(UserInputSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values: { ...values, password: "" } }, { status: 400 });
  const db = getDb();
  if (parsed.data.agencyId !== null && !(await getAgency(db, viewer, parsed.data.agencyId))) {
    return data({ errors: { agencyId: "Select the agency this person works for" }, values: { ...values, password: "" } }, { status: 400 });
  }
  try {
    const user = await createUser(db, viewer.id, parsed.data);
    return redirect(user.agencyId ? `/agencies/${user.agencyId}?userCreated=1` : "/users?created=1");
  } catch (error) {
    if (error instanceof DuplicateEmailError) return data({ errors: { email: error.message }, values: { ...values, password: "" } }, { status: 400 });
    throw error;
  }
}

export default function NewUser() {
  const { agencies, agencyId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.errors));
  const values: Record<string, string> = actionData?.values ?? { agencyId, role: agencyId ? "agency_lead" : "" };
  const errors: FieldErrors | undefined = actionData?.errors;
  return (
    <>
      <BackLink href={agencyId ? `/agencies/${agencyId}` : "/users"}>Back</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors ? <ErrorSummary errors={errorSummaryItems(errors, { role: "role" })} /> : null}
          <h1 className="govuk-heading-l">Add a user</h1>
          <Form method="post" noValidate>
            <Input name="name" label="Full name" autoComplete="off" defaultValue={values.name} error={errors?.name} />
            <Input name="email" label="Email address" type="email" spellCheck={false} autoComplete="off" defaultValue={values.email} error={errors?.email} />
            <Radios
              name="role"
              legend="Role"
              legendSize="m"
              defaultValue={values.role}
              error={errors?.role}
              items={ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], hint: ROLE_HINTS[role] }))}
            />
            <Select
              name="agencyId"
              label="Agency"
              hint="Agency leads and contributors belong to one agency. Choose “No agency” for partnership roles."
              defaultValue={values.agencyId ?? ""}
              error={errors?.agencyId}
              items={[{ value: "", text: "No agency" }, ...agencies.map((agency) => ({ value: String(agency.id), text: agency.name }))]}
            />
            <Input
              name="password"
              label="Temporary password"
              hint={`At least ${PASSWORD_MIN_LENGTH_RULE} characters. Give it to the person securely, not by email.`}
              type="password"
              autoComplete="new-password"
              error={errors?.password}
            />
            <Button>Add user</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
