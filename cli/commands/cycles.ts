import { DuplicateCycleTitleError, closeCycle, createCycle, listCycles, openCycle } from "~/data/cycles.server";
import { getToolByRef } from "~/data/tools.server";
import { CycleInputSchema } from "~/domain/cycle";
import type { Viewer } from "~/domain/permissions";
import type { CommandOptions, DbCommandContext } from "../index";

/**
 * `cycles:create`, `cycles:open`, `cycles:close`, `cycles:list` (DESIGN §9): the same rules as the
 * Create a cycle page (CycleInputSchema), for the business office's automation.
 */

const COMMAND_LINE_VIEWER: Viewer = { id: 0, email: "command-line", name: "Command line", role: "admin", agencyId: null };

const OPTION_OF: Record<string, string> = {
  toolId: "--tool",
  title: "--title",
  opensOn: "--opens",
  dueOn: "--due",
  finalDeadlineOn: "--final-deadline",
  scope: "--sectors",
  sectors: "--sectors",
};

function text(options: CommandOptions, key: string): string | undefined {
  const value = options[key];
  return typeof value === "string" ? value.trim() : undefined;
}

function isRealDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

export async function createCycleCommand({ options, db, out, err }: DbCommandContext): Promise<number> {
  const ref = text(options, "tool") ?? "";
  const match = /^([^@]+)@(.+)$/.exec(ref);
  if (!match) {
    err(`--tool: give the tool as code@version, for example s11@2026.1 (got "${ref}")`);
    return 1;
  }
  const tool = await getToolByRef(db, match[1], match[2]);
  if (!tool || tool.status !== "published") {
    err(`--tool: there is no published tool ${ref} (tools:list shows them)`);
    return 1;
  }
  if (tool.kind === "practitioner") {
    err(`--tool: ${ref} is a practitioner survey: open it on a cycle of the tool it assures with practitioner:open`);
    return 1;
  }
  if (tool.kind === "case_audit") {
    err(`--tool: ${ref} is a case audit tool: set up a case audit on the case audits page instead`);
    return 1;
  }
  for (const [key, label] of [
    ["opens", "--opens"],
    ["due", "--due"],
    ["final-deadline", "--final-deadline"],
  ] as const) {
    const value = text(options, key);
    if (value !== undefined && !isRealDate(value)) {
      err(`${label}: give a real date as YYYY-MM-DD (got "${value}")`);
      return 1;
    }
  }
  const sectorsOption = text(options, "sectors");
  const agenciesOption = text(options, "agencies");
  if (sectorsOption !== undefined && agenciesOption !== undefined) {
    err("Give either --sectors or --agencies all, not both");
    return 1;
  }
  if (agenciesOption !== undefined && agenciesOption !== "all") {
    err(`--agencies: only "all" is accepted (or choose by --sectors)`);
    return 1;
  }
  const parsed = CycleInputSchema.safeParse({
    toolId: tool.id,
    title: text(options, "title") ?? "",
    opensOn: text(options, "opens") ?? "",
    dueOn: text(options, "due") ?? "",
    finalDeadlineOn: text(options, "final-deadline") ?? null,
    scope: sectorsOption !== undefined ? "sectors" : "all",
    sectors: sectorsOption
      ? sectorsOption
          .split(",")
          .map((sector) => sector.trim())
          .filter(Boolean)
      : [],
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) err(`${OPTION_OF[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`);
    return 1;
  }
  const { scope, sectors, ...cycle } = parsed.data;
  try {
    out(String(await createCycle(db, null, { ...cycle, selection: scope === "all" ? { all: true } : { sectors } })));
    return 0;
  } catch (error) {
    if (!(error instanceof DuplicateCycleTitleError)) throw error;
    err(`--title: ${error.message}`);
    return 1;
  }
}

function cycleId(args: string[], err: (line: string) => void): number | null {
  if (!/^[1-9]\d{0,9}$/.test(args[0] ?? "")) {
    err(`Give the cycle's id as a number (cycles:list shows it), not "${args[0] ?? ""}"`);
    return null;
  }
  return Number(args[0]);
}

export async function openCycleCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  const id = cycleId(args, err);
  if (id === null) return 1;
  const result = await openCycle(db, null, id);
  if (!result.ok) {
    err(result.message);
    return 1;
  }
  out(`Opened cycle ${id}: ${result.created} returns created`);
  return 0;
}

export async function closeCycleCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  const id = cycleId(args, err);
  if (id === null) return 1;
  const result = await closeCycle(db, null, id);
  if (!result.ok) {
    err(result.message);
    return 1;
  }
  out(`Closed cycle ${id}`);
  return 0;
}

export async function listCyclesCommand({ options, db, out }: DbCommandContext): Promise<number> {
  const cycles = await listCycles(db, COMMAND_LINE_VIEWER);
  if (options.json === true) {
    out(
      JSON.stringify(
        cycles.map((cycle) => ({
          id: cycle.id,
          title: cycle.title,
          tool: `${cycle.toolCode}@${cycle.toolVersion}`,
          status: cycle.status,
          opensOn: cycle.opensOn,
          dueOn: cycle.dueOn,
          finalDeadlineOn: cycle.finalDeadlineOn,
          returns: cycle.returnCount,
        })),
      ),
    );
    return 0;
  }
  if (cycles.length === 0) {
    out("No cycles yet: create one with npm run cli -- cycles:create");
    return 0;
  }
  out(["id", "status", "due", "returns", "tool", "title"].join("  "));
  for (const cycle of cycles)
    out([cycle.id, cycle.status, cycle.dueOn, cycle.returnCount, `${cycle.toolCode}@${cycle.toolVersion}`, cycle.title].join("  "));
  return 0;
}
