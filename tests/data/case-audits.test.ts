import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listActions } from "~/data/actions.server";
import { listCycles } from "~/data/cycles.server";
import { getAssuranceReport } from "~/data/reports/assurance.server";
import { answerConcern, closeConcern, getCaseAudit, getCaseAuditReport, getCaseGrading, getConcern, listCaseAudits, listConcerns, raiseConcern, saveAgreedGrades, saveGrades } from "~/data/case-audits.server";
import type { Db } from "~/data/db.server";
import { runReminders } from "~/data/notifications.server";
import { getPublication, publishCaseAudit } from "~/data/publications.server";
import { getReturn } from "~/data/returns.server";
import { seedDemo } from "~/data/seed-demo.server";
import type { Viewer } from "~/domain/permissions";
import { createTestDb } from "../support/factories";

/* Case audits (issue 19) on the demo partnership: blind grading, agreed grades, isolation, concerns, triangulation, the report. */

let db: Db;
let auditId: number;
const viewers: Record<string, Viewer> = {};

async function viewer(email: string): Promise<Viewer> {
  const row = await db("users").where({ email }).first();
  return { id: row.id, email: row.email, name: row.name, role: row.role, agencyId: row.agency_id };
}

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db);
  for (const email of ["qa@example.org", "qa2@example.org", "admin@example.org", "board@example.org", "lead@police.example.org", "member@police.example.org", "lead@council.example.org", "lead@housing.example.org"]) viewers[email] = await viewer(email);
  auditId = (await db("case_audits").first()).id;
});
afterAll(() => db.destroy());

const cases = () => db("case_audit_cases").where({ case_audit_id: auditId }).orderBy("id");

describe("the demo's case audit", () => {
  it("has three cases, four agencies and every case return submitted and scored", async () => {
    const audit = (await getCaseAudit(db, viewers["qa@example.org"], auditId))!;
    expect(audit.caseList.map((entry) => entry.reference)).toEqual(["2026-T1-C1", "2026-T1-C2", "2026-T1-C3"]);
    expect(audit.agencyList).toHaveLength(4);
    expect(audit.caseList.flatMap((entry) => entry.returns).map((ret) => ret.status)).toEqual(Array(12).fill("submitted"));
    const report = (await getCaseAuditReport(db, viewers["qa@example.org"], auditId))!;
    expect(report.summary).toMatchObject({ cases: 3, agencies: 4, returnsExpected: 12, returnsSubmitted: 12, casesAgreed: 2, concernsOpen: 1, recommendations: 2, actions: 2 });
    // One recommendation is the council's (its action on the council's case return), one the partnership's (QA's own plan).
    const actions = await db("actions").where({ case_audit_id: auditId }).orWhereIn("return_id", audit.caseList.flatMap((entry) => entry.returns).map((ret) => ret.returnId)).select("agency_id", "return_id", "owner");
    expect(actions.map((row: { agency_id: number | null; return_id: number | null }) => [row.agency_id === null, row.return_id === null]).sort()).toEqual([
      [false, false],
      [true, true],
    ]);
    // Two members graded 4 agencies in each of the two agreed cases: 8 blind grades per domain before, 8 agreed after (one per agency and case).
    for (const entry of report.spread) {
      expect(entry.before.reduce((sum, cell) => sum + cell.count, 0)).toBe(16);
      expect(entry.after.reduce((sum, cell) => sum + cell.count, 0)).toBe(8);
    }
    // The council's joint working: Inadequate in the first case, Inadequate in the second (worst of 2).
    const council = report.agencies.find((row) => row.agency.name === "Northshire County Council")!;
    expect(council.domains.find((cell) => cell.code === "joint_working")).toMatchObject({ worstAgreed: "inadequate", cases: 2 });
  });
});

describe("the cases' own cycles", () => {
  it("name the case audit they belong to, so the cycles list can leave them to the case audit's page", async () => {
    const cycles = await listCycles(db, viewers["qa@example.org"]);
    const caseCycleIds = (await cases()).map((row: { cycle_id: number }) => row.cycle_id);
    expect(cycles.filter((cycle) => cycle.caseAuditId === auditId).map((cycle) => cycle.id).sort()).toEqual([...caseCycleIds].sort());
    expect(cycles.filter((cycle) => cycle.caseAuditId === null).map((cycle) => cycle.title)).toContain("Section 11 audit 2025");
  });
});

describe("blind grading", () => {
  it("hides the chair's grades from the other member until they submit their own, drafts included", async () => {
    const third = (await cases())[2];
    const member = viewers["qa2@example.org"];
    const chair = viewers["qa@example.org"];
    const before = (await getCaseGrading(db, member, third.id))!;
    expect(before.canGrade).toBe(true);
    expect(before.others).toBeNull();
    // The chair has submitted: they see others' submitted grades, but not a member's draft.
    const draft = Object.fromEntries(before.agencies.map((agency) => [`${agency.id}:voice`, "outstanding"]));
    expect(await saveGrades(db, member, third.id, draft, false)).toMatchObject({ ok: true });
    expect((await getCaseGrading(db, member, third.id))!.others).toBeNull();
    expect((await getCaseGrading(db, chair, third.id))!.others).toEqual([]);
    // Submitting needs every agency and domain graded.
    const incomplete = await saveGrades(db, member, third.id, draft, true);
    expect(incomplete.ok).toBe(false);
    const full = Object.fromEntries(before.agencies.flatMap((agency) => before.domains.map((domain) => [`${agency.id}:${domain.code}`, "good"])));
    expect(await saveGrades(db, member, third.id, full, true)).toMatchObject({ ok: true });
    const after = (await getCaseGrading(db, member, third.id))!;
    expect(after.canGrade).toBe(false);
    expect(after.others!.length).toBe(before.agencies.length * before.domains.length);
    expect(after.others!.every((grade) => grade.member === chair.name)).toBe(true);
    expect((await getCaseGrading(db, chair, third.id))!.others!.every((grade) => grade.member === member.name && grade.grade === "good")).toBe(true);
    // Grades once submitted are fixed.
    expect(await saveGrades(db, member, third.id, full, true)).toMatchObject({ ok: false, status: 409 });
  });

  it("keeps the spread from QA off the panel and the business office until the grades are agreed", async () => {
    const third = (await cases())[2];
    expect((await getCaseGrading(db, viewers["admin@example.org"], third.id))!.others).toBeNull();
    const first = (await cases())[0];
    expect((await getCaseGrading(db, viewers["admin@example.org"], first.id))!.others!.length).toBeGreaterThan(0);
  });

  it("lets only the chair record agreed grades, each with a reason", async () => {
    const third = (await cases())[2];
    const grading = (await getCaseGrading(db, viewers["qa@example.org"], third.id))!;
    const grades = Object.fromEntries(grading.agencies.flatMap((agency) => grading.domains.map((domain) => [`${agency.id}:${domain.code}`, "good"])));
    const byMember = await saveAgreedGrades(db, viewers["qa2@example.org"], third.id, { grades, rationales: {}, overall: "good", overallRationale: "x" });
    expect(byMember).toMatchObject({ ok: false, status: 409, message: "Only the panel chair records the agreed grades" });
    const noReasons = await saveAgreedGrades(db, viewers["qa@example.org"], third.id, { grades, rationales: {}, overall: "good", overallRationale: "" });
    expect(noReasons.ok).toBe(false);
    if (!noReasons.ok && "errors" in noReasons) expect(Object.keys(noReasons.errors)).toHaveLength(grading.agencies.length * grading.domains.length + 1);
    expect(await db("case_audit_agreed").where({ case_id: third.id })).toEqual([]);
  });
});

describe("agency isolation", () => {
  it("shows an agency only its own case returns and its lead only its own concerns", async () => {
    const police = viewers["lead@police.example.org"];
    const audit = (await getCaseAudit(db, police, auditId))!;
    expect(audit.caseList.flatMap((entry) => entry.returns).every((ret) => ret.agencyId === police.agencyId)).toBe(true);
    expect(audit.caseList.flatMap((entry) => entry.returns)).toHaveLength(3);
    expect(audit.members).toEqual([]);
    expect(audit.learning).toEqual([]);
    expect(audit.concerns.map((concern) => concern.agencyId)).toEqual([police.agencyId]);
    // Another agency's case return and concern answer 404 (null), never data.
    const council = viewers["lead@council.example.org"];
    const policeReturn = (await getCaseAudit(db, viewers["qa@example.org"], auditId))!.caseList[0].returns.find((ret) => ret.agencyId === police.agencyId)!;
    expect(await getReturn(db, council, policeReturn.returnId)).toBeNull();
    expect(await listConcerns(db, council, auditId)).toEqual([]);
    const concernId = audit.concerns[0].id;
    expect(await getConcern(db, council, concernId)).toBeNull();
    expect(await answerConcern(db, council, concernId, "Not ours")).toMatchObject({ ok: false, status: 404 });
    // A contributor does not read or answer concerns; an agency not in the audit sees no audit at all.
    expect(await getConcern(db, viewers["member@police.example.org"], concernId)).toBeNull();
    expect(await getCaseAudit(db, viewers["lead@housing.example.org"], auditId)).toBeNull();
    expect(await listCaseAudits(db, viewers["lead@housing.example.org"])).toEqual([]);
    // Agencies and the board never read the panel's grades or the live report.
    const first = (await cases())[0];
    expect(await getCaseGrading(db, police, first.id)).toBeNull();
    expect(await getCaseAuditReport(db, police, auditId)).toBeNull();
    expect(await getCaseAuditReport(db, viewers["board@example.org"], auditId)).toBeNull();
    expect(await listCaseAudits(db, viewers["board@example.org"])).toEqual([]);
  });
});

describe("immediate concerns", () => {
  it("are raised with the agency lead, answered, chased when late, and closed", async () => {
    const chair = viewers["qa@example.org"];
    const police = viewers["lead@police.example.org"];
    const first = (await cases())[0];
    const today = new Date().toISOString().slice(0, 10);
    const raised = await raiseConcern(db, chair, auditId, { caseId: first.id, agencyId: police.agencyId!, concern: "Confirm the strategy discussion took place.", respondBy: today });
    expect(raised.ok).toBe(true);
    const id = (raised as { id: number }).id;
    const told = await db("notifications").where({ kind: "concern_raised", user_id: police.id }).orderBy("id", "desc").first();
    expect(told.link).toBe(`/case-audits/concerns/${id}`);
    expect(told.body).not.toContain("strategy discussion");
    // Past the deadline and unanswered: chased once a day until answered.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await runReminders(db, tomorrow);
    await runReminders(db, tomorrow);
    expect(await db("notifications").where({ kind: "concern_overdue", user_id: police.id }).whereLike("link", `%/${id}`)).toHaveLength(1);
    expect(await closeConcern(db, chair, id)).toMatchObject({ ok: false, status: 409 });
    expect(await answerConcern(db, police, id, "The strategy discussion was held the next day; minutes on file.")).toMatchObject({ ok: true });
    expect(await db("notifications").where({ kind: "concern_answered", user_id: chair.id })).toHaveLength(1);
    expect(await answerConcern(db, police, id, "Again")).toMatchObject({ ok: false, status: 409 });
    expect(await closeConcern(db, chair, id)).toMatchObject({ ok: true });
    expect((await getConcern(db, police, id))!.status).toBe("closed");
    const dayAfter = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await runReminders(db, dayAfter);
    expect(await db("notifications").where({ kind: "concern_overdue", user_id: police.id }).whereLike("link", `%/${id}`)).toHaveLength(1);
  });
});

describe("learning and triangulation", () => {
  it("made the council's recommendation an agreed action in its own plan", async () => {
    const council = viewers["lead@council.example.org"];
    const actions = await listActions(db, council);
    const fromAudit = actions.find((action) => action.standardCode === "joint_working");
    expect(fromAudit).toBeTruthy();
    expect(await db("case_audit_learning").where({ kind: "recommendation" }).first()).toMatchObject({ action_id: fromAudit!.id });
  });

  it("puts the council's agreed grades beside its Section 11 ratings, with a case-evidence gap wherever it rated itself top band", async () => {
    const cycle = await db("cycles").where({ title: "Section 11 audit 2026" }).first();
    const report = (await getAssuranceReport(db, viewers["qa@example.org"], cycle.id))!;
    expect(report.sources.caseAudit).toBe(true);
    const council = report.agencies.find((row) => row.agency.name === "Northshire County Council")!;
    const s119 = council.standards.find((cell) => cell.code === "S11-9")!;
    // Joint working maps to S11-9: agreed Inadequate in both agreed cases.
    expect(s119.caseAudit).toEqual({ grade: "inadequate", cases: 2 });
    expect(s119.gaps.includes("case")).toBe(s119.selfRating === "fully" || s119.moderatedRating === "fully");
    // An agency outside the audit has no case evidence.
    const housing = report.agencies.find((row) => row.agency.name.includes("Housing"));
    expect(housing?.standards.every((cell) => cell.caseAudit === null && !cell.gaps.includes("case")) ?? true).toBe(true);
    expect(report.summary.caseGaps).toBe(report.agencies.flatMap((row) => row.standards).filter((cell) => cell.gaps.includes("case")).length);
  });
});

describe("publication", () => {
  it("freezes the report for the board, named or anonymised", async () => {
    const qa = viewers["qa@example.org"];
    const named = await publishCaseAudit(db, qa, auditId, { anonymise: false });
    const anonymised = await publishCaseAudit(db, qa, auditId, { anonymise: true });
    expect(await publishCaseAudit(db, viewers["admin@example.org"], auditId, { anonymise: false })).toMatchObject({ ok: false, status: 403 });
    const board = viewers["board@example.org"];
    const read = (await getPublication(db, board, (named as { id: number }).id))!;
    expect(read.model.kind).toBe("case-audit");
    const secret = (await getPublication(db, board, (anonymised as { id: number }).id))!;
    const text = JSON.stringify(secret.model);
    expect(text).not.toContain("Northshire County Council");
    expect(text).not.toContain("Northshire Police");
    expect(text).toContain("Agency A");
  });
});
