import { afterFailure, toEmailText } from "~/domain/notifications";
import type { Viewer } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";

/**
 * The email outbox: every notification's email, kept with its delivery state. A delivery
 * run claims each message before sending it (an UPDATE that only succeeds while the message is still
 * pending), so two app servers never send the same email. A failed send is tried again with backoff
 * and, after MAX_ATTEMPTS, shown as failed to the business office, who can retry it: never lost.
 * Without an SMTP server (SMTP_URL unset) messages are recorded as in-app only, not as failures.
 */

export const OUTBOX_STATES = ["pending", "sending", "sent", "failed", "in_app_only"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Sends one plain-text email; throws when the SMTP server refuses it or cannot be reached. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** A claim older than this belongs to a run that died mid-send: the message is released for the next run. */
export const STALE_CLAIM_MINUTES = 10;

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
  inAppOnly: number;
}

/**
 * Sends the emails that are due at `now`. `mailer` null (no SMTP_URL) records them as in-app only.
 * `baseUrl` (no trailing slash) makes the links in the emails absolute.
 */
export async function deliverPending(db: Db, now: string, options: { mailer: Mailer | null; baseUrl: string; limit?: number }): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0, inAppOnly: 0 };
  const staleBefore = new Date(Date.parse(now) - STALE_CLAIM_MINUTES * 60_000).toISOString();
  await db("outbox").where({ state: "sending" }).where("claimed_at", "<", staleBefore).update({ state: "pending", claimed_at: null });
  if (!options.mailer) {
    result.inAppOnly = await db("outbox").where({ state: "pending" }).update({ state: "in_app_only" });
    return result;
  }
  const due = await db("outbox")
    .join("notifications", "notifications.id", "outbox.notification_id")
    .where("outbox.state", "pending")
    .where("outbox.next_attempt_at", "<=", now)
    .orderBy("outbox.id")
    .limit(options.limit ?? 100)
    .select("outbox.id", "outbox.to_address", "outbox.attempts", "notifications.subject", "notifications.body", "notifications.link");
  for (const row of due) {
    // The claim: only one run can move this row from pending to sending.
    const claimed = await db("outbox").where({ id: row.id, state: "pending" }).update({ state: "sending", claimed_at: now });
    if (claimed !== 1) continue;
    const attempts = row.attempts + 1;
    try {
      await options.mailer.send({ to: row.to_address, subject: row.subject, text: toEmailText({ body: row.body, link: row.link }, options.baseUrl) });
      await db("outbox").where({ id: row.id }).update({ state: "sent", attempts, sent_at: nowIso(), claimed_at: null, last_error: null });
      result.sent += 1;
    } catch (error) {
      const next = afterFailure(attempts, now);
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      await db("outbox")
        .where({ id: row.id })
        .update({ state: next.state, attempts, last_error: lastError, claimed_at: null, ...(next.state === "pending" ? { next_attempt_at: next.nextAttemptAt } : {}) });
      if (next.state === "failed") result.failed += 1;
      else result.retrying += 1;
    }
  }
  return result;
}

export interface OutboxEntry {
  id: number;
  toAddress: string;
  subject: string;
  kind: string;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  sentAt: string | null;
  createdAt: string;
}

/** The outbox for the business office: problems first (failed, then waiting to retry), then the latest. */
export async function listOutbox(db: Db, viewer: Viewer, options: { limit?: number } = {}): Promise<{ entries: OutboxEntry[]; counts: Record<OutboxState, number> } | null> {
  if (viewer.role !== "admin") return null;
  const rows = await db("outbox")
    .join("notifications", "notifications.id", "outbox.notification_id")
    .orderByRaw("case outbox.state when 'failed' then 0 when 'pending' then 1 when 'sending' then 2 else 3 end")
    .orderBy("outbox.id", "desc")
    .limit(options.limit ?? 200)
    .select("outbox.*", "notifications.subject", "notifications.kind");
  const counts = Object.fromEntries(OUTBOX_STATES.map((state) => [state, 0])) as Record<OutboxState, number>;
  const grouped: { state: OutboxState; n: number | string }[] = await db("outbox").groupBy("state").select("state").count({ n: "*" });
  for (const row of grouped) counts[row.state] = Number(row.n);
  return {
    counts,
    entries: rows.map((row: Record<string, unknown>) => ({
      id: row.id as number,
      toAddress: row.to_address as string,
      subject: row.subject as string,
      kind: row.kind as string,
      state: row.state as OutboxState,
      attempts: row.attempts as number,
      lastError: (row.last_error as string | null) ?? null,
      nextAttemptAt: row.next_attempt_at as string,
      sentAt: (row.sent_at as string | null) ?? null,
      createdAt: row.created_at as string,
    })),
  };
}

export type RetryResult = { ok: true } | { ok: false; status: 404 | 409; message: string };

/** The business office sends a failed (or waiting, or in-app only) email again at the next delivery run. */
export async function retryNow(db: Db, viewer: Viewer, id: number, now: string = nowIso()): Promise<RetryResult> {
  if (viewer.role !== "admin") return { ok: false, status: 404, message: "Message not found" };
  return db.transaction(async (trx) => {
    const row = await trx("outbox").where({ id }).first();
    if (!row) return { ok: false as const, status: 404 as const, message: "Message not found" };
    if (!["failed", "pending", "in_app_only"].includes(row.state)) return { ok: false as const, status: 409 as const, message: row.state === "sent" ? "This email has already been sent" : "This email is being sent now" };
    // Attempts keep counting: a retried email that fails again is shown as failed again at once.
    await trx("outbox").where({ id }).update({ state: "pending", next_attempt_at: now });
    await recordAudit(trx, { userId: viewer.id, action: "outbox.retry", entityType: "outbox", entityId: id, summary: { before: { state: row.state, attempts: row.attempts, lastError: row.last_error } } });
    return { ok: true as const };
  });
}
