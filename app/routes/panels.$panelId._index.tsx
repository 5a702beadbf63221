import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, NotificationBanner, Radios, SummaryList, Tag, Textarea } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { completePanel, getPanel, recordPanelAgency } from "~/data/panels.server";
import { PANEL_STATUS_LABELS, PanelRecordSchema, canManagePanels } from "~/domain/panels";
import { errorSummaryItems, type FieldErrors, formatDate, formatDateTime, formValues, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/** One challenge panel: per agency, who attended, notes and outcome (saved agency by agency), and the letters. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Challenge panel, ${formatDate(data.panel.heldOn)}` : "Challenge panel") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "admin"]);
  const panel = await getPanel(getDb(), viewer, requireId(params.panelId));
  if (!panel) notFound();
  return { panel, canEdit: canManagePanels(viewer) && panel.status === "scheduled", isQa: viewer.role === "qa" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa"]);
  const panelId = requireId(params.panelId);
  const form = await readForm(request);
  const values = formValues(form);
  const db = getDb();
  if (values._intent === "complete") {
    const result = await completePanel(db, viewer, panelId);
    if (!result.ok)
      return result.status === 404
        ? notFound()
        : data(
            {
              agencyId: null,
              errors: { form: "message" in result ? result.message : "The panel could not be completed" } as FieldErrors,
              values,
            },
            { status: result.status },
          );
    return redirect(`/panels/${panelId}?completed=1`);
  }
  if (values._intent !== "record" || !/^\d{1,9}$/.test(values.agencyId ?? ""))
    return data({ agencyId: null, errors: { form: "Choose an agency from the page" } as FieldErrors, values }, { status: 400 });
  const agencyId = Number(values.agencyId);
  const parsed = parseForm(PanelRecordSchema, {
    attended: values.attended,
    attendees: values.attendees ?? "",
    notes: values.notes ?? "",
    outcome: values.outcome ?? "",
  });
  if (!parsed.ok) return data({ agencyId, errors: parsed.errors, values }, { status: 400 });
  const result = await recordPanelAgency(db, viewer, panelId, agencyId, parsed.data);
  if (!result.ok)
    return result.status === 404
      ? notFound()
      : data(
          { agencyId, errors: { form: "message" in result ? result.message : "The record could not be saved" } as FieldErrors, values },
          { status: result.status },
        );
  return redirect(`/panels/${panelId}?saved=${agencyId}#agency-${agencyId}`);
}

export default function PanelPage() {
  const { panel, canEdit, isQa } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors;
  useErrorTitle(Boolean(errors));
  const failed = actionData?.agencyId ?? null;
  const ids: Record<string, string> =
    failed === null
      ? {}
      : { attended: `attended-${failed}`, attendees: `attendees-${failed}`, notes: `notes-${failed}`, outcome: `outcome-${failed}` };
  const saved = panel.agencies.find((agency) => String(agency.agencyId) === params.get("saved"));
  return (
    <>
      <BackLink href="/panels">Back to challenge panels</BackLink>
      {errors ? <ErrorSummary errors={errorSummaryItems(errors, ids)} /> : null}
      {!errors && params.has("created") ? <NotificationBanner type="success" heading="Panel scheduled" /> : null}
      {!errors && saved ? <NotificationBanner type="success" heading={`Record saved for ${saved.agencyName}`} /> : null}
      {!errors && params.has("completed") ? (
        <NotificationBanner type="success" heading="Panel complete: each agency can now read its feedback letter" />
      ) : null}
      <span className="govuk-caption-l">{panel.cycleTitle}</span>
      <h1 className="govuk-heading-l">Challenge panel, {formatDate(panel.heldOn)}</h1>
      <SummaryList
        rows={[
          { key: "Date and time", value: `${formatDate(panel.heldOn)} at ${panel.startsAt}` },
          { key: "Location", value: panel.location },
          { key: "Status", value: <Tag colour={panel.status === "complete" ? "green" : "blue"}>{PANEL_STATUS_LABELS[panel.status]}</Tag> },
          { key: "Scheduled by", value: panel.createdBy },
          ...(panel.completedAt ? [{ key: "Completed", value: formatDateTime(panel.completedAt) }] : []),
        ]}
      />
      {panel.agencies.map((agency) => {
        const mine = failed === agency.agencyId;
        const shown = (field: "attendees" | "notes" | "outcome") => (mine ? actionData?.values[field] : (agency[field] ?? undefined));
        const attended = mine ? actionData?.values.attended : agency.attended === null ? undefined : agency.attended ? "yes" : "no";
        return (
          <section
            key={agency.agencyId}
            id={`agency-${agency.agencyId}`}
            className="app-panel-agency"
            aria-labelledby={`agency-${agency.agencyId}-heading`}
          >
            <h2 className="govuk-heading-m" id={`agency-${agency.agencyId}-heading`}>
              {agency.agencyName}
            </h2>
            <p className="govuk-body">
              {isQa ? (
                <>
                  <a className="govuk-link" href={`/returns/${agency.returnId}/review`}>
                    Review the return<span className="govuk-visually-hidden"> of {agency.agencyName}</span>
                  </a>
                  {" · "}
                </>
              ) : null}
              <a className="govuk-link" href={`/panels/${panel.id}/letters/${agency.agencyId}`}>
                Feedback letter<span className="govuk-visually-hidden"> for {agency.agencyName}</span>
              </a>
              {" · "}
              <a className="govuk-link" href={`/panels/${panel.id}/letters/${agency.agencyId}/letter.docx`} download>
                Download the letter as Word<span className="govuk-visually-hidden"> for {agency.agencyName}</span>
              </a>
            </p>
            {canEdit ? (
              <Form method="post" noValidate action={`/panels/${panel.id}`}>
                <input type="hidden" name="agencyId" value={agency.agencyId} />
                <Radios
                  name="attended"
                  idPrefix={`attended-${agency.agencyId}`}
                  legend="Did the agency attend?"
                  legendSize="s"
                  inline={false}
                  defaultValue={attended}
                  error={mine ? errors?.attended : undefined}
                  items={[
                    {
                      value: "yes",
                      text: "Yes",
                      conditional: (
                        <Textarea
                          id={`attendees-${agency.agencyId}`}
                          name="attendees"
                          label="Who attended"
                          hint="Names and roles"
                          rows={2}
                          defaultValue={shown("attendees")}
                          error={mine ? errors?.attendees : undefined}
                        />
                      ),
                    },
                    { value: "no", text: "No" },
                  ]}
                />
                <Textarea
                  id={`notes-${agency.agencyId}`}
                  name="notes"
                  label="Notes"
                  labelSize="s"
                  hint="For the QA subgroup's record; the notes are printed in the agency's letter."
                  defaultValue={shown("notes")}
                  error={mine ? errors?.notes : undefined}
                />
                <Textarea
                  id={`outcome-${agency.agencyId}`}
                  name="outcome"
                  label="Outcome"
                  labelSize="s"
                  hint="What the panel concluded for this agency."
                  defaultValue={shown("outcome")}
                  error={mine ? errors?.outcome : undefined}
                />
                <Button name="_intent" value="record" variant="secondary">
                  Save<span className="govuk-visually-hidden"> the record for {agency.agencyName}</span>
                </Button>
              </Form>
            ) : (
              <SummaryList
                rows={[
                  {
                    key: "Attended",
                    value: agency.attended === null ? "Not recorded" : agency.attended ? `Yes: ${agency.attendees ?? ""}` : "No",
                  },
                  { key: "Notes", value: <span className="app-answer">{agency.notes ?? "None"}</span> },
                  { key: "Outcome", value: <span className="app-answer">{agency.outcome ?? "None"}</span> },
                ]}
              />
            )}
          </section>
        );
      })}
      {canEdit ? (
        <Form method="post" action={`/panels/${panel.id}`}>
          <h2 className="govuk-heading-m">Complete the panel</h2>
          <p className="govuk-body">
            Once every agency's attendance is recorded, mark the panel complete. The records are then fixed and each agency can read its
            feedback letter.
          </p>
          <Button name="_intent" value="complete">
            Mark panel complete
          </Button>
        </Form>
      ) : null}
    </>
  );
}
