import type { ActionStatus } from "../actions";
import { AFTER_ACTION_PREFIX } from "../actions";
import { ukDateOf } from "../dates";
import type { Band, Sector, ToolDefinition } from "../tool-schema";

type ToolKind = ToolDefinition["kind"];
import { SECTORS } from "../tool-schema";
import type { ReportAgency } from "./comparison";
import { median } from "./spread";

/**
 * The actions report (DESIGN §8): the action plans of one cycle, counted by agency and by
 * standard, with the time each done action took to close and the actions after which the QA
 * subgroup changed the standard's rating. Renderers lay out this model; none computes.
 *
 * Rules stated once, here:
 * - Open: not yet started (status open); in progress: started, not done; done: done. Every action is
 *   exactly one of these three. Overdue: not done and its due date (a UK day) is before `today`, so
 *   overdue is a subset of open + in progress, never a fourth state.
 * - Time to close: whole UK days from the day the action was written to the day it was marked done
 *   (0 when both fall on one day). Summaries give n, the median (of an even count the mean of the
 *   two middle values) and the longest; none when nothing is done yet.
 * - Changed a rating: a done action after which the QA subgroup recorded a moderation of the same
 *   standard on the same return (DESIGN §6): on a submitted return that is ordinary moderation, on a
 *   validated one the "After action: " re-rating (whose prefix is dropped from the reason shown). The
 *   rating before is the effective rating just before that moderation: the previous moderation, else
 *   the computed band. The latest such moderation counts; one to the same band is listed as "same".
 * - Dates are passed in (`today` as YYYY-MM-DD, UK); the domain reads no clock.
 */

export const ACTIONS_REPORT_VERSION = 1;

export interface ActionsInputModeration {
  band: string;
  rationale: string;
  createdAt: string;
}

export interface ActionsInputAction {
  id: number;
  agency: ReportAgency;
  standardCode: string;
  description: string;
  owner: string;
  status: ActionStatus;
  dueOn: string;
  createdAt: string;
  doneAt: string | null;
  /** The standard's computed band on the action's return (current score); null when not scored. */
  computedBand: string | null;
  /** Every moderation of the action's standard on its return, superseded ones included, in any order. */
  moderations: ActionsInputModeration[];
}

export interface TimeToClose {
  /** Done actions counted. */
  n: number;
  medianDays: number | null;
  longestDays: number | null;
}

export interface ActionCounts {
  total: number;
  open: number;
  inProgress: number;
  done: number;
  /** Not done and past the due date (a subset of open and in progress). */
  overdue: number;
  timeToClose: TimeToClose;
}

export type RatingDirection = "higher" | "same" | "lower";

export interface RatingChange {
  actionId: number;
  agency: ReportAgency;
  standardCode: string;
  standardTitle: string;
  /** Effective band before the re-rating; null when the standard had no rating at all. */
  before: string | null;
  after: string;
  direction: RatingDirection | null;
  /** The UK day of the re-rating. */
  reratedOn: string;
  rationale: string;
}

export interface ActionsReportRow {
  id: number;
  agency: ReportAgency;
  standardCode: string;
  standardTitle: string;
  description: string;
  owner: string;
  status: ActionStatus;
  dueOn: string;
  overdue: boolean;
  /** UK day written, and UK day done (null until done). */
  createdOn: string;
  doneOn: string | null;
  daysToClose: number | null;
  /** Whole days past the due date for an overdue action; 0 otherwise. */
  daysOverdue: number;
}

export interface ActionsReport {
  reportVersion: number;
  kind: "actions";
  cycle: { id: number; title: string };
  /** `kind` since case audits had actions: absent in reports frozen before, which were all of standards. */
  tool: { code: string; version: string; title: string; kind?: ToolKind };
  bands: Band[];
  today: string;
  partnership: ActionCounts;
  /** Agencies with at least one action, by name. */
  agencies: ({ agency: ReportAgency } & ActionCounts)[];
  /** Sectors with at least one action, in the order of DESIGN §2. */
  sectors: ({ sector: Sector } & ActionCounts)[];
  /** Standards with at least one action, in the tool's order. */
  standards: ({ code: string; title: string } & ActionCounts)[];
  ratingChanges: RatingChange[];
  /** Every action: overdue first (most overdue first), then by agency and due date. */
  actions: ActionsReportRow[];
}

/** Whole days from one YYYY-MM-DD day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function countActions(rows: ActionsReportRow[]): ActionCounts {
  const closed = rows.flatMap((row) => (row.daysToClose === null ? [] : [row.daysToClose]));
  return {
    total: rows.length,
    open: rows.filter((row) => row.status === "open").length,
    inProgress: rows.filter((row) => row.status === "in_progress").length,
    done: rows.filter((row) => row.status === "done").length,
    overdue: rows.filter((row) => row.overdue).length,
    timeToClose: { n: closed.length, medianDays: median(closed), longestDays: closed.length === 0 ? null : Math.max(...closed) },
  };
}

function direction(bands: Band[], before: string | null, after: string): RatingDirection | null {
  if (before === null) return null;
  const then = bands.findIndex((band) => band.code === before);
  const now = bands.findIndex((band) => band.code === after);
  if (then < 0 || now < 0) return null;
  return now < then ? "higher" : now > then ? "lower" : "same";
}

/**
 * The re-rating after a done action, if any: the latest moderation of its standard recorded at or
 * after the moment the action was done, with the effective band just before it.
 */
export function ratingChangeAfter(
  action: Pick<ActionsInputAction, "doneAt" | "computedBand" | "moderations">,
): { before: string | null; after: string; at: string; rationale: string } | null {
  if (action.doneAt === null) return null;
  const ordered = [...action.moderations].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  let found: { before: string | null; after: string; at: string; rationale: string } | null = null;
  ordered.forEach((moderation, index) => {
    if (moderation.createdAt < action.doneAt!) return;
    const before = index > 0 ? ordered[index - 1].band : action.computedBand;
    const rationale = moderation.rationale.startsWith(AFTER_ACTION_PREFIX)
      ? moderation.rationale.slice(AFTER_ACTION_PREFIX.length)
      : moderation.rationale;
    found = { before, after: moderation.band, at: moderation.createdAt, rationale };
  });
  return found;
}

export interface StandardWord {
  singular: string;
  plural: string;
  /** A column heading: "Standard" or "Domain". */
  heading: string;
  /** One named in full ("S3 Safer recruitment"; a domain by its title: its code is for machines). */
  name: (code: string, title: string) => string;
  /** One named in a narrow column: a standard by its code ("S3"), a domain by its title. */
  short: (code: string, title: string) => string;
}

/** What a report calls the tool's standards: a case audit's are its domains (DESIGN §12). */
export function standardWord(tool: { kind?: ToolKind }): StandardWord {
  return tool.kind === "case_audit"
    ? { singular: "domain", plural: "domains", heading: "Domain", name: (_code, title) => title, short: (_code, title) => title }
    : { singular: "standard", plural: "standards", heading: "Standard", name: (code, title) => `${code} ${title}`, short: (code) => code };
}

/** Builds the actions report of one cycle (rules in the module comment above). */
export function buildActionsReport(input: {
  cycle: { id: number; title: string };
  tool: { code: string; version: string; title: string; kind?: ToolKind; bands: Band[]; standards: { code: string; title: string }[] };
  actions: ActionsInputAction[];
  today: string;
}): ActionsReport {
  const { tool, today } = input;
  const titleOf = new Map(tool.standards.map((standard) => [standard.code, standard.title]));
  const rows: ActionsReportRow[] = input.actions.map((action) => {
    const overdue = action.status !== "done" && today > action.dueOn;
    const createdOn = ukDateOf(action.createdAt);
    const doneOn = action.status === "done" && action.doneAt !== null ? ukDateOf(action.doneAt) : null;
    return {
      id: action.id,
      agency: action.agency,
      standardCode: action.standardCode,
      standardTitle: titleOf.get(action.standardCode) ?? "",
      description: action.description,
      owner: action.owner,
      status: action.status,
      dueOn: action.dueOn,
      overdue,
      createdOn,
      doneOn,
      daysToClose: doneOn === null ? null : Math.max(0, daysBetween(createdOn, doneOn)),
      daysOverdue: overdue ? daysBetween(action.dueOn, today) : 0,
    };
  });
  rows.sort(
    (a, b) =>
      b.daysOverdue - a.daysOverdue ||
      a.agency.name.localeCompare(b.agency.name, "en-GB") ||
      (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0) ||
      a.id - b.id,
  );

  const agencyIds = [...new Map(rows.map((row) => [row.agency.id, row.agency])).values()].sort((a, b) =>
    a.name.localeCompare(b.name, "en-GB"),
  );
  const standardOrder = [...tool.standards.map((standard) => standard.code), ...new Set(rows.map((row) => row.standardCode))];
  const standardCodes = [...new Set(standardOrder)].filter((code) => rows.some((row) => row.standardCode === code));

  const ratingChanges: RatingChange[] = input.actions.flatMap((action) => {
    const change = ratingChangeAfter(action);
    if (!change) return [];
    return [
      {
        actionId: action.id,
        agency: action.agency,
        standardCode: action.standardCode,
        standardTitle: titleOf.get(action.standardCode) ?? "",
        before: change.before,
        after: change.after,
        direction: direction(tool.bands, change.before, change.after),
        reratedOn: ukDateOf(change.at),
        rationale: change.rationale,
      },
    ];
  });
  ratingChanges.sort((a, b) => a.agency.name.localeCompare(b.agency.name, "en-GB") || a.actionId - b.actionId);

  return {
    reportVersion: ACTIONS_REPORT_VERSION,
    kind: "actions",
    cycle: input.cycle,
    tool: { code: tool.code, version: tool.version, title: tool.title, ...(tool.kind ? { kind: tool.kind } : {}) },
    bands: tool.bands,
    today,
    partnership: countActions(rows),
    agencies: agencyIds.map((agency) => ({ agency, ...countActions(rows.filter((row) => row.agency.id === agency.id)) })),
    sectors: SECTORS.filter((sector) => rows.some((row) => row.agency.sector === sector)).map((sector) => ({
      sector,
      ...countActions(rows.filter((row) => row.agency.sector === sector)),
    })),
    standards: standardCodes.map((code) => ({
      code,
      title: titleOf.get(code) ?? "",
      ...countActions(rows.filter((row) => row.standardCode === code)),
    })),
    ratingChanges,
    actions: rows,
  };
}
