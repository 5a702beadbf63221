import { formatDate } from "./dates";

/**
 * An agency's due date: the cycle's due date, unless the business office has extended it
 * for that agency's return. Everything that asks "is it late?", "is it overdue?" or "when is it due?"
 * uses the effective due date, so an agreed extension is never counted against the agency.
 */
export function effectiveDueOn(cycleDueOn: string, overrideOn: string | null | undefined): string {
  return overrideOn ?? cycleDueOn;
}

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

export const EXTENSION_REASON_MAX = 1000;

/**
 * What is wrong with an extension the business office asks for, field by field (empty when nothing
 * is). The new date is already a real YYYY-MM-DD date (the form's date input checks that). It may not
 * be before the cycle opened, nor after the cycle's final deadline: after that date a return not
 * submitted is missing whatever its due date, so a later date would promise time the agency does not
 * have. A reason is required: the audit log and the board ask why one agency had longer.
 */
export function extensionProblems(input: {
  newDueOn: string;
  reason: string;
  opensOn: string;
  finalDeadlineOn: string | null;
}): Record<string, string> {
  const problems: Record<string, string> = {};
  if (input.newDueOn < input.opensOn)
    problems.dueOn = `The new due date must be the same as or after the opening date, ${formatDate(input.opensOn)}`;
  else if (input.finalDeadlineOn && input.newDueOn > input.finalDeadlineOn)
    problems.dueOn = `The new due date must be the same as or before the final deadline, ${formatDate(input.finalDeadlineOn)}`;
  const reason = input.reason.trim();
  if (reason === "") problems.reason = "Enter the reason for the new due date";
  else if (reason.length > EXTENSION_REASON_MAX)
    problems.reason = `The reason must be ${EXTENSION_REASON_MAX.toLocaleString("en-GB")} characters or fewer`;
  return problems;
}
