import type { Transporter } from "nodemailer";
import { toHeaderValue } from "~/domain/notifications";
import { nowIso, type Db } from "./db.server";
import { runObservationReminders, runReminders } from "./notifications.server";
import { deliverPending, type DeliveryResult, type Mailer } from "./outbox.server";

/**
 * Email through SMTP: `SMTP_URL` (smtp://user:pass@host:587, smtps://… for TLS from the
 * start) names the server; unset, messages stay in the app. `MAIL_FROM` is the sender and `APP_URL`
 * the address people use to reach the service, for the links in emails.
 */

export const DEFAULT_MAIL_FROM = "Safeguarding audit <no-reply@localhost>";

export function createMailer(smtpUrl: string, from: string = process.env.MAIL_FROM || DEFAULT_MAIL_FROM): Mailer & { close(): void } {
  // nodemailer is loaded with the first email, not when the server starts (most deployments' processes never send).
  let transport: Transporter | null = null;
  const transportNow = async (): Promise<Transporter> => {
    if (!transport) {
      const { default: nodemailer } = await import("nodemailer");
      // Short timeouts: an unreachable server must not hold a delivery run for nodemailer's default two minutes.
      transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as Parameters<typeof nodemailer.createTransport>[0]);
    }
    return transport;
  };
  return {
    async send(message) {
      // Every header value passes through toHeaderValue here, the one place mail leaves the app.
      await (await transportNow()).sendMail({ from: toHeaderValue(from), to: toHeaderValue(message.to), subject: toHeaderValue(message.subject), text: message.text });
    },
    close() {
      transport?.close();
    },
  };
}

export function mailerFromEnv(): (Mailer & { close(): void }) | null {
  return process.env.SMTP_URL ? createMailer(process.env.SMTP_URL) : null;
}

/** Where people reach the service, without a trailing slash. */
export function serviceBaseUrl(): string {
  return (process.env.APP_URL || `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
}

export interface ChaseRun {
  /** `queued` counts every notification; `indicators` the scorecard indicators chased for missing figures. */
  reminders: Awaited<ReturnType<typeof runReminders>> & { indicators: number };
  delivery: DeliveryResult;
}

/**
 * One run of the chase: queue the reminders due now, then send what is waiting in the outbox.
 * Without a `mailer`, it uses (and closes) the one SMTP_URL names, if any.
 */
export async function runNotifications(db: Db, now: string = nowIso(), mailer?: Mailer | null): Promise<ChaseRun> {
  const returnReminders = await runReminders(db, now);
  const observationReminders = await runObservationReminders(db, now);
  const reminders = { ...returnReminders, queued: returnReminders.queued + observationReminders.queued, indicators: observationReminders.indicators };
  const own = mailer === undefined ? mailerFromEnv() : null;
  try {
    const delivery = await deliverPending(db, now, { mailer: mailer === undefined ? own : mailer, baseUrl: serviceBaseUrl() });
    return { reminders, delivery };
  } finally {
    own?.close();
  }
}
