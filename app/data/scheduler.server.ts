import type { Db } from "./db.server";
import { runNotifications } from "./mailer.server";

/**
 * The chase's clock in the app server: every interval, queue the reminders due and send the
 * outbox. One run at a time per process; several app servers may all run it, because reminders are
 * deduplicated and emails claimed (see notifications.server.ts and outbox.server.ts). A failing run is
 * logged and the next one tries again. `notifications:run` does the same from cron.
 */
export function startNotificationScheduler(db: Db, options: { intervalMs: number; log?: (line: string) => void }): () => void {
  const log = options.log ?? console.error;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runNotifications(db)
      .then(({ reminders, delivery }) => {
        if (reminders.queued + delivery.sent + delivery.retrying + delivery.failed > 0) {
          log(`Notifications: ${reminders.queued} queued, ${delivery.sent} emailed, ${delivery.retrying} to retry, ${delivery.failed} failed`);
        }
      })
      .catch((error: unknown) => log(`Notifications run failed (will try again): ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** NOTIFICATIONS_INTERVAL_SECONDS: how often the app server runs the chase (default 60; 0 turns it off, e.g. when cron runs notifications:run). */
export function schedulerIntervalMs(value: string | undefined = process.env.NOTIFICATIONS_INTERVAL_SECONDS): number {
  if (value === undefined || value.trim() === "") return 60_000;
  if (!/^\d+$/.test(value.trim())) throw new Error(`NOTIFICATIONS_INTERVAL_SECONDS must be a whole number of seconds (0 turns the scheduler off), not "${value}"`);
  return Number(value.trim()) * 1000;
}
