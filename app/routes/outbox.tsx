import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Button, ErrorSummary, InsetText, NotificationBanner, SummaryList, Table, Tag, WarningText } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { runNotifications } from "~/data/mailer.server";
import { listOutbox, retryNow, type OutboxState } from "~/data/outbox.server";
import { NOTIFICATION_KIND_LABELS, type NotificationKind } from "~/domain/notifications";
import { formatDateTime, readForm } from "~/utils/form";
import { notFound } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/** The email outbox for the business office: every message's delivery state, failures first. */

export const meta: MetaFunction = () => [{ title: pageTitle("Outbox") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const outbox = await listOutbox(getDb(), viewer, { limit: 200 });
  if (!outbox) notFound();
  return { ...outbox, emailConfigured: Boolean(process.env.SMTP_URL) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const form = await readForm(request);
  const intent = form.get("_intent");
  const db = getDb();
  if (intent === "run") {
    const { reminders, delivery } = await runNotifications(db);
    const query = new URLSearchParams({
      queued: String(reminders.queued),
      sent: String(delivery.sent),
      retrying: String(delivery.retrying + delivery.failed),
    });
    return redirect(`/outbox?${query}`);
  }
  const id = String(form.get("id") ?? "");
  if (intent !== "retry" || !/^[1-9]\d{0,9}$/.test(id)) return data({ error: "Choose an action from the page" }, { status: 400 });
  const result = await retryNow(db, viewer, Number(id));
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ error: result.message }, { status: result.status });
  }
  return redirect(`/outbox?retry=${id}`);
}

const STATES: Record<OutboxState, { text: string; colour: "green" | "blue" | "light-blue" | "red" | "grey" }> = {
  sent: { text: "Sent", colour: "green" },
  pending: { text: "Waiting", colour: "blue" },
  sending: { text: "Sending", colour: "light-blue" },
  failed: { text: "Failed", colour: "red" },
  in_app_only: { text: "In app only", colour: "grey" },
};

export default function Outbox() {
  const { entries, counts, emailConfigured } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  useErrorTitle(Boolean(actionData?.error));
  return (
    <>
      {actionData?.error ? <ErrorSummary errors={[{ text: actionData.error }]} /> : null}
      {params.has("queued") ? (
        <NotificationBanner type="success" heading="Reminders run">
          <p className="govuk-body">
            {params.get("queued")} new notifications queued, {params.get("sent")} emails sent
            {Number(params.get("retrying")) > 0 ? `, ${params.get("retrying")} could not be sent (see below)` : ""}.
          </p>
        </NotificationBanner>
      ) : null}
      {params.has("retry") ? <NotificationBanner type="success" heading="The email will be sent again at the next run" /> : null}
      <h1 className="govuk-heading-l">Outbox</h1>
      <p className="govuk-body">
        Every notification is shown to its reader under Notifications and, when an email server is set up, sent by email. This is every
        email with its delivery state. Reminders and emails are sent automatically every few minutes.
      </p>
      {emailConfigured ? null : (
        <WarningText>No email server is set up (SMTP_URL), so notifications are shown in the service only.</WarningText>
      )}
      <SummaryList
        rows={[
          { key: "Failed", value: String(counts.failed) },
          { key: "Waiting to be sent", value: String(counts.pending + counts.sending) },
          { key: "Sent", value: String(counts.sent) },
          { key: "In app only", value: String(counts.in_app_only) },
        ]}
      />
      <Form method="post">
        <p className="govuk-body">
          Send reminders now: queues the reminders due today (14 and 3 days before the due date, overdue returns and actions) and sends
          every email waiting.
        </p>
        <Button name="_intent" value="run">
          Send reminders now
        </Button>
      </Form>
      {counts.failed > 0 ? (
        <InsetText>A failed email was tried 5 times. Check the error, fix the email server or the address, then retry it.</InsetText>
      ) : null}
      {entries.length === 0 ? (
        <p className="govuk-body">No emails yet.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Emails" tabIndex={0}>
          <Table
            caption="Emails, failed first, then newest first"
            captionSize="m"
            head={[
              { text: "To" },
              { text: "Subject" },
              { text: "State" },
              { text: "Attempts", format: "numeric" },
              { text: "Last error" },
              { text: "When" },
              { text: "Action" },
            ]}
            rows={entries.map((entry) => [
              { text: entry.toAddress },
              {
                text: (
                  <>
                    {entry.subject}
                    <br />
                    <span className="govuk-body-s app-secondary-text">
                      {NOTIFICATION_KIND_LABELS[entry.kind as NotificationKind] ?? entry.kind}
                    </span>
                  </>
                ),
              },
              { text: <Tag colour={STATES[entry.state].colour}>{STATES[entry.state].text}</Tag> },
              { text: String(entry.attempts), format: "numeric" },
              { text: entry.lastError ?? "" },
              {
                text: entry.sentAt
                  ? `Sent ${formatDateTime(entry.sentAt)}`
                  : entry.state === "pending" && entry.attempts > 0
                    ? `Next try ${formatDateTime(entry.nextAttemptAt)}`
                    : `Queued ${formatDateTime(entry.createdAt)}`,
              },
              {
                text:
                  entry.state === "failed" ||
                  (entry.state === "in_app_only" && emailConfigured) ||
                  (entry.state === "pending" && entry.attempts > 0) ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={entry.id} />
                      <Button name="_intent" value="retry" variant="secondary" className="govuk-!-margin-bottom-0">
                        Retry now
                        <span className="govuk-visually-hidden">
                          : {entry.subject} to {entry.toAddress}
                        </span>
                      </Button>
                    </Form>
                  ) : (
                    ""
                  ),
              },
            ])}
          />
        </div>
      )}
    </>
  );
}
