import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, Checkboxes, DateInput, ErrorSummary, Input, Select } from "~/components/govuk";
import { getCycle, listCycles } from "~/data/cycles.server";
import { getDb } from "~/data/db.server";
import { createPanel, listPanelCandidates } from "~/data/panels.server";
import { PanelInputSchema } from "~/domain/panels";
import { errorSummaryItems, type FieldErrors, formValues, parseForm, readDateInput, readForm, postedDateParts } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * Schedule a challenge panel. Two steps, so it works without JavaScript: choose the cycle (a GET
 * form), then the date, time, location and the agencies, chosen from the cycle's submitted returns.
 */

export const meta: MetaFunction = () => [{ title: pageTitle("Schedule a challenge panel") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["qa"]);
  const db = getDb();
  const cycleParam = new URL(request.url).searchParams.get("cycle");
  const cycles = (await listCycles(db, viewer))
    .filter((cycle) => cycle.status !== "draft" && cycle.caseAuditId === null)
    .map((cycle) => ({ id: cycle.id, title: cycle.title }));
  const cycle = cycleParam && /^\d{1,9}$/.test(cycleParam) ? await getCycle(db, viewer, Number(cycleParam)) : null;
  if (!cycle || cycle.status === "draft")
    return { cycles, cycle: null, candidates: [], cycleError: cycleParam !== null ? "Select a cycle" : null };
  return {
    cycles,
    cycle: { id: cycle.id, title: cycle.title },
    candidates: await listPanelCandidates(db, viewer, cycle.id),
    cycleError: null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa"]);
  const form = await readForm(request);
  const values = formValues(form);
  const agencyIds = form.getAll("agencyIds").map(String);
  const cycleId = Number(values.cycleId);
  const errors: FieldErrors = {};
  const date = readDateInput(form, "heldOn", "date of the panel");
  if ("error" in date) errors.heldOn = date.error;
  const parsed = parseForm(PanelInputSchema, {
    heldOn: "value" in date ? date.value : "0000-00-00",
    startsAt: values.startsAt ?? "",
    location: values.location ?? "",
    agencyIds,
  });
  if (!parsed.ok) for (const [field, message] of Object.entries(parsed.errors)) if (!(field in errors)) errors[field] = message;
  // The cycle comes from the page's first step: without a real one there is nothing on this step to fix.
  if (!/^[1-9]\d{0,9}$/.test(values.cycleId ?? "")) errors.form ??= "Select a cycle that has opened";
  if (Object.keys(errors).length > 0 || !parsed.ok || !Number.isInteger(cycleId))
    return data({ errors: errors as FieldErrors, values, agencyIds }, { status: 400 });
  const result = await createPanel(getDb(), viewer, cycleId, parsed.data);
  if (!result.ok) {
    // A cycle that cannot have a panel has no field on this step to fix it: say so at the top.
    const problems: FieldErrors =
      "errors" in result
        ? Object.fromEntries(Object.entries(result.errors).map(([field, message]) => [field === "cycleId" ? "form" : field, message]))
        : { form: result.message };
    return data({ errors: problems, values, agencyIds }, { status: result.status === 404 ? 400 : result.status });
  }
  return redirect(`/panels/${result.id}?created=1`);
}

export default function NewPanel() {
  const { cycles, cycle, candidates, cycleError } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values: Record<string, string> = actionData?.values ?? {};
  useErrorTitle(Boolean(errors) || Boolean(cycleError));
  return (
    <>
      <BackLink href={cycle ? "/panels/new" : "/panels"}>{cycle ? "Choose another cycle" : "Back to challenge panels"}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors ? <ErrorSummary errors={errorSummaryItems(errors, { heldOn: "heldOn-day", agencyIds: "agencyIds" })} /> : null}
          {cycleError ? <ErrorSummary errors={[{ href: "#cycle", text: cycleError }]} /> : null}
          <span className="govuk-caption-l">Challenge panels</span>
          <h1 className="govuk-heading-l">Schedule a panel</h1>
          {!cycle ? (
            <Form method="get" noValidate>
              <Select
                name="cycle"
                label="Which cycle's returns will the panel test?"
                labelSize="m"
                error={cycleError ?? undefined}
                items={[{ value: "", text: "Select a cycle" }, ...cycles.map((entry) => ({ value: String(entry.id), text: entry.title }))]}
              />
              <Button>Continue</Button>
            </Form>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="cycleId" value={cycle.id} />
              <p className="govuk-body">
                Cycle: <strong>{cycle.title}</strong>
              </p>
              <DateInput
                name="heldOn"
                legend="Date of the panel"
                legendSize="m"
                hint="For example, 3 3 2027"
                defaultValue={postedDateParts(values, "heldOn")}
                error={errors?.heldOn}
              />
              <Input
                name="startsAt"
                label="Start time"
                labelSize="m"
                hint="Use the 24-hour clock, for example 14:30"
                width={5}
                defaultValue={values.startsAt}
                error={errors?.startsAt}
              />
              <Input
                name="location"
                label="Location"
                labelSize="m"
                hint="A room and building, an address or an online meeting"
                defaultValue={values.location}
                error={errors?.location}
              />
              {candidates.length === 0 ? (
                <p className="govuk-body">No agency has submitted its return in this cycle yet, so there is no one to invite.</p>
              ) : (
                <Checkboxes
                  name="agencyIds"
                  legend="Which agencies will the panel meet?"
                  legendSize="m"
                  hint="Agencies whose returns have been submitted. Select all that apply."
                  defaultValue={actionData?.agencyIds ?? []}
                  error={errors?.agencyIds}
                  items={candidates.map((candidate) => ({ value: String(candidate.agencyId), text: candidate.agencyName }))}
                />
              )}
              <Button>Schedule panel</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}
