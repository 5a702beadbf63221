import { createHash } from "node:crypto";
import { checkCurrentRules, validateTool, type ToolDefinition, type ToolValidation } from "~/domain/tool-schema";
import { canReadPartnership, isAgencyRole, type Viewer } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";

/**
 * Tool versions. An uploaded version is a **draft** while the business office previews it: a
 * corrected upload of the same code and version replaces it. Publishing makes it usable in cycles,
 * and from then on it never changes (a revision needs a new version string), so returns and scores
 * always mean what they meant when they were made.
 */
export type ToolStatus = "draft" | "published";

export interface ToolRecord {
  id: number;
  code: string;
  version: string;
  title: string;
  kind: string;
  status: ToolStatus;
  importedAt: string;
  publishedAt: string | null;
  definition: ToolDefinition;
}

/**
 * Each definition is parsed and validated once per process, keyed by its stored text (the survey
 * engine caches its model per definition object, which needs the same object every time). Keying by
 * text keeps this right for drafts too: a replaced draft has new text, so it is parsed afresh.
 */
const parsed = new Map<string, ToolDefinition>();

export function definitionOf(row: { definition?: unknown; code?: unknown; version?: unknown }): ToolDefinition {
  const text = row.definition as string;
  const known = parsed.get(text);
  if (known) return known;
  const validation = validateTool(JSON.parse(text));
  if (!validation.ok) throw new Error(`Stored tool ${row.code}@${row.version} no longer validates: ${validation.errors[0]}`);
  parsed.set(text, validation.tool);
  return validation.tool;
}

function toTool(row: Record<string, unknown>): ToolRecord {
  return {
    id: row.id as number,
    code: row.code as string,
    version: row.version as string,
    title: row.title as string,
    kind: row.kind as string,
    status: row.status === "draft" ? "draft" : "published",
    importedAt: row.imported_at as string,
    publishedAt: (row.published_at as string | null) ?? null,
    definition: definitionOf(row),
  };
}

/** Every tool version, newest version of each code first; `publishedOnly` leaves drafts out (what a cycle may use). */
export async function listTools(db: Db, options: { publishedOnly?: boolean } = {}): Promise<ToolRecord[]> {
  const query = db("tools").select("*").orderBy([{ column: "code" }, { column: "version", order: "desc" }]);
  if (options.publishedOnly) query.where({ status: "published" });
  const rows = await query;
  return rows.map((row: Record<string, unknown>) => toTool(row));
}

export async function getTool(db: Db, id: number): Promise<ToolRecord | null> {
  const row = await db("tools").where({ id }).first();
  return row ? toTool(row) : null;
}

/**
 * A tool the viewer may read: the business office and QA any; an agency, only the tools of cycles
 * it has a return in (to print a blank copy and prepare offline). Anyone else: null (→ 404).
 */
/**
 * The tool versions the viewer may read, as listTools orders them: every version for the business
 * office and QA; for an agency, those of the cycles it has a return in; none for anyone else.
 */
export async function listToolsForViewer(db: Db, viewer: Viewer): Promise<ToolRecord[]> {
  if (canReadPartnership(viewer)) return listTools(db);
  if (!isAgencyRole(viewer.role)) return [];
  const rows = await db("tools")
    .select("*")
    .whereIn("id", db("cycles").join("returns", "returns.cycle_id", "cycles.id").where("returns.agency_id", viewer.agencyId).select("cycles.tool_id"))
    .orderBy([{ column: "code" }, { column: "version", order: "desc" }]);
  return rows.map((row: Record<string, unknown>) => toTool(row));
}

export async function getToolForViewer(db: Db, viewer: Viewer, id: number): Promise<ToolRecord | null> {
  if (canReadPartnership(viewer)) return getTool(db, id);
  if (!isAgencyRole(viewer.role)) return null;
  const used = await db("returns").join("cycles", "cycles.id", "returns.cycle_id").where({ "cycles.tool_id": id, "returns.agency_id": viewer.agencyId }).first("returns.id");
  return used ? getTool(db, id) : null;
}

export async function getToolByRef(db: Db, code: string, version: string): Promise<ToolRecord | null> {
  const row = await db("tools").where({ code, version }).first();
  return row ? toTool(row) : null;
}

/**
 * The tool versions shipped before scoring rules version 2 (surveys/<code>/2026.1.json), by the SHA-256 of
 * their stored definition. They were published under the rules of their day, so a new deployment (and the
 * demo seed) can still import them unchanged; any other new version must meet today's rules. Tools already in
 * a deployment's database keep loading whatever they hold (definitionOf checks the format only).
 */
const PUBLISHED_BEFORE_RULES_V2: ReadonlyMap<string, string> = new Map([
  ["3fdb22f7a30f542b9a563ad69d99ae30b3c4c307967ee952eaf75a73b2eca391", "s11@2026.1"],
  ["e021887d56042449d3c3d916cb0311fcac52d234897fc80194d406dd983431b0", "s11-vcs@2026.1"],
  ["671a37587bee7d955b13418c6576c9144003094c0e5bde5f4049c3ae344a7b8c", "s175@2026.1"],
  ["b531e3f68f1669202fb89cb2968e9d66f71df4d3f65eb233b0be754659aee1db", "supervision@2026.1"],
]);

/**
 * What a tool breaks of the rules a new version must meet today, and whether it was published before them
 * (then it is accepted as it stands, and the list says what a revision must change).
 */
export function currentRulesOf(tool: ToolDefinition): { problems: string[]; publishedBefore: boolean } {
  const digest = createHash("sha256").update(JSON.stringify(tool)).digest("hex");
  return { problems: checkCurrentRules(tool), publishedBefore: PUBLISHED_BEFORE_RULES_V2.get(digest) === `${tool.code}@${tool.version}` };
}

/** The problems that stop a new version being imported or published today: none for a tool published before the rules. */
function refusedByCurrentRules(tool: ToolDefinition): string[] {
  const { problems, publishedBefore } = currentRulesOf(tool);
  return publishedBefore ? [] : problems;
}

/** `created`: a new version; `replaced`: a draft of the same version was overwritten; `unchanged`: identical to what is stored. */
export type ImportOutcome = "created" | "replaced" | "unchanged";

export type ImportResult =
  | { ok: true; tool: ToolRecord; created: boolean; outcome: ImportOutcome }
  | { ok: false; errors: string[] };

export interface ImportOptions {
  /** `published` (the CLI and the demo seed): usable at once. `draft` (an upload in the app): previewed first. */
  status?: ToolStatus;
}

async function cycleCountOf(db: Db, toolId: number): Promise<number> {
  const row = await db("cycles").where({ tool_id: toolId }).count({ n: "*" }).first();
  return Number(row?.n ?? 0);
}

/**
 * Imports a validated tool version, published (the default, for the CLI and the seed) or as a draft.
 * - No version of that code and version yet: it is stored with the status asked for.
 * - A published version: the identical definition again is accepted and changes nothing (so re-running
 *   a seed or an import is harmless); a different one is refused, as published versions are immutable.
 * - A draft: replaced by the new definition (drafts are not immutable), and published if that was
 *   asked for; refused only when a cycle already uses the draft, because a cycle's tool never changes.
 * Every problem is returned as "path: message", like the tool format's own checks.
 */
export async function importTool(db: Db, actorId: number | null, input: unknown, options: ImportOptions = {}): Promise<ImportResult> {
  const status = options.status ?? "published";
  const validation: ToolValidation = validateTool(input);
  if (!validation.ok) return validation;
  const tool = validation.tool;
  const definition = JSON.stringify(tool);
  const ref = `${tool.code}@${tool.version}`;
  return db.transaction(async (trx): Promise<ImportResult> => {
    const existing = await trx("tools").where({ code: tool.code, version: tool.version }).first();
    const now = nowIso();
    const publication = status === "published" ? { published_at: now, published_by: actorId } : { published_at: null, published_by: null };

    if (!existing) {
      const refused = refusedByCurrentRules(tool);
      if (refused.length > 0) return { ok: false, errors: refused };
      const [row] = await trx("tools")
        .insert({ code: tool.code, version: tool.version, title: tool.title, kind: tool.kind, definition, status, imported_at: now, imported_by: actorId, ...publication })
        .returning("id");
      const id = typeof row === "object" ? row.id : row;
      await recordAudit(trx, { userId: actorId, action: "tool.import", entityType: "tool", entityId: id, summary: { after: { code: tool.code, version: tool.version, title: tool.title, status } } });
      return { ok: true, tool: toTool(await trx("tools").where({ id }).first()), created: true, outcome: "created" };
    }

    if (existing.status !== "draft") {
      if (existing.definition === definition) return { ok: true, tool: toTool(existing), created: false, outcome: "unchanged" };
      return { ok: false, errors: [`version: ${ref} is already published and cannot change; give the revised tool a new version`] };
    }

    if (existing.definition === definition && status === "draft") return { ok: true, tool: toTool(existing), created: false, outcome: "unchanged" };
    if ((await cycleCountOf(trx, existing.id)) > 0) {
      return { ok: false, errors: [`version: a cycle already uses the draft ${ref}, so it cannot change; give the revised tool a new version`] };
    }
    const refused = refusedByCurrentRules(tool);
    if (refused.length > 0) return { ok: false, errors: refused };
    await trx("tools")
      .where({ id: existing.id })
      .update({ title: tool.title, kind: tool.kind, definition, status, imported_at: now, imported_by: actorId, ...publication });
    await recordAudit(trx, {
      userId: actorId,
      action: status === "published" ? "tool.import" : "tool.replace_draft",
      entityType: "tool",
      entityId: existing.id,
      summary: { before: { title: existing.title, status: "draft", importedAt: existing.imported_at }, after: { code: tool.code, version: tool.version, title: tool.title, status } },
    });
    return { ok: true, tool: toTool(await trx("tools").where({ id: existing.id }).first()), created: true, outcome: "replaced" };
  });
}

export type ToolChange = { ok: true; tool: ToolRecord } | { ok: false; status: 404 | 409; message: string };

/**
 * Publishes a draft: from now on cycles may use it and it never changes. Publishing a version that is
 * already published changes nothing (a second click of the button is harmless). The database allows
 * one row per code and version; the check for another published row says why publishing would be
 * wrong even if that constraint were ever relaxed.
 */
export async function publishTool(db: Db, actorId: number | null, id: number): Promise<ToolChange> {
  return db.transaction(async (trx): Promise<ToolChange> => {
    const row = await trx("tools").where({ id }).first();
    if (!row) return { ok: false, status: 404, message: "There is no such tool version" };
    if (row.status === "published") return { ok: true, tool: toTool(row) };
    const clash = await trx("tools").where({ code: row.code, version: row.version, status: "published" }).whereNot({ id }).first("id");
    if (clash) return { ok: false, status: 409, message: `${row.code}@${row.version} is already published; give this tool a new version and upload it again` };
    const refused = refusedByCurrentRules(definitionOf(row));
    if (refused.length > 0) return { ok: false, status: 409, message: `This version cannot be published under today's rules: ${refused.join("; ")}` };
    await trx("tools").where({ id }).update({ status: "published", published_at: nowIso(), published_by: actorId });
    await recordAudit(trx, { userId: actorId, action: "tool.publish", entityType: "tool", entityId: id, summary: { before: { status: "draft" }, after: { code: row.code, version: row.version, status: "published" } } });
    return { ok: true, tool: toTool(await trx("tools").where({ id }).first()) };
  });
}

/** Deletes a draft nobody needs: never a published version, never a draft a cycle uses. */
export async function deleteDraftTool(db: Db, actorId: number | null, id: number): Promise<{ ok: true; code: string; version: string } | { ok: false; status: 404 | 409; message: string }> {
  return db.transaction(async (trx) => {
    const row = await trx("tools").where({ id }).first();
    if (!row) return { ok: false as const, status: 404 as const, message: "There is no such tool version" };
    if (row.status !== "draft") return { ok: false as const, status: 409 as const, message: "A published version cannot be deleted: cycles may rely on it" };
    if ((await cycleCountOf(trx, id)) > 0) return { ok: false as const, status: 409 as const, message: "A cycle uses this draft, so it cannot be deleted" };
    await trx("tools").where({ id }).delete();
    await recordAudit(trx, { userId: actorId, action: "tool.delete_draft", entityType: "tool", entityId: id, summary: { before: { code: row.code, version: row.version, title: row.title, status: "draft" } } });
    return { ok: true as const, code: row.code as string, version: row.version as string };
  });
}
