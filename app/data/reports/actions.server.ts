import { ACTION_STATUSES, type ActionStatus } from "~/domain/actions";
import type { Viewer } from "~/domain/permissions";
import { buildActionsReport, type ActionsReport } from "~/domain/reports/actions";
import { todayInUk } from "~/domain/reports/completion";
import type { Sector } from "~/domain/tool-schema";
import { getCycle } from "../cycles.server";
import { nowIso, type Db } from "../db.server";
import { getTool } from "../tools.server";

/**
 * The actions report of one cycle for the QA subgroup and the business office: every action
 * on the cycle's returns, the computed band and every moderation of each action's standard (so the
 * domain can tell which actions changed a rating). Agencies and the board get null (→ 404): agencies
 * track their own actions on /actions, the board reads published reports.
 */
export async function getActionsReport(db: Db, viewer: Viewer, cycleId: number, now = nowIso()): Promise<ActionsReport | null> {
  if (viewer.role !== "admin" && viewer.role !== "qa") return null;
  const cycle = await getCycle(db, viewer, cycleId);
  if (!cycle) return null;
  const tool = await getTool(db, cycle.toolId);
  if (!tool) return null;

  const rows: Record<string, unknown>[] = await db("actions")
    .join("returns", "returns.id", "actions.return_id")
    .join("agencies", "agencies.id", "actions.agency_id")
    .where("returns.cycle_id", cycleId)
    .orderBy("actions.id")
    .select(
      "actions.id",
      "actions.return_id",
      "actions.standard_code",
      "actions.description",
      "actions.owner",
      "actions.status",
      "actions.due_on",
      "actions.created_at",
      "actions.done_at",
      "agencies.id as agency_id",
      "agencies.name as agency_name",
      "agencies.sector",
    );
  const returnIds = [...new Set(rows.map((row) => row.return_id as number))];
  const key = (returnId: number, code: string) => `${returnId}\u0000${code}`;
  const computed = new Map<string, string | null>();
  const moderations = new Map<string, { band: string; rationale: string; createdAt: string }[]>();
  for (let start = 0; start < returnIds.length; start += 500) {
    const chunk = returnIds.slice(start, start + 500);
    const scored = await db("standard_scores")
      .join("scores", "scores.id", "standard_scores.score_id")
      .whereIn("scores.return_id", chunk)
      .where("scores.is_current", true)
      .select("scores.return_id", "standard_scores.standard_code", "standard_scores.band");
    for (const row of scored) computed.set(key(row.return_id, row.standard_code), row.band ?? null);
    const moderated = await db("moderations").whereIn("return_id", chunk).select("return_id", "standard_code", "band", "rationale", "created_at");
    for (const row of moderated) {
      const list = moderations.get(key(row.return_id, row.standard_code)) ?? [];
      list.push({ band: row.band, rationale: row.rationale, createdAt: row.created_at });
      moderations.set(key(row.return_id, row.standard_code), list);
    }
  }

  return buildActionsReport({
    cycle: { id: cycle.id, title: cycle.title },
    tool: { code: tool.definition.code, version: tool.definition.version, title: tool.definition.title, kind: tool.definition.kind, bands: tool.definition.bands, standards: tool.definition.standards },
    today: todayInUk(now),
    actions: rows.map((row) => {
      const status = row.status as string;
      if (!(ACTION_STATUSES as readonly string[]).includes(status)) throw new Error(`Action ${String(row.id)} has an unknown status ${status}`);
      const id = key(row.return_id as number, row.standard_code as string);
      return {
        id: row.id as number,
        agency: { id: row.agency_id as number, name: row.agency_name as string, sector: row.sector as Sector },
        standardCode: row.standard_code as string,
        description: row.description as string,
        owner: row.owner as string,
        status: status as ActionStatus,
        dueOn: row.due_on as string,
        createdAt: row.created_at as string,
        doneAt: (row.done_at as string | null) ?? null,
        computedBand: computed.get(id) ?? null,
        moderations: moderations.get(id) ?? [],
      };
    }),
  });
}
