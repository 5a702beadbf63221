import { randomInt } from "node:crypto";
import { anonymiseBaseline, DEFAULT_MIN_GROUP_SIZE } from "~/domain/reports/anonymise";
import { upgradeBaselineReport, type BaselineReport, type FrozenBaselineReport } from "~/domain/reports/baseline";
import { anonymiseActions, anonymiseComparison, anonymiseCompletion, type AnonymisedMark } from "~/domain/reports/anonymise-reports";
import type { ActionsReport } from "~/domain/reports/actions";
import type { ComparisonReport } from "~/domain/reports/comparison";
import type { CompletionReport } from "~/domain/reports/completion";
import type { Viewer } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { nowIso, parseJson, type Db } from "./db.server";
import { getActionsReport } from "./reports/actions.server";
import { getComparisonReport } from "./reports/comparison.server";
import { getCompletionReport } from "./reports/completion.server";
import { getBaselineReport } from "./reports/baseline.server";
import { getAssuranceReport } from "./reports/assurance.server";
import { anonymiseAssurance, type AssuranceReport } from "~/domain/reports/assurance";
import { anonymiseCaseAudit, type CaseAuditReport } from "~/domain/reports/case-audit";
import { getCaseAuditReport } from "./case-audits.server";
import { canPublishToBoard } from "~/domain/permissions";
import type { ScorecardReport } from "~/domain/reports/scorecard";
import type { ScorecardQuery } from "~/domain/scorecard";
import { getScorecardReport } from "./scorecard.server";

/**
 * Publishing a report to the board freezes its model: the JSON stored here is what the board reads,
 * whatever happens to the data afterwards. QA members publish; board, QA and admin read; agencies
 * see their own live view instead. The kind column says which report model the JSON holds.
 */

export const PUBLICATION_KINDS = ["baseline", "comparison", "completion", "actions", "assurance", "scorecard", "case-audit"] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

type Frozen<T> = T & Partial<AnonymisedMark>;
export type PublishedModel =
  | ({ kind: "baseline" } & Frozen<BaselineReport>)
  | Frozen<ComparisonReport>
  | Frozen<CompletionReport>
  | Frozen<ActionsReport>
  | AssuranceReport
  | ScorecardReport
  | CaseAuditReport;

export interface PublicationSummary {
  id: number;
  kind: PublicationKind;
  /** Null for the scorecard, which is the partnership's rather than a cycle's (decision 021). */
  cycleId: number | null;
  title: string;
  anonymised: boolean;
  publishedBy: string;
  publishedAt: string;
  supersededBy: number | null;
}

export interface Publication extends PublicationSummary {
  model: PublishedModel;
}

function canRead(viewer: Viewer): boolean {
  return viewer.role === "board" || viewer.role === "qa" || viewer.role === "admin";
}

function toSummary(row: Record<string, unknown>): PublicationSummary {
  return {
    id: row.id as number,
    kind: row.kind as PublicationKind,
    cycleId: (row.cycle_id as number | null) ?? null,
    title: row.title as string,
    anonymised: Boolean(row.anonymised),
    publishedBy: row.user_name as string,
    publishedAt: row.published_at as string,
    supersededBy: (row.superseded_by as number | null) ?? null,
  };
}

/** Published reports, newest first; `kind` keeps one kind (the board's actions page lists the published actions reports). */
export async function listPublications(db: Db, viewer: Viewer, filter: { kind?: PublicationKind } = {}): Promise<PublicationSummary[]> {
  if (!canRead(viewer)) return [];
  const query = db("publications").join("users", "users.id", "publications.published_by").select("publications.*", "users.name as user_name").orderBy("publications.id", "desc");
  if (filter.kind) query.where("publications.kind", filter.kind);
  const rows = await query;
  return rows.map(toSummary);
}

export async function getPublication(db: Db, viewer: Viewer, id: number): Promise<Publication | null> {
  if (!canRead(viewer)) return null;
  const row = await db("publications").join("users", "users.id", "publications.published_by").where("publications.id", id).select("publications.*", "users.name as user_name").first();
  if (!row) return null;
  const model = parseJson<PublishedModel | FrozenBaselineReport>(row.model, null as never);
  // A baseline frozen by an earlier report version is brought up to today's shape (derived views only, nothing invented).
  if (model.kind === "baseline") return { ...toSummary(row), model: { ...upgradeBaselineReport(model as FrozenBaselineReport), kind: "baseline" as const } };
  return { ...toSummary(row), model: model as PublishedModel };
}

/**
 * Whether any report of this cycle that names agencies was ever published to the board (superseded ones too:
 * the board may have read them). QA is warned before publishing an anonymised one, which could be matched with it.
 */
export async function hasNamedPublication(db: Db, cycleId: number): Promise<boolean> {
  const row = await db("publications").where({ cycle_id: cycleId, anonymised: false }).first("id");
  return row !== undefined;
}

export type PublishResult = { ok: true; id: number } | { ok: false; status: 403 | 404 | 409; message: string };

/** Freezes the cycle's baseline as QA sees it now (optionally anonymised) and supersedes the previous publication. */
export async function publishBaseline(db: Db, viewer: Viewer, cycleId: number, options: { anonymise: boolean; minGroupSize?: number }): Promise<PublishResult> {
  if (!canPublishToBoard(viewer)) return { ok: false, status: 403, message: "Only QA subgroup members publish reports to the board" };
  const report = await getBaselineReport(db, viewer, cycleId);
  if (!report) return { ok: false, status: 404, message: "Cycle not found" };
  if (report.agencies.length === 0) return { ok: false, status: 409, message: "No returns have been submitted yet, so there is nothing to publish" };
  const model = options.anonymise ? anonymiseBaseline(report, options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE, randomInt(1, 2 ** 31)) : report;
  return db.transaction(async (trx) => {
    const previous = await trx("publications").where({ cycle_id: cycleId, kind: "baseline" }).whereNull("superseded_by").orderBy("id", "desc").first();
    const [row] = await trx("publications")
      .insert({
        kind: "baseline",
        cycle_id: cycleId,
        title: `Baseline report: ${report.cycle.title}${options.anonymise ? " (anonymised)" : ""}`,
        model: JSON.stringify(model),
        anonymised: options.anonymise,
        min_group_size: options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE,
        published_by: viewer.id,
        published_at: nowIso(),
      })
      .returning("id");
    const id = (typeof row === "object" ? row.id : row) as number;
    if (previous) await trx("publications").where({ id: previous.id }).update({ superseded_by: id });
    await recordAudit(trx, { userId: viewer.id, action: "report.publish", entityType: "publication", entityId: id, summary: { cycleId, kind: "baseline", anonymised: options.anonymise, supersedes: previous?.id ?? null, returns: report.agencies.length } });
    return { ok: true as const, id };
  });
}

/**
 * Freezes the comparison (later cycle against `againstId`, at the page's threshold), the completion or
 * the actions report of a cycle as QA sees it now, optionally anonymised (groups smaller than the
 * minimum withheld), and supersedes the previous publication of the same kind of that cycle.
 */
export async function publishReport(
  db: Db,
  viewer: Viewer,
  cycleId: number,
  options: { kind: Exclude<PublicationKind, "baseline" | "scorecard" | "case-audit">; anonymise: boolean; minGroupSize?: number; againstId?: number; threshold?: number },
): Promise<PublishResult> {
  if (!canPublishToBoard(viewer)) return { ok: false, status: 403, message: "Only QA subgroup members publish reports to the board" };
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  let model: PublishedModel;
  let title: string;
  let size: number;
  if (options.kind === "comparison") {
    if (options.againstId === undefined) return { ok: false, status: 409, message: "Select an earlier cycle to compare with" };
    const result = await getComparisonReport(db, viewer, options.againstId, cycleId, { threshold: options.threshold });
    if (!result) return { ok: false, status: 404, message: "Cycle not found" };
    if (!result.ok) return { ok: false, status: 409, message: result.message };
    const report = result.report;
    if (report.agencies.length + report.singleCycleAgencies.length === 0) return { ok: false, status: 409, message: "Neither cycle has a submitted return yet, so there is nothing to publish" };
    model = options.anonymise ? anonymiseComparison(report, minGroupSize, randomInt(1, 2 ** 31)) : report;
    title = `Comparison report: ${report.later.cycle.title} against ${report.earlier.cycle.title}`;
    size = report.agencies.length;
  } else if (options.kind === "completion") {
    const report = await getCompletionReport(db, viewer, cycleId);
    if (!report) return { ok: false, status: 404, message: "Cycle not found" };
    model = options.anonymise ? anonymiseCompletion(report, minGroupSize, randomInt(1, 2 ** 31)) : report;
    title = `Completion: ${report.cycle.title}`;
    size = report.partnership.assigned;
  } else if (options.kind === "assurance") {
    const report = await getAssuranceReport(db, viewer, cycleId);
    if (!report) return { ok: false, status: 404, message: "Cycle not found" };
    if (report.agencies.length === 0) return { ok: false, status: 409, message: "No agency has a submitted return or a survey link yet, so there is nothing to publish" };
    model = options.anonymise ? anonymiseAssurance(report, minGroupSize) : report;
    title = `Assurance: ${report.cycle.title}`;
    size = report.agencies.length;
  } else {
    const report = await getActionsReport(db, viewer, cycleId);
    if (!report) return { ok: false, status: 404, message: "Cycle not found" };
    if (report.partnership.total === 0) return { ok: false, status: 409, message: "No actions have been written for this cycle yet, so there is nothing to publish" };
    model = options.anonymise ? anonymiseActions(report, minGroupSize, randomInt(1, 2 ** 31)) : report;
    title = `Actions report: ${report.cycle.title}`;
    size = report.partnership.total;
  }
  const fullTitle = `${title}${options.anonymise ? " (anonymised)" : ""}`;
  return db.transaction(async (trx) => {
    const previous = await trx("publications").where({ cycle_id: cycleId, kind: options.kind }).whereNull("superseded_by").orderBy("id", "desc").first();
    const [row] = await trx("publications")
      .insert({
        kind: options.kind,
        cycle_id: cycleId,
        title: fullTitle.slice(0, 300),
        model: JSON.stringify(model),
        anonymised: options.anonymise,
        min_group_size: minGroupSize,
        published_by: viewer.id,
        published_at: nowIso(),
      })
      .returning("id");
    const id = (typeof row === "object" ? row.id : row) as number;
    if (previous) await trx("publications").where({ id: previous.id }).update({ superseded_by: id });
    await recordAudit(trx, { userId: viewer.id, action: "report.publish", entityType: "publication", entityId: id, summary: { cycleId, kind: options.kind, anonymised: options.anonymise, supersedes: previous?.id ?? null, size, againstId: options.againstId ?? null } });
    return { ok: true as const, id };
  });
}

/**
 * Freezes the scorecard as QA sees it now, with the page's filters and periods (decision 021). It belongs to no
 * cycle: the publication's cycle_id is null, and a new scorecard publication supersedes the last one. Indicators
 * are measures of whole services, not agencies' own ratings, so there is no anonymised form.
 */
export async function publishScorecard(db: Db, viewer: Viewer, query: ScorecardQuery): Promise<PublishResult> {
  if (!canPublishToBoard(viewer)) return { ok: false, status: 403, message: "Only QA subgroup members publish reports to the board" };
  const report = await getScorecardReport(db, viewer, query);
  if (!report) return { ok: false, status: 403, message: "Only QA subgroup members publish reports to the board" };
  if (!report.indicators.some((indicator) => indicator.points.length > 0)) return { ok: false, status: 409, message: "No figures have been entered for the indicators shown, so there is nothing to publish" };
  const range = report.from || report.to ? ` ${report.from ?? "…"} to ${report.to ?? "latest"}` : "";
  return db.transaction(async (trx) => {
    const previous = await trx("publications").whereNull("cycle_id").where({ kind: "scorecard" }).whereNull("superseded_by").orderBy("id", "desc").first();
    const [row] = await trx("publications")
      .insert({ kind: "scorecard", cycle_id: null, title: `Scorecard${range}`.slice(0, 300), model: JSON.stringify(report), anonymised: false, min_group_size: DEFAULT_MIN_GROUP_SIZE, published_by: viewer.id, published_at: nowIso() })
      .returning("id");
    const id = (typeof row === "object" ? row.id : row) as number;
    if (previous) await trx("publications").where({ id: previous.id }).update({ superseded_by: id });
    await recordAudit(trx, { userId: viewer.id, action: "report.publish", entityType: "publication", entityId: id, summary: { cycleId: null, kind: "scorecard", anonymised: false, supersedes: previous?.id ?? null, size: report.indicators.length, filters: report.filters, from: report.from, to: report.to } });
    return { ok: true as const, id };
  });
}

/**
 * Freezes a case audit's report as QA sees it now (optionally anonymised) and supersedes its previous
 * publication. A publication belongs to a cycle: a case audit's is filed under its first case's cycle,
 * which belongs to that audit alone (decision 020).
 */
export async function publishCaseAudit(db: Db, viewer: Viewer, caseAuditId: number, options: { anonymise: boolean; minGroupSize?: number }): Promise<PublishResult> {
  if (!canPublishToBoard(viewer)) return { ok: false, status: 403, message: "Only QA subgroup members publish reports to the board" };
  const report = await getCaseAuditReport(db, viewer, caseAuditId);
  if (!report) return { ok: false, status: 404, message: "Case audit not found" };
  if (report.summary.casesAgreed === 0) return { ok: false, status: 409, message: "The panel has not agreed the grades of any case yet, so there is nothing to publish" };
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const model = options.anonymise ? anonymiseCaseAudit(report, minGroupSize) : report;
  const first = await db("case_audit_cases").where({ case_audit_id: caseAuditId }).orderBy("id").first("cycle_id");
  const cycleId = first.cycle_id as number;
  return db.transaction(async (trx) => {
    const previous = await trx("publications").where({ cycle_id: cycleId, kind: "case-audit" }).whereNull("superseded_by").orderBy("id", "desc").first();
    const [row] = await trx("publications")
      .insert({
        kind: "case-audit",
        cycle_id: cycleId,
        title: `Case audit: ${report.caseAudit.title}${options.anonymise ? " (anonymised)" : ""}`.slice(0, 300),
        model: JSON.stringify(model),
        anonymised: options.anonymise,
        min_group_size: minGroupSize,
        published_by: viewer.id,
        published_at: nowIso(),
      })
      .returning("id");
    const id = (typeof row === "object" ? row.id : row) as number;
    if (previous) await trx("publications").where({ id: previous.id }).update({ superseded_by: id });
    await recordAudit(trx, { userId: viewer.id, action: "report.publish", entityType: "publication", entityId: id, summary: { caseAuditId, kind: "case-audit", anonymised: options.anonymise, supersedes: previous?.id ?? null, size: report.summary.cases } });
    return { ok: true as const, id };
  });
}
