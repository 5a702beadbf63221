import { describe, expect, it } from "vitest";
import { buildCaseAuditReport } from "~/domain/reports/case-audit";
import { CASE_AUDIT_CSV_HEADER, caseAuditCsvRows, caseAuditLayout } from "./case-audit-layout";

const BANDS = [
  { code: "good", label: "Good", min: 60, colour: "#85994b" },
  { code: "requires_improvement", label: "Requires improvement", min: 0, colour: "#f47738" },
];

const report = buildCaseAuditReport({
  caseAudit: {
    id: 1,
    title: "Neglect",
    linesOfEnquiry: "Seen?",
    standards: [],
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
    domains: [{ code: "voice", title: "Voice of the child" }],
  },
  agencies: [{ id: 1, name: "Council", sector: "local_authority" }],
  cases: [
    {
      id: 10,
      reference: "C1",
      agreedOverall: "good",
      overallRationale: "Seen and heard",
      returns: [
        {
          agencyId: 1,
          status: "submitted",
          computed: { voice: { percent: 66.66666666666667, band: "good" } },
          ownGrades: { voice: "good" },
        },
      ],
      panelGrades: [
        { userId: 7, agencyId: 1, domain: "voice", grade: "good" },
        { userId: 8, agencyId: 1, domain: "voice", grade: "requires_improvement" },
      ],
      agreed: [{ agencyId: 1, domain: "voice", grade: "good", rationale: "Recorded in her words" }],
    },
  ],
  learning: [],
  concerns: [{ caseId: 10, agencyId: 1, respondBy: "2026-03-01", status: "answered" }],
  today: "2026-03-02",
});

describe("the case audit report's files", () => {
  it("writes one CSV row per case, agency and domain with the model's own codes and unrounded percent", () => {
    expect(CASE_AUDIT_CSV_HEADER).toEqual([
      "case",
      "agency",
      "return_status",
      "domain",
      "computed_grade",
      "computed_percent",
      "own_grade",
      "panel_grades",
      "agreed_grade",
      "case_overall",
    ]);
    expect(caseAuditCsvRows(report)).toEqual([
      ["C1", "Council", "submitted", "voice", "good", 66.66666666666667, "good", "good;requires_improvement", "good", "good"],
    ]);
  });

  it("lays the grades out by agency, case, overall, spread and concerns, in the grades' words", () => {
    const layout = caseAuditLayout(report, "Case audit: Neglect");
    expect(layout.tables.map((table) => table.name)).toEqual(["Grades by agency", "Cases", "Overall by case", "Spread", "Concerns"]);
    expect(layout.tables[0].rows).toEqual([["Council", "Local authority", "Voice of the child", "Good", 1, 1, 0]]);
    expect(layout.tables[1].rows[0]).toEqual([
      "C1",
      "Council",
      "Submitted",
      "Voice of the child",
      "Good",
      "Good",
      "Good; Requires improvement",
      "Good",
      "Recorded in her words",
    ]);
    expect(layout.tables[3].rows).toEqual([
      ["Voice of the child", "Before the panel", 1, 1],
      ["Voice of the child", "Agreed", 1, 0],
    ]);
    expect(layout.tables[4].rows).toEqual([["C1", "Council", "2026-03-01", "Answered", "No"]]);
  });
});
