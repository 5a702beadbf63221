import { effectiveBand } from "~/domain/moderation";
import { canReadReturn, SUBMITTED_STATUSES, type ReturnStatus, type Viewer } from "~/domain/permissions";
import type { Sector } from "~/domain/tool-schema";
import { listCaseAudits, type CaseAuditSummary } from "./case-audits.server";
import { getCycle, listCycles, type Cycle } from "./cycles.server";
import { parseJson, type Db } from "./db.server";
import { currentModerations } from "./moderation.server";

/**
 * What the read-only API returns beyond the report models (docs/api.md, version 1): cycles, the
 * returns of a cycle with their current scores, and case audits with their cases' cycles. Scoped like every read: a draft's answers and
 * provisional score are the agency's own, so a return not yet submitted shows its status only.
 */

export const API_VERSION = 1;

export interface ApiCycle {
  id: number;
  title: string;
  status: Cycle["status"];
  tool: { code: string; version: string; title: string };
  opensOn: string;
  dueOn: string;
  finalDeadlineOn: string | null;
  returns: number;
}

export interface ApiReturn {
  id: number;
  agency: { id: number; name: string; sector: Sector };
  status: ReturnStatus;
  submittedAt: string | null;
  /** Null until the return has been submitted and scored. Percents unrounded; bands are the tool's codes. */
  /** `capped`: an unmet essential lowered the band (rules v2); `unmetEssentials` is empty for a score made under rules v1. */
  overall: { percent: number | null; band: string | null; capped: boolean; unmetEssentials: { standard: string; item: string }[]; rulesVersion: string } | null;
  standards: { code: string; percent: number | null; band: string | null; selfRating: string | null; moderatedRating: string | null; effectiveBand: string | null }[];
}

export interface ApiCaseAudit {
  id: number;
  title: string;
  status: CaseAuditSummary["status"];
  tool: { code: string; version: string; title: string };
  opensOn: string;
  dueOn: string;
  panelOn: string;
  agencies: number;
  /** Each case's partnership reference and its own cycle (whose returns are the agencies' case returns). */
  cases: { id: number; reference: string; cycleId: number }[];
}

/** The case audits the viewer may see, newest first, each with its tool and its cases' cycles. */
export async function listApiCaseAudits(db: Db, viewer: Viewer): Promise<ApiCaseAudit[]> {
  const audits = await listCaseAudits(db, viewer);
  const ids = audits.map((audit) => audit.id);
  const tools = new Map<number, { code: string; version: string; title: string }>();
  const cases = new Map<number, ApiCaseAudit["cases"]>();
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    for (const row of await db("case_audits").join("tools", "tools.id", "case_audits.tool_id").whereIn("case_audits.id", chunk).select("case_audits.id", "tools.code", "tools.version", "tools.title"))
      tools.set(row.id, { code: row.code, version: row.version, title: row.title });
    for (const row of await db("case_audit_cases").whereIn("case_audit_id", chunk).orderBy("id").select("id", "case_audit_id", "reference", "cycle_id"))
      cases.set(row.case_audit_id, [...(cases.get(row.case_audit_id) ?? []), { id: row.id, reference: row.reference, cycleId: row.cycle_id }]);
  }
  return audits.map((audit) => ({
    id: audit.id,
    title: audit.title,
    status: audit.status,
    tool: tools.get(audit.id)!,
    opensOn: audit.opensOn,
    dueOn: audit.dueOn,
    panelOn: audit.panelOn,
    agencies: audit.agencies,
    cases: cases.get(audit.id) ?? [],
  }));
}

function toApiCycle(cycle: Cycle): ApiCycle {
  return {
    id: cycle.id,
    title: cycle.title,
    status: cycle.status,
    tool: { code: cycle.toolCode, version: cycle.toolVersion, title: cycle.toolTitle },
    opensOn: cycle.opensOn,
    dueOn: cycle.dueOn,
    finalDeadlineOn: cycle.finalDeadlineOn,
    returns: cycle.returnCount,
  };
}

export async function listApiCycles(db: Db, viewer: Viewer): Promise<ApiCycle[]> {
  return (await listCycles(db, viewer)).map(toApiCycle);
}

export async function getApiCycle(db: Db, viewer: Viewer, id: number): Promise<ApiCycle | null> {
  const cycle = await getCycle(db, viewer, id);
  return cycle ? toApiCycle(cycle) : null;
}

/** The cycle's returns with their current scores; null when the viewer may not see the cycle. */
export async function listApiReturns(db: Db, viewer: Viewer, cycleId: number): Promise<ApiReturn[] | null> {
  const cycle = await getCycle(db, viewer, cycleId);
  if (!cycle) return null;
  const query = db("returns")
    .join("agencies", "agencies.id", "returns.agency_id")
    .leftJoin("scores", function joinCurrentScore() {
      this.on("scores.return_id", "=", "returns.id").andOn("scores.is_current", "=", db.raw("?", [true]));
    })
    .where("returns.cycle_id", cycleId)
    .orderBy("agencies.name")
    .select("returns.id", "returns.status", "returns.submitted_at", "agencies.id as agency_id", "agencies.name", "agencies.sector", "scores.id as score_id", "scores.overall_percent", "scores.overall_band", "scores.overall_capped", "scores.unmet_essentials", "scores.rules_version");
  if (viewer.agencyId !== null) query.where("returns.agency_id", viewer.agencyId);
  const rows: Record<string, unknown>[] = await query;
  const readable = rows.filter(
    (row) => row.score_id !== null && (SUBMITTED_STATUSES as readonly string[]).includes(row.status as string) && canReadReturn(viewer, row.agency_id as number, row.status as ReturnStatus),
  );
  const scoreIds = readable.map((row) => row.score_id as number);
  const standardRows: Record<string, unknown>[] = [];
  for (let start = 0; start < scoreIds.length; start += 500) {
    standardRows.push(...(await db("standard_scores").whereIn("score_id", scoreIds.slice(start, start + 500)).orderBy("id").select("score_id", "standard_code", "percent", "band", "self_rating")));
  }
  const moderated = await currentModerations(db, readable.map((row) => row.id as number));
  const readableIds = new Set(readable.map((row) => row.id as number));
  return rows.map((row) => {
    const isReadable = readableIds.has(row.id as number);
    const moderations = moderated.get(row.id as number) ?? {};
    return {
      id: row.id as number,
      agency: { id: row.agency_id as number, name: row.name as string, sector: row.sector as Sector },
      status: row.status as ReturnStatus,
      submittedAt: (row.submitted_at as string | null) ?? null,
      overall: isReadable
        ? {
            percent: (row.overall_percent as number | null) ?? null,
            band: (row.overall_band as string | null) ?? null,
            capped: Boolean(row.overall_capped),
            unmetEssentials: parseJson<{ standard: string; item: string }[]>(row.unmet_essentials as string | null, []).map(({ standard, item }) => ({ standard, item })),
            rulesVersion: row.rules_version as string,
          }
        : null,
      standards: isReadable
        ? standardRows
            .filter((standard) => standard.score_id === row.score_id)
            .map((standard) => {
              const band = (standard.band as string | null) ?? null;
              const moderatedRating = moderations[standard.standard_code as string] ?? null;
              return {
                code: standard.standard_code as string,
                percent: (standard.percent as number | null) ?? null,
                band,
                selfRating: (standard.self_rating as string | null) ?? null,
                moderatedRating,
                effectiveBand: effectiveBand(band, moderatedRating),
              };
            })
        : [],
    };
  });
}
