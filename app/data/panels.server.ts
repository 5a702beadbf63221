import { z } from "zod";
import { buildFeedbackLetter, type FeedbackLetter } from "~/domain/feedback-letter";
import { PANEL_STATUSES, canManagePanels, canReadLetter, canReadPanels, completionProblem, type PanelInput, type PanelRecordInput, type PanelStatus } from "~/domain/panels";
import { SUBMITTED_STATUSES, isAgencyRole, type Viewer } from "~/domain/permissions";
import type { Band } from "~/domain/tool-schema";
import { listActions } from "./actions.server";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";
import { listChallenges, listModerations } from "./moderation.server";
import { getReturn } from "./returns.server";

/**
 * Challenge panels (decision 010): QA schedules a session for some of a cycle's agencies
 * whose returns are submitted, records attendance, notes and outcome per agency, marks the panel
 * complete, and each agency gets a feedback letter. QA and the business office read every panel;
 * an agency reads only its own letter, once the panel is complete; the board reads nothing here.
 * Every change is one transaction with its audit log entry.
 */

export interface PanelSummary {
  id: number;
  cycleId: number;
  cycleTitle: string;
  heldOn: string;
  startsAt: string;
  location: string;
  status: PanelStatus;
  agencyCount: number;
}

export interface PanelAgency {
  agencyId: number;
  agencyName: string;
  returnId: number;
  attended: boolean | null;
  attendees: string | null;
  notes: string | null;
  outcome: string | null;
  updatedAt: string | null;
}

export interface PanelDetail extends PanelSummary {
  createdBy: string;
  completedAt: string | null;
  agencies: PanelAgency[];
}

export type PanelChange =
  | { ok: true; id: number }
  | { ok: false; status: 404 | 409; message: string }
  | { ok: false; status: 422; errors: Record<string, string> };

const NOT_FOUND = { ok: false as const, status: 404 as const, message: "Panel not found" };
const invalid = (errors: Record<string, string>) => ({ ok: false as const, status: 422 as const, errors });

const PanelRow = z.object({
  id: z.number(),
  cycle_id: z.number(),
  cycle_title: z.string(),
  held_on: z.string(),
  starts_at: z.string(),
  location: z.string(),
  status: z.enum(PANEL_STATUSES),
  agency_count: z.coerce.number(),
});

function panelsQuery(db: Db) {
  return db("panels")
    .join("cycles", "cycles.id", "panels.cycle_id")
    .select(
      "panels.id",
      "panels.cycle_id",
      "cycles.title as cycle_title",
      "panels.held_on",
      "panels.starts_at",
      "panels.location",
      "panels.status",
      db("panel_agencies").count("*").whereRaw("panel_agencies.panel_id = panels.id").as("agency_count"),
    );
}

function toSummary(raw: unknown): PanelSummary {
  const row = PanelRow.parse(raw);
  return { id: row.id, cycleId: row.cycle_id, cycleTitle: row.cycle_title, heldOn: row.held_on, startsAt: row.starts_at, location: row.location, status: row.status, agencyCount: row.agency_count };
}

/** Every panel, newest session first, for QA and the business office; nobody else sees the list. */
export async function listPanels(db: Db, viewer: Viewer): Promise<PanelSummary[]> {
  if (!canReadPanels(viewer)) return [];
  return (await panelsQuery(db).orderBy("panels.held_on", "desc").orderBy("panels.id", "desc")).map(toSummary);
}

/** The viewer's agency's feedback letters: completed panels it was part of (agency roles only). */
export async function listAgencyLetters(db: Db, viewer: Viewer): Promise<(PanelSummary & { agencyId: number })[]> {
  if (!isAgencyRole(viewer.role) || viewer.agencyId === null) return [];
  const rows = await panelsQuery(db)
    .join("panel_agencies as mine", "mine.panel_id", "panels.id")
    .where("mine.agency_id", viewer.agencyId)
    .where("panels.status", "complete")
    .orderBy("panels.held_on", "desc");
  return rows.map((row: unknown) => ({ ...toSummary(row), agencyId: viewer.agencyId as number }));
}

export async function getPanel(db: Db, viewer: Viewer, id: number): Promise<PanelDetail | null> {
  if (!canReadPanels(viewer)) return null;
  const row = await panelsQuery(db).join("users", "users.id", "panels.created_by").select("users.name as creator_name", "panels.completed_at").where("panels.id", id).first();
  if (!row) return null;
  const agencies = await db("panel_agencies")
    .join("agencies", "agencies.id", "panel_agencies.agency_id")
    .where("panel_agencies.panel_id", id)
    .orderBy("agencies.name")
    .select("panel_agencies.*", "agencies.name as agency_name");
  return {
    ...toSummary(row),
    createdBy: row.creator_name,
    completedAt: row.completed_at ?? null,
    agencies: agencies.map((entry: Record<string, unknown>) => ({
      agencyId: entry.agency_id as number,
      agencyName: entry.agency_name as string,
      returnId: entry.return_id as number,
      attended: entry.attended === null || entry.attended === undefined ? null : Boolean(entry.attended),
      attendees: (entry.attendees as string | null) ?? null,
      notes: (entry.notes as string | null) ?? null,
      outcome: (entry.outcome as string | null) ?? null,
      updatedAt: (entry.updated_at as string | null) ?? null,
    })),
  };
}

/** The agencies a panel of this cycle may meet: those whose return has been submitted (any later stage too). */
export async function listPanelCandidates(db: Db, viewer: Viewer, cycleId: number): Promise<{ agencyId: number; agencyName: string; returnId: number }[]> {
  if (!canReadPanels(viewer)) return [];
  const rows = await db("returns")
    .join("agencies", "agencies.id", "returns.agency_id")
    .where("returns.cycle_id", cycleId)
    .whereIn("returns.status", SUBMITTED_STATUSES)
    .orderBy("agencies.name")
    .select("returns.id as return_id", "agencies.id as agency_id", "agencies.name as agency_name");
  return rows.map((row: Record<string, unknown>) => ({ agencyId: row.agency_id as number, agencyName: row.agency_name as string, returnId: row.return_id as number }));
}

/** QA schedules a panel of one cycle for some of its agencies with submitted returns. */
export async function createPanel(db: Db, viewer: Viewer, cycleId: number, input: PanelInput): Promise<PanelChange> {
  if (!canManagePanels(viewer)) return { ok: false, status: 409, message: "Only the QA subgroup schedules challenge panels" };
  return db.transaction(async (trx): Promise<PanelChange> => {
    const cycle = await trx("cycles").where({ id: cycleId }).first("id", "status");
    if (!cycle || cycle.status === "draft") return invalid({ cycleId: "Select a cycle that has opened" });
    const candidates = new Map((await listPanelCandidates(trx, viewer, cycleId)).map((candidate) => [candidate.agencyId, candidate]));
    const chosen = [...new Set(input.agencyIds)];
    if (chosen.some((agencyId) => !candidates.has(agencyId))) {
      return invalid({ agencyIds: "Select agencies whose returns have been submitted in this cycle" });
    }
    const now = nowIso();
    const [row] = await trx("panels")
      .insert({ cycle_id: cycleId, held_on: input.heldOn, starts_at: input.startsAt, location: input.location, status: "scheduled", created_by: viewer.id, created_at: now })
      .returning("id");
    const id: number = typeof row === "object" ? row.id : row;
    await trx("panel_agencies").insert(chosen.map((agencyId) => ({ panel_id: id, agency_id: agencyId, return_id: candidates.get(agencyId)!.returnId })));
    await recordAudit(trx, { userId: viewer.id, action: "panel.create", entityType: "panel", entityId: id, summary: { after: { cycleId, heldOn: input.heldOn, startsAt: input.startsAt, location: input.location, agencyIds: chosen } } });
    return { ok: true as const, id };
  });
}

/** QA records one agency's attendance, notes and outcome (again, while the panel is not complete). */
export async function recordPanelAgency(db: Db, viewer: Viewer, panelId: number, agencyId: number, input: PanelRecordInput): Promise<PanelChange> {
  if (!canReadPanels(viewer)) return NOT_FOUND;
  return db.transaction(async (trx) => {
    const panel = await trx("panels").where({ id: panelId }).first("id", "status");
    const entry = panel ? await trx("panel_agencies").where({ panel_id: panelId, agency_id: agencyId }).first() : null;
    if (!panel || !entry) return NOT_FOUND;
    if (!canManagePanels(viewer)) return { ok: false as const, status: 409 as const, message: "Only the QA subgroup records challenge panels" };
    if (panel.status === "complete") return { ok: false as const, status: 409 as const, message: "This panel is complete: its records can no longer be changed" };
    const after = { attended: input.attended === "yes", attendees: input.attended === "yes" ? input.attendees : null, notes: input.notes || null, outcome: input.outcome || null };
    await trx("panel_agencies").where({ id: entry.id }).update({ ...after, updated_by: viewer.id, updated_at: nowIso() });
    await recordAudit(trx, {
      userId: viewer.id,
      action: "panel.record",
      entityType: "panel",
      entityId: panelId,
      summary: { agencyId, before: { attended: entry.attended === null ? null : Boolean(entry.attended), outcome: entry.outcome ?? null }, after: { attended: after.attended, outcome: after.outcome } },
    });
    return { ok: true as const, id: panelId };
  });
}

/** QA marks the panel complete once every agency's attendance is recorded; the letters become final. */
export async function completePanel(db: Db, viewer: Viewer, panelId: number): Promise<PanelChange> {
  if (!canReadPanels(viewer)) return NOT_FOUND;
  return db.transaction(async (trx) => {
    const panel = await getPanel(trx, viewer, panelId);
    if (!panel) return NOT_FOUND;
    if (!canManagePanels(viewer)) return { ok: false as const, status: 409 as const, message: "Only the QA subgroup completes challenge panels" };
    if (panel.status === "complete") return { ok: false as const, status: 409 as const, message: "This panel is already complete" };
    const problem = completionProblem(panel.agencies);
    if (problem) return { ok: false as const, status: 409 as const, message: problem };
    const now = nowIso();
    await trx("panels").where({ id: panelId }).update({ status: "complete", completed_by: viewer.id, completed_at: now });
    await recordAudit(trx, { userId: viewer.id, action: "panel.complete", entityType: "panel", entityId: panelId, summary: { agencies: panel.agencies.length } });
    return { ok: true as const, id: panelId };
  });
}

export interface FeedbackLetterView {
  panelId: number;
  agencyId: number;
  returnId: number;
  bands: Band[];
  letter: FeedbackLetter;
}

/**
 * One agency's feedback letter from one panel, if the viewer may read it (`canReadLetter`): null
 * (→ 404) otherwise, whether the panel, the agency in it, or the right to see it is missing. The
 * ratings, challenges and actions are read through the same scoped functions the review pages use.
 */
export async function getFeedbackLetter(db: Db, viewer: Viewer, panelId: number, agencyId: number, partnershipName: string): Promise<FeedbackLetterView | null> {
  const panel = await db("panels").join("cycles", "cycles.id", "panels.cycle_id").join("tools", "tools.id", "cycles.tool_id").where("panels.id", panelId).first("panels.*", "cycles.title as cycle_title", "tools.title as tool_title", "tools.version as tool_version");
  if (!panel) return null;
  const entry = await db("panel_agencies").join("agencies", "agencies.id", "panel_agencies.agency_id").where({ "panel_agencies.panel_id": panelId, "panel_agencies.agency_id": agencyId }).first("panel_agencies.*", "agencies.name as agency_name");
  if (!entry || !canReadLetter(viewer, agencyId, panel.status as PanelStatus)) return null;
  const ret = await getReturn(db, viewer, entry.return_id);
  if (!ret) return null;
  const moderations: Record<string, { band: string; rationale: string }> = {};
  for (const moderation of (await listModerations(db, viewer, ret.id)) ?? []) {
    if (moderation.supersededAt === null) moderations[moderation.standardCode] = { band: moderation.band, rationale: moderation.rationale };
  }
  const tool = ret.tool.definition;
  const letter = buildFeedbackLetter({
    partnershipName,
    agency: { name: entry.agency_name },
    cycle: { title: panel.cycle_title, toolTitle: panel.tool_title, toolVersion: panel.tool_version },
    panel: { heldOn: panel.held_on, startsAt: panel.starts_at, location: panel.location, status: panel.status },
    record: { attended: entry.attended === null ? null : Boolean(entry.attended), attendees: entry.attendees ?? null, notes: entry.notes ?? null, outcome: entry.outcome ?? null },
    bands: tool.bands,
    standards: tool.standards.map((standard) => ({ code: standard.code, title: standard.title })),
    score: ret.score
      ? { overallPercent: ret.score.overallPercent, overallBand: ret.score.overallBand, overallCapped: ret.score.overallCapped, unmetEssentials: ret.score.unmetEssentials?.length ?? 0, standards: ret.score.standards }
      : null,
    moderations,
    challenges: (await listChallenges(db, viewer, ret.id)) ?? [],
    actions: await listActions(db, viewer, { returnId: ret.id }),
  });
  return { panelId, agencyId, returnId: ret.id, bands: tool.bands, letter };
}
