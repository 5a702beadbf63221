import { SECTORS, type Band, type Sector } from "../tool-schema";
import { isConcernOverdue, spreadOf, worstGrade, type CaseAuditStatus, type ConcernStatus } from "../case-audit";
import type { ActionStatus } from "../actions";
import { formatDate } from "../dates";
import type { ReturnStatus } from "../permissions";
import { agencyLetter } from "./anonymise";

/**
 * The case audit report (DESIGN §12): grades by domain and agency, the spread of the panel's grades before
 * (each member's blind grades) and after (the agreed grades), the learning and the concerns with their
 * state. Pure: the data layer gathers the rows, this decides every figure, the page and every file lay it
 * out. A concern's text never reaches the report (it is about one child's safety): its case, agency,
 * deadline and state do.
 */

export const CASE_AUDIT_REPORT_VERSION = 1;

export interface CaseAuditReportInput {
  caseAudit: {
    id: number;
    title: string;
    linesOfEnquiry: string;
    standards: string[];
    opensOn: string;
    dueOn: string;
    panelOn: string;
    status: CaseAuditStatus;
  };
  tool: { code: string; version: string; title: string; bands: Band[]; domains: { code: string; title: string }[] };
  agencies: { id: number; name: string; sector: Sector }[];
  cases: {
    id: number;
    reference: string;
    agreedOverall: string | null;
    overallRationale: string | null;
    /** Agencies' case returns; computed grades and own grades only for returns the viewer may read. */
    returns: {
      agencyId: number;
      status: ReturnStatus;
      computed: Record<string, { percent: number | null; band: string | null }>;
      ownGrades: Record<string, string | null>;
    }[];
    /** Submitted panel grades only (a member's draft grades are theirs alone). */
    panelGrades: { userId: number; agencyId: number; domain: string; grade: string }[];
    agreed: { agencyId: number; domain: string; grade: string; rationale: string }[];
  }[];
  /** `action`: where the action a recommendation became stands (its status and due date), if it became one. */
  learning: {
    kind: "theme" | "recommendation";
    text: string;
    agencyId: number | null;
    actionId: number | null;
    action?: { status: ActionStatus; dueOn: string } | null;
  }[];
  concerns: { caseId: number; agencyId: number; respondBy: string; status: ConcernStatus }[];
  today: string;
}

export interface CaseAuditDomainCell {
  code: string;
  computedBand: string | null;
  computedPercent: number | null;
  ownGrade: string | null;
  /** Distinct panel members' blind grades for this agency, case and domain. */
  panelGrades: string[];
  agreedGrade: string | null;
  rationale: string | null;
}

export interface CaseAuditReport {
  reportVersion: number;
  kind: "case-audit";
  caseAudit: CaseAuditReportInput["caseAudit"];
  tool: { code: string; version: string; title: string };
  bands: Band[];
  domains: { code: string; title: string }[];
  cases: {
    reference: string;
    agreedOverall: string | null;
    overallRationale: string | null;
    panelMembers: number;
    agencies: { agency: { id: number; name: string }; returnStatus: ReturnStatus | null; domains: CaseAuditDomainCell[] }[];
  }[];
  /** Per agency and domain over its cases: the agreed grades, their worst and how many cases had one. */
  agencies: {
    agency: { id: number; name: string; sector: Sector; sectorSuppressed?: boolean };
    domains: { code: string; worstAgreed: string | null; cases: number; agreed: { grade: string; count: number }[] }[];
  }[];
  /** Per domain across the audit: every member's blind grades (before) and the agreed grades (after). */
  spread: { code: string; before: { grade: string; count: number }[]; after: { grade: string; count: number }[] }[];
  themes: string[];
  /** `agency` null: a recommendation for the partnership (its action, if any, is a partnership action). */
  recommendations: {
    text: string;
    agency: string | null;
    action: boolean;
    actionStatus: ActionStatus | null;
    actionDueOn: string | null;
  }[];
  concerns: { case: string; agency: string; respondBy: string; status: ConcernStatus; overdue: boolean }[];
  summary: {
    cases: number;
    agencies: number;
    returnsExpected: number;
    returnsSubmitted: number;
    casesAgreed: number;
    concernsOpen: number;
    concernsAnswered: number;
    concernsClosed: number;
    recommendations: number;
    actions: number;
  };
  anonymised?: { minGroupSize: number; suppressedSectors: number };
}

const SUBMITTED = new Set<ReturnStatus>(["submitted", "returned", "validated"]);

export function buildCaseAuditReport(input: CaseAuditReportInput): CaseAuditReport {
  const { tool } = input;
  const agencyName = new Map(input.agencies.map((agency) => [agency.id, agency.name]));
  const caseRef = new Map(input.cases.map((entry) => [entry.id, entry.reference]));
  const cases = input.cases.map((entry) => {
    const returns = new Map(entry.returns.map((ret) => [ret.agencyId, ret]));
    return {
      reference: entry.reference,
      agreedOverall: entry.agreedOverall,
      overallRationale: entry.overallRationale,
      panelMembers: new Set(entry.panelGrades.map((grade) => grade.userId)).size,
      agencies: input.agencies.map((agency) => {
        const ret = returns.get(agency.id);
        return {
          agency: { id: agency.id, name: agency.name },
          returnStatus: ret?.status ?? null,
          domains: tool.domains.map((domain): CaseAuditDomainCell => {
            const agreed = entry.agreed.find((row) => row.agencyId === agency.id && row.domain === domain.code);
            return {
              code: domain.code,
              computedBand: ret?.computed[domain.code]?.band ?? null,
              computedPercent: ret?.computed[domain.code]?.percent ?? null,
              ownGrade: ret?.ownGrades[domain.code] ?? null,
              panelGrades: entry.panelGrades
                .filter((row) => row.agencyId === agency.id && row.domain === domain.code)
                .map((row) => row.grade),
              agreedGrade: agreed?.grade ?? null,
              rationale: agreed?.rationale ?? null,
            };
          }),
        };
      }),
    };
  });
  const allAgreed = input.cases.flatMap((entry) => entry.agreed.map((row) => ({ ...row, caseId: entry.id })));
  const agencies = input.agencies.map((agency) => ({
    agency: { id: agency.id, name: agency.name, sector: agency.sector },
    domains: tool.domains.map((domain) => {
      const grades = allAgreed.filter((row) => row.agencyId === agency.id && row.domain === domain.code);
      return {
        code: domain.code,
        worstAgreed: worstGrade(
          tool.bands,
          grades.map((row) => row.grade),
        ),
        cases: new Set(grades.map((row) => row.caseId)).size,
        agreed: spreadOf(
          tool.bands,
          grades.map((row) => row.grade),
        ),
      };
    }),
  }));
  const spread = tool.domains.map((domain) => ({
    code: domain.code,
    before: spreadOf(
      tool.bands,
      input.cases.flatMap((entry) => entry.panelGrades.filter((row) => row.domain === domain.code).map((row) => row.grade)),
    ),
    after: spreadOf(
      tool.bands,
      allAgreed.filter((row) => row.domain === domain.code).map((row) => row.grade),
    ),
  }));
  const recommendations = input.learning.filter((entry) => entry.kind === "recommendation");
  const concerns = input.concerns.map((concern) => ({
    case: caseRef.get(concern.caseId) ?? "",
    agency: agencyName.get(concern.agencyId) ?? "",
    respondBy: concern.respondBy,
    status: concern.status,
    overdue: isConcernOverdue(concern.status, concern.respondBy, input.today),
  }));
  const allReturns = input.cases.flatMap((entry) => entry.returns);
  return {
    reportVersion: CASE_AUDIT_REPORT_VERSION,
    kind: "case-audit",
    caseAudit: input.caseAudit,
    tool: { code: tool.code, version: tool.version, title: tool.title },
    bands: tool.bands,
    domains: tool.domains,
    cases,
    agencies,
    spread,
    themes: input.learning.filter((entry) => entry.kind === "theme").map((entry) => entry.text),
    recommendations: recommendations.map((entry) => ({
      text: entry.text,
      agency: entry.agencyId === null ? null : (agencyName.get(entry.agencyId) ?? null),
      action: entry.actionId !== null,
      actionStatus: entry.action?.status ?? null,
      actionDueOn: entry.action?.dueOn ?? null,
    })),
    concerns,
    summary: {
      cases: input.cases.length,
      agencies: input.agencies.length,
      returnsExpected: input.cases.length * input.agencies.length,
      returnsSubmitted: allReturns.filter((ret) => SUBMITTED.has(ret.status)).length,
      casesAgreed: input.cases.filter((entry) => entry.agreedOverall !== null).length,
      concernsOpen: concerns.filter((concern) => concern.status === "open").length,
      concernsAnswered: concerns.filter((concern) => concern.status === "answered").length,
      concernsClosed: concerns.filter((concern) => concern.status === "closed").length,
      recommendations: recommendations.length,
      actions: recommendations.filter((entry) => entry.actionId !== null).length,
    },
  };
}

/**
 * What a recommendation became, as the report's page and files say it: "" when nothing yet, else whose plan
 * the action is in and where it stands (" (now a partnership action: in progress, due 30 June 2026)").
 */
export function recommendationActionNote(entry: CaseAuditReport["recommendations"][number]): string {
  if (!entry.action) return "";
  const plan = entry.agency === null ? "a partnership action" : "an action in the agency's plan";
  const state =
    entry.actionStatus && entry.actionDueOn ? `: ${ACTION_STATUS_WORDS[entry.actionStatus]}, due ${formatDate(entry.actionDueOn)}` : "";
  return ` (now ${plan}${state})`;
}

const ACTION_STATUS_WORDS: Record<ActionStatus, string> = { open: "open", in_progress: "in progress", done: "done" };

/**
 * The board's anonymised case audit report (decision 004's rules): agencies become "Agency A, B…" in the
 * order of their ids (a case audit has a handful of agencies, lettered the same in every table of the
 * report); a sector with fewer than `minGroupSize` agencies is not named; rationales, which may name an
 * agency, are left out.
 */
export function anonymiseCaseAudit(report: CaseAuditReport, minGroupSize: number): CaseAuditReport {
  const counts = new Map<Sector, number>();
  for (const row of report.agencies) counts.set(row.agency.sector, (counts.get(row.agency.sector) ?? 0) + 1);
  const suppressed = new Set(SECTORS.filter((sector) => (counts.get(sector) ?? 0) > 0 && (counts.get(sector) ?? 0) < minGroupSize));
  const letters = new Map(
    [...report.agencies].sort((a, b) => a.agency.id - b.agency.id).map((row, index) => [row.agency.name, agencyLetter(index)]),
  );
  const letter = (name: string) => letters.get(name) ?? name;
  return {
    ...report,
    cases: report.cases.map((entry) => ({
      ...entry,
      overallRationale: null,
      agencies: entry.agencies.map((row) => ({
        ...row,
        agency: { id: 0, name: letter(row.agency.name) },
        domains: row.domains.map((cell) => ({ ...cell, rationale: null })),
      })),
    })),
    agencies: report.agencies.map((row) => ({
      ...row,
      agency: {
        id: 0,
        name: letter(row.agency.name),
        sector: suppressed.has(row.agency.sector) ? "other" : row.agency.sector,
        sectorSuppressed: suppressed.has(row.agency.sector),
      },
    })),
    recommendations: report.recommendations.map((entry) => ({ ...entry, agency: entry.agency === null ? null : letter(entry.agency) })),
    concerns: report.concerns.map((concern) => ({ ...concern, agency: letter(concern.agency) })),
    anonymised: { minGroupSize, suppressedSectors: suppressed.size },
  };
}
