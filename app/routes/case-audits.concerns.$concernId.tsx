import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, CharacterCount, ErrorSummary, NotificationBanner, SummaryList, Tag, WarningText } from "~/components/govuk";
import { answerConcern, getConcern } from "~/data/case-audits.server";
import { getDb } from "~/data/db.server";
import { CONCERN_STATUS_LABELS, ConcernResponseSchema, NO_NAMES_WARNING } from "~/domain/case-audit";
import { errorSummaryItems, type FieldErrors, formatDate, formatDateTime, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * An immediate concern from a case audit panel: the agency lead reads it and records the agency's response
 * (QA then closes it on the case audit's page). QA and the business office read every concern; an agency
 * lead only those raised with their agency.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Immediate concern: case ${data.concern.caseReference}` : "Immediate concern") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "admin", "agency_lead"]);
  const concern = await getConcern(getDb(), viewer, requireId(params.concernId));
  if (!concern) notFound();
  return { concern, canAnswer: viewer.role === "agency_lead" && concern.status === "open" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["agency_lead"]);
  const id = requireId(params.concernId);
  // Another agency's concern is not found, whatever the form holds.
  if (!(await getConcern(getDb(), viewer, id))) notFound();
  const form = await readForm(request);
  const parsed = parseForm(ConcernResponseSchema, { response: form.get("response") ?? "" });
  if (!parsed.ok) return data({ errors: parsed.errors, response: String(form.get("response") ?? "") }, { status: 400 });
  const result = await answerConcern(getDb(), viewer, id, parsed.data.response);
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data(
      {
        errors: { form: "errors" in result ? Object.values(result.errors)[0] : result.message } as FieldErrors,
        response: parsed.data.response,
      },
      { status: result.status === 422 ? 400 : result.status },
    );
  }
  return redirect(`/case-audits/concerns/${id}?answered=1`);
}

export default function ConcernPage() {
  const { concern, canAnswer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  useErrorTitle(Boolean(actionData?.errors));
  return (
    <>
      <BackLink href={`/case-audits/${concern.caseAuditId}`}>Back to the case audit</BackLink>
      {actionData?.errors ? <ErrorSummary errors={errorSummaryItems(actionData.errors)} /> : null}
      {params.has("answered") ? <NotificationBanner type="success" heading="Response sent to the panel" /> : null}
      <span className="govuk-caption-l">{concern.caseAuditTitle}</span>
      <h1 className="govuk-heading-l">Immediate concern: case {concern.caseReference}</h1>
      <SummaryList
        rows={[
          { key: "Agency", value: concern.agencyName },
          { key: "Raised", value: `${formatDateTime(concern.raisedAt)} by ${concern.raisedBy}` },
          { key: "Respond by", value: formatDate(concern.respondBy) },
          {
            key: "State",
            value: (
              <Tag colour={concern.status === "closed" ? "green" : concern.status === "answered" ? "blue" : "orange"}>
                {CONCERN_STATUS_LABELS[concern.status]}
              </Tag>
            ),
          },
          { key: "The concern", value: <span className="app-pre-line">{concern.concern}</span> },
          ...(concern.response ? [{ key: "Agency's response", value: <span className="app-pre-line">{concern.response}</span> }] : []),
        ]}
      />
      {canAnswer ? (
        <Form method="post" noValidate>
          <WarningText>{NO_NAMES_WARNING}</WarningText>
          <CharacterCount
            name="response"
            label="Your agency's response"
            labelSize="m"
            hint="What your agency has done or will do about the child's safety, and by when."
            error={actionData?.errors?.response}
            defaultValue={actionData?.response}
            maxLength={5000}
          />
          <Button>Send response</Button>
        </Form>
      ) : null}
    </>
  );
}
