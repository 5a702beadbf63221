import { validateTool, type ToolDefinition, type ToolValidation } from "~/domain/tool-schema";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";

export interface ToolRecord {
  id: number;
  code: string;
  version: string;
  title: string;
  kind: string;
  importedAt: string;
  definition: ToolDefinition;
}

/**
 * Tool versions are immutable once imported, so each definition is parsed and validated once per
 * process, keyed by its text (the survey engine caches its model per definition object, which needs
 * the same object every time).
 */
const parsed = new Map<string, ToolDefinition>();

function definitionOf(row: Record<string, unknown>): ToolDefinition {
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
    importedAt: row.imported_at as string,
    definition: definitionOf(row),
  };
}

export async function listTools(db: Db): Promise<ToolRecord[]> {
  const rows = await db("tools").select("*").orderBy([{ column: "code" }, { column: "version", order: "desc" }]);
  return rows.map((row: Record<string, unknown>) => toTool(row));
}

export async function getTool(db: Db, id: number): Promise<ToolRecord | null> {
  const row = await db("tools").where({ id }).first();
  return row ? toTool(row) : null;
}

export async function getToolByRef(db: Db, code: string, version: string): Promise<ToolRecord | null> {
  const row = await db("tools").where({ code, version }).first();
  return row ? toTool(row) : null;
}

export type ImportResult = { ok: true; tool: ToolRecord; created: boolean } | { ok: false; errors: string[] };

/**
 * Imports a validated tool version. The same code and version again is accepted only when the
 * definition is identical (so re-running a seed or import is harmless); a different definition
 * under a used version is refused: published versions are immutable, a revision needs a new version.
 */
export async function importTool(db: Db, actorId: number | null, input: unknown): Promise<ImportResult> {
  const validation: ToolValidation = validateTool(input);
  if (!validation.ok) return validation;
  const tool = validation.tool;
  const definition = JSON.stringify(tool);
  return db.transaction(async (trx) => {
    const existing = await trx("tools").where({ code: tool.code, version: tool.version }).first();
    if (existing) {
      if (existing.definition === definition) return { ok: true as const, tool: toTool(existing), created: false };
      return { ok: false as const, errors: [`version: ${tool.code}@${tool.version} is already published and cannot change; give the revised tool a new version`] };
    }
    const [row] = await trx("tools")
      .insert({ code: tool.code, version: tool.version, title: tool.title, kind: tool.kind, definition, imported_at: nowIso(), imported_by: actorId })
      .returning("id");
    const id = typeof row === "object" ? row.id : row;
    await recordAudit(trx, { userId: actorId, action: "tool.import", entityType: "tool", entityId: id, summary: { after: { code: tool.code, version: tool.version, title: tool.title } } });
    return { ok: true as const, tool: toTool(await trx("tools").where({ id }).first()), created: true };
  });
}
