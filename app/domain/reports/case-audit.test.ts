import { describe, expect, it } from "vitest";
import { anonymiseCaseAudit, buildCaseAuditReport, recommendationActionNote, type CaseAuditReportInput } from "./case-audit";

const BANDS = [
  { code: "outstanding", label: "Outstanding", min: 85, colour: "#00703c" },
  { code: "good", label: "Good", min: 60, colour: "#85994b" },
  { code: "requires_improvement", label: "Requires improvement", min: 35, colour: "#f47738" },
  { code: "inadequate", label: "Inadequate", min: 0, colour: "#d4351c" },
];

/**
 * Two agencies (Council 1, Police 2), two domains, two cases. Case 1 agreed: Council joint working Requires
 * improvement, voice Good; Police Good and Good. Case 2 agreed for the council's joint working only (Inadequate).
 * Members 7 and 8 graded case 1 blind.
 */
function input(): CaseAuditReportInput {
  return {
    caseAudit: {
      id: 1,
      title: "Neglect",
      linesOfEnquiry: "Was it seen?",
      standards: ["S11-9"],
      opensOn: "2026-01-05",
      dueOn: "2026-02-01",
      panelOn: "2026-02-10",
      status: "open",
    },
    tool: {
      code: "case-audit",
      version: "2026.1",
      title: "Case audit",
      bands: BANDS,
      domains: [
        { code: "joint_working", title: "Joint working" },
        { code: "voice", title: "Voice of the child" },
      ],
    },
    agencies: [
      { id: 1, name: "Council", sector: "local_authority" },
      { id: 2, name: "Police", sector: "police" },
    ],
    cases: [
      {
        id: 10,
        reference: "C1",
        agreedOverall: "requires_improvement",
        overallRationale: "Plans not shared",
        returns: [
          {
            agencyId: 1,
            status: "submitted",
            computed: { joint_working: { percent: 50, band: "requires_improvement" } },
            ownGrades: { joint_working: "good" },
          },
          { agencyId: 2, status: "in_progress", computed: {}, ownGrades: {} },
        ],
        panelGrades: [
          { userId: 7, agencyId: 1, domain: "joint_working", grade: "requires_improvement" },
          { userId: 8, agencyId: 1, domain: "joint_working", grade: "inadequate" },
          { userId: 7, agencyId: 2, domain: "joint_working", grade: "good" },
          { userId: 8, agencyId: 2, domain: "joint_working", grade: "good" },
        ],
        agreed: [
          { agencyId: 1, domain: "joint_working", grade: "requires_improvement", rationale: "Not shared with Police" },
          { agencyId: 1, domain: "voice", grade: "good", rationale: "Seen" },
          { agencyId: 2, domain: "joint_working", grade: "good", rationale: "Shared" },
          { agencyId: 2, domain: "voice", grade: "good", rationale: "Seen" },
        ],
      },
      {
        id: 11,
        reference: "C2",
        agreedOverall: null,
        overallRationale: null,
        returns: [{ agencyId: 1, status: "validated", computed: {}, ownGrades: {} }],
        panelGrades: [],
        agreed: [{ agencyId: 1, domain: "joint_working", grade: "inadequate", rationale: "Drift" }],
      },
    ],
    learning: [
      { kind: "theme", text: "Plans stall", agencyId: null, actionId: null },
      { kind: "recommendation", text: "Share plans", agencyId: 1, actionId: 99, action: { status: "in_progress", dueOn: "2026-06-30" } },
      { kind: "recommendation", text: "Audit again", agencyId: null, actionId: null },
    ],
    concerns: [
      { caseId: 11, agencyId: 2, respondBy: "2026-03-01", status: "open" },
      { caseId: 10, agencyId: 1, respondBy: "2026-02-20", status: "closed" },
    ],
    today: "2026-03-02",
  };
}

describe("buildCaseAuditReport", () => {
  const report = buildCaseAuditReport(input());

  it("gives each agency its worst agreed grade per domain and the number of cases", () => {
    const council = report.agencies[0];
    // Joint working: Requires improvement (C1) and Inadequate (C2): worst Inadequate over 2 cases.
    expect(council.domains[0]).toEqual({
      code: "joint_working",
      worstAgreed: "inadequate",
      cases: 2,
      agreed: [
        { grade: "outstanding", count: 0 },
        { grade: "good", count: 0 },
        { grade: "requires_improvement", count: 1 },
        { grade: "inadequate", count: 1 },
      ],
    });
    expect(council.domains[1]).toMatchObject({ code: "voice", worstAgreed: "good", cases: 1 });
    expect(report.agencies[1].domains[0]).toMatchObject({ worstAgreed: "good", cases: 1 });
  });

  it("counts the spread before (blind grades) and after (agreed) the panel", () => {
    // Joint working before: RI 1, Inadequate 1, Good 2. After: RI 1 (council C1), Good 1 (police C1), Inadequate 1 (council C2).
    expect(report.spread[0]).toEqual({
      code: "joint_working",
      before: [
        { grade: "outstanding", count: 0 },
        { grade: "good", count: 2 },
        { grade: "requires_improvement", count: 1 },
        { grade: "inadequate", count: 1 },
      ],
      after: [
        { grade: "outstanding", count: 0 },
        { grade: "good", count: 1 },
        { grade: "requires_improvement", count: 1 },
        { grade: "inadequate", count: 1 },
      ],
    });
    expect(report.spread[1].before.every((cell) => cell.count === 0)).toBe(true);
  });

  it("lays out each case by agency and domain, with computed, own, panel and agreed grades", () => {
    const c1 = report.cases[0];
    expect(c1).toMatchObject({ reference: "C1", agreedOverall: "requires_improvement", panelMembers: 2 });
    expect(c1.agencies[0].domains[0]).toEqual({
      code: "joint_working",
      computedBand: "requires_improvement",
      computedPercent: 50,
      ownGrade: "good",
      panelGrades: ["requires_improvement", "inadequate"],
      agreedGrade: "requires_improvement",
      rationale: "Not shared with Police",
    });
    // Police has no return in C2: its status is null there.
    expect(report.cases[1].agencies[1]).toMatchObject({ returnStatus: null });
  });

  it("summarises returns, agreement, learning and concerns, with overdue concerns marked", () => {
    // 2 cases × 2 agencies = 4 expected; submitted (C1 council) and validated (C2 council) count.
    expect(report.summary).toEqual({
      cases: 2,
      agencies: 2,
      returnsExpected: 4,
      returnsSubmitted: 2,
      casesAgreed: 1,
      concernsOpen: 1,
      concernsAnswered: 0,
      concernsClosed: 1,
      recommendations: 2,
      actions: 1,
    });
    expect(report.themes).toEqual(["Plans stall"]);
    expect(report.recommendations).toEqual([
      { text: "Share plans", agency: "Council", action: true, actionStatus: "in_progress", actionDueOn: "2026-06-30" },
      { text: "Audit again", agency: null, action: false, actionStatus: null, actionDueOn: null },
    ]);
    expect(report.concerns).toEqual([
      { case: "C2", agency: "Police", respondBy: "2026-03-01", status: "open", overdue: true },
      { case: "C1", agency: "Council", respondBy: "2026-02-20", status: "closed", overdue: false },
    ]);
  });

  it("says what each recommendation became: an agency's action or the partnership's, and where it stands", () => {
    expect(report.recommendations.map(recommendationActionNote)).toEqual([
      " (now an action in the agency's plan: in progress, due 30 June 2026)",
      "",
    ]);
    const partnership = { text: "Audit again", agency: null, action: true, actionStatus: "done" as const, actionDueOn: "2026-09-01" };
    expect(recommendationActionNote(partnership)).toBe(" (now a partnership action: done, due 1 September 2026)");
  });

  it("anonymises agencies by letter in id order, everywhere, and leaves the rationales out", () => {
    const anonymous = anonymiseCaseAudit(report, 5);
    const text = JSON.stringify(anonymous);
    expect(text).not.toContain("Council");
    expect(text).not.toContain("Police");
    expect(anonymous.agencies.map((row) => row.agency.name)).toEqual(["Agency A", "Agency B"]);
    expect(anonymous.recommendations[0].agency).toBe("Agency A");
    expect(anonymous.concerns[0].agency).toBe("Agency B");
    expect(anonymous.cases[0].agencies[0].domains[0].rationale).toBeNull();
    expect(anonymous.cases[0].overallRationale).toBeNull();
    expect(anonymous.agencies[0].agency).toMatchObject({ sectorSuppressed: true, sector: "other" });
  });
});
