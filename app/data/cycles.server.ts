import { z } from "zod";
import { SECTORS } from "~/domain/tool-schema";
import { canReadPartnership, isAgencyRole, type Viewer } from "~/domain/permissions";
import type { CycleStatus } from "~/domain/cycle";
import { recordAudit } from "./audit.server";
import { nowIso, parseJson, type Db } from "./db.server";
import { notifyCycleOpened } from "./notifications.server";


/** Which agencies a cycle covers: all, those of some sectors, or a chosen list. */
export const SelectionSchema = z.union([
  z.object({ all: z.literal(true) }),
  z.object({ sectors: z.array(z.enum(SECTORS)).min(1) }),
  z.object({ agencyIds: z.array(z.number().int().positive()).min(1) }),
]);
export type Selection = z.infer<typeof SelectionSchema>;

export interface Cycle {
  id: number;
  toolId: number;
  toolCode: string;
  toolVersion: string;
  toolTitle: string;
  title: string;
  status: CycleStatus;
  opensOn: string;
  dueOn: string;
  finalDeadlineOn: string | null;
  selection: Selection;
  createdAt: string;
  openedAt: string | null;
  closedAt: string | null;
  returnCount: number;
  /** The case audit this cycle holds one case of (DESIGN §12; decision 020), or null for an audit cycle. */
  caseAuditId: number | null;
}

function cyclesQuery(db: Db) {
  return db("cycles")
    .join("tools", "tools.id", "cycles.tool_id")
    .leftJoin("case_audit_cases", "case_audit_cases.cycle_id", "cycles.id")
    .select(
      "cycles.*",
      "case_audit_cases.case_audit_id",
      "tools.code as tool_code",
      "tools.version as tool_version",
      "tools.title as tool_title",
      db("returns").count("*").whereRaw("returns.cycle_id = cycles.id").as("return_count"),
    );
}

function toCycle(row: Record<string, unknown>): Cycle {
  return {
    id: row.id as number,
    toolId: row.tool_id as number,
    toolCode: row.tool_code as string,
    toolVersion: row.tool_version as string,
    toolTitle: row.tool_title as string,
    title: row.title as string,
    status: row.status as CycleStatus,
    opensOn: row.opens_on as string,
    dueOn: row.due_on as string,
    finalDeadlineOn: (row.final_deadline_on as string | null) ?? null,
    selection: SelectionSchema.parse(parseJson(row.selection, { all: true })),
    createdAt: row.created_at as string,
    openedAt: (row.opened_at as string | null) ?? null,
    closedAt: (row.closed_at as string | null) ?? null,
    returnCount: Number(row.return_count ?? 0),
    caseAuditId: (row.case_audit_id as number | null) ?? null,
  };
}

/** Cycles the viewer may see: all for admin and QA; for an agency, the cycles it has a return in. */
function scoped(db: Db, viewer: Viewer) {
  const query = cyclesQuery(db);
  if (isAgencyRole(viewer.role)) {
    query.whereExists(db("returns").whereRaw("returns.cycle_id = cycles.id").where("returns.agency_id", viewer.agencyId));
  } else if (!canReadPartnership(viewer)) {
    query.whereRaw("1 = 0");
  }
  return query;
}

export async function listCycles(db: Db, viewer: Viewer): Promise<Cycle[]> {
  return (await scoped(db, viewer).orderBy("cycles.opens_on", "desc").orderBy("cycles.id", "desc")).map(toCycle);
}

export async function getCycle(db: Db, viewer: Viewer, id: number): Promise<Cycle | null> {
  const row = await scoped(db, viewer).where("cycles.id", id).first();
  return row ? toCycle(row) : null;
}

export interface CycleInput {
  toolId: number;
  title: string;
  opensOn: string;
  dueOn: string;
  finalDeadlineOn: string | null;
  selection: Selection;
}

export class DuplicateCycleTitleError extends Error {
  constructor(title: string) {
    super(`A cycle called “${title}” already exists: give this cycle a different title, such as one with its year or sector`);
  }
}

/** Creates a draft cycle. Titles are unique among cycles (any case), so reports and emails never name two alike. */
export async function createCycle(db: Db, actorId: number | null, input: CycleInput): Promise<number> {
  return db.transaction(async (trx) => {
    if (await trx("cycles").whereRaw("lower(title) = ?", [input.title.trim().toLowerCase()]).first("id")) throw new DuplicateCycleTitleError(input.title.trim());
    const [row] = await trx("cycles")
      .insert({
        tool_id: input.toolId,
        title: input.title.trim(),
        status: "draft",
        opens_on: input.opensOn,
        due_on: input.dueOn,
        final_deadline_on: input.finalDeadlineOn,
        selection: JSON.stringify(input.selection),
        created_by: actorId,
        created_at: nowIso(),
      })
      .returning("id");
    const id = typeof row === "object" ? row.id : row;
    await recordAudit(trx, { userId: actorId, action: "cycle.create", entityType: "cycle", entityId: id, summary: { after: input } });
    return id as number;
  });
}

/** The agency ids a selection names, as of now. */
async function selectedAgencyIds(db: Db, selection: Selection): Promise<number[]> {
  // An agency that closed or merged is kept in past cycles but takes no part in new ones.
  const query = db("agencies").select("id").whereNull("deactivated_at").orderBy("id");
  if ("sectors" in selection) query.whereIn("sector", selection.sectors);
  if ("agencyIds" in selection) query.whereIn("id", selection.agencyIds);
  return (await query).map((row: { id: number }) => row.id);
}

export type OpenResult = { ok: true; created: number } | { ok: false; message: string };

/** Opens a draft cycle: one not-started return for every selected agency, all in one transaction. */
export async function openCycle(db: Db, actorId: number | null, id: number): Promise<OpenResult> {
  return db.transaction(async (trx) => {
    const cycle = await trx("cycles").where({ id }).first();
    if (!cycle) return { ok: false as const, message: `There is no cycle ${id}` };
    if (cycle.status !== "draft") return { ok: false as const, message: `This cycle is already ${cycle.status}` };
    const agencyIds = await selectedAgencyIds(trx, SelectionSchema.parse(parseJson(cycle.selection, {})));
    if (agencyIds.length === 0) return { ok: false as const, message: "No agency matches this cycle's selection: add agencies or change the sectors" };
    const now = nowIso();
    await trx("cycles").where({ id }).update({ status: "open", opened_at: now });
    for (let start = 0; start < agencyIds.length; start += 200) {
      await trx("returns").insert(agencyIds.slice(start, start + 200).map((agencyId) => ({ cycle_id: id, agency_id: agencyId, status: "not_started", answers: "{}", revision: 0 })));
    }
    await recordAudit(trx, { userId: actorId, action: "cycle.open", entityType: "cycle", entityId: id, summary: { returnsCreated: agencyIds.length } });
    await notifyCycleOpened(trx, id);
    return { ok: true as const, created: agencyIds.length };
  });
}

/** Closes an open cycle: agencies can no longer edit (except returns sent back), unsubmitted returns become missing. */
export async function closeCycle(db: Db, actorId: number | null, id: number): Promise<OpenResult> {
  return db.transaction(async (trx) => {
    const cycle = await trx("cycles").where({ id }).first();
    if (!cycle) return { ok: false as const, message: `There is no cycle ${id}` };
    if (cycle.status !== "open") return { ok: false as const, message: cycle.status === "draft" ? "Open the cycle before closing it" : "This cycle is already closed" };
    const missing = await trx("returns").where({ cycle_id: id }).whereIn("status", ["not_started", "in_progress"]).count({ n: "*" }).first();
    await trx("cycles").where({ id }).update({ status: "closed", closed_at: nowIso() });
    await recordAudit(trx, { userId: actorId, action: "cycle.close", entityType: "cycle", entityId: id, summary: { missingReturns: Number(missing?.n ?? 0) } });
    return { ok: true as const, created: 0 };
  });
}
