import type { Viewer } from "~/domain/permissions";
import { buildTrendReport, type TrendReport } from "~/domain/reports/trend";
import { getCycle, listCycles } from "../cycles.server";
import type { Db } from "../db.server";
import { getTool } from "../tools.server";
import { loadReturns } from "./comparison.server";

/**
 * The trend of every opened (not draft) cycle of the given cycle's tool code that the viewer may see,
 * the given cycle included, oldest first. Null when the viewer may not see the cycle.
 */
export async function getTrendReport(db: Db, viewer: Viewer, cycleId: number): Promise<TrendReport | null> {
  if (viewer.role === "board") return null;
  const cycle = await getCycle(db, viewer, cycleId);
  if (!cycle) return null;
  const cycles = (await listCycles(db, viewer)).filter((other) => other.toolCode === cycle.toolCode && (other.status !== "draft" || other.id === cycle.id));
  const tools = new Map<number, NonNullable<Awaited<ReturnType<typeof getTool>>>>();
  for (const toolId of new Set(cycles.map((other) => other.toolId))) {
    const tool = await getTool(db, toolId);
    if (tool) tools.set(toolId, tool);
  }
  const returns = await loadReturns(db, viewer, cycles.map((other) => other.id));
  return buildTrendReport({
    cycles: cycles
      .filter((other) => tools.has(other.toolId))
      .map((other) => ({
        cycle: { id: other.id, title: other.title, opensOn: other.opensOn, dueOn: other.dueOn },
        tool: tools.get(other.toolId)!.definition,
        returns: returns.get(other.id) ?? [],
      })),
  });
}
