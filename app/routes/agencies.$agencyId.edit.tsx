import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { AgencyForm } from "~/components/agency-form";
import { BackLink, ErrorSummary } from "~/components/govuk";
import { DuplicateAgencyError, getAgency, updateAgency } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { AgencyInputSchema } from "~/domain/agency";
import { errorSummaryItems, formValues, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Change agency details") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const agency = await getAgency(getDb(), viewer, requireId(params.agencyId));
  if (!agency) notFound();
  return { agency };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const id = requireId(params.agencyId);
  const values = formValues(await readForm(request));
  const parsed = parseForm(AgencyInputSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  try {
    const agency = await updateAgency(getDb(), viewer.id, id, parsed.data);
    if (!agency) notFound();
    return redirect(`/agencies/${id}?updated=1`);
  } catch (error) {
    if (error instanceof DuplicateAgencyError) return data({ errors: { name: error.message }, values }, { status: 400 });
    throw error;
  }
}

export default function EditAgency() {
  const { agency } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.errors));
  const values = actionData?.values ?? { name: agency.name, sector: agency.sector, contactEmail: agency.contactEmail ?? "" };
  return (
    <>
      <BackLink href={`/agencies/${agency.id}`}>Back to {agency.name}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {actionData?.errors ? <ErrorSummary errors={errorSummaryItems(actionData.errors)} /> : null}
          <h1 className="govuk-heading-l">Change agency details</h1>
          <AgencyForm values={values} errors={actionData?.errors} submitLabel="Save changes" />
        </div>
      </div>
    </>
  );
}
