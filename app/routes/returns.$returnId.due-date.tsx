import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, DateInput, ErrorSummary, InsetText, SummaryList, Textarea } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { extendDueDate, getReturnDueDate } from "~/data/due-dates.server";
import { extensionProblems } from "~/domain/due-date";
import {
  dateParts,
  errorSummaryItems,
  type FieldErrors,
  formatDate,
  formatDateTime,
  formValues,
  readDateInput,
  readForm,
  postedDateParts,
} from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/** The business office extends one agency's due date, with a reason. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Change the due date: ${data.due.agencyName}` : "Change the due date") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const due = await getReturnDueDate(getDb(), viewer, requireId(params.returnId));
  if (!due) notFound();
  return { due };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const db = getDb();
  const due = await getReturnDueDate(db, viewer, requireId(params.returnId));
  if (!due) notFound();
  const form = await readForm(request);
  const values = formValues(form);
  const reason = values.reason ?? "";
  const date = readDateInput(form, "dueOn", "new due date");
  if ("error" in date) {
    // The date's own message; the reason is still checked, so both problems show at once.
    const { reason: reasonError } = extensionProblems({ newDueOn: due.opensOn, reason, opensOn: due.opensOn, finalDeadlineOn: null });
    return data({ errors: { dueOn: date.error, ...(reasonError ? { reason: reasonError } : {}) } as FieldErrors, values }, { status: 400 });
  }
  const result = await extendDueDate(db, viewer, due.returnId, { dueOn: date.value!, reason });
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data(
      { errors: ("errors" in result ? result.errors : { form: result.message }) as FieldErrors, values },
      { status: result.status === 422 ? 400 : 409 },
    );
  }
  return redirect(`/cycles/${due.cycleId}?extended=${due.returnId}`);
}

export default function ChangeDueDate() {
  const { due } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  const values: Record<string, string> = actionData?.values ?? {};
  useErrorTitle(Boolean(errors));
  const current = dateParts(due.dueOn);
  return (
    <>
      <BackLink href={`/cycles/${due.cycleId}`}>Back to the cycle</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors ? <ErrorSummary errors={errorSummaryItems(errors, { dueOn: "dueOn-day" })} /> : null}
          <span className="govuk-caption-l">{due.cycleTitle}</span>
          <h1 className="govuk-heading-l">Change the due date for {due.agencyName}</h1>
          <SummaryList
            rows={[
              { key: "Cycle due date", value: formatDate(due.cycleDueOn) },
              ...(due.extension
                ? [
                    {
                      key: "Extended to",
                      value: `${formatDate(due.extension.dueOn)}${due.extension.by ? ` by ${due.extension.by}` : ""}${due.extension.at ? ` on ${formatDateTime(due.extension.at)}` : ""}. Reason: ${due.extension.reason}`,
                    },
                  ]
                : []),
              { key: "Opened", value: formatDate(due.opensOn) },
              { key: "Final deadline", value: due.finalDeadlineOn ? formatDate(due.finalDeadlineOn) : "None set" },
            ]}
          />
          <p className="govuk-body">
            <a className="govuk-link" href={`/returns/${due.returnId}/history`}>
              See this return's history<span className="govuk-visually-hidden">: {due.agencyName}</span>
            </a>{" "}
            (every change of due date, and every reminder sent).
          </p>
          {due.cycleStatus !== "open" ? (
            <InsetText>Due dates can only be changed while the cycle is open.</InsetText>
          ) : (
            <Form method="post" noValidate>
              <DateInput
                name="dueOn"
                legend="New due date"
                legendSize="m"
                hint={`Only ${due.agencyName}'s return moves. Reminders and late returns count from this date. Enter the cycle's due date to remove an extension. For example, ${current.day} ${current.month} ${current.year}`}
                defaultValue={postedDateParts(values, "dueOn")}
                error={errors?.dueOn}
              />
              <Textarea
                name="reason"
                label="Reason"
                labelSize="m"
                hint="For example, what was agreed and with whom. The agency sees this reason."
                defaultValue={values.reason}
                error={errors?.reason}
              />
              <Button>Save the new due date</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}
