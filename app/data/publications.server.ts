import { anonymiseBaseline, DEFAULT_MIN_GROUP_SIZE } from "~/domain/reports/anonymise";
import { upgradeBaselineReport, type BaselineReport, type FrozenBaselineReport } from "~/domain/reports/baseline";
import type { Viewer } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { nowIso, parseJson, type Db } from "./db.server";
import { getBaselineReport } from "./reports.server";

/**
 * Publishing a report to the board freezes its model: the JSON stored here is what the board reads,
 * whatever happens to the data afterwards. QA members publish; board, QA and admin read; agencies
 * see their own live view instead.
 */

export interface PublicationSummary {
  id: number;
  kind: "baseline";
  cycleId: number;
  title: string;
  anonymised: boolean;
  publishedBy: string;
  publishedAt: string;
  supersededBy: number | null;
}

export interface Publication extends PublicationSummary {
  model: BaselineReport & { anonymised?: { minGroupSize: number; suppressedSectors: number } };
}

function canRead(viewer: Viewer): boolean {
  return viewer.role === "board" || viewer.role === "qa" || viewer.role === "admin";
}

function toSummary(row: Record<string, unknown>): PublicationSummary {
  return {
    id: row.id as number,
    kind: row.kind as "baseline",
    cycleId: row.cycle_id as number,
    title: row.title as string,
    anonymised: Boolean(row.anonymised),
    publishedBy: row.user_name as string,
    publishedAt: row.published_at as string,
    supersededBy: (row.superseded_by as number | null) ?? null,
  };
}

export async function listPublications(db: Db, viewer: Viewer): Promise<PublicationSummary[]> {
  if (!canRead(viewer)) return [];
  const rows = await db("publications").join("users", "users.id", "publications.published_by").select("publications.*", "users.name as user_name").orderBy("publications.id", "desc");
  return rows.map(toSummary);
}

export async function getPublication(db: Db, viewer: Viewer, id: number): Promise<Publication | null> {
  if (!canRead(viewer)) return null;
  const row = await db("publications").join("users", "users.id", "publications.published_by").where("publications.id", id).select("publications.*", "users.name as user_name").first();
  if (!row) return null;
  // A model frozen by an earlier report version is brought up to today's shape (derived views only, nothing invented).
  return { ...toSummary(row), model: upgradeBaselineReport(parseJson<FrozenBaselineReport>(row.model, null as never)) };
}

export type PublishResult = { ok: true; id: number } | { ok: false; status: 403 | 404 | 409; message: string };

/** Freezes the cycle's baseline as QA sees it now (optionally anonymised) and supersedes the previous publication. */
export async function publishBaseline(db: Db, viewer: Viewer, cycleId: number, options: { anonymise: boolean; minGroupSize?: number }): Promise<PublishResult> {
  if (viewer.role !== "qa") return { ok: false, status: 403, message: "Only QA subgroup members publish reports to the board" };
  const report = await getBaselineReport(db, viewer, cycleId);
  if (!report) return { ok: false, status: 404, message: "Cycle not found" };
  if (report.agencies.length === 0) return { ok: false, status: 409, message: "No returns have been submitted yet, so there is nothing to publish" };
  const model = options.anonymise ? anonymiseBaseline(report, options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE) : report;
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
