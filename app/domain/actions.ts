import { ukDateOf } from "./dates";
import { effectiveBand } from "./moderation";
import { SUBMITTED_STATUSES, isAgencyRole, type ReturnStatus, type Viewer } from "./permissions";
import type { Band } from "./tool-schema";

/**
 * Action plans (DESIGN §6–§7), pure. A standard whose effective rating is below the tool's
 * top band suggests an action; the agency lead writes it, the QA subgroup agrees it, and the agency
 * reports progress until it is done (with evidence). Once done, QA may re-rate the standard.
 */

export const ACTION_STATUSES = ["open", "in_progress", "done"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_RAGS = ["on_track", "at_risk", "off_track"] as const;
export type ActionRag = (typeof ACTION_RAGS)[number];

/** What the progress column shows: the RAG while the action is live, "done" once it is done. */
export type ActionProgress = ActionRag | "done";

export const STATUS_LABELS: Record<ActionStatus, string> = { open: "Open", in_progress: "In progress", done: "Done" };
export const PROGRESS_LABELS: Record<ActionProgress, string> = {
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
  done: "Done",
};

/**
 * Progress RAG as GOV.UK tag colours: red, amber (GOV.UK's orange) and green carry the RAG's own
 * meaning; the label always says it too, so colour is never the only carrier (WCAG 1.4.1).
 */
export const PROGRESS_COLOURS: Record<ActionProgress, "green" | "orange" | "red" | "grey"> = {
  on_track: "green",
  at_risk: "orange",
  off_track: "red",
  done: "grey",
};
export const STATUS_COLOURS: Record<ActionStatus, "blue" | "light-blue" | "grey"> = {
  open: "blue",
  in_progress: "light-blue",
  done: "grey",
};

/** The prefix that marks a moderated rating recorded after an action was done (on a validated return). */
export const AFTER_ACTION_PREFIX = "After action: ";

export interface RatedStandard {
  code: string;
  title: string;
  computedBand: string | null;
  moderatedBand: string | null;
}

export interface SuggestedStandard extends RatedStandard {
  effectiveBand: string;
}

/**
 * Standards that suggest an action: those whose effective rating (moderated, else computed) is below
 * the tool's top band. A standard with no rating at all (nothing answered) suggests nothing: there is
 * no evidence of a gap, only of an unanswered section, which QA challenges instead.
 */
export function suggestedStandards(bands: Band[], standards: RatedStandard[]): SuggestedStandard[] {
  const top = bands[0]?.code;
  return standards.flatMap((standard) => {
    const effective = effectiveBand(standard.computedBand, standard.moderatedBand);
    return effective !== null && effective !== top ? [{ ...standard, effectiveBand: effective }] : [];
  });
}

/** What the progress column shows for an action: "done" once done, otherwise its RAG. */
export function progressOf(status: ActionStatus, rag: ActionRag): ActionProgress {
  return status === "done" ? "done" : rag;
}

/**
 * Overdue: not done, and the due date (a whole UK day) has passed at `now` (an ISO timestamp).
 * An action due today is not overdue until the day ends in England (see dates.ts).
 */
export function isOverdue(action: { status: ActionStatus; dueOn: string }, now: string): boolean {
  return action.status !== "done" && ukDateOf(now) > action.dueOn;
}

/**
 * The progress an action's reader sees. A RAG is the agency's own last report, and "On track" beside
 * "Overdue" reads as a contradiction to a QA chair: an action past its due date is not on track
 * whatever was last reported. So an overdue action shows "Overdue" (red) as its progress, and the RAG
 * as recorded is kept as a note ("Last reported: On track"), so nothing the agency said is hidden.
 */
export function progressShown(
  progress: ActionProgress,
  overdue: boolean,
): { label: string; colour: "green" | "orange" | "red" | "grey"; reported: string | null } {
  if (overdue && progress !== "done") return { label: "Overdue", colour: "red", reported: `Last reported: ${PROGRESS_LABELS[progress]}` };
  return { label: PROGRESS_LABELS[progress], colour: PROGRESS_COLOURS[progress], reported: null };
}

/** A due date must be today (UK date) or later when the action is written. */
export function isDueDateAcceptable(dueOn: string, today: string): boolean {
  return dueOn >= today;
}

/**
 * The statuses an update may move an action to. Actions move forward only (open → in_progress →
 * done; open → done when it is finished in one go); keeping the same status records a progress note.
 * A done action is closed: later changes belong to a new action.
 */
export function nextStatuses(current: ActionStatus): ActionStatus[] {
  if (current === "open") return ["open", "in_progress", "done"];
  if (current === "in_progress") return ["in_progress", "done"];
  return [];
}

export interface ProgressUpdate {
  status: ActionStatus;
  rag: ActionRag | null;
  note: string;
  evidenceNote: string;
}

/**
 * Problems with a progress update, by form field, in GOV.UK's words. A move must be one of
 * `nextStatuses`; a live action needs its RAG and a note saying what has happened; marking it done
 * needs the evidence note that shows the action worked (DESIGN §6), the RAG being moot.
 */
export function progressUpdateProblems(current: ActionStatus, update: ProgressUpdate): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!nextStatuses(current).includes(update.status)) {
    problems.status =
      current === "done"
        ? "This action is done and can no longer be updated"
        : `An action that is ${STATUS_LABELS[current].toLowerCase()} cannot go back to ${STATUS_LABELS[update.status].toLowerCase()}`;
  }
  if (update.status === "done") {
    if (update.evidenceNote.trim() === "") problems.evidenceNote = "Enter the evidence that the action is done";
  } else {
    if (update.rag === null) problems.rag = "Select how the action is progressing";
    if (update.note.trim() === "") problems.note = "Enter a note about progress";
  }
  return problems;
}

/** Who may see actions: the agency its own, the QA subgroup and the business office all; the board only in published reports. */
export function canReadActions(viewer: Viewer): boolean {
  return isAgencyRole(viewer.role) || viewer.role === "qa" || viewer.role === "admin";
}

/** Only the agency lead writes (manages) its agency's actions, on a return that has been submitted. */
export function canWriteAction(viewer: Viewer, agencyId: number, returnStatus: ReturnStatus): boolean {
  return viewer.role === "agency_lead" && viewer.agencyId === agencyId && (SUBMITTED_STATUSES as readonly string[]).includes(returnStatus);
}

/**
 * The agency's lead or contributors report progress on its actions until they are done; the QA subgroup
 * on the partnership's (an action with no agency: a case audit's recommendation for the partnership).
 */
export function canUpdateAction(viewer: Viewer, action: { agencyId: number | null; status: ActionStatus }): boolean {
  if (action.status === "done") return false;
  return action.agencyId === null ? viewer.role === "qa" : isAgencyRole(viewer.role) && viewer.agencyId === action.agencyId;
}

/** The QA subgroup agrees an action once; agreement is recorded, not repeated. */
export function canAgreeAction(viewer: Viewer, action: { agreedAt: string | null }): boolean {
  return viewer.role === "qa" && action.agreedAt === null;
}

/**
 * Once an action is done, QA may re-rate its standard. On a submitted return that is ordinary
 * moderation (the review page); a validated return's ratings are otherwise locked, so the re-rating
 * after a done action is the one change allowed there, and it is marked as such.
 */
export function canRerateAfterAction(viewer: Viewer, actionStatus: ActionStatus, returnStatus: ReturnStatus): boolean {
  return viewer.role === "qa" && actionStatus === "done" && returnStatus === "validated";
}

/** The rationale stored for a re-rating after an action: prefixed so the history says why it changed. */
export function afterActionRationale(rationale: string): string {
  return `${AFTER_ACTION_PREFIX}${rationale.trim()}`;
}
