import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, DateInput, ErrorSummary, Radios, Table } from "~/components/govuk";
import { getCycle } from "~/data/cycles.server";
import { getDb } from "~/data/db.server";
import { listCycleSurveys, listPractitionerTools, openPractitionerSurvey } from "~/data/practitioner.server";
import { dateParts, errorSummaryItems, formatDate, readDateInput, readForm, type FieldErrors } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/** The practitioner surveys of a cycle (DESIGN §11): QA or the business office opens one with its dates. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Practitioner survey: ${data.cycle.title}` : "Practitioner survey") },
];

const STATE_TEXT = { open: "Open", not_yet: "Not open yet", closed: "Closed" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "admin"]);
  const db = getDb();
  const cycle = await getCycle(db, viewer, requireId(params.cycleId));
  if (!cycle) notFound();
  const tools = await listPractitionerTools(db, cycle.toolCode);
  return {
    cycle: { id: cycle.id, title: cycle.title, status: cycle.status, toolTitle: cycle.toolTitle },
    surveys: await listCycleSurveys(db, viewer, cycle.id),
    tools: tools.map((tool) => ({
      id: tool.id,
      text: `${tool.title} (version ${tool.version})`,
      standards: tool.definition.standards.length,
      items: Object.keys(tool.definition.items).length,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "admin"]);
  const db = getDb();
  const cycle = await getCycle(db, viewer, requireId(params.cycleId));
  if (!cycle) notFound();
  const form = await readForm(request);
  const errors: FieldErrors = {};
  const tools = await listPractitionerTools(db, cycle.toolCode);
  const toolId = Number(form.get("toolId"));
  if (!tools.some((tool) => tool.id === toolId)) errors.toolId = "Select the practitioner survey to use";
  const opens = readDateInput(form, "opensOn", "opening date");
  if ("error" in opens) errors.opensOn = opens.error;
  const closes = readDateInput(form, "closesOn", "closing date");
  if ("error" in closes) errors.closesOn = closes.error;
  const values = {
    toolId: String(form.get("toolId") ?? ""),
    opensOn: "value" in opens ? opens.value : null,
    closesOn: "value" in closes ? closes.value : null,
  };
  if (!errors.closesOn && !errors.opensOn && values.closesOn! < values.opensOn!)
    errors.closesOn = "The closing date must be on or after the opening date";
  if (Object.keys(errors).length > 0) return data({ errors, values }, { status: 400 });
  const result = await openPractitionerSurvey(db, viewer.id, {
    cycleId: cycle.id,
    toolId,
    opensOn: values.opensOn!,
    closesOn: values.closesOn!,
  });
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ errors: { form: result.message } as FieldErrors, values }, { status: result.status });
  }
  return redirect(`/practitioner-surveys/${result.id}?opened=1`);
}

export default function CyclePractitionerSurveys() {
  const { cycle, surveys, tools } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  useErrorTitle(Boolean(errors));
  return (
    <>
      <BackLink href={`/cycles/${cycle.id}`}>Back to the cycle</BackLink>
      {errors ? (
        <ErrorSummary errors={errorSummaryItems(errors, { toolId: "toolId", opensOn: "opensOn-day", closesOn: "closesOn-day" })} />
      ) : null}
      <span className="govuk-caption-l">{cycle.title}</span>
      <h1 className="govuk-heading-l">Practitioner survey</h1>
      <p className="govuk-body">
        An anonymous survey of each agency's own staff, its statements paired with the standards of {cycle.toolTitle}, so staff experience
        can be read beside each self rating. Each agency gets one link for its lead to share. Results show once a survey has closed, and
        never for groups of fewer than the minimum size.
      </p>
      {surveys.length > 0 ? (
        <div className="app-table-wrapper" role="region" aria-label="Surveys of this cycle" tabIndex={0}>
          <Table
            caption="Surveys of this cycle"
            captionSize="m"
            firstCellIsHeader
            head={[{ text: "Survey" }, { text: "Opens" }, { text: "Closes" }, { text: "State" }, { text: "Responses", format: "numeric" }]}
            rows={surveys.map((survey) => [
              {
                text: (
                  <a
                    className="govuk-link"
                    href={`/practitioner-surveys/${survey.id}`}
                  >{`${survey.tool.title} (version ${survey.tool.version})`}</a>
                ),
              },
              { text: formatDate(survey.opensOn) },
              { text: formatDate(survey.closesOn) },
              { text: STATE_TEXT[survey.state] },
              { text: String(survey.responses), format: "numeric" },
            ])}
          />
        </div>
      ) : (
        <p className="govuk-body">No practitioner survey has been opened on this cycle yet.</p>
      )}
      {cycle.status === "draft" ? (
        <p className="govuk-body">Open the cycle first: each agency's link comes from its return.</p>
      ) : tools.length === 0 ? (
        <p className="govuk-body">
          There is no published practitioner survey for this cycle's tool. Import one (a tool of kind practitioner that assures it) on the
          tools page.
        </p>
      ) : (
        <Form method="post" noValidate>
          <h2 className="govuk-heading-m">Open a practitioner survey</h2>
          <Radios
            name="toolId"
            idPrefix="toolId"
            legend="Which survey?"
            legendSize="s"
            error={errors?.toolId}
            defaultValue={actionData?.values.toolId ?? (tools.length === 1 ? String(tools[0].id) : undefined)}
            items={tools.map((tool) => ({
              value: String(tool.id),
              text: tool.text,
              hint: `${tool.items} statements on ${tool.standards} standards`,
            }))}
          />
          <DateInput
            name="opensOn"
            legend="Opening date"
            hint="For example, 1 3 2027"
            defaultValue={dateParts(actionData?.values.opensOn)}
            error={errors?.opensOn}
          />
          <DateInput
            name="closesOn"
            legend="Closing date"
            hint="The last day answers are taken."
            defaultValue={dateParts(actionData?.values.closesOn)}
            error={errors?.closesOn}
          />
          <Button>Open the survey</Button>
        </Form>
      )}
    </>
  );
}
