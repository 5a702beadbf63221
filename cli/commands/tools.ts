import { readFile } from "node:fs/promises";
import { currentRulesOf, importTool, listTools, type ToolRecord } from "~/data/tools.server";
import { parseToolJson, type ToolDefinition } from "~/domain/tool-schema";
import type { CommandContext, DbCommandContext } from "../index";

/** `tools:validate <file>`: the tool format's checks (DESIGN §4), no database needed. */
export async function validateToolCommand({ args, out, err }: CommandContext): Promise<number> {
  const [file] = args;
  const tool = await readValidTool(file, err);
  if (!tool) return 1;
  const { problems, publishedBefore } = currentRulesOf(tool);
  if (problems.length > 0 && !publishedBefore) {
    reportProblems(err, `${file}: not valid under today's rules`, problems);
    return 1;
  }
  out(`${file}: valid (${describeTool(tool)})`);
  if (problems.length > 0) {
    // A shipped version published before scoring rules v2: it still imports, but a revision must change this.
    out(`  Published before scoring rules version 2, so it still imports unchanged; a new version would be refused today:`);
    for (const problem of problems) out(`  ${problem}`);
  }
  return 0;
}

/** Reads and validates a tool file, reporting why not on `err` (and returning null) when it cannot be used. */
async function readValidTool(file: string, err: (line: string) => void) {
  const read = await readToolFile(file);
  if (!read.ok) {
    err(read.reason);
    return null;
  }
  const validation = parseToolJson(read.text);
  if (!validation.ok) {
    reportProblems(err, `${file}: not valid`, validation.errors);
    return null;
  }
  return validation.tool;
}

/** `tools:import <file>`: validates, then imports; re-importing an identical definition is harmless. */
export async function importToolCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  const [file] = args;
  const tool = await readValidTool(file, err);
  if (!tool) return 1;
  // The business office runs the CLI with the database itself, so no user is recorded as the actor.
  const result = await importTool(db, null, tool);
  if (!result.ok) {
    reportProblems(err, `${file}: not imported`, result.errors);
    return 1;
  }
  const ref = `${result.tool.code}@${result.tool.version}`;
  out(result.created ? `Imported ${ref} (id ${result.tool.id})` : `${ref} is already imported (unchanged)`);
  return 0;
}

/** `tools:list [--json]`: every imported tool version, newest version of each code first. */
export async function listToolsCommand({ options, db, out }: DbCommandContext): Promise<number> {
  const tools = await listTools(db);
  if (options.json === true) {
    out(JSON.stringify(tools.map(toListing), null, 2));
    return 0;
  }
  if (tools.length === 0) {
    out("No tools are imported yet: import one with npm run cli -- tools:import <file>");
    return 0;
  }
  const rows = tools.map((tool) => [
    tool.code,
    tool.version,
    tool.title,
    String(tool.definition.standards.length),
    tool.importedAt.slice(0, 10),
  ]);
  for (const line of formatTable(["code", "version", "title", "standards", "imported"], rows)) out(line);
  return 0;
}

/** The shape `tools:list --json` prints, for scripts. */
export interface ToolListing {
  id: number;
  code: string;
  version: string;
  title: string;
  kind: string;
  standards: number;
  scoredItems: number;
  importedAt: string;
}

function toListing(tool: ToolRecord): ToolListing {
  return {
    id: tool.id,
    code: tool.code,
    version: tool.version,
    title: tool.title,
    kind: tool.kind,
    standards: tool.definition.standards.length,
    scoredItems: Object.keys(tool.definition.items).length,
    importedAt: tool.importedAt,
  };
}

function describeTool(tool: ToolDefinition): string {
  return `${tool.code}@${tool.version}, ${count(tool.standards.length, "standard")}, ${count(Object.keys(tool.items).length, "scored item")}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

async function readToolFile(file: string): Promise<ReadResult> {
  try {
    // Editors on Windows often save JSON with a byte-order mark, which JSON.parse refuses.
    return { ok: true, text: (await readFile(file, "utf8")).replace(/^\uFEFF/, "") };
  } catch (error) {
    return { ok: false, reason: `Cannot read ${file}: ${describeFileError(error)}` };
  }
}

function describeFileError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return "there is no such file";
    case "EISDIR":
      return "it is a folder, not a file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return (error as Error).message;
  }
}

function reportProblems(err: (line: string) => void, headline: string, problems: string[]): void {
  err(headline);
  for (const problem of problems) err(`  ${problem}`);
}

function formatTable(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  return [headers, ...rows].map((cells) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd(),
  );
}
