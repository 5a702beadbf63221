import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, Checkboxes, DateInput, ErrorSummary, Input, WarningText } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { getReturn } from "~/data/returns.server";
import { submitReturn } from "~/data/return-edits.server";
import { canSubmitReturn } from "~/domain/permissions";
import { validateReturn } from "~/domain/survey-engine";
import { listQuestions } from "~/domain/survey-json";
import { dateParts, errorSummaryItems, type FieldErrors, formValues, parseForm, readDateInput, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Sign off and submit") }];

const SignoffSchema = z.object({
  name: z.string().trim().min(1, "Enter the name of the person signing off").max(200, "The name must be 200 characters or fewer"),
  role: z.string().trim().min(1, "Enter their role in the agency").max(200, "The role must be 200 characters or fewer"),
  confirm: z.literal("yes", { error: "Confirm that the return is accurate and has been agreed by your agency" }),
});

async function loadSubmittable(request: Request, returnId: string | undefined) {
  const viewer = await requireRole(request, ["agency_lead", "agency_member"]);
  const ret = await getReturn(getDb(), viewer, requireId(returnId));
  if (!ret) notFound();
  if (!canSubmitReturn(viewer, ret.agencyId, ret.status)) throw redirect(`/returns/${ret.id}`);
  return { viewer, ret };
}

/** What is still missing, grouped by page, with links straight to each page. */
function missingByPage(ret: NonNullable<Awaited<ReturnType<typeof getReturn>>>) {
  const problems = validateReturn(ret.tool.definition.survey, ret.answers);
  const titles = new Map(ret.tool.definition.survey.pages.map((page) => [page.name, page.title ?? page.name]));
  const pages = new Map<string, number>();
  for (const problem of problems) pages.set(problem.page, (pages.get(problem.page) ?? 0) + 1);
  // Answers carried from last cycle need a look before sign-off (decision 008).
  const pageOf = new Map(listQuestions(ret.tool.definition.survey).map((question) => [question.name, question.pageName]));
  const carried = new Map<string, number>();
  for (const name of ret.carried) carried.set(pageOf.get(name)!, (carried.get(pageOf.get(name)!) ?? 0) + 1);
  return [
    ...[...pages].map(([page, count]) => ({
      href: `/returns/${ret.id}/pages/${encodeURIComponent(page)}`,
      text: `${titles.get(page)}: ${count} ${count === 1 ? "question needs" : "questions need"} an answer`,
    })),
    ...[...carried].map(([page, count]) => ({
      href: `/returns/${ret.id}/pages/${encodeURIComponent(page)}`,
      text: `${titles.get(page)}: ${count} ${count === 1 ? "answer" : "answers"} from last cycle to review`,
    })),
  ];
}

/** What the list of problems asks for: missing answers, carried answers to review, or both. */
function missingDescription(texts: string[]): string {
  const toReview = texts.filter((text) => text.endsWith("from last cycle to review")).length;
  if (toReview === 0) return "Answer every required question first:";
  return toReview === texts.length
    ? "Review the answers carried from last cycle first:"
    : "Answer every required question and review the answers carried from last cycle first:";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, ret } = await loadSubmittable(request, params.returnId);
  return {
    returnId: ret.id,
    cycleTitle: ret.cycleTitle,
    agencyName: ret.agencyName,
    missing: missingByPage(ret),
    defaults: { name: viewer.name, today: new Date().toISOString().slice(0, 10) },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, ret } = await loadSubmittable(request, params.returnId);
  const form = await readForm(request);
  const values = formValues(form);
  const errors: FieldErrors = {};
  const parsed = parseForm(SignoffSchema, { ...values, confirm: values.confirm ?? "" });
  if (!parsed.ok) Object.assign(errors, parsed.errors);
  const date = readDateInput(form, "date", "date of sign-off");
  if ("error" in date) errors.date = date.error;
  else if (date.value && date.value > new Date().toISOString().slice(0, 10))
    errors.date = "The date of sign-off must be today or in the past";
  const ordered = Object.fromEntries(
    ["name", "role", "date", "confirm"].filter((field) => errors[field]).map((field) => [field, errors[field]]),
  );
  if (!parsed.ok || "error" in date || errors.date) return data({ errors: ordered, values, missing: null }, { status: 400 });

  const result = await submitReturn(getDb(), viewer, ret.id, { name: parsed.data.name, role: parsed.data.role, date: date.value! });
  if (result.ok) return redirect(`/returns/${ret.id}?submitted=1`);
  if (result.status === 422) return data({ errors: {}, values, missing: missingByPage(ret) }, { status: 422 });
  return data({ errors: { form: result.message }, values, missing: null }, { status: result.status });
}

export default function SubmitReturn() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const missing = actionData?.missing ?? loaderData.missing;
  const errors: FieldErrors = actionData?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0 || missing.length > 0;
  useErrorTitle(Boolean(actionData) && hasErrors);
  const values: Record<string, string> = actionData?.values ?? {};
  const today = dateParts(loaderData.defaults.today);
  return (
    <>
      <BackLink href={`/returns/${loaderData.returnId}`}>Back to all sections</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {Object.keys(errors).length > 0 ? (
            <ErrorSummary errors={errorSummaryItems(errors, { date: "date-day", confirm: "confirm" })} />
          ) : null}
          <span className="govuk-caption-l">{loaderData.agencyName}</span>
          <h1 className="govuk-heading-l">Sign off and submit</h1>
          {missing.length > 0 ? (
            <ErrorSummary
              title="You cannot submit this return yet"
              description={missingDescription(missing.map((item) => item.text))}
              errors={missing}
            />
          ) : (
            <Form method="post" noValidate>
              <p className="govuk-body">
                Signing off confirms that a senior lead has agreed this self-assessment of <strong>{loaderData.cycleTitle}</strong> on
                behalf of {loaderData.agencyName}.
              </p>
              <Input
                name="name"
                label="Name of the senior lead signing off"
                autoComplete="name"
                defaultValue={values.name ?? loaderData.defaults.name}
                error={errors.name}
              />
              <Input
                name="role"
                label="Their role"
                hint="For example, Director of Nursing and Safeguarding"
                autoComplete="organization-title"
                defaultValue={values.role}
                error={errors.role}
              />
              <DateInput
                name="date"
                legend="Date of sign-off"
                defaultValue={actionData ? { day: values["date-day"], month: values["date-month"], year: values["date-year"] } : today}
                error={errors.date}
              />
              <Checkboxes
                name="confirm"
                idPrefix="confirm"
                error={errors.confirm}
                defaultValue={values.confirm ? [values.confirm] : []}
                items={[{ value: "yes", text: "I confirm this return is accurate and has been agreed by our agency's senior leadership" }]}
              />
              <WarningText>You cannot change your answers after you submit, unless the QA subgroup returns the return to you.</WarningText>
              <Button>Submit return</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}
