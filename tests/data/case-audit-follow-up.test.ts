import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaseAudit, listCaseAuditTools } from "~/data/case-audits.server";
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
