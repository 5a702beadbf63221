import { formatDate } from "./dates";
import { daysBetween } from "./due-date";
import type { ReturnStatus } from "./permissions";

/**
 * The chase, pure: which reminders are due on a given UK day, what every message says, and
 * when a failed email is tried again. The data layer queues what this decides; the clock is passed in.
 *
 * Reminders for a return not yet submitted, in an open cycle, counted against the agency's effective
 * due date (its extension where it has one):
 * - 14 days before: sent on any day from 14 down to 4 days before, so a day the scheduler missed is
 *   caught up, but not when the cycle opened 14 days or less before the due date (the opening message
 *   already gave the date);
 * - 3 days before: sent on any day from 3 days before to the due date itself;
 * - overdue: sent once the due date has passed, until the cycle closes or its final deadline passes
 *   (then the return is missing, which is the business office's conversation, not an email's).
 * Each is sent once per due date: an extension gives the return a new due date and so a new set.
 */

export const NOTIFICATION_KINDS = [
  "cycle_opened",
  "due_in_14_days",
  "due_in_3_days",
  "overdue",
  "return_sent_back",
  "challenge_raised",
  "challenge_answered",
  "action_overdue",
  "observation_overdue",
  "password_changed",
  "role_changed",
  "concern_raised",
  "concern_answered",
  "concern_overdue",
  "case_audit_opened",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  cycle_opened: "Audit cycle opened",
  due_in_14_days: "Due in 14 days",
  due_in_3_days: "Due in 3 days",
  overdue: "Return overdue",
  return_sent_back: "Return sent back",
  challenge_raised: "Question from the QA subgroup",
  challenge_answered: "Challenge answered",
  action_overdue: "Action overdue",
  observation_overdue: "Scorecard figures overdue",
  password_changed: "Password changed",
  role_changed: "Role changed",
  concern_raised: "Immediate concern from a case audit",
  concern_answered: "Immediate concern answered",
  concern_overdue: "Immediate concern awaiting response",
  case_audit_opened: "Case audit opened",
};

export type ReminderKind = "due_in_14_days" | "due_in_3_days" | "overdue";

export interface ReturnForReminders {
  returnId: number;
  status: ReturnStatus;
  cycleStatus: "draft" | "open" | "closed";
  /** The effective due date: the agency's extension, else the cycle's. */
  dueOn: string;
  /** The UK date the cycle opened (null if not known). */
  openedOn: string | null;
  finalDeadlineOn: string | null;
}

export interface DueReminder {
  kind: ReminderKind;
  returnId: number;
  dueOn: string;
  /** Days until the due date (negative once overdue). */
  daysLeft: number;
}

/** The reminder due today for one return, if any (see the rules above). `today` is a UK date, YYYY-MM-DD. */
export function dueReminder(ret: ReturnForReminders, today: string): DueReminder | null {
  if (ret.cycleStatus !== "open") return null;
  if (ret.status !== "not_started" && ret.status !== "in_progress") return null;
  if (ret.finalDeadlineOn !== null && today > ret.finalDeadlineOn) return null;
  const daysLeft = daysBetween(today, ret.dueOn);
  const reminder = (kind: ReminderKind): DueReminder => ({ kind, returnId: ret.returnId, dueOn: ret.dueOn, daysLeft });
  if (daysLeft < 0) return reminder("overdue");
  if (daysLeft <= 3) return reminder("due_in_3_days");
  if (daysLeft <= 14 && (ret.openedOn === null || daysBetween(ret.openedOn, ret.dueOn) > 14)) return reminder("due_in_14_days");
  return null;
}

/** An action not done whose due date has passed (today is a UK date) is chased once per due date. */
export function isActionOverdue(action: { status: "open" | "in_progress" | "done"; dueOn: string }, today: string): boolean {
  return action.status !== "done" && today > action.dueOn;
}

/**
 * The key that makes a notification unique: one per event and recipient. Reminders include the due
 * date, so an extension (a new due date) re-arms them while a second run on the same day adds nothing.
 */
export function dedupeKey(kind: NotificationKind, about: string, userId: number): string {
  return `${kind}:${about}:user:${userId}`;
}

/** A case return's case audit: its reminders name the audit and the case, not the case's own cycle. */
export interface CaseOfReturn {
  caseAuditTitle: string;
  caseReference: string;
}

export type MessageInput =
  | { kind: "cycle_opened"; returnId: number; cycleTitle: string; agencyName: string; dueOn: string }
  | {
      kind: "due_in_14_days" | "due_in_3_days";
      returnId: number;
      cycleTitle: string;
      agencyName: string;
      dueOn: string;
      daysLeft: number;
      caseAudit?: CaseOfReturn;
    }
  | { kind: "overdue"; returnId: number; cycleTitle: string; agencyName: string; dueOn: string; daysLeft: number; caseAudit?: CaseOfReturn }
  | { kind: "case_audit_opened"; caseAuditId: number; caseAuditTitle: string; agencyName: string; caseReferences: string[]; dueOn: string }
  | { kind: "return_sent_back"; returnId: number; cycleTitle: string; agencyName: string; reason: string }
  | { kind: "challenge_raised"; returnId: number; cycleTitle: string; agencyName: string; standardCode: string; question: string }
  | { kind: "challenge_answered"; returnId: number; cycleTitle: string; agencyName: string; standardCode: string }
  | { kind: "action_overdue"; actionId: number; agencyName: string; standardCode: string; description: string; dueOn: string }
  | {
      kind: "observation_overdue";
      indicatorId: number;
      indicatorCode: string;
      indicatorTitle: string;
      period: string;
      ownerName: string;
      dueOn: string;
    }
  | { kind: "concern_raised" | "concern_overdue"; concernId: number; caseReference: string; agencyName: string; respondBy: string }
  | { kind: "concern_answered"; caseAuditId: number; caseReference: string; agencyName: string }
  | { kind: "password_changed" }
  | { kind: "role_changed"; roleLabel: string; agencyName: string | null };

export interface Message {
  kind: NotificationKind;
  subject: string;
  /** Plain English, without the link (the screen shows the link as a link, the email adds it). */
  body: string;
  /** A path in this service. */
  link: string;
}

function days(count: number): string {
  return `${count} ${count === 1 ? "day" : "days"}`;
}

/** What a notification says, in plain English (GOV.UK style: short sentences, dates as "31 March 2027"). */
export function buildMessage(input: MessageInput): Message {
  switch (input.kind) {
    case "cycle_opened":
      return {
        kind: input.kind,
        subject: `${input.cycleTitle} is open for ${input.agencyName}`,
        body: `The partnership has opened ${input.cycleTitle}. Complete your agency's return, then your agency lead signs it off and submits it by ${formatDate(input.dueOn)}.\n\nYour answers are saved as you go, so you can leave and come back.`,
        link: `/returns/${input.returnId}`,
      };
    case "case_audit_opened": {
      const count = input.caseReferences.length;
      return {
        kind: input.kind,
        subject: `Case audit: ${input.caseAuditTitle}: ${input.agencyName} is taking part`,
        body: `The partnership is auditing ${count} ${count === 1 ? "child's case" : "children's cases"} together on the theme ${input.caseAuditTitle}: ${input.caseReferences.join(", ")}.\n\nFor each case, look at ${input.agencyName}'s own records and complete a short case return: a grade for each domain, strengths, gaps and learning. Your agency lead signs each one off and submits it by ${formatDate(input.dueOn)}. The panel then grades the cases together.\n\nCases are known by their partnership reference only: do not write names, dates of birth, addresses or NHS numbers.`,
        link: `/case-audits/${input.caseAuditId}`,
      };
    }
    case "due_in_14_days":
    case "due_in_3_days":
      if (input.caseAudit)
        return {
          kind: input.kind,
          subject: `Case audit: case ${input.caseAudit.caseReference}: your case return is due ${input.daysLeft === 0 ? "today" : `in ${days(input.daysLeft)}`}`,
          body: `${input.agencyName}'s case return for case ${input.caseAudit.caseReference} in the case audit ${input.caseAudit.caseAuditTitle} is due on ${formatDate(input.dueOn)}. It has not been submitted yet.\n\nComplete it from your agency's records, then your agency lead signs it off and submits it, so the panel can grade the case.`,
          link: `/returns/${input.returnId}`,
        };
      return {
        kind: input.kind,
        subject: `${input.cycleTitle}: your return is due ${input.daysLeft === 0 ? "today" : `in ${days(input.daysLeft)}`}`,
        body: `${input.agencyName}'s return for ${input.cycleTitle} is due on ${formatDate(input.dueOn)}. It has not been submitted yet.\n\nComplete every section, then your agency lead signs it off and submits it. If you need more time, contact the partnership business office before the due date.`,
        link: `/returns/${input.returnId}`,
      };
    case "overdue":
      if (input.caseAudit)
        return {
          kind: input.kind,
          subject: `Case audit: case ${input.caseAudit.caseReference}: your case return is overdue`,
          body: `${input.agencyName}'s case return for case ${input.caseAudit.caseReference} in the case audit ${input.caseAudit.caseAuditTitle} was due on ${formatDate(input.dueOn)} and has not been submitted. It is ${days(-input.daysLeft)} overdue.\n\nThe panel cannot grade the case without it: submit it as soon as you can, or contact the partnership business office.`,
          link: `/returns/${input.returnId}`,
        };
      return {
        kind: input.kind,
        subject: `${input.cycleTitle}: your return is overdue`,
        body: `${input.agencyName}'s return for ${input.cycleTitle} was due on ${formatDate(input.dueOn)} and has not been submitted. It is ${days(-input.daysLeft)} overdue.\n\nSubmit it as soon as you can. If you cannot, contact the partnership business office to agree a new date.`,
        link: `/returns/${input.returnId}`,
      };
    case "return_sent_back":
      return {
        kind: input.kind,
        subject: `${input.cycleTitle}: your return has been sent back for changes`,
        body: `The QA subgroup has sent ${input.agencyName}'s return for ${input.cycleTitle} back to you.\n\nWhat to change: ${input.reason}\n\nChange your answers, then your agency lead signs the return off and submits it again.`,
        link: `/returns/${input.returnId}`,
      };
    case "challenge_raised":
      return {
        kind: input.kind,
        subject: `${input.cycleTitle}: the QA subgroup has a question about ${input.standardCode}`,
        body: `The QA subgroup has asked a question about standard ${input.standardCode} in ${input.agencyName}'s return for ${input.cycleTitle}:\n\n${input.question}\n\nAnswer it on your return's page, and say where the evidence is.`,
        link: `/returns/${input.returnId}`,
      };
    case "challenge_answered":
      return {
        kind: input.kind,
        subject: `${input.agencyName} has answered a challenge on ${input.standardCode}`,
        body: `${input.agencyName} has answered the QA subgroup's question about standard ${input.standardCode} in ${input.cycleTitle}.\n\nRead the answer and close the challenge with an outcome.`,
        link: `/returns/${input.returnId}/review/${encodeURIComponent(input.standardCode)}`,
      };
    case "action_overdue":
      return {
        kind: input.kind,
        subject: `Action overdue: ${input.standardCode} for ${input.agencyName}`,
        body: `The action for standard ${input.standardCode} was due on ${formatDate(input.dueOn)} and is not done:\n\n${input.description}\n\nUpdate its progress, or mark it done with the evidence.`,
        link: `/actions/${input.actionId}`,
      };
    case "observation_overdue":
      return {
        kind: input.kind,
        subject: `Scorecard figures overdue: ${input.indicatorCode} for ${input.period}`,
        body: `${input.ownerName}'s figures for ${input.indicatorCode} ${input.indicatorTitle} for ${input.period} were due on ${formatDate(input.dueOn)} and have not been entered.\n\nEnter them so the partnership's scorecard is complete. If they are not ready, enter what you have and mark it provisional.`,
        link: `/indicators/${input.indicatorId}/observations/new`,
      };
    // The concern's words stay in the service: an email names the case reference and the deadline only.
    case "concern_raised":
      return {
        kind: input.kind,
        subject: `Immediate concern from a case audit: case ${input.caseReference}`,
        body: `A case audit panel has raised an immediate concern about a child's safety with ${input.agencyName}, case ${input.caseReference}.\n\nRead it and record your agency's response by ${formatDate(input.respondBy)}.`,
        link: `/case-audits/concerns/${input.concernId}`,
      };
    case "concern_overdue":
      return {
        kind: input.kind,
        subject: `Immediate concern awaiting your response: case ${input.caseReference}`,
        body: `The immediate concern raised with ${input.agencyName} about case ${input.caseReference} needed a response by ${formatDate(input.respondBy)} and has not been answered.\n\nRecord your agency's response today.`,
        link: `/case-audits/concerns/${input.concernId}`,
      };
    case "concern_answered":
      return {
        kind: input.kind,
        subject: `${input.agencyName} has answered the immediate concern about case ${input.caseReference}`,
        body: `${input.agencyName} has responded to the immediate concern about case ${input.caseReference}.\n\nRead the response and close the concern when you are satisfied.`,
        link: `/case-audits/${input.caseAuditId}`,
      };
    // Account notices: the holder hears of a change they did not make themselves at once, and can raise it.
    case "password_changed":
      return {
        kind: input.kind,
        subject: "Your password for the safeguarding audit service has been changed",
        body: "The password for your account has just been changed, and you have been signed out everywhere else.\n\nIf you did not change it, contact your partnership business office straight away.",
        link: "/",
      };
    case "role_changed":
      return {
        kind: input.kind,
        subject: "Your role in the safeguarding audit service has changed",
        body: `The partnership business office has changed your role to ${input.roleLabel}${input.agencyName ? ` at ${input.agencyName}` : ""}.\n\nSign in again to carry on. If you think this is a mistake, contact your partnership business office.`,
        link: "/",
      };
  }
}

/**
 * A value fit for one email header line: line breaks and other control characters become a space. An
 * agency's name or a cycle's title reaches a subject; with a line break in it, it could otherwise add
 * headers (a Bcc) of its own (header injection).
 */
export function toHeaderValue(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").trim();
}

/** The email's text: the message, the full link, and where else it can be read. `baseUrl` has no trailing slash. */
export function toEmailText(message: Pick<Message, "body" | "link">, baseUrl: string): string {
  return `${message.body}\n\nGo to the service: ${baseUrl}${message.link}\n\nYou can also read this message under Notifications when you sign in.`;
}

/**
 * The email carrying a password reset link. Sent straight to the person, never kept in the outbox or the
 * notifications: the link is the key, and only its SHA-256 is stored anywhere.
 */
export function buildPasswordResetEmail(input: { name: string; link: string; hours: number; byAdmin: boolean }): {
  subject: string;
  text: string;
} {
  const why = input.byAdmin
    ? "The partnership business office has started a password reset for your account."
    : "Someone, probably you, asked to reset the password for your account.";
  return {
    subject: "Reset your password for the safeguarding audit service",
    text: `${input.name},

${why}

Choose a new password here (the link works once, for ${input.hours} hours):

${input.link}

If you did not expect this, you can ignore this email: your password stays as it is.`,
  };
}

/** How long to wait before trying a failed email again, by attempts made so far. */
export const RETRY_DELAYS_MINUTES = [1, 5, 15, 60] as const;
/** After this many failed attempts an email is marked failed and waits for the business office ("Retry now"). */
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;

/**
 * After a failed attempt: try again later (backing off: 1, 5, 15, then 60 minutes), or, once
 * `MAX_ATTEMPTS` have failed, stop and show it as failed. Never dropped either way.
 */
export function afterFailure(attempts: number, now: string): { state: "pending"; nextAttemptAt: string } | { state: "failed" } {
  if (attempts >= MAX_ATTEMPTS) return { state: "failed" };
  const minutes = RETRY_DELAYS_MINUTES[Math.max(0, attempts - 1)];
  return { state: "pending", nextAttemptAt: new Date(Date.parse(now) + minutes * 60_000).toISOString() };
}
