import type { Knex } from "knex";
import { z } from "zod";
import { DASHBOARD_PAGE_SIZE, pageWindow, type DashboardQuery, type PageWindow } from "~/domain/cycle-dashboard";
import { isLate, ukDayEndsAt } from "~/domain/dates";
import { effectiveDueOn } from "~/domain/due-date";
import { RETURN_STATUSES, SUBMITTED_STATUSES, canReadPartnership, type ReturnStatus, type Viewer } from "~/domain/permissions";
import type { Band, Sector } from "~/domain/tool-schema";
import type { Db } from "./db.server";
import type { Cycle } from "./cycles.server";
import { getTool } from "./tools.server";

/**
 * The cycle dashboard: every agency's return in one cycle with its status, late and missing
 * flags, overall score, self vs moderated picture and open scrutiny, filtered, sorted, counted and
 * paged in SQL so the page only ever carries the 50 rows it shows (decision 005, fix 1). For the QA
 * subgroup and the business office only: agencies read their own returns elsewhere, the board none.
 */

export interface DashboardRow {
  returnId: number;
  agencyId: number;
  agencyName: string;
  sector: Sector;
  status: ReturnStatus;
  submittedAt: string | null;
  /** The agency's due date: the cycle's, or its own where the business office extended it. */
  dueOn: string;
  extended: boolean;
  late: boolean;
  /** The cycle has closed and this return was never submitted. */
  missing: boolean;
  /** Scores and scrutiny figures are null while the return is a draft (drafts are the agency's). */
  overallPercent: number | null;
  overallBand: string | null;
  /** Rules v2: the overall band was lowered by unmet essentials, and how many (0 for a score made under v1). */
  overallCapped: boolean;
  unmetEssentials: number;
  /** Standards with a current moderated rating. */
  moderated: number | null;
  /** Standards self-rated above their effective rating (DESIGN §5, `optimismGap`). */
  optimismGap: number | null;
  openChallenges: number | null;
  openActions: number | null;
}

export interface DashboardCounts {
  all: number;
  byStatus: Record<ReturnStatus, number>;
  late: number;
  missing: number;
}

export interface CycleDashboard {
  bands: Band[];
  rows: DashboardRow[];
  /** Returns matching the filters (all pages). */
  total: number;
  window: PageWindow;
  /** The whole cycle, whatever the filters. */
  counts: DashboardCounts;
}

const Row = z.object({
  id: z.number(),
  agency_id: z.number(),
  agency_name: z.string(),
  sector: z.string(),
  status: z.enum(RETURN_STATUSES),
  submitted_at: z.string().nullable(),
  due_on_override: z.string().nullable(),
  overall_percent: z.number().nullable(),
  overall_band: z.string().nullable(),
  overall_capped: z.union([z.boolean(), z.number()]).nullable(),
  unmet_essentials: z.string().nullable(),
  moderated: z.coerce.number(),
  optimism_gap: z.coerce.number(),
  open_challenges: z.coerce.number(),
  open_actions: z.coerce.number(),
});

/**
 * Orders by a column with its nulls last either way. Written out because knex's own `nulls: "last"`
 * drops the column's direction on SQLite; `(x IS NULL)` sorts the same on SQLite and PostgreSQL.
 */
function nullsLast(query: Knex.QueryBuilder, column: string, order: "asc" | "desc") {
  query.orderByRaw("(?? IS NULL) asc", [column]).orderBy(column, order);
}

const DRAFT_STATUSES = ["not_started", "in_progress"] as const;

/**
 * A band's rank (0 = top band, as `bandRank` in the domain) as a SQL CASE over the tool's bands, so
 * the optimism gap can be counted and sorted on in the database; a data test holds it to the domain's
 * `optimismGap` on the same rows.
 */
function rankSql(expression: string, bands: Band[]): { sql: string; bindings: string[] } {
  return { sql: `CASE ${expression} ${bands.map((_, index) => `WHEN ? THEN ${index}`).join(" ")} ELSE ${bands.length} END`, bindings: bands.map((band) => band.code) };
}

/**
 * One page of a cycle's dashboard for the viewer (admin or QA; anyone else gets null → 404).
 * Filters combine as GOV.UK filters do: any of the ticked sectors, and any of the ticked statuses,
 * and (when ticked) late or missing. Ties in any sort fall back to the agency's name.
 */
export async function listCycleDashboard(db: Db, viewer: Viewer, cycle: Pick<Cycle, "id" | "toolId" | "dueOn" | "status">, query: DashboardQuery): Promise<CycleDashboard | null> {
  if (!canReadPartnership(viewer)) return null;
  const bands = (await getTool(db, cycle.toolId))?.definition.bands ?? [];
  const closed = cycle.status === "closed";
  const lateWhere = await lateCondition(db, cycle);

  const filtered = () => {
    const q = db("returns").join("agencies", "agencies.id", "returns.agency_id").where("returns.cycle_id", cycle.id);
    if (query.sectors.length > 0) q.whereIn("agencies.sector", query.sectors);
    if (query.statuses.length > 0) q.whereIn("returns.status", query.statuses);
    if (query.flags.length > 0) {
      q.where((flags) => {
        if (query.flags.includes("late")) flags.orWhere(lateWhere);
        if (query.flags.includes("missing") && closed) flags.orWhereIn("returns.status", DRAFT_STATUSES);
        if (query.flags.includes("missing") && !closed) flags.orWhereRaw("1 = 0");
      });
    }
    return q;
  };

  const total = Number((await filtered().count({ n: "*" }).first())?.n ?? 0);
  const window = pageWindow(query.page, total);

  const self = rankSql("standard_scores.self_rating", bands);
  const effective = rankSql("COALESCE(current_moderation.band, standard_scores.band)", bands);
  const rowsQuery = filtered()
    .leftJoin("scores", function currentScore() {
      this.on("scores.return_id", "=", "returns.id").andOn("scores.is_current", "=", db.raw("?", [true]));
    })
    .select(
      "returns.id",
      "returns.agency_id",
      "agencies.name as agency_name",
      "agencies.sector",
      "returns.status",
      "returns.submitted_at",
      "returns.due_on_override",
      "scores.overall_percent",
      "scores.overall_band",
      "scores.overall_capped",
      "scores.unmet_essentials",
      db("moderations").count("*").whereRaw("moderations.return_id = returns.id").whereNull("moderations.superseded_at").as("moderated"),
      db("standard_scores")
        .count("*")
        .leftJoin("moderations as current_moderation", function currentModeration() {
          this.on("current_moderation.return_id", "=", "returns.id").andOn("current_moderation.standard_code", "=", "standard_scores.standard_code").andOnNull("current_moderation.superseded_at");
        })
        .whereRaw("standard_scores.score_id = scores.id")
        .whereNotNull("standard_scores.self_rating")
        .whereRaw("COALESCE(current_moderation.band, standard_scores.band) IS NOT NULL")
        .whereRaw(`${self.sql} < ${effective.sql}`, [...self.bindings, ...effective.bindings])
        .as("optimism_gap"),
      db("challenges").count("*").whereRaw("challenges.return_id = returns.id").whereNot("challenges.status", "closed").as("open_challenges"),
      db("actions").count("*").whereRaw("actions.return_id = returns.id").whereNot("actions.status", "done").as("open_actions"),
    )
    .limit(DASHBOARD_PAGE_SIZE)
    .offset(window.offset);

  const order = query.order;
  switch (query.sort) {
    case "agency":
      rowsQuery.orderBy("agencies.name", order);
      break;
    case "sector":
      rowsQuery.orderBy("agencies.sector", order);
      break;
    case "status": {
      // Workflow order (not started → validated), not alphabetical.
      rowsQuery.orderByRaw(`CASE returns.status ${RETURN_STATUSES.map((_, index) => `WHEN ? THEN ${index}`).join(" ")} END ${order}`, [...RETURN_STATUSES]);
      break;
    }
    case "submitted":
      nullsLast(rowsQuery, "returns.submitted_at", order);
      break;
    case "overall":
      nullsLast(rowsQuery, "scores.overall_percent", order);
      break;
    case "moderated":
      rowsQuery.orderBy("moderated", order);
      break;
    case "gap":
      rowsQuery.orderBy("optimism_gap", order);
      break;
    case "challenges":
      rowsQuery.orderBy("open_challenges", order);
      break;
    case "actions":
      rowsQuery.orderBy("open_actions", order);
      break;
  }
  if (query.sort !== "agency") rowsQuery.orderBy("agencies.name", "asc");
  rowsQuery.orderBy("returns.id", "asc");

  const rows = (await rowsQuery).map((raw: unknown): DashboardRow => {
    const row = Row.parse(raw);
    const submitted = (SUBMITTED_STATUSES as readonly string[]).includes(row.status);
    const shown = <T>(value: T): T | null => (submitted ? value : null);
    return {
      returnId: row.id,
      agencyId: row.agency_id,
      agencyName: row.agency_name,
      sector: row.sector as Sector,
      status: row.status,
      submittedAt: row.submitted_at,
      dueOn: effectiveDueOn(cycle.dueOn, row.due_on_override),
      extended: row.due_on_override !== null,
      late: isLate(row.submitted_at, effectiveDueOn(cycle.dueOn, row.due_on_override)),
      missing: closed && !submitted,
      overallPercent: shown(row.overall_percent),
      overallBand: shown(row.overall_band),
      overallCapped: submitted && Boolean(row.overall_capped),
      unmetEssentials: submitted && row.unmet_essentials ? (JSON.parse(row.unmet_essentials) as unknown[]).length : 0,
      moderated: shown(row.moderated),
      optimismGap: shown(row.optimism_gap),
      openChallenges: shown(row.open_challenges),
      openActions: shown(row.open_actions),
    };
  });

  return { bands, rows, total, window, counts: await countCycle(db, cycle.id, lateWhere, closed) };
}

/**
 * "Submitted after the agency's own due date" as a SQL condition. The end of a UK day is worked out in
 * TypeScript (it moves with British Summer Time), once for the cycle's date and once for each distinct
 * extended date in the cycle: extensions are few, so the condition stays small.
 */
async function lateCondition(db: Db, cycle: Pick<Cycle, "id" | "dueOn">): Promise<(builder: Knex.QueryBuilder) => void> {
  const overrides: string[] = (await db("returns").where("cycle_id", cycle.id).whereNotNull("due_on_override").distinct("due_on_override")).map((row: { due_on_override: string }) => row.due_on_override);
  return (builder) => {
    builder.where((own) => own.whereNull("returns.due_on_override").where("returns.submitted_at", ">=", ukDayEndsAt(cycle.dueOn)));
    for (const dueOn of overrides) builder.orWhere((own) => own.where("returns.due_on_override", dueOn).where("returns.submitted_at", ">=", ukDayEndsAt(dueOn)));
  };
}

async function countCycle(db: Db, cycleId: number, lateWhere: (builder: Knex.QueryBuilder) => void, closed: boolean): Promise<DashboardCounts> {
  const byStatus = Object.fromEntries(RETURN_STATUSES.map((status) => [status, 0])) as Record<ReturnStatus, number>;
  const grouped = await db("returns").where("cycle_id", cycleId).groupBy("status").select("status").count({ n: "*" });
  for (const row of grouped as { status: ReturnStatus; n: number | string }[]) byStatus[row.status] = Number(row.n);
  const late = Number((await db("returns").where("cycle_id", cycleId).where(lateWhere).count({ n: "*" }).first())?.n ?? 0);
  const all = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
  return { all, byStatus, late, missing: closed ? byStatus.not_started + byStatus.in_progress : 0 };
}
