import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAction, listActions, updateActionProgress } from "~/data/actions.server";
import { getActionsReport } from "~/data/reports/actions.server";
import { addLearning, createCaseAudit, getCaseAudit, getCaseAuditReport, listCaseAuditTools, recommendationToAction } from "~/data/case-audits.server";
import type { Db } from "~/data/db.server";
import { runReminders } from "~/data/notifications.server";
import { seedDemo } from "~/data/seed-demo.server";
import type { Viewer } from "~/domain/permissions";
import { createTestDb } from "../support/factories";

/* Case audits beyond the panel: what each participating agency is told, and when it is chased. */

let db: Db;
const viewers: Record<string, Viewer> = {};

async function viewer(email: string): Promise<Viewer> {
  const row = await db("users").where({ email }).first();
  return { id: row.id, email: row.email, name: row.name, role: row.role, agencyId: row.agency_id };
}

/** A UK date `days` from today, as the forms take it. */
function isoDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db);
  for (const email of ["qa@example.org", "qa2@example.org", "admin@example.org", "lead@police.example.org", "lead@council.example.org", "lead@housing.example.org"]) viewers[email] = await viewer(email);
});
afterAll(() => db.destroy());

describe("setting up a case audit", () => {
  it("tells each participating agency's people once, naming the cases and the due date, and sends no cycle-opened notice", async () => {
    const qa = viewers["qa@example.org"];
    const police = viewers["lead@police.example.org"];
    const council = viewers["lead@council.example.org"];
    const before = (await db("notifications").max({ id: "id" }).first())?.id ?? 0;
    const created = await createCaseAudit(db, qa, {
      toolId: (await listCaseAuditTools(db))[0].id,
      title: "Exploitation: the first response",
      linesOfEnquiry: "Was exploitation recognised at the first contact?",
      standards: [],
      opensOn: isoDate(0),
      dueOn: isoDate(20),
      panelOn: isoDate(30),
      agencyIds: [police.agencyId!, council.agencyId!],
      cases: ["2027-T1-C1", "2027-T1-C2"],
      memberIds: [qa.id, viewers["qa2@example.org"].id],
      chairId: qa.id,
    });
    expect(created.ok).toBe(true);
    const auditId = (created as { id: number }).id;
    const queued = await db("notifications").join("users", "users.id", "notifications.user_id").where("notifications.id", ">", before).orderBy("notifications.id").select("notifications.*", "users.agency_id", "users.email");
    // Everyone who works on the two agencies' returns, each told once: no "cycle is open" notice per case.
    const people = await db("users").whereIn("agency_id", [police.agencyId, council.agencyId]).whereIn("role", ["agency_lead", "agency_member"]).whereNull("disabled_at").orderBy("id").pluck("email");
    expect(queued.map((row: { email: string }) => row.email).sort()).toEqual([...people].sort());
    expect(new Set(queued.map((row: { kind: string }) => row.kind))).toEqual(new Set(["case_audit_opened"]));
    const policeNotice = queued.find((row: { user_id: number }) => row.user_id === police.id);
    expect(policeNotice.subject).toBe("Case audit: Exploitation: the first response: Northshire Police is taking part");
    expect(policeNotice.body).toContain("2 children's cases together on the theme Exploitation: the first response: 2027-T1-C1, 2027-T1-C2.");
    expect(policeNotice.link).toBe(`/case-audits/${auditId}`);
    // Each email waits in the outbox, once per person.
    const outbox = await db("outbox").whereIn("notification_id", queued.map((row: { id: number }) => row.id)).pluck("to_address");
    expect(outbox.sort()).toEqual([...people].sort());
  });

  it("chases an unsubmitted case return by its case and audit, with the return's own due date", async () => {
    const police = viewers["lead@police.example.org"];
    const audit = await db("case_audits").where({ title: "Exploitation: the first response" }).first();
    const caseCycles = await db("case_audit_cases").where({ case_audit_id: audit.id }).orderBy("id").select("reference", "cycle_id");
    // Three days before the due date: one due-in-3-days reminder per case return, naming the case.
    await runReminders(db, `${isoDate(17)}T09:00:00Z`);
    const reminders = await db("notifications").where({ kind: "due_in_3_days", user_id: police.id }).whereLike("subject", "Case audit:%").orderBy("id").pluck("subject");
    expect(reminders).toEqual(caseCycles.map((row: { reference: string }) => `Case audit: case ${row.reference}: your case return is due in 3 days`));
    // Overdue: the same, as overdue; the cycle-style subject is never used for a case return.
    await runReminders(db, `${isoDate(22)}T09:00:00Z`);
    const overdue = await db("notifications").where({ kind: "overdue", user_id: police.id }).whereLike("subject", "Case audit:%").pluck("body");
    expect(overdue).toHaveLength(2);
    expect(overdue[0]).toContain("in the case audit Exploitation: the first response was due on");
    const cycleTitles = (await db("cycles").whereIn("id", caseCycles.map((row: { cycle_id: number }) => row.cycle_id)).pluck("title")) as string[];
    const generic = await db("notifications").where({ user_id: police.id }).whereIn("kind", ["cycle_opened", "due_in_14_days", "due_in_3_days", "overdue"]).pluck("subject");
    expect(generic.filter((subject: string) => cycleTitles.some((title) => subject.startsWith(title)))).toEqual([]);
  });
});

describe("a recommendation for the partnership", () => {
  let actionId: number;

  it("becomes a partnership action, agreed, on the QA subgroup's list and the case audit's page", async () => {
    const qa = viewers["qa@example.org"];
    const auditId = (await db("case_audits").orderBy("id").first()).id;
    const added = await addLearning(db, qa, auditId, { kind: "recommendation", text: "Agree one multi-agency neglect screening tool.", agencyId: null });
    expect(added.ok).toBe(true);
    const learningId = (added as { id: number }).id;
    const past = await recommendationToAction(db, qa, learningId, { domain: "joint_working", owner: "Partnership business manager", dueOn: "2020-01-01", successMeasure: "Every agency uses it." });
    expect(past).toMatchObject({ ok: false, status: 422, errors: { dueOn: "The due date must be today or in the future" } });
    expect(await recommendationToAction(db, viewers["admin@example.org"], learningId, { domain: "joint_working", owner: "x", dueOn: isoDate(30), successMeasure: "x" })).toMatchObject({ ok: false, status: 403 });
    const made = await recommendationToAction(db, qa, learningId, { domain: "joint_working", owner: "Partnership business manager", dueOn: isoDate(30), successMeasure: "Every agency uses it." });
    expect(made.ok).toBe(true);
    actionId = (made as { id: number }).id;
    expect(await recommendationToAction(db, qa, learningId, { domain: "joint_working", owner: "x", dueOn: isoDate(30), successMeasure: "x" })).toMatchObject({ ok: false, status: 409 });

    const listed = (await listActions(db, qa)).find((action) => action.id === actionId)!;
    expect(listed).toMatchObject({ returnId: null, agencyId: null, agencyName: null, caseAuditId: auditId, standardCode: "joint_working", standardTitle: "Joint working", standardLabel: "Joint working", owner: "Partnership business manager", status: "open" });
    expect(listed.agreedBy).toBe(qa.name);
    expect(listed.cycleTitle).toBe((await db("case_audits").where({ id: auditId }).first()).title);
    // With the partnership's other actions (the demo has one), after every agency's actions.
    const all = await listActions(db, qa);
    const firstPartnership = all.findIndex((action) => action.agencyId === null);
    expect(all.slice(firstPartnership).every((action) => action.agencyId === null)).toBe(true);
    expect(all.slice(firstPartnership).map((action) => action.id)).toContain(actionId);
    expect(firstPartnership).toBeGreaterThan(0);
    expect((await listActions(db, viewers["admin@example.org"])).some((action) => action.id === actionId)).toBe(true);
    expect((await listActions(db, qa, { caseAuditId: auditId })).map((action) => action.id)).toContain(actionId);
    expect((await listActions(db, qa, { caseAuditId: auditId })).every((action) => action.caseAuditId === auditId)).toBe(true);
    const learning = (await getCaseAudit(db, qa, auditId))!.learning.find((entry) => entry.id === learningId)!;
    expect(learning).toMatchObject({ actionId, action: { status: "open", dueOn: isoDate(30) } });
    expect((await getCaseAuditReport(db, qa, auditId))!.recommendations.find((entry) => entry.text.startsWith("Agree one"))).toMatchObject({ agency: null, action: true, actionStatus: "open", actionDueOn: isoDate(30) });
    expect((await getAction(db, qa, actionId))!.rating).toEqual({ computed: null, moderated: null, effective: null });
    // A case cycle's actions report is its returns' actions: the agency's recommendation, not the partnership's.
    const firstCycle = (await db("case_audit_cases").where({ case_audit_id: auditId }).orderBy("id").first()).cycle_id;
    const cycleReport = (await getActionsReport(db, qa, firstCycle))!;
    expect(cycleReport.actions.map((row) => row.id)).not.toContain(actionId);
    expect(cycleReport.actions.map((row) => row.standardCode)).toContain("joint_working");
  });

  it("is never seen or updated by an agency, and is updated by the QA subgroup alone", async () => {
    for (const email of ["lead@police.example.org", "lead@council.example.org"]) {
      const lead = viewers[email];
      expect((await listActions(db, lead)).every((action) => action.agencyId === lead.agencyId)).toBe(true);
      expect(await getAction(db, lead, actionId)).toBeNull();
      expect(await updateActionProgress(db, lead, actionId, { status: "in_progress", rag: "on_track", note: "x", evidenceNote: "" })).toMatchObject({ ok: false, status: 404 });
    }
    expect(await updateActionProgress(db, viewers["admin@example.org"], actionId, { status: "in_progress", rag: "on_track", note: "x", evidenceNote: "" })).toMatchObject({
      ok: false,
      status: 409,
      message: "Only the QA subgroup updates the partnership's actions",
    });
    expect(await updateActionProgress(db, viewers["qa2@example.org"], actionId, { status: "in_progress", rag: "at_risk", note: "Draft tool out for comment.", evidenceNote: "" })).toMatchObject({ ok: true });
    const action = (await getAction(db, viewers["qa@example.org"], actionId))!;
    expect(action).toMatchObject({ status: "in_progress", rag: "at_risk" });
    expect(action.updates.map((update) => update.note)).toEqual(["Draft tool out for comment."]);
  });

  it("is chased with the QA subgroup once overdue, not with any agency", async () => {
    await runReminders(db, `${isoDate(31)}T09:00:00Z`);
    const chased = await db("notifications").join("users", "users.id", "notifications.user_id").where({ kind: "action_overdue", link: `/actions/${actionId}` }).select("users.role", "notifications.subject");
    const qa = await db("users").where({ role: "qa" }).whereNull("disabled_at").count({ n: "*" }).first();
    expect(chased).toHaveLength(Number(qa!.n));
    expect(chased.every((row: { role: string; subject: string }) => row.role === "qa" && row.subject === "Action overdue: joint_working for the partnership")).toBe(true);
  });
});

describe("the partnership actions migration", () => {
  it("keeps every agency action, its history and its recommendation link when rolled back and forward", async () => {
    const agencyActions = async () => db("actions").whereNotNull("return_id").orderBy("id").select("id", "return_id", "agency_id", "standard_code", "status");
    const before = await agencyActions();
    const updates = await db("action_updates").join("actions", "actions.id", "action_updates.action_id").whereNotNull("actions.return_id").count({ n: "*" }).first();
    const links = await db("case_audit_learning").whereNotNull("action_id").orderBy("id").select("id", "action_id");
    expect(before.length).toBeGreaterThan(0);
    expect(Number(updates!.n)).toBeGreaterThan(0);
    // This migration alone, whatever later migrations have run since.
    await db.migrate.down({ name: "20261213100000_add_partnership_actions.js" });
    expect(await agencyActions()).toEqual(before);
    expect(Number((await db("actions").whereNull("return_id").count({ n: "*" }).first())!.n)).toBe(0);
    expect(Number((await db("action_updates").count({ n: "*" }).first())!.n)).toBe(Number(updates!.n));
    expect(await db("case_audit_learning").whereNotNull("action_id").orderBy("id").select("id", "action_id")).toEqual(links.filter((link: { action_id: number }) => before.some((action: { id: number }) => action.id === link.action_id)));
    // Back to NOT NULL: an action without a return is refused.
    const template = await db("actions").first();
    const { id: _id, ...copy } = template;
    await expect(db("actions").insert({ ...copy, return_id: null })).rejects.toThrow();
    await db.migrate.latest();
    expect(await agencyActions()).toEqual(before);
    // The rebuilt table still enforces its foreign keys.
    await expect(db("actions").insert({ ...copy, return_id: 987_654 })).rejects.toThrow();
    await expect(db("actions").insert({ ...copy, return_id: null, agency_id: null, case_audit_id: 987_654 })).rejects.toThrow();
    expect(Number((await db("action_updates").count({ n: "*" }).first())!.n)).toBe(Number(updates!.n));
  });
});
