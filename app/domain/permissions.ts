/**
 * Who may do what (DESIGN §7), as pure predicates over the viewer. Data functions use these to
 * scope their queries; routes use them (through the require* guards) to refuse early.
 */

export const ROLES = ["admin", "qa", "board", "agency_lead", "agency_member"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Partnership administrator",
  qa: "QA subgroup member",
  board: "Board member",
  agency_lead: "Agency lead",
  agency_member: "Agency contributor",
};

export interface Viewer {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** Set for agency roles, null for partnership roles. */
  agencyId: number | null;
}

/** Return statuses in which the return has left the agency's hands at least once. */
export const SUBMITTED_STATUSES = ["submitted", "returned", "validated"] as const;
export const RETURN_STATUSES = ["not_started", "in_progress", "submitted", "returned", "validated"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** How each return status is written on screen and in every report file. */
export const RETURN_STATUS_LABELS: Record<ReturnStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  submitted: "Submitted",
  returned: "Returned for changes",
  validated: "Validated",
};

export function isAgencyRole(role: Role): boolean {
  return role === "agency_lead" || role === "agency_member";
}

/** Agencies, users, tools and cycles: only the business office changes them. */
export function canManagePartnership(viewer: Viewer): boolean {
  return viewer.role === "admin";
}

/** Publishing a report to the board is the QA subgroup's judgement (DESIGN §7; decision 014): not the business office's. */
export function canPublishToBoard(viewer: Viewer): boolean {
  return viewer.role === "qa";
}

/** Partnership-wide read of agencies, tools and cycles. */
export function canReadPartnership(viewer: Viewer): boolean {
  return viewer.role === "admin" || viewer.role === "qa";
}

/**
 * Agencies, users, tools, cycles (DESIGN §7): the business office manages, QA reads everything, agency
 * roles read their own agency's (its page and people, the cycles it takes part in and their tools);
 * board members none. The data functions scope to the agency; this says who is let in at all.
 */
export const AGENCY_RECORD_READERS: readonly Role[] = ["admin", "qa", "agency_lead", "agency_member"];

export function canReadAgencyRecords(viewer: Viewer): boolean {
  return AGENCY_RECORD_READERS.includes(viewer.role);
}

/** Actions (DESIGN §7): board members read only what was published to them, never the live actions. */
export function canReadLiveActions(viewer: Viewer): boolean {
  return viewer.role !== "board";
}

/** Draft answers belong to the agency: its lead and contributors edit them while not submitted. */
export function canEditReturn(viewer: Viewer, agencyId: number, status: ReturnStatus): boolean {
  return (
    isAgencyRole(viewer.role) &&
    viewer.agencyId === agencyId &&
    (status === "not_started" || status === "in_progress" || status === "returned")
  );
}

/** Only the agency lead signs off and submits. */
export function canSubmitReturn(viewer: Viewer, agencyId: number, status: ReturnStatus): boolean {
  return viewer.role === "agency_lead" && canEditReturn(viewer, agencyId, status);
}

/** People in an agency: its lead invites contributors and removes their access. */
export function canManageAgencyPeople(viewer: Viewer, agencyId: number): boolean {
  return viewer.role === "agency_lead" && viewer.agencyId === agencyId;
}

/**
 * Reading a return's answers and scores: the agency always reads its own; admin and QA read it once
 * submitted (drafts are private to their agency); board members never read individual returns.
 */
export function canReadReturn(viewer: Viewer, agencyId: number, status: ReturnStatus): boolean {
  if (isAgencyRole(viewer.role)) return viewer.agencyId === agencyId;
  if (viewer.role === "admin" || viewer.role === "qa") return (SUBMITTED_STATUSES as readonly string[]).includes(status);
  return false;
}

/** Reports built from live data: admin and QA see the partnership, agencies their own row. */
export function canViewLiveReports(viewer: Viewer): boolean {
  return viewer.role !== "board";
}

/** The agency's work on answers and evidence, as the audit log names it. */
const DRAFT_WORK_ACTIONS = ["return.save", "return.upload", "return.carry_forward", "evidence.add", "evidence.remove"];
const SUBMISSION_ACTIONS = ["return.submit", "return.import"];

interface HistoryEntry {
  id: number;
  action: string;
  summary: Record<string, unknown>;
}

/**
 * The part of a return's history (audit entries, in id order of writing) the viewer may read. Drafts are
 * private to their agency until submitted (DESIGN §7), in the history as everywhere: the agency reads all
 * of its own; admin and QA read the partnership's own entries (due dates, reminders, moderation,
 * challenges, decisions) and the agency's work on answers and evidence only where a submission followed
 * it. So a draft never submitted shows them none of it, and a return sent back for changes shows what was
 * submitted but not what the agency has changed since, until it is resubmitted. Evidence sent with a
 * challenge answer went to the QA subgroup with the answer: that is not draft work. Board: nothing.
 */
export function visibleHistory<T extends HistoryEntry>(viewer: Viewer, agencyId: number, entries: T[]): T[] {
  if (isAgencyRole(viewer.role)) return viewer.agencyId === agencyId ? entries : [];
  if (viewer.role !== "admin" && viewer.role !== "qa") return [];
  const lastSubmission = entries.reduce(
    (latest, entry) => (SUBMISSION_ACTIONS.includes(entry.action) ? Math.max(latest, entry.id) : latest),
    0,
  );
  const isDraftWork = (entry: T) =>
    DRAFT_WORK_ACTIONS.includes(entry.action) && !(entry.action === "evidence.add" && entry.summary.challengeId);
  return entries.filter((entry) => !isDraftWork(entry) || entry.id < lastSubmission);
}

/**
 * The scorecard (DESIGN §7, §13): admin and QA read every indicator; an agency's lead and contributors read
 * their own agency's (owner null = the partnership's own, which no agency reads); the board reads published
 * scorecards only.
 */
export function canReadIndicator(viewer: Viewer, ownerAgencyId: number | null): boolean {
  if (viewer.role === "admin" || viewer.role === "qa") return true;
  return isAgencyRole(viewer.role) && viewer.agencyId !== null && viewer.agencyId === ownerAgencyId;
}

/** Figures are entered by the owning agency's people, and by the business office (any indicator, the partnership's own too). */
export function canEnterObservation(viewer: Viewer, ownerAgencyId: number | null): boolean {
  if (viewer.role === "admin") return true;
  return isAgencyRole(viewer.role) && viewer.agencyId !== null && viewer.agencyId === ownerAgencyId;
}
