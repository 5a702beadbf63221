import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, InsetText } from "~/components/govuk";
import { PersonFields } from "~/components/person-fields";
import { listAgencies } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { getUser, updateUser } from "~/data/users.server";
import { UserEditSchema } from "~/domain/user";
import { errorSummaryItems, type FieldErrors, formValues, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * Changing a person's name, email, role or agency, with the rules of adding one. A change of
 * role or agency signs them out everywhere and tells them by email (updateUser).
 */

export const meta: MetaFunction = () => [{ title: pageTitle("Change a user's details") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const db = getDb();
  const user = await getUser(db, viewer, requireId(params.userId));
  if (!user) notFound();
  return {
    user,
    agencies: (await listAgencies(db, viewer, { activeOnly: true, alsoId: user.agencyId })).map((agency) => ({
      id: agency.id,
      name: agency.name,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const id = requireId(params.userId);
  const values = formValues(await readForm(request));
  const parsed = parseForm(UserEditSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const result = await updateUser(getDb(), viewer, id, parsed.data);
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ errors: { [result.field ?? "form"]: result.message } as FieldErrors, values }, { status: result.status });
  }
  return redirect(`/users/${id}?updated=1`);
}

export default function EditUser() {
  const { user, agencies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  useErrorTitle(Boolean(errors));
  const values: Record<string, string> = actionData?.values ?? {
    name: user.name,
    email: user.email,
    role: user.role,
    agencyId: user.agencyId === null ? "" : String(user.agencyId),
  };
  return (
    <>
      <BackLink href={`/users/${user.id}`}>Back to {user.name}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors ? <ErrorSummary errors={errorSummaryItems(errors, { role: "role" })} /> : null}
          <h1 className="govuk-heading-l">Change {user.name}&apos;s details</h1>
          <InsetText>Changing the role or agency signs {user.name} out everywhere, and we email them to say so.</InsetText>
          <Form method="post" noValidate>
            <PersonFields values={values} errors={errors} agencies={agencies} />
            <Button>Save changes</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
