import {
  canAgree,
  canGrade,
  canReadCaseAudits,
  canSeeOthersGrades,
  canSetUpCaseAudits,
  caseEvidenceByStandard,
  domainMapOf,
  type CaseAuditInput,
  type CaseAuditStatus,
  type ConcernStatus,
  type PanelPosition,
} from "~/domain/case-audit";
import type { ActionStatus } from "~/domain/actions";
import { ukDateOf } from "~/domain/dates";
import { SUBMITTED_STATUSES, isAgencyRole, type ReturnStatus, type Viewer } from "~/domain/permissions";
import { buildCaseAuditReport, type CaseAuditReport } from "~/domain/reports/case-audit";
import type { Band, Sector } from "~/domain/tool-schema";
import { recordAudit } from "./audit.server";
import { createCycle, openCycle } from "./cycles.server";
import { nowIso, parseJson, type Db } from "./db.server";
import { notifyCaseAuditOpened, notifyConcern } from "./notifications.server";
import { getTool, listTools, type ToolRecord } from "./tools.server";

/**
 * Multi-agency case file audits (DESIGN §12, decision 020). Each case owns a cycle of the audit's case_audit
 * tool, so each participating agency's case return is an ordinary return (its pages, autosave, merge,
 * sign-off and scoring); this file holds what is particular to case audits: set-up, the panel's blind grades
 * and agreed grades, immediate concerns, learning, the report and the evidence the assurance view reads.
 * QA and the business office read the audit; an agency reads only its own case returns and concerns.
 */

export interface CaseAuditSummary {
  id: number;
  title: string;
  status: CaseAuditStatus;
  opensOn: string;
  dueOn: string;
  panelOn: string;
  cases: number;
  agencies: number;
}

export interface CaseAuditCaseRow {
  id: number;
  reference: string;
  cycleId: number;
  agreedOverall: string | null;
  overallRationale: string | null;
  /** Every participating agency's return; for QA the status only, for an agency only its own. */
  returns: { returnId: number; agencyId: number; agencyName: string; status: ReturnStatus }[];
  /** How many panel members have submitted their grades. */
  submittedMembers: number;
}

export interface ConcernRow {
  id: number;
  caseId: number;
  caseReference: string;
  agencyId: number;
  agencyName: string;
  concern: string;
  respondBy: string;
  status: ConcernStatus;
  response: string | null;
  raisedBy: string;
  raisedAt: string;
  answeredAt: string | null;
  closedAt: string | null;
}

export interface LearningRow {
  id: number;
  kind: "theme" | "recommendation";
  text: string;
  agencyId: number | null;
  agencyName: string | null;
  actionId: number | null;
  /** The action the recommendation became: where it stands. */
  action: { status: ActionStatus; dueOn: string } | null;
}

export interface CaseAuditDetail extends CaseAuditSummary {
  linesOfEnquiry: string;
  standards: string[];
  tool: ToolRecord;
  agencyList: { id: number; name: string; sector: Sector }[];
  members: { userId: number; name: string; isChair: boolean }[];
  caseList: CaseAuditCaseRow[];
  concerns: ConcernRow[];
  learning: LearningRow[];
  viewerIsMember: boolean;
  viewerIsChair: boolean;
}

export type CaseAuditChange = { ok: true; id: number } | { ok: false; status: 403 | 404 | 409; message: string } | { ok: false; status: 422; errors: Record<string, string> };

const NOT_FOUND = { ok: false as const, status: 404 as const, message: "Case audit not found" };

/** Published case audit tools (the set-up form offers these). */
export async function listCaseAuditTools(db: Db): Promise<ToolRecord[]> {
  return (await listTools(db, { publishedOnly: true })).filter((tool) => tool.kind === "case_audit");
}

/** QA users who may sit on a panel. */
export async function listPanelCandidates(db: Db): Promise<{ id: number; name: string }[]> {
  return db("users").where({ role: "qa" }).whereNull("disabled_at").orderBy("name").select("id", "name");
}

/** The case audits the viewer may see: all for QA and admin; for an agency, those it takes part in. */
export async function listCaseAudits(db: Db, viewer: Viewer): Promise<CaseAuditSummary[]> {
  const query = db("case_audits")
    .select(
      "case_audits.*",
      db("case_audit_cases").count("*").whereRaw("case_audit_cases.case_audit_id = case_audits.id").as("case_count"),
      db("case_audit_agencies").count("*").whereRaw("case_audit_agencies.case_audit_id = case_audits.id").as("agency_count"),
    )
    .orderBy("case_audits.opens_on", "desc")
    .orderBy("case_audits.id", "desc");
  if (isAgencyRole(viewer.role)) query.whereExists(db("case_audit_agencies").whereRaw("case_audit_agencies.case_audit_id = case_audits.id").where("case_audit_agencies.agency_id", viewer.agencyId));
  else if (!canReadCaseAudits(viewer)) return [];
  return (await query).map(toSummary);
}

function toSummary(row: Record<string, unknown>): CaseAuditSummary {
  return {
    id: row.id as number,
    title: row.title as string,
    status: row.status as CaseAuditStatus,
    opensOn: row.opens_on as string,
    dueOn: row.due_on as string,
    panelOn: row.panel_on as string,
    cases: Number(row.case_count ?? 0),
    agencies: Number(row.agency_count ?? 0),
  };
}

async function caseAuditRow(db: Db, viewer: Viewer, id: number) {
  const query = db("case_audits").where("case_audits.id", id);
  if (isAgencyRole(viewer.role)) query.whereExists(db("case_audit_agencies").whereRaw("case_audit_agencies.case_audit_id = case_audits.id").where("case_audit_agencies.agency_id", viewer.agencyId));
  else if (!canReadCaseAudits(viewer)) return null;
  return (await query.first()) ?? null;
}

/**
 * Sets up a case audit and opens it: one cycle per case (one not-started return per participating agency),
 * the panel and its chair; each agency is told once which cases it audits and by when. All or nothing.
 */
export async function createCaseAudit(db: Db, viewer: Viewer, input: CaseAuditInput & { toolId: number }): Promise<CaseAuditChange> {
  if (!canSetUpCaseAudits(viewer)) return { ok: false, status: 403, message: "Only the QA subgroup and the business office set up case audits" };
  const tool = await getTool(db, input.toolId);
  const errors: Record<string, string> = {};
  if (!tool || tool.kind !== "case_audit" || tool.status !== "published") errors.toolId = "Select the case audit tool";
  const agencies = await db("agencies").whereIn("id", input.agencyIds).whereNull("deactivated_at").select("id");
  if (agencies.length !== new Set(input.agencyIds).size) errors.agencyIds = "Select agencies from the list";
  const members = await db("users").whereIn("id", input.memberIds).where({ role: "qa" }).whereNull("disabled_at").select("id");
  if (members.length !== new Set(input.memberIds).size) errors.memberIds = "Select panel members from the QA subgroup";
  const assured = tool ? new Set(Object.keys(typeof tool.definition.assures === "object" ? tool.definition.assures : {})) : new Set<string>();
  const known = new Set<string>();
  for (const code of assured) for (const standards of Object.values(domainMapOf(tool!.definition, code))) standards.forEach((standard) => known.add(standard));
  if (input.standards.some((code) => !known.has(code))) errors.standards = "Select standards from the list";
  if (await db("case_audits").whereRaw("lower(title) = ?", [input.title.toLowerCase()]).first("id")) errors.title = `A case audit called “${input.title}” already exists: give this one a different theme or add its term`;
  if (Object.keys(errors).length > 0) return { ok: false, status: 422, errors };
  return db.transaction(async (trx) => {
    const [row] = await trx("case_audits")
      .insert({
        tool_id: input.toolId,
        title: input.title,
        lines_of_enquiry: input.linesOfEnquiry,
        standards: JSON.stringify(input.standards),
        opens_on: input.opensOn,
        due_on: input.dueOn,
        panel_on: input.panelOn,
        status: "open",
        created_by: viewer.id,
        created_at: nowIso(),
      })
      .returning("id");
    const id = (typeof row === "object" ? row.id : row) as number;
    await trx("case_audit_agencies").insert(input.agencyIds.map((agencyId) => ({ case_audit_id: id, agency_id: agencyId })));
    await trx("case_audit_members").insert(input.memberIds.map((userId) => ({ case_audit_id: id, user_id: userId, is_chair: userId === input.chairId })));
    for (const reference of input.cases) {
      const cycleId = await createCycle(trx, viewer.id, {
        toolId: input.toolId,
        title: `${input.title}: case ${reference}`,
        opensOn: input.opensOn,
        dueOn: input.dueOn,
        finalDeadlineOn: null,
        selection: { agencyIds: input.agencyIds },
      });
      // The case is linked to its cycle before the cycle opens, so the cycle's own "is open" notice is not sent.
      await trx("case_audit_cases").insert({ case_audit_id: id, reference, cycle_id: cycleId });
      const opened = await openCycle(trx, viewer.id, cycleId);
      if (!opened.ok) throw new Error(opened.message);
    }
    await notifyCaseAuditOpened(trx, id);
    await recordAudit(trx, { userId: viewer.id, action: "case_audit.create", entityType: "case_audit", entityId: id, summary: { title: input.title, cases: input.cases, agencies: input.agencyIds, members: input.memberIds, chair: input.chairId } });
    return { ok: true as const, id };
  });
}

/** The case audit as the viewer may see it; null (→ 404) when they may not. */
export async function getCaseAudit(db: Db, viewer: Viewer, id: number): Promise<CaseAuditDetail | null> {
  const row = await caseAuditRow(db, viewer, id);
  if (!row) return null;
  const tool = (await getTool(db, row.tool_id))!;
  const agencyList = await db("case_audit_agencies").join("agencies", "agencies.id", "case_audit_agencies.agency_id").where({ case_audit_id: id }).orderBy("agencies.name").select("agencies.id", "agencies.name", "agencies.sector");
  const members = (await db("case_audit_members").join("users", "users.id", "case_audit_members.user_id").where({ case_audit_id: id }).orderBy("users.name").select("users.id", "users.name", "case_audit_members.is_chair")).map((member: Record<string, unknown>) => ({
    userId: member.id as number,
    name: member.name as string,
    isChair: Boolean(member.is_chair),
  }));
  const cases = await db("case_audit_cases").where({ case_audit_id: id }).orderBy("id");
  const returnsQuery = db("returns")
    .join("agencies", "agencies.id", "returns.agency_id")
    .whereIn(
      "returns.cycle_id",
      cases.map((entry: { cycle_id: number }) => entry.cycle_id),
    )
    .select("returns.id", "returns.cycle_id", "returns.agency_id", "returns.status", "agencies.name");
  if (isAgencyRole(viewer.role)) returnsQuery.where("returns.agency_id", viewer.agencyId);
  const returns = await returnsQuery.orderBy("agencies.name");
  const submissions = await db("case_audit_grade_submissions").whereIn("case_id", cases.map((entry: { id: number }) => entry.id)).select("case_id");
  const caseList: CaseAuditCaseRow[] = cases.map((entry: Record<string, unknown>) => ({
    id: entry.id as number,
    reference: entry.reference as string,
    cycleId: entry.cycle_id as number,
    agreedOverall: isAgencyRole(viewer.role) ? null : ((entry.agreed_overall as string | null) ?? null),
    overallRationale: isAgencyRole(viewer.role) ? null : ((entry.overall_rationale as string | null) ?? null),
    returns: returns.filter((ret: { cycle_id: number }) => ret.cycle_id === entry.cycle_id).map((ret: Record<string, unknown>) => ({ returnId: ret.id as number, agencyId: ret.agency_id as number, agencyName: ret.name as string, status: ret.status as ReturnStatus })),
    submittedMembers: submissions.filter((submission: { case_id: number }) => submission.case_id === entry.id).length,
  }));
  const member = members.find((candidate) => candidate.userId === viewer.id);
  return {
    ...toSummary({ ...row, case_count: cases.length, agency_count: agencyList.length }),
    linesOfEnquiry: row.lines_of_enquiry,
    standards: parseJson<string[]>(row.standards, []),
    tool,
    agencyList: isAgencyRole(viewer.role) ? agencyList.filter((agency: { id: number }) => agency.id === viewer.agencyId) : agencyList,
    members: isAgencyRole(viewer.role) ? [] : members,
    caseList,
    concerns: await listConcerns(db, viewer, id),
    learning: isAgencyRole(viewer.role) ? [] : await listLearning(db, id),
    viewerIsMember: member !== undefined,
    viewerIsChair: member?.isChair ?? false,
  };
}

/* ---------- the panel ---------- */

export interface CaseGrading {
  caseAudit: { id: number; title: string; status: CaseAuditStatus };
  case: { id: number; reference: string; agreedOverall: string | null; overallRationale: string | null };
  bands: Band[];
  domains: { code: string; title: string }[];
  agencies: { id: number; name: string; returnId: number; status: ReturnStatus; computed: Record<string, string | null>; ownGrades: Record<string, string | null> }[];
  position: PanelPosition;
  canGrade: boolean;
  canAgree: boolean;
  /** The viewer's own grades, keyed "agencyId:domain". */
  mine: Record<string, string>;
  /** Other members' submitted grades, only when blind grading allows (see canSeeOthersGrades). */
  others: { member: string; agencyId: number; domain: string; grade: string }[] | null;
  membersSubmitted: number;
  members: number;
  agreed: Record<string, { grade: string; rationale: string }>;
}

async function caseWithAudit(db: Db, caseId: number) {
  return db("case_audit_cases").join("case_audits", "case_audits.id", "case_audit_cases.case_audit_id").where("case_audit_cases.id", caseId).select("case_audit_cases.*", "case_audits.title", "case_audits.status", "case_audits.tool_id").first();
}

async function positionOf(db: Db, viewer: Viewer, caseRow: { id: number; case_audit_id: number; agreed_at: string | null }): Promise<PanelPosition> {
  const member = await db("case_audit_members").where({ case_audit_id: caseRow.case_audit_id, user_id: viewer.id }).first();
  const submitted = await db("case_audit_grade_submissions").where({ case_id: caseRow.id, user_id: viewer.id }).first();
  return { isMember: member !== undefined, isChair: Boolean(member?.is_chair), submitted: submitted !== undefined, agreed: caseRow.agreed_at !== null };
}

/** One case as the panel grades it; null for anyone who is not QA or the business office. */
export async function getCaseGrading(db: Db, viewer: Viewer, caseId: number): Promise<CaseGrading | null> {
  if (!canReadCaseAudits(viewer)) return null;
  const row = await caseWithAudit(db, caseId);
  if (!row) return null;
  const tool = (await getTool(db, row.tool_id))!;
  const position = await positionOf(db, viewer, row);
  const returns = await db("returns").join("agencies", "agencies.id", "returns.agency_id").where("returns.cycle_id", row.cycle_id).orderBy("agencies.name").select("returns.id", "returns.agency_id", "returns.status", "agencies.name");
  const scored = await currentStandardScores(
    db,
    returns.filter((ret: { status: ReturnStatus }) => (SUBMITTED_STATUSES as readonly string[]).includes(ret.status)).map((ret: { id: number }) => ret.id),
  );
  const mine = await db("case_audit_grades").where({ case_id: caseId, user_id: viewer.id }).select("agency_id", "domain", "grade");
  const members = await db("case_audit_members").where({ case_audit_id: row.case_audit_id }).count({ n: "*" }).first();
  const submitted = await db("case_audit_grade_submissions").where({ case_id: caseId }).count({ n: "*" }).first();
  let others: CaseGrading["others"] = null;
  if (canSeeOthersGrades(viewer, position)) {
    others = (
      await db("case_audit_grades")
        .join("users", "users.id", "case_audit_grades.user_id")
        .join("case_audit_grade_submissions", function joinSubmitted() {
          this.on("case_audit_grade_submissions.case_id", "=", "case_audit_grades.case_id").andOn("case_audit_grade_submissions.user_id", "=", "case_audit_grades.user_id");
        })
        .where("case_audit_grades.case_id", caseId)
        .whereNot("case_audit_grades.user_id", viewer.id)
        .orderBy("users.name")
        .select("users.name", "case_audit_grades.agency_id", "case_audit_grades.domain", "case_audit_grades.grade")
    ).map((grade: Record<string, unknown>) => ({ member: grade.name as string, agencyId: grade.agency_id as number, domain: grade.domain as string, grade: grade.grade as string }));
  }
  const agreed = await db("case_audit_agreed").where({ case_id: caseId }).select("agency_id", "domain", "grade", "rationale");
  return {
    caseAudit: { id: row.case_audit_id, title: row.title, status: row.status },
    case: { id: row.id, reference: row.reference, agreedOverall: row.agreed_overall ?? null, overallRationale: row.overall_rationale ?? null },
    bands: tool.definition.bands,
    domains: tool.definition.standards.map((standard) => ({ code: standard.code, title: standard.title })),
    agencies: returns.map((ret: Record<string, unknown>) => ({
      id: ret.agency_id as number,
      name: ret.name as string,
      returnId: ret.id as number,
      status: ret.status as ReturnStatus,
      computed: Object.fromEntries((scored.get(ret.id as number) ?? []).map((cell) => [cell.code, cell.band])),
      ownGrades: Object.fromEntries((scored.get(ret.id as number) ?? []).map((cell) => [cell.code, cell.selfRating])),
    })),
    position,
    canGrade: canGrade(viewer, position),
    canAgree: canAgree(viewer, position),
    mine: Object.fromEntries(mine.map((grade: Record<string, unknown>) => [`${grade.agency_id}:${grade.domain}`, grade.grade as string])),
    others,
    membersSubmitted: Number(submitted?.n ?? 0),
    members: Number(members?.n ?? 0),
    agreed: Object.fromEntries(agreed.map((grade: Record<string, unknown>) => [`${grade.agency_id}:${grade.domain}`, { grade: grade.grade as string, rationale: grade.rationale as string }])),
  };
}

async function currentStandardScores(db: Db, returnIds: number[]): Promise<Map<number, { code: string; percent: number | null; band: string | null; selfRating: string | null }[]>> {
  const result = new Map<number, { code: string; percent: number | null; band: string | null; selfRating: string | null }[]>();
  if (returnIds.length === 0) return result;
  const rows = await db("standard_scores")
    .join("scores", "scores.id", "standard_scores.score_id")
    .whereIn("scores.return_id", returnIds)
    .where("scores.is_current", true)
    .select("scores.return_id", "standard_scores.standard_code", "standard_scores.percent", "standard_scores.band", "standard_scores.self_rating");
  for (const row of rows) result.set(row.return_id, [...(result.get(row.return_id) ?? []), { code: row.standard_code, percent: row.percent ?? null, band: row.band ?? null, selfRating: row.self_rating ?? null }]);
  return result;
}

/**
 * A panel member's grades for one case: every agency and domain must have a grade to submit; a save without
 * submitting keeps a draft only the member sees. Once submitted the grades are fixed.
 */
export async function saveGrades(db: Db, viewer: Viewer, caseId: number, grades: Record<string, string>, submit: boolean): Promise<CaseAuditChange> {
  const grading = await getCaseGrading(db, viewer, caseId);
  if (!grading) return { ok: false, status: 404, message: "Case not found" };
  if (!grading.canGrade) return { ok: false, status: 409, message: grading.position.isMember ? "You have already submitted your grades for this case" : "Only the case audit's panel members grade its cases" };
  const codes = new Set(grading.bands.map((band) => band.code));
  const errors: Record<string, string> = {};
  const known = new Set(grading.agencies.flatMap((agency) => grading.domains.map((domain) => `${agency.id}:${domain.code}`)));
  const strangers = Object.keys(grades).filter((key) => !known.has(key));
  if (strangers.length > 0) return { ok: false, status: 422, errors: { [strangers[0]]: "Grade only the agencies and domains of this case" } };
  const rows: { agency_id: number; domain: string; grade: string }[] = [];
  for (const agency of grading.agencies) {
    for (const domain of grading.domains) {
      const key = `${agency.id}:${domain.code}`;
      const grade = grades[key] ?? "";
      if (grade === "") {
        if (submit) errors[key] = `Select a grade for ${domain.title.toLowerCase()} for ${agency.name}`;
      } else if (!codes.has(grade)) errors[key] = `Select a grade for ${domain.title.toLowerCase()} for ${agency.name} from the list`;
      else rows.push({ agency_id: agency.id, domain: domain.code, grade });
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, status: 422, errors };
  return db.transaction(async (trx) => {
    if (await trx("case_audit_grade_submissions").where({ case_id: caseId, user_id: viewer.id }).first()) return { ok: false as const, status: 409 as const, message: "You have already submitted your grades for this case" };
    await trx("case_audit_grades").where({ case_id: caseId, user_id: viewer.id }).delete();
    if (rows.length > 0) await trx("case_audit_grades").insert(rows.map((row) => ({ ...row, case_id: caseId, user_id: viewer.id })));
    if (submit) await trx("case_audit_grade_submissions").insert({ case_id: caseId, user_id: viewer.id, submitted_at: nowIso() });
    await recordAudit(trx, { userId: viewer.id, action: submit ? "case_audit.grades_submit" : "case_audit.grades_save", entityType: "case_audit_case", entityId: caseId, summary: { grades: rows.length } });
    return { ok: true as const, id: caseId };
  });
}

/** The chair's agreed grades per agency and domain, each with its rationale, and the overall grade of the case. */
export async function saveAgreedGrades(
  db: Db,
  viewer: Viewer,
  caseId: number,
  input: { grades: Record<string, string>; rationales: Record<string, string>; overall: string; overallRationale: string },
): Promise<CaseAuditChange> {
  const grading = await getCaseGrading(db, viewer, caseId);
  if (!grading) return { ok: false, status: 404, message: "Case not found" };
  if (!grading.canAgree) return { ok: false, status: 409, message: grading.position.isChair ? "Submit your own grades before recording the agreed grades" : "Only the panel chair records the agreed grades" };
  const codes = new Set(grading.bands.map((band) => band.code));
  const errors: Record<string, string> = {};
  const rows: { agency_id: number; domain: string; grade: string; rationale: string }[] = [];
  for (const agency of grading.agencies) {
    for (const domain of grading.domains) {
      const key = `${agency.id}:${domain.code}`;
      const grade = input.grades[key] ?? "";
      const rationale = (input.rationales[key] ?? "").trim();
      if (!codes.has(grade)) errors[`agreed:${key}`] = `Select the agreed grade for ${domain.title.toLowerCase()} for ${agency.name}`;
      else if (rationale === "") errors[`rationale:${key}`] = `Give the reason for the agreed grade for ${domain.title.toLowerCase()} for ${agency.name}`;
      else if (rationale.length > 2000) errors[`rationale:${key}`] = "The reason must be 2,000 characters or fewer";
      else rows.push({ agency_id: agency.id, domain: domain.code, grade, rationale });
    }
  }
  if (!codes.has(input.overall)) errors.overall = "Select the agreed overall grade for the case";
  if (input.overallRationale.trim() === "") errors.overallRationale = "Give the reason for the overall grade";
  else if (input.overallRationale.trim().length > 5000) errors.overallRationale = "The reason must be 5,000 characters or fewer";
  if (Object.keys(errors).length > 0) return { ok: false, status: 422, errors };
  const now = nowIso();
  return db.transaction(async (trx) => {
    await trx("case_audit_agreed").where({ case_id: caseId }).delete();
    await trx("case_audit_agreed").insert(rows.map((row) => ({ ...row, case_id: caseId, recorded_by: viewer.id, recorded_at: now })));
    await trx("case_audit_cases").where({ id: caseId }).update({ agreed_overall: input.overall, overall_rationale: input.overallRationale.trim(), agreed_by: viewer.id, agreed_at: now });
    await recordAudit(trx, { userId: viewer.id, action: "case_audit.agree", entityType: "case_audit_case", entityId: caseId, summary: { overall: input.overall, grades: rows.length } });
    return { ok: true as const, id: caseId };
  });
}

/* ---------- concerns and learning ---------- */

export async function listConcerns(db: Db, viewer: Viewer, caseAuditId: number): Promise<ConcernRow[]> {
  const query = db("case_audit_concerns")
    .join("case_audit_cases", "case_audit_cases.id", "case_audit_concerns.case_id")
    .join("agencies", "agencies.id", "case_audit_concerns.agency_id")
    .join("users", "users.id", "case_audit_concerns.raised_by")
    .where("case_audit_cases.case_audit_id", caseAuditId)
    .orderBy("case_audit_concerns.id")
    .select("case_audit_concerns.*", "case_audit_cases.reference", "agencies.name as agency_name", "users.name as raised_by_name");
  // Only the agency lead answers for the agency (DESIGN §7: "own concerns"); contributors do not see them.
  if (isAgencyRole(viewer.role)) {
    if (viewer.role !== "agency_lead") return [];
    query.where("case_audit_concerns.agency_id", viewer.agencyId);
  } else if (!canReadCaseAudits(viewer)) return [];
  return (await query).map((row: Record<string, unknown>) => ({
    id: row.id as number,
    caseId: row.case_id as number,
    caseReference: row.reference as string,
    agencyId: row.agency_id as number,
    agencyName: row.agency_name as string,
    concern: row.concern as string,
    respondBy: row.respond_by as string,
    status: row.status as ConcernStatus,
    response: (row.response as string | null) ?? null,
    raisedBy: row.raised_by_name as string,
    raisedAt: row.raised_at as string,
    answeredAt: (row.answered_at as string | null) ?? null,
    closedAt: (row.closed_at as string | null) ?? null,
  }));
}

export async function listLearning(db: Db, caseAuditId: number): Promise<LearningRow[]> {
  const rows = await db("case_audit_learning")
    .leftJoin("agencies", "agencies.id", "case_audit_learning.agency_id")
    .leftJoin("actions", "actions.id", "case_audit_learning.action_id")
    .where("case_audit_learning.case_audit_id", caseAuditId)
    .orderBy("case_audit_learning.id")
    .select("case_audit_learning.*", "agencies.name as agency_name", "actions.status as action_status", "actions.due_on as action_due_on");
  return rows.map(
    (row: Record<string, unknown>) => ({
      id: row.id as number,
      kind: row.kind as LearningRow["kind"],
      text: row.text as string,
      agencyId: (row.agency_id as number | null) ?? null,
      agencyName: (row.agency_name as string | null) ?? null,
      actionId: (row.action_id as number | null) ?? null,
      action: row.action_id ? { status: row.action_status as ActionStatus, dueOn: row.action_due_on as string } : null,
    }),
  );
}

/* ---------- the report and the assurance view's evidence ---------- */

/** The case audit report for QA and the business office (the board reads published copies only). */
export async function getCaseAuditReport(db: Db, viewer: Viewer, id: number, now: string = nowIso()): Promise<CaseAuditReport | null> {
  if (!canReadCaseAudits(viewer)) return null;
  const detail = await getCaseAudit(db, viewer, id);
  if (!detail) return null;
  const cases = await db("case_audit_cases").where({ case_audit_id: id }).orderBy("id");
  const caseIds = cases.map((entry: { id: number }) => entry.id);
  const returns = await db("returns").whereIn("cycle_id", cases.map((entry: { cycle_id: number }) => entry.cycle_id)).select("id", "cycle_id", "agency_id", "status");
  const readable = returns.filter((ret: { status: ReturnStatus }) => (SUBMITTED_STATUSES as readonly string[]).includes(ret.status));
  const scores = await currentStandardScores(db, readable.map((ret: { id: number }) => ret.id));
  const grades = await db("case_audit_grades")
    .join("case_audit_grade_submissions", function joinSubmitted() {
      this.on("case_audit_grade_submissions.case_id", "=", "case_audit_grades.case_id").andOn("case_audit_grade_submissions.user_id", "=", "case_audit_grades.user_id");
    })
    .whereIn("case_audit_grades.case_id", caseIds)
    .select("case_audit_grades.*");
  const agreed = await db("case_audit_agreed").whereIn("case_id", caseIds).select("case_id", "agency_id", "domain", "grade", "rationale");
  // Blind grading holds in the report too: the spread before the panel is shown once a case's grades are agreed.
  const agreedCases = new Set(cases.filter((entry: { agreed_at: string | null }) => entry.agreed_at !== null).map((entry: { id: number }) => entry.id));
  return buildCaseAuditReport({
    caseAudit: { id: detail.id, title: detail.title, linesOfEnquiry: detail.linesOfEnquiry, standards: detail.standards, opensOn: detail.opensOn, dueOn: detail.dueOn, panelOn: detail.panelOn, status: detail.status },
    tool: {
      code: detail.tool.code,
      version: detail.tool.version,
      title: detail.tool.title,
      bands: detail.tool.definition.bands,
      domains: detail.tool.definition.standards.map((standard) => ({ code: standard.code, title: standard.title })),
    },
    agencies: detail.agencyList,
    cases: cases.map((entry: Record<string, unknown>) => ({
      id: entry.id as number,
      reference: entry.reference as string,
      agreedOverall: (entry.agreed_overall as string | null) ?? null,
      overallRationale: (entry.overall_rationale as string | null) ?? null,
      returns: returns
        .filter((ret: { cycle_id: number }) => ret.cycle_id === entry.cycle_id)
        .map((ret: { id: number; agency_id: number; status: ReturnStatus }) => {
          const cells = scores.get(ret.id) ?? [];
          return {
            agencyId: ret.agency_id,
            status: ret.status,
            computed: Object.fromEntries(cells.map((cell) => [cell.code, { percent: cell.percent, band: cell.band }])),
            ownGrades: Object.fromEntries(cells.map((cell) => [cell.code, cell.selfRating])),
          };
        }),
      panelGrades: agreedCases.has(entry.id as number)
        ? grades.filter((grade: { case_id: number }) => grade.case_id === entry.id).map((grade: Record<string, unknown>) => ({ userId: grade.user_id as number, agencyId: grade.agency_id as number, domain: grade.domain as string, grade: grade.grade as string }))
        : [],
      agreed: agreed.filter((grade: { case_id: number }) => grade.case_id === entry.id).map((grade: Record<string, unknown>) => ({ agencyId: grade.agency_id as number, domain: grade.domain as string, grade: grade.grade as string, rationale: grade.rationale as string })),
    })),
    learning: detail.learning.map((entry) => ({ kind: entry.kind, text: entry.text, agencyId: entry.agencyId, actionId: entry.actionId, action: entry.action })),
    concerns: detail.concerns.map((concern) => ({ caseId: concern.caseId, agencyId: concern.agencyId, respondBy: concern.respondBy, status: concern.status })),
    today: ukDateOf(now),
  });
}

/**
 * The case-audit evidence for the assurance view of a cycle of `assuredCode` (e.g. s11): per agency and
 * assured standard, the worst agreed grade over the mapped domains of every case audit whose tool maps to
 * that tool, with the number of cases, and the grades' bands (those of the case audit tool).
 */
export async function getCaseEvidence(db: Db, assuredCode: string): Promise<{ bands: Band[]; byAgency: Map<number, Map<string, { grade: string; cases: number }>> } | null> {
  const audits = await db("case_audits").select("id", "tool_id");
  let bands: Band[] | null = null;
  const agreedByAgency = new Map<number, { caseId: number; domain: string; grade: string; map: Record<string, string[]> }[]>();
  for (const audit of audits) {
    const tool = await getTool(db, audit.tool_id);
    if (!tool) continue;
    const map = domainMapOf(tool.definition, assuredCode);
    if (Object.keys(map).length === 0) continue;
    bands ??= tool.definition.bands;
    const rows = await db("case_audit_agreed").join("case_audit_cases", "case_audit_cases.id", "case_audit_agreed.case_id").where("case_audit_cases.case_audit_id", audit.id).select("case_audit_agreed.case_id", "case_audit_agreed.agency_id", "case_audit_agreed.domain", "case_audit_agreed.grade");
    for (const row of rows) agreedByAgency.set(row.agency_id, [...(agreedByAgency.get(row.agency_id) ?? []), { caseId: row.case_id, domain: row.domain, grade: row.grade, map }]);
  }
  if (bands === null) return null;
  const byAgency = new Map<number, Map<string, { grade: string; cases: number }>>();
  for (const [agencyId, rows] of agreedByAgency) {
    // Tools of one assured code share their domain map in practice; each row carries its own map all the same.
    const merged: Record<string, string[]> = {};
    for (const row of rows) for (const [domain, standards] of Object.entries(row.map)) merged[domain] = [...new Set([...(merged[domain] ?? []), ...standards])];
    byAgency.set(agencyId, caseEvidenceByStandard(bands, merged, rows));
  }
  return { bands, byAgency };
}

/* ---------- changes to concerns and learning ---------- */

/**
 * A panel member raises an immediate concern about a case with one of its agencies, with a date to respond
 * by; the agency lead is told at once (notification and email through the outbox).
 */
export async function raiseConcern(db: Db, viewer: Viewer, caseAuditId: number, input: { caseId: number; agencyId: number; concern: string; respondBy: string }, now: string = nowIso()): Promise<CaseAuditChange> {
  const detail = await getCaseAudit(db, viewer, caseAuditId);
  if (!detail) return NOT_FOUND;
  if (viewer.role !== "qa" || !detail.viewerIsMember) return { ok: false, status: 403, message: "Only the case audit's panel members raise immediate concerns" };
  const errors: Record<string, string> = {};
  if (!detail.caseList.some((entry) => entry.id === input.caseId)) errors.caseId = "Select the case";
  if (!detail.agencyList.some((agency) => agency.id === input.agencyId)) errors.agencyId = "Select the agency";
  if (input.respondBy < ukDateOf(now)) errors.respondBy = "The date to respond by must be today or in the future";
  if (Object.keys(errors).length > 0) return { ok: false, status: 422, errors };
  return db.transaction(async (trx) => {
    const [row] = await trx("case_audit_concerns")
      .insert({ case_id: input.caseId, agency_id: input.agencyId, concern: input.concern, respond_by: input.respondBy, status: "open", raised_by: viewer.id, raised_at: now })
      .returning("id");
    const id = (typeof row === "object" ? row.id : row) as number;
    await recordAudit(trx, { userId: viewer.id, action: "case_audit.concern_raise", entityType: "case_audit_concern", entityId: id, summary: { caseId: input.caseId, agencyId: input.agencyId, respondBy: input.respondBy } });
    await notifyConcern(trx, "concern_raised", id);
    return { ok: true as const, id };
  });
}

/** One concern, for QA and the business office, or for the lead of the agency it was raised with. */
export async function getConcern(db: Db, viewer: Viewer, concernId: number): Promise<(ConcernRow & { caseAuditId: number; caseAuditTitle: string }) | null> {
  const row = await db("case_audit_concerns").join("case_audit_cases", "case_audit_cases.id", "case_audit_concerns.case_id").join("case_audits", "case_audits.id", "case_audit_cases.case_audit_id").where("case_audit_concerns.id", concernId).select("case_audit_cases.case_audit_id", "case_audits.title").first();
  if (!row) return null;
  const concern = (await listConcerns(db, viewer, row.case_audit_id)).find((candidate) => candidate.id === concernId);
  return concern ? { ...concern, caseAuditId: row.case_audit_id, caseAuditTitle: row.title } : null;
}

/** The agency lead answers an open concern raised with their agency; the panel is told. */
export async function answerConcern(db: Db, viewer: Viewer, concernId: number, response: string): Promise<CaseAuditChange> {
  const concern = await getConcern(db, viewer, concernId);
  if (!concern || viewer.role !== "agency_lead") return { ok: false, status: 404, message: "Concern not found" };
  if (concern.status !== "open") return { ok: false, status: 409, message: "This concern has already been answered" };
  return db.transaction(async (trx) => {
    const now = nowIso();
    const changed = await trx("case_audit_concerns").where({ id: concernId, status: "open" }).update({ status: "answered", response, answered_by: viewer.id, answered_at: now });
    if (changed === 0) return { ok: false as const, status: 409 as const, message: "This concern has already been answered" };
    await recordAudit(trx, { userId: viewer.id, action: "case_audit.concern_answer", entityType: "case_audit_concern", entityId: concernId, summary: { agencyId: concern.agencyId } });
    await notifyConcern(trx, "concern_answered", concernId);
    return { ok: true as const, id: concernId };
  });
}

/** A panel member closes an answered concern (the chase stops once it is answered). */
export async function closeConcern(db: Db, viewer: Viewer, concernId: number): Promise<CaseAuditChange> {
  const concern = await getConcern(db, viewer, concernId);
  if (!concern) return { ok: false, status: 404, message: "Concern not found" };
  if (viewer.role !== "qa") return { ok: false, status: 403, message: "Only the QA subgroup closes concerns" };
  if (concern.status !== "answered") return { ok: false, status: 409, message: concern.status === "closed" ? "This concern is already closed" : "The agency has not answered this concern yet" };
  return db.transaction(async (trx) => {
    await trx("case_audit_concerns").where({ id: concernId }).update({ status: "closed", closed_by: viewer.id, closed_at: nowIso() });
    await recordAudit(trx, { userId: viewer.id, action: "case_audit.concern_close", entityType: "case_audit_concern", entityId: concernId, summary: {} });
    return { ok: true as const, id: concernId };
  });
}

/** QA records a theme or a recommendation (for one participating agency, or the partnership). */
export async function addLearning(db: Db, viewer: Viewer, caseAuditId: number, input: { kind: "theme" | "recommendation"; text: string; agencyId: number | null }): Promise<CaseAuditChange> {
  const detail = await getCaseAudit(db, viewer, caseAuditId);
  if (!detail) return NOT_FOUND;
  if (viewer.role !== "qa") return { ok: false, status: 403, message: "Only the QA subgroup records the audit's learning" };
  if (input.agencyId !== null && (input.kind === "theme" || !detail.agencyList.some((agency) => agency.id === input.agencyId))) return { ok: false, status: 422, errors: { agencyId: input.kind === "theme" ? "A theme is for the partnership: leave the agency empty" : "Select an agency taking part in the audit" } };
  return db.transaction(async (trx) => {
    const [row] = await trx("case_audit_learning").insert({ case_audit_id: caseAuditId, kind: input.kind, text: input.text, agency_id: input.agencyId, created_by: viewer.id, created_at: nowIso() }).returning("id");
    const id = (typeof row === "object" ? row.id : row) as number;
    await recordAudit(trx, { userId: viewer.id, action: "case_audit.learning_add", entityType: "case_audit", entityId: caseAuditId, summary: { kind: input.kind, agencyId: input.agencyId } });
    return { ok: true as const, id };
  });
}

/**
 * A recommendation becomes an action, already agreed by the QA member who wrote it. One for an agency joins
 * that agency's action plan: it sits on the agency's case return of the audit's first case it submitted,
 * under the domain it is about (the agency then owns its progress like any other action). One for the
 * partnership is a partnership action: it belongs to the case audit, under the domain, and the QA subgroup
 * reports its progress; no agency sees it.
 */
export async function recommendationToAction(
  db: Db,
  viewer: Viewer,
  learningId: number,
  input: { domain: string; owner: string; dueOn: string; successMeasure: string },
  now: string = nowIso(),
): Promise<CaseAuditChange> {
  if (viewer.role !== "qa") return { ok: false, status: 403, message: "Only the QA subgroup turns recommendations into actions" };
  const learning = await db("case_audit_learning").where({ id: learningId }).first();
  if (!learning || learning.kind !== "recommendation") return { ok: false, status: 404, message: "Recommendation not found" };
  if (learning.action_id !== null) return { ok: false, status: 409, message: "This recommendation is already an action" };
  const detail = (await getCaseAudit(db, viewer, learning.case_audit_id))!;
  const errors: Record<string, string> = {};
  if (!detail.tool.definition.standards.some((standard) => standard.code === input.domain)) errors.domain = "Select the domain the action is about";
  if (input.dueOn < ukDateOf(now)) errors.dueOn = "The due date must be today or in the future";
  if (Object.keys(errors).length > 0) return { ok: false, status: 422, errors };
  const partnership = learning.agency_id === null;
  const target = partnership ? null : detail.caseList.flatMap((entry) => entry.returns).find((ret) => ret.agencyId === learning.agency_id && (SUBMITTED_STATUSES as readonly string[]).includes(ret.status));
  if (!partnership && !target) return { ok: false, status: 409, message: "The agency has not submitted a case return in this audit yet, so there is no action plan to add to" };
  return db.transaction(async (trx) => {
    const [row] = await trx("actions")
      .insert({
        return_id: target?.returnId ?? null,
        agency_id: learning.agency_id,
        case_audit_id: partnership ? learning.case_audit_id : null,
        standard_code: input.domain,
        description: learning.text,
        owner: input.owner,
        due_on: input.dueOn,
        success_measure: input.successMeasure,
        status: "open",
        rag: "on_track",
        created_by: viewer.id,
        created_at: now,
        agreed_by: viewer.id,
        agreed_at: now,
      })
      .returning("id");
    const actionId = (typeof row === "object" ? row.id : row) as number;
    await trx("case_audit_learning").where({ id: learningId }).update({ action_id: actionId });
    await recordAudit(trx, { userId: viewer.id, action: "action.create", entityType: "action", entityId: actionId, summary: { ...(target ? { returnId: target.returnId } : { caseAuditId: learning.case_audit_id }), standard: input.domain, owner: input.owner, dueOn: input.dueOn, fromRecommendation: learningId } });
    return { ok: true as const, id: actionId };
  });
}
