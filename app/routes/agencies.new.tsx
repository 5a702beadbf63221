import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { AgencyForm } from "~/components/agency-form";
import { BackLink, ErrorSummary } from "~/components/govuk";
import { DuplicateAgencyError, createAgency } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { AgencyInputSchema } from "~/domain/agency";
import { errorSummaryItems, formValues, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Add an agency") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const values = formValues(await readForm(request));
  const parsed = parseForm(AgencyInputSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  try {
    const agency = await createAgency(getDb(), viewer.id, parsed.data);
    return redirect(`/agencies/${agency.id}?created=1`);
  } catch (error) {
    if (error instanceof DuplicateAgencyError) return data({ errors: { name: error.message }, values }, { status: 400 });
    throw error;
  }
}

export default function NewAgency() {
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.errors));
  return (
    <>
      <BackLink href="/agencies">Back to agencies</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {actionData?.errors ? <ErrorSummary errors={errorSummaryItems(actionData.errors)} /> : null}
          <h1 className="govuk-heading-l">Add an agency</h1>
          <AgencyForm values={actionData?.values ?? {}} errors={actionData?.errors} submitLabel="Add agency" />
        </div>
      </div>
    </>
  );
}
