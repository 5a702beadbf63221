import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import {
  BackLink,
  Button,
  CharacterCount,
  DateInput,
  ErrorSummary,
  NotificationBanner,
  Radios,
  Select,
  SummaryList,
  Table,
  Tag,
  WarningText,
} from "~/components/govuk";
import { ReturnStatusTag } from "~/components/status";
import { addLearning, closeConcern, getCaseAudit, raiseConcern } from "~/data/case-audits.server";
import { getDb } from "~/data/db.server";
import { CONCERN_STATUS_LABELS, ConcernInputSchema, LearningInputSchema, NO_NAMES_WARNING } from "~/domain/case-audit";
import { STATUS_LABELS } from "~/domain/actions";
import { isAgencyRole } from "~/domain/permissions";
import { errorSummaryItems, type FieldErrors, formValues, formatDate, parseForm, readDateInput, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * One case audit. QA and the business office see the cases with every agency's case return status, the
 * panel's progress, the immediate concerns and the learning; an agency sees its own case returns and (its
 * lead) the concerns raised with it, nothing of any other agency.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.audit.title ?? "Case audit") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  const audit = await getCaseAudit(getDb(), viewer, requireId(params.caseAuditId));
  if (!audit) notFound();
  const bands = audit.tool.definition.bands.map((band) => ({ code: band.code, label: band.label }));
  const { tool: _tool, ...rest } = audit;
  return { audit: rest, bands, agencyView: isAgencyRole(viewer.role), isQa: viewer.role === "qa" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa"]);
  const id = requireId(params.caseAuditId);
  const form = await readForm(request);
  const values = formValues(form);
  const db = getDb();
  const intent = values._intent;
  if (intent === "concern") {
    const errors: FieldErrors = {};
    const date = readDateInput(form, "respondBy", "date to respond by");
    if ("error" in date) errors.respondBy = date.error;
    const parsed = parseForm(ConcernInputSchema, { ...values, respondBy: "value" in date ? date.value : "0000-00-00" });
    if (!parsed.ok) for (const [field, message] of Object.entries(parsed.errors)) if (!(field in errors)) errors[field] = message;
    if (Object.keys(errors).length > 0 || !parsed.ok) return data({ form: "concern" as const, errors, values }, { status: 400 });
    const result = await raiseConcern(db, viewer, id, parsed.data);
    if (!result.ok)
      return data(
        { form: "concern" as const, errors: "errors" in result ? result.errors : { form: result.message }, values },
        { status: result.status === 422 ? 400 : result.status },
      );
    return redirect(`/case-audits/${id}?concern=raised#concerns`);
  }
  if (intent === "close") {
    const concernId = Number(values.concernId);
    if (!Number.isInteger(concernId) || concernId <= 0)
      return data({ form: "close" as const, errors: { form: "Choose a concern from the page" } as FieldErrors, values }, { status: 400 });
    const result = await closeConcern(db, viewer, concernId);
    if (!result.ok)
      return data(
        {
          form: "close" as const,
          errors: { form: "errors" in result ? Object.values(result.errors)[0] : result.message } as FieldErrors,
          values,
        },
        { status: result.status === 422 ? 400 : result.status },
      );
    return redirect(`/case-audits/${id}?concern=closed#concerns`);
  }
  if (intent === "learning") {
    const parsed = parseForm(LearningInputSchema, { kind: values.kind ?? "", text: values.text ?? "", agencyId: values.agencyId ?? "" });
    if (!parsed.ok) return data({ form: "learning" as const, errors: parsed.errors, values }, { status: 400 });
    const result = await addLearning(db, viewer, id, parsed.data);
    if (!result.ok)
      return data(
        { form: "learning" as const, errors: "errors" in result ? result.errors : { form: result.message }, values },
        { status: result.status === 422 ? 400 : result.status },
      );
    return redirect(`/case-audits/${id}?learning=added#learning`);
  }
  return data({ form: "none" as const, errors: { form: "Choose an action from the page" } as FieldErrors, values }, { status: 400 });
}

export default function CaseAuditPage() {
  const { audit, bands, agencyView, isQa } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors;
  const values: Record<string, string> = actionData?.values ?? {};
  useErrorTitle(Boolean(errors));
  const grade = (code: string | null) => (code === null ? "Not agreed yet" : (bands.find((band) => band.code === code)?.label ?? code));
  const errorFor = (form: string, field: string) => (actionData?.form === form ? errors?.[field] : undefined);
  return (
    <>
      <BackLink href="/case-audits">Back to case audits</BackLink>
      {errors ? (
        <ErrorSummary
          errors={errorSummaryItems(
            errors,
            actionData?.form === "learning"
              ? { agencyId: "learningAgencyId" }
              : { respondBy: "respondBy-day", caseId: "concernCaseId", agencyId: "concernAgencyId" },
          )}
        />
      ) : null}
      {params.has("created") ? (
        <NotificationBanner type="success" heading="Case audit set up and opened: each agency has a case return for each case" />
      ) : null}
      {params.get("concern") === "raised" ? (
        <NotificationBanner type="success" heading="Concern raised: the agency lead has been told" />
      ) : null}
      {params.get("concern") === "closed" ? <NotificationBanner type="success" heading="Concern closed" /> : null}
      {params.has("learning") ? <NotificationBanner type="success" heading="Learning recorded" /> : null}
      <span className="govuk-caption-l">Case audit</span>
      <h1 className="govuk-heading-l">{audit.title}</h1>
      <SummaryList
        rows={[
          { key: "Lines of enquiry", value: <span className="app-pre-line">{audit.linesOfEnquiry}</span> },
          ...(audit.standards.length > 0 ? [{ key: "Standards tested", value: audit.standards.join(", ") }] : []),
          { key: "Case returns due", value: formatDate(audit.dueOn) },
          { key: "Panel", value: formatDate(audit.panelOn) },
          ...(agencyView
            ? []
            : [
                {
                  key: "Panel members",
                  value: audit.members.map((member) => `${member.name}${member.isChair ? " (chair)" : ""}`).join(", "),
                },
              ]),
        ]}
      />
      {agencyView ? null : (
        <p className="govuk-body">
          <a className="govuk-link" href={`/case-audits/${audit.id}/report`}>
            Case audit report
          </a>
        </p>
      )}
      <h2 className="govuk-heading-m">Cases</h2>
      {audit.caseList.map((entry) => (
        <section key={entry.id} aria-labelledby={`case-${entry.id}`}>
          <h3 className="govuk-heading-s" id={`case-${entry.id}`}>
            Case {entry.reference}
          </h3>
          <div className="app-table-wrapper" role="region" aria-label={`Case returns for case ${entry.reference}`} tabIndex={0}>
            <Table
              caption={agencyView ? `Your agency's case return for case ${entry.reference}` : `Case returns for case ${entry.reference}`}
              captionSize="s"
              firstCellIsHeader
              head={[{ text: "Agency" }, { text: "Case return" }]}
              rows={entry.returns.map((ret) => [
                {
                  text:
                    agencyView || ret.status === "submitted" || ret.status === "validated" || ret.status === "returned" ? (
                      <a className="govuk-link" href={`/returns/${ret.returnId}`}>
                        {ret.agencyName}
                      </a>
                    ) : (
                      ret.agencyName
                    ),
                },
                { text: <ReturnStatusTag status={ret.status} /> },
              ])}
            />
          </div>
          {agencyView ? null : (
            <p className="govuk-body">
              Panel: {entry.submittedMembers} of {audit.members.length} members have graded. Agreed overall grade:{" "}
              {grade(entry.agreedOverall)}.{" "}
              <a className="govuk-link" href={`/case-audits/${audit.id}/cases/${entry.id}`}>
                Grade case {entry.reference}
              </a>
            </p>
          )}
        </section>
      ))}
      {agencyView && audit.concerns.length === 0 ? null : (
        <>
          <h2 className="govuk-heading-m" id="concerns">
            Immediate concerns
          </h2>
          {audit.concerns.length === 0 ? <p className="govuk-body">No immediate concerns have been raised.</p> : null}
          {audit.concerns.length > 0 ? (
            <div className="app-table-wrapper" role="region" aria-label="Immediate concerns" tabIndex={0}>
              <Table
                caption="Immediate concerns and their state"
                captionSize="s"
                firstCellIsHeader
                head={[{ text: "Case" }, { text: "Agency" }, { text: "Respond by" }, { text: "State" }, { text: "" }]}
                rows={audit.concerns.map((concern) => [
                  { text: concern.caseReference },
                  { text: concern.agencyName },
                  { text: formatDate(concern.respondBy) },
                  {
                    text: (
                      <Tag colour={concern.status === "closed" ? "green" : concern.status === "answered" ? "blue" : "orange"}>
                        {CONCERN_STATUS_LABELS[concern.status]}
                      </Tag>
                    ),
                  },
                  {
                    text: (
                      <>
                        <a className="govuk-link" href={`/case-audits/concerns/${concern.id}`}>
                          Read
                          <span className="govuk-visually-hidden">
                            {" "}
                            the concern about case {concern.caseReference} for {concern.agencyName}
                          </span>
                        </a>
                        {isQa && concern.status === "answered" ? (
                          <Form method="post" className="app-inline-form">
                            <input type="hidden" name="concernId" value={concern.id} />
                            <Button name="_intent" value="close" variant="secondary" className="govuk-!-margin-bottom-0">
                              Close
                              <span className="govuk-visually-hidden">
                                {" "}
                                the concern about case {concern.caseReference} for {concern.agencyName}
                              </span>
                            </Button>
                          </Form>
                        ) : null}
                      </>
                    ),
                  },
                ])}
              />
            </div>
          ) : null}
          {isQa && audit.viewerIsMember ? (
            <Form method="post" noValidate>
              <h3 className="govuk-heading-s">Raise an immediate concern</h3>
              <p className="govuk-body">
                For a child's safety now: the agency's lead is told at once and must respond by the date you set. It is chased every day it
                is late.
              </p>
              <Select
                id="concernCaseId"
                name="caseId"
                label="Case"
                error={errorFor("concern", "caseId")}
                defaultValue={values.caseId}
                items={[
                  { value: "", text: "Select the case" },
                  ...audit.caseList.map((entry) => ({ value: String(entry.id), text: entry.reference })),
                ]}
              />
              <Select
                id="concernAgencyId"
                name="agencyId"
                label="Agency"
                error={errorFor("concern", "agencyId")}
                defaultValue={values.agencyId}
                items={[
                  { value: "", text: "Select the agency" },
                  ...audit.agencyList.map((agency) => ({ value: String(agency.id), text: agency.name })),
                ]}
              />
              <WarningText>{NO_NAMES_WARNING}</WarningText>
              <CharacterCount
                name="concern"
                label="The concern"
                error={errorFor("concern", "concern")}
                defaultValue={actionData?.form === "concern" ? values.concern : undefined}
                maxLength={5000}
              />
              <DateInput
                name="respondBy"
                legend="Respond by"
                legendSize="s"
                hint="For example, 12 3 2026"
                error={errorFor("concern", "respondBy")}
                defaultValue={
                  actionData?.form === "concern"
                    ? { day: values["respondBy-day"], month: values["respondBy-month"], year: values["respondBy-year"] }
                    : undefined
                }
              />
              <Button name="_intent" value="concern" variant="warning">
                Raise concern
              </Button>
            </Form>
          ) : null}
        </>
      )}
      {agencyView ? null : (
        <>
          <h2 className="govuk-heading-m" id="learning">
            Learning
          </h2>
          {audit.learning.length === 0 ? <p className="govuk-body">No themes or recommendations yet.</p> : null}
          <ul className="govuk-list govuk-list--bullet">
            {audit.learning.map((entry) => (
              <li key={entry.id}>
                <strong>{entry.kind === "theme" ? "Theme" : `Recommendation for ${entry.agencyName ?? "the partnership"}`}:</strong>{" "}
                {entry.text}
                {entry.kind === "recommendation" && entry.actionId !== null ? (
                  <>
                    {" "}
                    <a className="govuk-link" href={`/actions/${entry.actionId}`}>
                      Action
                    </a>
                    {entry.action ? ` (${STATUS_LABELS[entry.action.status].toLowerCase()}, due ${formatDate(entry.action.dueOn)})` : null}
                  </>
                ) : null}
                {isQa && entry.kind === "recommendation" && entry.actionId === null ? (
                  <>
                    {" "}
                    <a className="govuk-link" href={`/case-audits/${audit.id}/recommendations/${entry.id}`}>
                      Make this an action<span className="govuk-visually-hidden"> for {entry.agencyName ?? "the partnership"}</span>
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          {isQa ? (
            <Form method="post" noValidate>
              <h3 className="govuk-heading-s">Add learning</h3>
              <Radios
                name="kind"
                legend="Theme or recommendation"
                legendSize="s"
                inline
                error={errorFor("learning", "kind")}
                defaultValue={actionData?.form === "learning" ? values.kind : undefined}
                items={[
                  { value: "theme", text: "Theme" },
                  { value: "recommendation", text: "Recommendation" },
                ]}
              />
              <CharacterCount
                name="text"
                label="What the panel learned or recommends"
                error={errorFor("learning", "text")}
                defaultValue={actionData?.form === "learning" ? values.text : undefined}
                hint={NO_NAMES_WARNING}
                maxLength={3000}
              />
              <Select
                id="learningAgencyId"
                name="agencyId"
                label="For which agency (recommendations only)"
                hint="Leave as the partnership for a recommendation to everyone."
                error={errorFor("learning", "agencyId")}
                defaultValue={actionData?.form === "learning" ? values.agencyId : ""}
                items={[
                  { value: "", text: "The partnership" },
                  ...audit.agencyList.map((agency) => ({ value: String(agency.id), text: agency.name })),
                ]}
              />
              <Button name="_intent" value="learning" variant="secondary">
                Add learning
              </Button>
            </Form>
          ) : null}
        </>
      )}
    </>
  );
}
