import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, Checkboxes, DateInput, ErrorSummary, Input, Radios, Select } from "~/components/govuk";
import { DuplicateCycleTitleError, createCycle } from "~/data/cycles.server";
import { getDb } from "~/data/db.server";
import { getTool, listTools } from "~/data/tools.server";
import { SECTOR_LABELS } from "~/domain/agency";
import { CycleInputSchema } from "~/domain/cycle";
import { SECTORS } from "~/domain/tool-schema";
import {
  dateErrorTargets,
  errorSummaryItems,
  type FieldErrors,
  formValues,
  parseForm,
  postedDateParts,
  readDateInputs,
  readForm,
} from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Create a cycle") }];

const DATE_FIELDS = [
  { name: "opensOn", label: "opening date", legend: "Opening date", hint: "For example, 1 3 2027" },
  { name: "dueOn", label: "due date", legend: "Due date", hint: "Returns submitted after this date are marked late." },
  {
    name: "finalDeadlineOn",
    label: "final deadline",
    required: false,
    legend: "Final deadline (optional)",
    hint: "After this date, returns not submitted are missing.",
  },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  // A practitioner survey runs beside a cycle of the tool it assures, and a case audit tool runs inside a
  // case audit (one cycle per case, decision 020): neither is a cycle of its own.
  const tools = (await listTools(getDb(), { publishedOnly: true })).filter(
    (tool) => tool.kind !== "practitioner" && tool.kind !== "case_audit",
  );
  return { tools: tools.map((tool) => ({ id: tool.id, label: `${tool.title} (${tool.code}, version ${tool.version})` })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const form = await readForm(request);
  const values = formValues(form);
  const sectors = form.getAll("sectors").map(String);
  const { dates, errors } = readDateInputs(form, DATE_FIELDS);
  const parsed = parseForm(CycleInputSchema, {
    toolId: values.toolId || undefined,
    title: values.title ?? "",
    opensOn: dates.opensOn ?? "0000-00-00",
    dueOn: dates.dueOn ?? "0000-00-00",
    finalDeadlineOn: dates.finalDeadlineOn ?? null,
    scope: values.scope,
    sectors,
  });
  if (!parsed.ok) for (const [field, message] of Object.entries(parsed.errors)) if (!(field in errors)) errors[field] = message;
  // Date-order messages only make sense once every date is a real date.
  if (Object.keys(errors).length > 0 || !parsed.ok) return data({ errors: orderErrors(errors), values, sectors }, { status: 400 });
  const db = getDb();
  // Only published versions can run in a cycle (a draft may still change).
  const chosenTool = await getTool(db, parsed.data.toolId);
  if (chosenTool?.status !== "published" || chosenTool.kind === "practitioner" || chosenTool.kind === "case_audit")
    return data({ errors: { toolId: "Select the audit tool" }, values, sectors }, { status: 400 });
  const { scope, sectors: chosen, ...cycle } = parsed.data;
  try {
    const id = await createCycle(db, viewer.id, { ...cycle, selection: scope === "all" ? { all: true } : { sectors: chosen } });
    return redirect(`/cycles/${id}?created=1`);
  } catch (error) {
    if (error instanceof DuplicateCycleTitleError)
      return data({ errors: { title: error.message } as FieldErrors, values, sectors }, { status: 400 });
    throw error;
  }
}

const ORDER = ["toolId", "title", "opensOn", "dueOn", "finalDeadlineOn", "scope", "sectors"];
function orderErrors(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b)));
}

export default function NewCycle() {
  const { tools } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  const values: Record<string, string> = actionData?.values ?? {};
  useErrorTitle(Boolean(errors));
  return (
    <>
      <BackLink href="/cycles">Back to cycles</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors ? <ErrorSummary errors={errorSummaryItems(errors, dateErrorTargets(DATE_FIELDS))} /> : null}
          <h1 className="govuk-heading-l">Create a cycle</h1>
          <Form method="post" noValidate>
            <Select
              name="toolId"
              label="Audit tool"
              defaultValue={values.toolId ?? ""}
              error={errors?.toolId}
              items={[{ value: "", text: "Select a tool" }, ...tools.map((tool) => ({ value: String(tool.id), text: tool.label }))]}
            />
            <Input name="title" label="Title" hint="For example, Section 11 audit 2026" defaultValue={values.title} error={errors?.title} />
            {DATE_FIELDS.map((field) => (
              <DateInput
                key={field.name}
                name={field.name}
                legend={field.legend}
                hint={field.hint}
                defaultValue={postedDateParts(values, field.name)}
                error={errors?.[field.name]}
              />
            ))}
            <Radios
              name="scope"
              legend="Which agencies take part?"
              legendSize="m"
              defaultValue={values.scope}
              error={errors?.scope}
              items={[
                { value: "all", text: "All agencies" },
                {
                  value: "sectors",
                  text: "Agencies in chosen sectors",
                  conditional: (
                    <Checkboxes
                      name="sectors"
                      legend="Sectors"
                      small
                      defaultValue={actionData?.sectors ?? []}
                      error={errors?.sectors}
                      items={SECTORS.map((sector) => ({ value: sector, text: SECTOR_LABELS[sector] }))}
                    />
                  ),
                },
              ]}
            />
            <p className="govuk-body">The cycle is saved as a draft. Returns are created for the agencies when you open it.</p>
            <Button>Create cycle</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
