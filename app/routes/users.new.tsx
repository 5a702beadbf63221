import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { NewUserSchema } from "~/auth/password-policy.server";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, Input } from "~/components/govuk";
import { PersonFields } from "~/components/person-fields";
import { getAgency, listAgencies } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { DuplicateEmailError, createUser } from "~/data/users.server";
import { PASSWORD_MIN_LENGTH_RULE } from "~/domain/password-rule";
import { errorSummaryItems, type FieldErrors, formValues, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Add a user") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const agencyId = new URL(request.url).searchParams.get("agencyId") ?? "";
  return { agencies: await listAgencies(getDb(), viewer, { activeOnly: true }), agencyId };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const values = formValues(await readForm(request));
  const parsed = parseForm(NewUserSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values: { ...values, password: "" } }, { status: 400 });
  const db = getDb();
  if (parsed.data.agencyId !== null && !(await getAgency(db, viewer, parsed.data.agencyId))) {
    return data({ errors: { agencyId: "Select the agency this person works for" }, values: { ...values, password: "" } }, { status: 400 });
  }
  try {
    const user = await createUser(db, viewer.id, parsed.data);
    return redirect(user.agencyId ? `/agencies/${user.agencyId}?userCreated=1` : "/users?created=1");
  } catch (error) {
    if (error instanceof DuplicateEmailError)
      return data({ errors: { email: error.message }, values: { ...values, password: "" } }, { status: 400 });
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
            <PersonFields values={values} errors={errors} agencies={agencies} />
            <Input
              name="password"
              label="Temporary password"
              hint={`At least ${PASSWORD_MIN_LENGTH_RULE} characters, not a common password. Give it to the person securely, not by email.`}
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
