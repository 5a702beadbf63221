/**
 * The business office's import of past returns (`returns:import`): a cycle's returns stored as submitted
 * and scored from a spreadsheet, so an earlier year can be the baseline.
 */
import { type ReturnStatus } from "~/domain/permissions";
import { type Answers } from "~/domain/scoring";
import { scoreAnswers } from "~/domain/score-answers";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";
import { storeScore } from "./return-edits.server";
import { getTool, type ToolRecord } from "./tools.server";

/** What `returns:import` needs to know about a cycle: its tool, its returns and the partnership's agencies. */
export interface ImportTarget {
  cycle: { id: number; title: string; status: string; dueOn: string };
  tool: ToolRecord;
  returns: { id: number; agencyId: number; status: ReturnStatus }[];
  agencies: { id: number; name: string }[];
}

export async function getImportTarget(db: Db, cycleId: number): Promise<ImportTarget | null> {
  const cycle = await db("cycles").where({ id: cycleId }).first();
  if (!cycle) return null;
  const tool = (await getTool(db, cycle.tool_id))!;
  const returns = await db("returns").where({ cycle_id: cycleId }).select("id", "agency_id", "status");
  const agencies = await db("agencies").select("id", "name").orderBy("name");
  return {
    cycle: { id: cycle.id, title: cycle.title, status: cycle.status, dueOn: cycle.due_on },
    tool,
    returns: returns.map((entry: { id: number; agency_id: number; status: ReturnStatus }) => ({ id: entry.id, agencyId: entry.agency_id, status: entry.status })),
    agencies,
  };
}

/**
 * Stores past returns (the business office's `returns:import`) as submitted and scored, so an earlier
 * year becomes the baseline. Signed off as "Imported" with the file's name; dated as submitted on the
 * cycle's due date (the real day is not known, and an import is not a late return), while the audit
 * log keeps when it happened. Scores go through `storeScore`, as at sign-off. One transaction: every
 * return is stored or none is; a return that has been started since the file was checked refuses it.
 */
export async function importPastReturns(
  db: Db,
  actorId: number | null,
  cycleId: number,
  entries: { returnId: number; answers: Answers }[],
  source: { fileName: string; importedOn: string },
): Promise<{ ok: true; scored: { returnId: number; overallPercent: number | null }[] } | { ok: false; message: string }> {
  return db.transaction(async (trx) => {
    const cycle = await trx("cycles").where({ id: cycleId }).first();
    if (!cycle) return { ok: false as const, message: `There is no cycle ${cycleId}` };
    const tool = (await getTool(trx, cycle.tool_id))!;
    const scored: { returnId: number; overallPercent: number | null }[] = [];
    const submittedAt = `${cycle.due_on}T12:00:00.000Z`;
    for (const entry of entries) {
      const row = await trx("returns").where({ id: entry.returnId, cycle_id: cycleId }).first();
      if (!row || row.status !== "not_started") throw new ImportRefused(`Return ${entry.returnId} has been started since the file was checked: nothing imported`);
      const score = scoreAnswers(tool.definition, entry.answers);
      await trx("returns").where({ id: entry.returnId }).update({
        answers: JSON.stringify(entry.answers),
        revision: row.revision + 1,
        status: "submitted",
        started_at: submittedAt,
        submitted_at: submittedAt,
        signoff_name: "Imported",
        signoff_role: `Imported from ${source.fileName}`,
        signoff_date: source.importedOn,
        updated_at: nowIso(),
      });
      await storeScore(trx, entry.returnId, score);
      await recordAudit(trx, {
        userId: actorId,
        action: "return.import",
        entityType: "return",
        entityId: entry.returnId,
        summary: { file: source.fileName, answered: score.completeness.answered, overallPercent: score.overall.percent, overallBand: score.overall.band, rulesVersion: score.rulesVersion },
      });
      scored.push({ returnId: entry.returnId, overallPercent: score.overall.percent });
    }
    return { ok: true as const, scored };
  }).catch((error: unknown) => {
    if (error instanceof ImportRefused) return { ok: false as const, message: error.message };
    throw error;
  });
}

/** Thrown inside the import's transaction so that it rolls back; reported as a refusal. */
class ImportRefused extends Error {}
