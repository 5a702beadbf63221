import { buildCompletionReport, todayInUk, type CompletionReport } from "~/domain/reports/completion";
import type { ReturnStatus, Viewer } from "~/domain/permissions";
import type { Sector } from "~/domain/tool-schema";
import { getCycle } from "../cycles.server";
import { nowIso, type Db } from "../db.server";

/** Completion of one cycle for the business office and QA: statuses only, never answers or scores. */
export async function getCompletionReport(db: Db, viewer: Viewer, cycleId: number, now = nowIso()): Promise<CompletionReport | null> {
  if (viewer.role !== "admin" && viewer.role !== "qa") return null;
  const cycle = await getCycle(db, viewer, cycleId);
  if (!cycle) return null;
  const rows = await db("returns").join("agencies", "agencies.id", "returns.agency_id").where("returns.cycle_id", cycleId).select("agencies.id", "agencies.name", "agencies.sector", "returns.status", "returns.submitted_at", "returns.due_on_override");
  return buildCompletionReport({
    cycle: { id: cycle.id, title: cycle.title, dueOn: cycle.dueOn, finalDeadlineOn: cycle.finalDeadlineOn, closed: cycle.status === "closed" },
    returns: rows.map((row: Record<string, unknown>) => ({
      agency: { id: row.id as number, name: row.name as string, sector: row.sector as Sector },
      status: row.status as ReturnStatus,
      submittedAt: (row.submitted_at as string | null) ?? null,
      dueOnOverride: (row.due_on_override as string | null) ?? null,
    })),
    today: todayInUk(now),
  });
}
