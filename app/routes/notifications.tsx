import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { Button, ErrorSummary, NotificationBanner, Tag } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { listNotifications, markRead } from "~/data/notifications.server";
import { NOTIFICATION_KIND_LABELS } from "~/domain/notifications";
import { formatDateTime, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/** Every signed-in person's own notifications, newest first, whether or not email is set up. */

export const meta: MetaFunction = () => [{ title: pageTitle("Notifications") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  return { notifications: await listNotifications(getDb(), viewer, { limit: 100 }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const form = await readForm(request);
  const id = String(form.get("id") ?? "");
  if (form.get("_intent") === "all") {
    await markRead(getDb(), viewer);
    return redirect("/notifications?read=all");
  }
  if (!/^[1-9]\d{0,9}$/.test(id)) return data({ error: "Choose a notification from the page" }, { status: 400 });
  // Someone else's notification (or one already read) changes nothing, and says nothing about it.
  await markRead(getDb(), viewer, Number(id));
  return redirect("/notifications?read=1");
}

const LINK_TEXT: Record<string, string> = {
  "/actions/": "Go to the action",
  "/review/": "Go to the challenge",
};

function linkText(link: string): string {
  for (const [part, text] of Object.entries(LINK_TEXT)) if (link.includes(part)) return text;
  return "Go to the return";
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  useErrorTitle(Boolean(actionData?.error));
  const unread = notifications.filter((notification) => notification.readAt === null).length;
  return (
    <>
      {actionData?.error ? <ErrorSummary errors={[{ text: actionData.error }]} /> : null}
      {params.get("read") === "all" ? <NotificationBanner type="success" heading="All notifications marked as read" /> : null}
      {params.get("read") === "1" ? <NotificationBanner type="success" heading="Notification marked as read" /> : null}
      <h1 className="govuk-heading-l">Notifications</h1>
      {notifications.length === 0 ? (
        <p className="govuk-body">
          You have no notifications. Reminders about due dates and messages from the QA subgroup will appear here.
        </p>
      ) : (
        <>
          <p className="govuk-body">
            {unread === 0
              ? "You have read every notification."
              : `You have ${unread} unread ${unread === 1 ? "notification" : "notifications"}.`}{" "}
            The latest 100 are shown, newest first.
          </p>
          {unread > 0 ? (
            <Form method="post">
              <Button name="_intent" value="all" variant="secondary">
                Mark all as read
              </Button>
            </Form>
          ) : null}
          <ul className="govuk-list app-notifications">
            {notifications.map((notification) => (
              <li key={notification.id} className="app-notifications__item">
                <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
                  {notification.readAt === null ? (
                    <>
                      <Tag colour="blue">New</Tag>{" "}
                    </>
                  ) : null}
                  {notification.subject}
                </h2>
                <p className="govuk-body-s app-secondary-text govuk-!-margin-bottom-2">
                  {NOTIFICATION_KIND_LABELS[notification.kind]}, {formatDateTime(notification.createdAt)}
                </p>
                {notification.body.split("\n\n").map((paragraph, index) => (
                  <p key={index} className="govuk-body">
                    {paragraph}
                  </p>
                ))}
                <p className="govuk-body">
                  <a className="govuk-link" href={notification.link}>
                    {linkText(notification.link)}
                    <span className="govuk-visually-hidden">: {notification.subject}</span>
                  </a>
                </p>
                {notification.readAt === null ? (
                  <Form method="post">
                    <input type="hidden" name="id" value={notification.id} />
                    <Button variant="secondary" className="govuk-!-margin-bottom-0">
                      Mark as read<span className="govuk-visually-hidden">: {notification.subject}</span>
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
