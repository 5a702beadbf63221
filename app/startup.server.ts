import { getDb, migrate, startWalCheckpoints } from "./data/db.server";
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from "./data/seed-demo.server";
import { schedulerIntervalMs, startNotificationScheduler } from "./data/scheduler.server";
import { practitionerMinGroup } from "./data/practitioner.server";

let stopScheduler: (() => void) | null = null;
let stopCheckpoints: (() => Promise<void>) | null = null;

/**
 * Run once by server.js before it listens: migrate, then seed the demo partnership into an empty
 * database unless SEED_DEMO=false (a real deployment creates its first admin with users:create),
 * then start the chase's scheduler (NOTIFICATIONS_INTERVAL_SECONDS, 0 = off). On SQLite, the WAL is copied back
 * into the database file from a background thread (`startWalCheckpoints`).
 */
export async function startup(log: (line: string) => void = console.log): Promise<void> {
  const intervalMs = schedulerIntervalMs();
  // A minimum group size below 5 (or unreadable) stops the start: a typo must never lower the anonymity bar.
  practitionerMinGroup();
  const db = getDb();
  await migrate(db);
  stopCheckpoints = await startWalCheckpoints(db);
  if (process.env.SEED_DEMO !== "false") {
    const seeded = await seedDemo(db, log);
    if (seeded || process.env.NODE_ENV !== "production") {
      log(`Demo logins (password "${DEMO_PASSWORD}"):`);
      for (const line of DEMO_LOGINS) log(`  ${line}`);
    }
  }
  if (intervalMs > 0) stopScheduler = startNotificationScheduler(db, { intervalMs });
  log(
    process.env.SMTP_URL
      ? "Email: notifications are sent through SMTP_URL"
      : "Email: SMTP_URL is not set, so notifications are shown in the service only",
  );
}

/** Closes the database so the process can exit cleanly on SIGTERM. */
export async function shutdown(): Promise<void> {
  stopScheduler?.();
  await stopCheckpoints?.();
  await getDb().destroy();
}
