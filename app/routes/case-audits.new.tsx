import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import {
  BackLink,
  Button,
  CharacterCount,
  Checkboxes,
  DateInput,
  ErrorSummary,
  Input,
  Select,
  Textarea,
  WarningText,
} from "~/components/govuk";
import { listAgencies } from "~/data/agencies.server";
import { createCaseAudit, listCaseAuditTools, listPanelCandidates } from "~/data/case-audits.server";
import { getDb } from "~/data/db.server";
import { CaseAuditInputSchema, NO_NAMES_WARNING, domainMapOf } from "~/domain/case-audit";
import {
  dateErrorTargets,
  type DateField,
  errorSummaryItems,
  formValues,
  parseForm,
  postedDateParts,
  readDateInputs,
  readForm,
} from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * Set up a case audit (DESIGN §12): the theme, lines of enquiry, the standards it tests, dates, the agencies
 * taking part, the cases (partnership references only) and the panel with its chair. Saving opens it: each
 * agency gets a case return for each case.
 */

export const meta: MetaFunction = () => [{ title: pageTitle("Set up a case audit") }];

const DATE_FIELDS: readonly (DateField & { legend: string; hint?: string })[] = [
  { name: "opensOn", label: "date the audit opens", legend: "Date the audit opens", hint: "For example, 5 1 2026" },
  { name: "dueOn", label: "date case returns are due", legend: "Date case returns are due" },
  { name: "panelOn", label: "date of the panel", legend: "Date of the panel" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "admin"]);
  const db = getDb();
  const tools = await listCaseAuditTools(db);
  const agencies = (await listAgencies(db, viewer))
    .filter((agency) => !agency.deactivatedAt)
    .map((agency) => ({ id: agency.id, name: agency.name }));
  const standards = tools.flatMap((tool) =>
    Object.keys(typeof tool.definition.assures === "object" ? tool.definition.assures : {}).flatMap((code) =>
      [...new Set(Object.values(domainMapOf(tool.definition, code)).flat())].map((standard) => ({ value: standard, text: standard })),
    ),
  );
  return {
    tools: tools.map((tool) => ({ id: tool.id, title: `${tool.title} (${tool.code}@${tool.version})` })),
    agencies,
    members: await listPanelCandidates(db),
    standards: [...new Map(standards.map((standard) => [standard.value, standard])).values()].sort((a, b) =>
      a.value.localeCompare(b.value, "en", { numeric: true }),
    ),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "admin"]);
  const form = await readForm(request);
  const values = formValues(form);
  const lists = {
    agencyIds: form.getAll("agencyIds").map(String),
    memberIds: form.getAll("memberIds").map(String),
    standards: form.getAll("standards").map(String),
  };
  const { dates, errors } = readDateInputs(form, DATE_FIELDS);
  const parsed = parseForm(CaseAuditInputSchema, {
    ...values,
    ...lists,
    opensOn: dates.opensOn ?? "0000-00-00",
    dueOn: dates.dueOn ?? "0000-00-00",
    panelOn: dates.panelOn ?? "9999-12-31",
  });
  if (!parsed.ok) for (const [field, message] of Object.entries(parsed.errors)) if (!(field in errors)) errors[field] = message;
  const toolId = Number(values.toolId);
  if (!/^[1-9]\d{0,8}$/.test(values.toolId ?? "")) errors.toolId = "Select the case audit tool";
  if (Object.keys(errors).length > 0 || !parsed.ok) return data({ errors, values, lists }, { status: 400 });
  const result = await createCaseAudit(getDb(), viewer, { ...parsed.data, toolId });
  if (!result.ok)
    return data(
      { errors: "errors" in result ? result.errors : { form: result.message }, values, lists },
      { status: result.status === 422 ? 400 : result.status },
    );
  return redirect(`/case-audits/${result.id}?created=1`);
}

export default function NewCaseAudit() {
  const { tools, agencies, members, standards } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values: Record<string, string> = actionData?.values ?? {};
  useErrorTitle(Boolean(errors));
  return (
    <>
      <BackLink href="/case-audits">Back to case audits</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors ? <ErrorSummary errors={errorSummaryItems(errors, dateErrorTargets(DATE_FIELDS))} /> : null}
          <span className="govuk-caption-l">Case audits</span>
          <h1 className="govuk-heading-l">Set up a case audit</h1>
          <p className="govuk-body">
            Each agency taking part audits its own records of each case, then the panel grades the cases. Saving opens the audit: every
            agency gets a case return for each case and is told by email.
          </p>
          {tools.length === 0 ? (
            <p className="govuk-body">
              There is no published case audit tool yet. The business office imports one (a tool of kind case_audit) on the tools page.
            </p>
          ) : (
            <Form method="post" noValidate>
              <Select
                name="toolId"
                label="Case audit tool"
                labelSize="m"
                error={errors?.toolId}
                defaultValue={values.toolId ?? (tools.length === 1 ? String(tools[0].id) : "")}
                items={[{ value: "", text: "Select a tool" }, ...tools.map((tool) => ({ value: String(tool.id), text: tool.title }))]}
              />
              <Input
                name="title"
                label="Theme"
                labelSize="m"
                hint="For example, Neglect: recognition and response (spring 2026)"
                defaultValue={values.title}
                error={errors?.title}
              />
              <CharacterCount
                name="linesOfEnquiry"
                label="Lines of enquiry"
                labelSize="m"
                hint="The questions the audit will answer, one a line."
                defaultValue={values.linesOfEnquiry}
                error={errors?.linesOfEnquiry}
                maxLength={5000}
              />
              {standards.length > 0 ? (
                <Checkboxes
                  name="standards"
                  legend="Which standards does it test?"
                  legendSize="m"
                  hint="The standards of the self-assessment the audit's domains map to. Select all that apply."
                  defaultValue={actionData?.lists.standards ?? []}
                  error={errors?.standards}
                  small
                  items={standards}
                />
              ) : null}
              {DATE_FIELDS.map((field) => (
                <DateInput
                  key={field.name}
                  name={field.name}
                  legend={field.legend}
                  legendSize="s"
                  hint={field.hint}
                  defaultValue={postedDateParts(values, field.name)}
                  error={errors?.[field.name]}
                />
              ))}
              <Checkboxes
                name="agencyIds"
                legend="Agencies taking part"
                legendSize="m"
                hint="Select all that apply."
                defaultValue={actionData?.lists.agencyIds ?? []}
                error={errors?.agencyIds}
                items={agencies.map((agency) => ({ value: String(agency.id), text: agency.name }))}
              />
              <WarningText>{NO_NAMES_WARNING}</WarningText>
              <Textarea
                name="cases"
                label="Cases"
                labelSize="m"
                hint="The partnership's reference for each case, one a line, for example 2026-T1-C3. Never a name, a date of birth or an NHS number."
                rows={4}
                defaultValue={values.cases}
                error={errors?.cases}
              />
              <Checkboxes
                name="memberIds"
                legend="Panel members"
                legendSize="m"
                hint="QA subgroup members who grade the cases. Select at least two."
                defaultValue={actionData?.lists.memberIds ?? []}
                error={errors?.memberIds}
                items={members.map((member) => ({ value: String(member.id), text: member.name }))}
              />
              <Select
                name="chairId"
                label="Panel chair"
                labelSize="m"
                hint="One of the panel members: they record the agreed grades."
                defaultValue={values.chairId}
                error={errors?.chairId}
                items={[
                  { value: "", text: "Select the chair" },
                  ...members.map((member) => ({ value: String(member.id), text: member.name })),
                ]}
              />
              <Button>Set up and open the audit</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}
