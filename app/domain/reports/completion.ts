import type { ReturnStatus } from "../permissions";
import { SUBMITTED_STATUSES } from "../permissions";
import { isLate, ukDateOf } from "../dates";
import { daysBetween, effectiveDueOn } from "../due-date";
import type { Sector } from "../tool-schema";
import type { ReportAgency } from "./comparison";

/**
 * The completion report (DESIGN §8): per sector and for the partnership, how many returns are assigned,
 * not started, in progress, submitted on time, submitted late and missing. A return is late when it was
 * submitted after the due date (UK days); missing when the cycle has closed, or its final deadline has
 * passed, without a submission; overdue (not yet missing) when the due date has passed and it is still
 * open. `today` is passed in (YYYY-MM-DD, UK) so the rules are testable. Lateness, days late and days
 * overdue count whole UK days from each return's effective due date: the agency's extension where it
 * has one.
 */

export const COMPLETION_REPORT_VERSION = 1;

export interface CompletionInputReturn {
  agency: ReportAgency;
  status: ReturnStatus;
  submittedAt: string | null;
  /** This agency's extended due date, if the business office extended it. */
  dueOnOverride?: string | null;
}

export interface CompletionCounts {
  assigned: number;
  notStarted: number;
  inProgress: number;
  onTime: number;
  late: number;
  /** Not submitted, and the cycle is closed or past its final deadline. */
  missing: number;
  /** Not submitted, past the due date, still able to submit. */
  overdue: number;
}

export interface CompletionReport {
  reportVersion: number;
  kind: "completion";
  cycle: { id: number; title: string; dueOn: string; finalDeadlineOn: string | null; closed: boolean };
  today: string;
  partnership: CompletionCounts;
  sectors: ({ sector: Sector } & CompletionCounts)[];
  /**
   * Returns not submitted, most overdue first: whole days past the agency's due date (0 when not yet due),
   * whether it is due yet, and `missing` once the cycle has closed (or passed its final deadline) without it.
   */
  outstanding: { agency: ReportAgency; status: ReturnStatus; daysOverdue: number; due: boolean; missing: boolean }[];
  /** Returns submitted after the due date, with whole UK days late, latest first. */
  lateSubmissions: { agency: ReportAgency; submittedOn: string; daysLate: number }[];
}

const dueOf = (entry: CompletionInputReturn, cycle: CompletionReport["cycle"]) => effectiveDueOn(cycle.dueOn, entry.dueOnOverride);

/** No more returns are expected: the cycle closed, or its final deadline has passed. */
function isShut(cycle: CompletionReport["cycle"], today: string): boolean {
  return cycle.closed || (cycle.finalDeadlineOn !== null && today > cycle.finalDeadlineOn);
}

function count(returns: CompletionInputReturn[], cycle: CompletionReport["cycle"], today: string): CompletionCounts {
  const submitted = returns.filter((entry) => (SUBMITTED_STATUSES as readonly string[]).includes(entry.status));
  const unsubmitted = returns.filter((entry) => !(SUBMITTED_STATUSES as readonly string[]).includes(entry.status));
  const shut = isShut(cycle, today);
  const late = submitted.filter((entry) => isLate(entry.submittedAt, dueOf(entry, cycle))).length;
  return {
    assigned: returns.length,
    notStarted: returns.filter((entry) => entry.status === "not_started").length,
    inProgress: returns.filter((entry) => entry.status === "in_progress").length,
    onTime: submitted.length - late,
    late,
    missing: shut ? unsubmitted.length : 0,
    overdue: shut ? 0 : unsubmitted.filter((entry) => today > dueOf(entry, cycle)).length,
  };
}

export function buildCompletionReport(input: {
  cycle: CompletionReport["cycle"];
  returns: CompletionInputReturn[];
  today: string;
}): CompletionReport {
  const { cycle, returns, today } = input;
  const sectors = [...new Set(returns.map((entry) => entry.agency.sector))].sort();
  return {
    reportVersion: COMPLETION_REPORT_VERSION,
    kind: "completion",
    cycle,
    today,
    partnership: count(returns, cycle, today),
    sectors: sectors.map((sector) => ({
      sector,
      ...count(
        returns.filter((entry) => entry.agency.sector === sector),
        cycle,
        today,
      ),
    })),
    outstanding: returns
      .filter((entry) => !(SUBMITTED_STATUSES as readonly string[]).includes(entry.status))
      .map((entry) => ({
        agency: entry.agency,
        status: entry.status,
        daysOverdue: Math.max(0, daysBetween(dueOf(entry, cycle), today)),
        due: today > dueOf(entry, cycle),
        missing: isShut(cycle, today),
      }))
      .sort((a, b) => b.daysOverdue - a.daysOverdue || a.agency.name.localeCompare(b.agency.name, "en-GB")),
    lateSubmissions: returns
      .filter((entry) => (SUBMITTED_STATUSES as readonly string[]).includes(entry.status) && isLate(entry.submittedAt, dueOf(entry, cycle)))
      .map((entry) => ({
        agency: entry.agency,
        submittedOn: ukDateOf(entry.submittedAt!),
        daysLate: daysBetween(dueOf(entry, cycle), ukDateOf(entry.submittedAt!)),
      }))
      .sort((a, b) => b.daysLate - a.daysLate || a.agency.name.localeCompare(b.agency.name, "en-GB")),
  };
}

/** Today's UK date from a timestamp the caller supplies (keeps the clock out of the domain). */
export function todayInUk(nowIso: string): string {
  return ukDateOf(nowIso);
}
