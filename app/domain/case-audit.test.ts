import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CaseAuditInputSchema,
  canAgree,
  canGrade,
  canSeeOthersGrades,
  caseEvidenceByStandard,
  checkFreeText,
  domainMapOf,
  identifierFlagsIn,
  isCaseGap,
  isConcernOverdue,
  isValidNhsNumber,
  NO_NAMES_WARNING,
  withNameWarnings,
  nhsNumbersIn,
  spreadOf,
  worstGrade,
} from "./case-audit";
import type { Viewer } from "./permissions";
import { validateTool, type Band } from "./tool-schema";

const CASE_BANDS: Band[] = [
  { code: "outstanding", label: "Outstanding", min: 85, colour: "#00703c" },
  { code: "good", label: "Good", min: 60, colour: "#85994b" },
  { code: "requires_improvement", label: "Requires improvement", min: 35, colour: "#f47738" },
  { code: "inadequate", label: "Inadequate", min: 0, colour: "#d4351c" },
];
const S11_BANDS: Band[] = [
  { code: "fully", label: "Fully met", min: 85, colour: "#00703c" },
  { code: "mostly", label: "Mostly met", min: 60, colour: "#85994b" },
  { code: "not", label: "Not met", min: 0, colour: "#d4351c" },
];

const qa = (id: number): Viewer => ({ id, email: `qa${id}@x`, name: "QA", role: "qa", agencyId: null });

describe("NHS numbers", () => {
  it("pass only when the modulus 11 check digit is right", () => {
    // 943 476 5919: weights 10…2 give 9·10+4·9+3·8+4·7+7·6+6·5+5·4+9·3+1·2 = 90+36+24+28+42+30+20+27+2 = 299; 299 mod 11 = 2; 11 − 2 = 9.
    expect(isValidNhsNumber("9434765919")).toBe(true);
    expect(isValidNhsNumber("9434765918")).toBe(false);
    // 1234567890: 10+18+24+28+30+30+28+24+18 = 210; 210 mod 11 = 1; 11 − 1 = 10: no valid check digit at all.
    expect(isValidNhsNumber("1234567890")).toBe(false);
    expect(isValidNhsNumber("943476591")).toBe(false);
  });

  it("are found written together, spaced or dashed, never inside a longer number", () => {
    expect(nhsNumbersIn("seen under 943 476 5919 in clinic")).toEqual(["943 476 5919"]);
    expect(nhsNumbersIn("ref 943-476-5919")).toEqual(["943-476-5919"]);
    expect(nhsNumbersIn("phone 019434765919")).toEqual([]);
    expect(nhsNumbersIn("count 1234567890")).toEqual([]);
  });
});

describe("free-text checks", () => {
  it("refuses a valid NHS number with a clear message and flags dates and postcodes", () => {
    const result = checkFreeText({
      a: "GP record 9434765919 shows missed appointments",
      b: "Seen at home on 3/4/2019, TF1 5AB",
      c: "Seen on 3 April 2019",
      d: "Seen in April 2019 by the health visitor",
      e: 12,
    });
    expect(result.refused).toEqual([{ name: "a", message: expect.stringContaining("Remove the NHS number (9434765919)") }]);
    expect(result.flagged.map((flag) => flag.name)).toEqual(["b", "c"]);
    expect(result.flagged[0].message).toContain("‘3/4/2019’");
    expect(result.flagged[0].message).toContain("‘TF1 5AB’");
  });

  it("sees full dates in the usual shapes but not a month and year", () => {
    expect(identifierFlagsIn("2019-04-03").map((flag) => flag.kind)).toEqual(["date"]);
    expect(identifierFlagsIn("3rd Apr 19")).toEqual([{ kind: "date", text: "3rd Apr 19" }]);
    expect(identifierFlagsIn("April 3, 2019")).toEqual([{ kind: "date", text: "April 3, 2019" }]);
    expect(identifierFlagsIn("in 04/2019 and in spring")).toEqual([]);
    expect(identifierFlagsIn("sw1a1aa")).toEqual([{ kind: "postcode", text: "SW1A1AA" }]);
  });
});

describe("the no-names warning", () => {
  it("sits in the hint of every free-text box, inside panels too, and nowhere else", () => {
    const elements = withNameWarnings<{
      type: string;
      name: string;
      inputType?: string;
      description?: unknown;
      elements?: { type: string; name: string; description?: unknown }[];
    }>([
      { type: "comment", name: "a", description: "What went well." },
      { type: "text", name: "b" },
      { type: "text", name: "c", inputType: "number" },
      { type: "radiogroup", name: "d" },
      { type: "panel", name: "p", elements: [{ type: "comment", name: "e" }] },
    ]);
    expect(elements[0].description).toBe(`What went well. ${NO_NAMES_WARNING}`);
    expect(elements[1].description).toBe(NO_NAMES_WARNING);
    expect(elements[2].description).toBeUndefined();
    expect(elements[3].description).toBeUndefined();
    expect(elements[4].elements![0].description).toBe(NO_NAMES_WARNING);
  });
});

describe("set-up", () => {
  const valid = {
    title: "Neglect",
    linesOfEnquiry: "Was neglect recognised?",
    opensOn: "2026-01-05",
    dueOn: "2026-02-01",
    panelOn: "2026-02-10",
    agencyIds: ["1", "2"],
    cases: "2026-T1-C1\n2026-T1-C2, 2026-T1-C3",
    memberIds: ["5", "6"],
    chairId: "5",
  };

  it("reads case references one a line or comma separated", () => {
    const parsed = CaseAuditInputSchema.parse(valid);
    expect(parsed.cases).toEqual(["2026-T1-C1", "2026-T1-C2", "2026-T1-C3"]);
    expect(parsed.agencyIds).toEqual([1, 2]);
  });

  it("refuses names, repeated references, a chair off the panel and dates out of order", () => {
    const result = CaseAuditInputSchema.safeParse({ ...valid, cases: "Jane Smith\n2026-T1-C1", chairId: "7", panelOn: "2026-01-20" });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(messages).toContain(
      "cases.0: Give each case as a partnership reference such as 2026-T1-C3: letters, numbers, dashes or slashes, up to 40 characters, never a name",
    );
    expect(CaseAuditInputSchema.safeParse({ ...valid, cases: "C1\nc1" }).error!.issues[0].message).toBe(
      "Each case reference must be different",
    );
    expect(CaseAuditInputSchema.safeParse({ ...valid, chairId: "7" }).error!.issues[0].message).toBe(
      "The chair must be one of the panel members",
    );
    expect(CaseAuditInputSchema.safeParse({ ...valid, panelOn: "2026-01-20" }).error!.issues[0].message).toBe(
      "The panel date must be on or after the date case returns are due",
    );
    expect(CaseAuditInputSchema.safeParse({ ...valid, cases: "9434765919" }).success).toBe(false);
  });
});

describe("blind grading", () => {
  const member = { isMember: true, isChair: false, submitted: false, agreed: false };

  it("hides other members' grades until the viewer has submitted their own", () => {
    expect(canSeeOthersGrades(qa(1), member)).toBe(false);
    expect(canGrade(qa(1), member)).toBe(true);
    expect(canSeeOthersGrades(qa(1), { ...member, submitted: true })).toBe(true);
    expect(canGrade(qa(1), { ...member, submitted: true })).toBe(false);
    // QA off the panel, and the business office, see the spread only once the grades are agreed.
    expect(canSeeOthersGrades(qa(2), { ...member, isMember: false, submitted: false })).toBe(false);
    expect(canSeeOthersGrades({ ...qa(3), role: "admin" }, { ...member, isMember: false })).toBe(false);
    expect(canSeeOthersGrades({ ...qa(3), role: "admin" }, { ...member, isMember: false, agreed: true })).toBe(true);
    expect(canSeeOthersGrades({ ...qa(4), role: "agency_lead", agencyId: 1 }, { ...member, agreed: true })).toBe(false);
  });

  it("lets only the chair agree, and only after submitting their own grades", () => {
    expect(canAgree(qa(1), { ...member, isChair: true })).toBe(false);
    expect(canAgree(qa(1), { ...member, isChair: true, submitted: true })).toBe(true);
    expect(canAgree(qa(1), { ...member, submitted: true })).toBe(false);
  });
});

describe("grades", () => {
  it("counts the spread and finds the worst grade", () => {
    expect(spreadOf(CASE_BANDS, ["good", "good", "inadequate"])).toEqual([
      { grade: "outstanding", count: 0 },
      { grade: "good", count: 2 },
      { grade: "requires_improvement", count: 0 },
      { grade: "inadequate", count: 1 },
    ]);
    expect(worstGrade(CASE_BANDS, ["good", "requires_improvement", "outstanding"])).toBe("requires_improvement");
    expect(worstGrade(CASE_BANDS, [])).toBeNull();
  });

  it("gives each mapped standard the worst agreed grade over its domains and counts the cases", () => {
    const map = { joint_working: ["S11-9", "S11-10"], assessment: ["S11-10"], voice: ["S11-5"] };
    const evidence = caseEvidenceByStandard(CASE_BANDS, map, [
      { caseId: 1, domain: "joint_working", grade: "good" },
      { caseId: 2, domain: "joint_working", grade: "requires_improvement" },
      { caseId: 2, domain: "assessment", grade: "inadequate" },
      { caseId: 1, domain: "impact", grade: "inadequate" },
    ]);
    expect(evidence.get("S11-9")).toEqual({ grade: "requires_improvement", cases: 2 });
    expect(evidence.get("S11-10")).toEqual({ grade: "inadequate", cases: 2 });
    expect(evidence.has("S11-5")).toBe(false);
  });

  it("finds a case-evidence gap only for Requires improvement or worse beside a top-band self or moderated rating", () => {
    expect(isCaseGap(S11_BANDS, { selfRating: "fully", moderatedRating: null }, CASE_BANDS, "requires_improvement")).toBe(true);
    expect(isCaseGap(S11_BANDS, { selfRating: "mostly", moderatedRating: "fully" }, CASE_BANDS, "inadequate")).toBe(true);
    expect(isCaseGap(S11_BANDS, { selfRating: "fully", moderatedRating: null }, CASE_BANDS, "good")).toBe(false);
    expect(isCaseGap(S11_BANDS, { selfRating: "mostly", moderatedRating: null }, CASE_BANDS, "inadequate")).toBe(false);
    expect(isCaseGap(S11_BANDS, { selfRating: "fully", moderatedRating: null }, CASE_BANDS, null)).toBe(false);
  });

  it("says when a concern is overdue", () => {
    expect(isConcernOverdue("open", "2026-03-01", "2026-03-02")).toBe(true);
    expect(isConcernOverdue("open", "2026-03-01", "2026-03-01")).toBe(false);
    expect(isConcernOverdue("answered", "2026-03-01", "2026-03-09")).toBe(false);
  });
});

describe("the shipped case audit tool", () => {
  it("validates, grades six domains Outstanding to Inadequate and maps them to Section 11 standards", () => {
    const result = validateTool(JSON.parse(fs.readFileSync("surveys/case-audit/2026.1.json", "utf8")));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.tool.kind).toBe("case_audit");
    expect(result.tool.standards.map((standard) => standard.title)).toEqual([
      "Recognition of need",
      "Assessment",
      "Planning and intervention",
      "Joint working",
      "Voice of the child",
      "Impact",
    ]);
    expect(result.tool.bands.map((band) => band.label)).toEqual(["Outstanding", "Good", "Requires improvement", "Inadequate"]);
    const s11 = JSON.parse(fs.readFileSync("surveys/s11/2026.2.json", "utf8")) as { standards: { code: string }[] };
    const codes = new Set(s11.standards.map((standard) => standard.code));
    const mapped = Object.values(domainMapOf(result.tool, "s11")).flat();
    expect(mapped.length).toBeGreaterThan(0);
    expect(mapped.filter((code) => !codes.has(code))).toEqual([]);
  });

  it("refuses a domain map naming a domain the tool does not have, and a map on another kind of tool", () => {
    const tool = JSON.parse(fs.readFileSync("surveys/case-audit/2026.1.json", "utf8"));
    const wrong = validateTool({ ...tool, assures: { s11: { teamwork: ["S11-9"] } } });
    expect(wrong.ok ? [] : wrong.errors).toEqual(['assures.s11.teamwork: "teamwork" is not a domain (standard) of this case audit']);
    const withFile = validateTool({
      ...tool,
      survey: { pages: [...tool.survey.pages, { name: "upload", elements: [{ type: "file", name: "record" }] }] },
    });
    expect(withFile.ok ? [] : withFile.errors).toEqual([
      `survey.pages.${tool.survey.pages.length}.elements.0: a case audit cannot ask for evidence files ("record"): ask the agency to describe what the record shows`,
    ]);
    const other = validateTool({ ...tool, kind: "custom" });
    expect(other.ok ? [] : other.errors).toEqual([
      'assures: only a practitioner survey or a case audit assures another tool (this tool\'s kind is "custom")',
    ]);
  });
});
