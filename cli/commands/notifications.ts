import { runNotifications } from "~/data/mailer.server";
import type { DbCommandContext } from "../index";

/**
 * `notifications:run`: one run of the chase, for cron when the app servers' own scheduler is
 * off (NOTIFICATIONS_INTERVAL_SECONDS=0). Queues the reminders due today, then sends the outbox
 * through SMTP_URL. Safe to run while the app runs, and as often as you like: nothing is sent twice.
 */
export async function runNotificationsCommand({ db, out, err }: DbCommandContext): Promise<number> {
  const { reminders, delivery } = await runNotifications(db);
  out(
    `Reminders: ${reminders.queued} notifications queued (${reminders.returns} returns, ${reminders.actions} actions${reminders.indicators > 0 ? `, ${reminders.indicators} scorecard indicators` : ""} chased)`,
  );
  out(
    process.env.SMTP_URL
      ? `Email: ${delivery.sent} sent, ${delivery.retrying} to retry, ${delivery.failed} failed`
      : `Email: SMTP_URL is not set; ${delivery.inAppOnly} notifications are shown in the service only`,
  );
  if (delivery.retrying + delivery.failed > 0)
    err(`${delivery.retrying + delivery.failed} emails could not be sent: they are kept and retried (the Outbox page shows the errors)`);
  return 0;
}
