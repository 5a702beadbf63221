import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAction } from "~/data/actions.server";
import { listReturnHistory } from "~/data/audit.server";
import type { Db } from "~/data/db.server";
import { extendDueDate, getReturnDueDate } from "~/data/due-dates.server";
import { createMailer } from "~/data/mailer.server";
import { answerChallenge, raiseChallenge, returnForChanges } from "~/data/moderation.server";
import { countUnread, listNotifications, markRead, runReminders } from "~/data/notifications.server";
import { deliverPending, listOutbox, retryNow, type Mailer } from "~/data/outbox.server";
import { getCompletionReport } from "~/data/reports/completion.server";
import { schedulerIntervalMs } from "~/data/scheduler.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, returnIdOf, submitFullReturn } from "../support/factories";
import { startLoopbackSmtp, type LoopbackSmtp } from "../support/smtp";

/*
 * The chase against a real migrated database and a real SMTP server on loopback (smtp-server): what
 * is queued for whom, that nothing is queued twice, that emails arrive, and that a refused connection
 * is retried, shown as failed and never lost.
 */

interface Received {
  to: string[];
  raw: string;
}

let db: Db;
let tool: ToolRecord;
let smtp: LoopbackSmtp;
let smtpUrl: string;
const received: Received[] = [];
let admin: Viewer;
let qa: Viewer;
let a: { lead: Viewer; member: Viewer; agencyId: number };
let b: { lead: Viewer; member: Viewer; agencyId: number };
let cycleId: number;

/** The cycle is due 31 March 2027 and opened (for the reminders' purposes) on 5 January 2027. */
const DUE = "2027-03-31";
const at = (date: string) => `${date}T09:00:00.000Z`;

/** A loopback port with nothing listening on it: connecting is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function outboxOf(userEmail: string) {
  return db("outbox").join("notifications", "notifications.id", "outbox.notification_id").where("outbox.to_address", userEmail).orderBy("outbox.id").select("outbox.*", "notifications.kind", "notifications.subject");
}

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
  admin = await makeUser(db, "admin");
  qa = await makeUser(db, "qa");
  const first = await makeAgencyWithPeople(db, { name: "Northshire Police", sector: "police" });
  const second = await makeAgencyWithPeople(db, { name: "Northshire Hospitals", sector: "health" });
  a = { lead: first.lead, member: first.member, agencyId: first.agency.id };
  b = { lead: second.lead, member: second.member, agencyId: second.agency.id };
  cycleId = await makeCycle(db, tool, { agencyIds: [a.agencyId, b.agencyId] }, { dueOn: DUE });
  // The story's dates (no data function moves a cycle's dates once it is open).
  await db("cycles").where({ id: cycleId }).update({ opens_on: "2027-01-05", opened_at: at("2027-01-05"), final_deadline_on: "2027-04-30" });
  smtp = await startLoopbackSmtp((message) => received.push(message));
  smtpUrl = smtp.url;
});

afterAll(async () => {
  await smtp.close();
  await db.destroy();
});

describe("events queue notifications for the right people", () => {
  it("tells every person of each agency that the cycle opened, and no one else", async () => {
    for (const person of [a.lead, a.member, b.lead, b.member]) {
      const [notification] = await listNotifications(db, person);
      expect(notification).toMatchObject({ kind: "cycle_opened", readAt: null });
      expect(notification.subject).toMatch(/^Section 11 audit \d+ is open for Northshire (Police|Hospitals)$/);
    }
    expect(await listNotifications(db, qa)).toEqual([]);
    expect(await listNotifications(db, admin)).toEqual([]);
    const rows = await outboxOf(a.lead.email);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "pending", attempts: 0, kind: "cycle_opened" });
  });

  it("counts unread notifications and marks them read, one or all, only the viewer's own", async () => {
    expect(await countUnread(db, a.lead)).toBe(1);
    const [mine] = await listNotifications(db, a.lead);
    expect(await markRead(db, a.member, mine.id)).toBe(0);
    expect(await markRead(db, a.lead, mine.id)).toBe(1);
    expect(await countUnread(db, a.lead)).toBe(0);
    expect(await countUnread(db, a.member)).toBe(1);
    expect(await markRead(db, a.member)).toBe(1);
    expect(await countUnread(db, a.member)).toBe(0);
  });
});

describe("reminders", () => {
  it("sends nothing 15 days before the due date, the 14-day reminder the next day, once however often it runs", async () => {
    expect(await runReminders(db, at("2027-03-16"))).toEqual({ queued: 0, returns: 0, actions: 0 });
    expect(await runReminders(db, at("2027-03-17"))).toEqual({ queued: 4, returns: 2, actions: 0 });
    expect(await runReminders(db, at("2027-03-17"))).toEqual({ queued: 0, returns: 0, actions: 0 });
    expect(await runReminders(db, at("2027-03-20"))).toEqual({ queued: 0, returns: 0, actions: 0 });
    const [latest] = await listNotifications(db, a.lead);
    expect(latest).toMatchObject({ kind: "due_in_14_days", subject: expect.stringMatching(/: your return is due in 14 days$/) });
  });

  it("runs safely on two servers at once: each reminder is queued once", async () => {
    const [one, two] = await Promise.all([runReminders(db, at("2027-03-28")), runReminders(db, at("2027-03-28"))]);
    expect(one.queued + two.queued).toBe(4);
    const threeDay = await db("notifications").where({ kind: "due_in_3_days" }).count({ n: "*" }).first();
    expect(Number(threeDay?.n)).toBe(4);
  });

  it("counts from an agency's extended due date, records the extension and chases the other agency when overdue", async () => {
    const returnA = await returnIdOf(db, cycleId, a.agencyId);
    const returnB = await returnIdOf(db, cycleId, b.agencyId);
    const extended = await extendDueDate(db, admin, returnA, { dueOn: "2027-04-30", reason: "Police inspection in March; agreed with the chair" });
    expect(extended).toEqual({ ok: true });
    expect(await getReturnDueDate(db, admin, returnA)).toMatchObject({ dueOn: "2027-04-30", cycleDueOn: DUE, extension: { dueOn: "2027-04-30", reason: "Police inspection in March; agreed with the chair" } });
    expect(await runReminders(db, at("2027-04-02"))).toEqual({ queued: 2, returns: 1, actions: 0 });
    expect((await listNotifications(db, b.lead))[0]).toMatchObject({ kind: "overdue", subject: expect.stringMatching(/: your return is overdue$/) });
    expect((await listNotifications(db, a.lead))[0].kind).toBe("due_in_3_days");
    // The completion report agrees: only B is overdue.
    const completion = await getCompletionReport(db, admin, cycleId, at("2027-04-02"));
    expect(completion?.partnership.overdue).toBe(1);
    expect(completion?.outstanding.map((row) => [row.agency.name, row.daysOverdue])).toEqual([
      ["Northshire Hospitals", 2],
      ["Northshire Police", 0],
    ]);
    // The history shows the extension and the chase.
    expect((await listReturnHistory(db, admin, returnA)).map((entry) => entry.action)).toContain("return.extend_due_date");
    const historyB = await listReturnHistory(db, admin, returnB);
    expect(historyB.filter((entry) => entry.action === "return.remind").map((entry) => entry.summary.kind)).toEqual(["overdue", "due_in_3_days", "due_in_14_days"]);
  });

  it("refuses an extension with no reason, before the cycle opened or after the final deadline, changing nothing", async () => {
    const returnB = await returnIdOf(db, cycleId, b.agencyId);
    expect(await extendDueDate(db, admin, returnB, { dueOn: "2026-01-01", reason: " " })).toEqual({
      ok: false,
      status: 422,
      errors: { dueOn: "The new due date must be the same as or after the opening date, 5 January 2027", reason: "Enter the reason for the new due date" },
    });
    expect(await extendDueDate(db, admin, returnB, { dueOn: "2027-05-01", reason: "x" })).toMatchObject({ status: 422, errors: { dueOn: expect.stringContaining("before the final deadline") } });
    expect(await extendDueDate(db, a.lead, returnB, { dueOn: "2027-04-10", reason: "x" })).toMatchObject({ status: 404 });
    expect((await getReturnDueDate(db, admin, returnB))?.extension).toBeNull();
  });

  it("chases an overdue action once", async () => {
    const returnA = await returnIdOf(db, cycleId, a.agencyId);
    await submitFullReturn(db, a.lead, tool, returnA, { choice: "mostly" });
    const created = await createAction(db, a.lead, returnA, { standardCode: "S11-2", description: "Train every manager", owner: "Priya Shah", dueOn: "2027-04-05", successMeasure: "Records" }, at("2027-04-02"));
    expect(created.ok).toBe(true);
    expect(await runReminders(db, at("2027-04-05"))).toMatchObject({ actions: 0 });
    expect(await runReminders(db, at("2027-04-06"))).toMatchObject({ queued: 2, actions: 1 });
    expect(await runReminders(db, at("2027-04-07"))).toMatchObject({ queued: 0, actions: 0 });
    expect((await listNotifications(db, a.member))[0]).toMatchObject({ kind: "action_overdue", subject: "Action overdue: S11-2 for Northshire Police" });
  });

  it("tells the agency about a challenge and a return sent back, and the QA subgroup about an answer", async () => {
    const returnA = await returnIdOf(db, cycleId, a.agencyId);
    expect(await raiseChallenge(db, qa, returnA, { standardCode: "S11-3", question: "Where is the training record?" })).toEqual({ ok: true });
    expect((await listNotifications(db, a.lead))[0]).toMatchObject({ kind: "challenge_raised", body: expect.stringContaining("Where is the training record?") });
    const challenge = await db("challenges").where({ return_id: returnA }).first();
    expect(await answerChallenge(db, a.lead, challenge.id, "On the intranet, page 4")).toEqual({ ok: true });
    expect((await listNotifications(db, qa))[0]).toMatchObject({ kind: "challenge_answered", link: `/returns/${returnA}/review/S11-3` });
    expect(await returnForChanges(db, qa, returnA, "Add the dates of the audits")).toEqual({ ok: true });
    expect((await listNotifications(db, a.member))[0]).toMatchObject({ kind: "return_sent_back", body: expect.stringContaining("What to change: Add the dates of the audits") });
  });
});

describe("delivery by email", () => {
  it("records messages as in-app only when no SMTP server is set, not as failures", async () => {
    const before = await db("outbox").where({ state: "pending" }).count({ n: "*" }).first();
    const result = await deliverPending(db, at("2027-04-07"), { mailer: null, baseUrl: "https://audit.example.org" });
    expect(result).toEqual({ sent: 0, retrying: 0, failed: 0, inAppOnly: Number(before?.n) });
    expect(await db("outbox").where({ state: "pending" }).count({ n: "*" }).first()).toEqual({ n: 0 });
    expect(await db("outbox").where({ state: "failed" }).count({ n: "*" }).first()).toEqual({ n: 0 });
  });

  it("retries a refused connection with backoff, shows it failed after five attempts, and sends it once retried", async () => {
    const returnB = await returnIdOf(db, cycleId, b.agencyId);
    await returnForChangesAfterSubmit(returnB);
    const [message] = (await outboxOf(b.lead.email)).filter((row) => row.kind === "return_sent_back");
    expect(message.state).toBe("pending");
    const refused = createMailer(`smtp://127.0.0.1:${await closedPort()}`);
    let now = at("2027-04-08");
    const first = await deliverPending(db, now, { mailer: refused, baseUrl: "https://audit.example.org" });
    expect(first.retrying).toBe(2);
    let row = await db("outbox").where({ id: message.id }).first();
    expect(row).toMatchObject({ state: "pending", attempts: 1, next_attempt_at: "2027-04-08T09:01:00.000Z", sent_at: null });
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    // Not tried again before its time.
    expect((await deliverPending(db, "2027-04-08T09:00:30.000Z", { mailer: refused, baseUrl: "x" })).retrying).toBe(0);
    // Backing off: after the 2nd, 3rd and 4th failures it waits 5, 15 and 60 minutes; the 5th marks it failed.
    for (const [attempts, minutes] of [[2, 5], [3, 15], [4, 60]]) {
      now = new Date(Date.parse(row.next_attempt_at) + 1000).toISOString();
      await deliverPending(db, now, { mailer: refused, baseUrl: "x" });
      row = await db("outbox").where({ id: message.id }).first();
      expect(row).toMatchObject({ state: "pending", attempts });
      expect(Date.parse(row.next_attempt_at) - Date.parse(now)).toBe(minutes * 60_000);
    }
    now = new Date(Date.parse(row.next_attempt_at) + 1000).toISOString();
    await deliverPending(db, now, { mailer: refused, baseUrl: "x" });
    row = await db("outbox").where({ id: message.id }).first();
    expect(row).toMatchObject({ state: "failed", attempts: 5 });
    refused.close();
    // Visible to the business office, with the error.
    const outbox = await listOutbox(db, admin);
    expect(outbox?.counts.failed).toBe(2);
    expect(outbox?.entries[0]).toMatchObject({ state: "failed", attempts: 5, lastError: expect.stringMatching(/ECONNREFUSED|connect/i) });
    expect(await listOutbox(db, qa)).toBeNull();
    // Retry now, with a working server: it arrives.
    expect(await retryNow(db, qa, message.id)).toMatchObject({ ok: false, status: 404 });
    expect(await retryNow(db, admin, message.id, now)).toEqual({ ok: true });
    const working = createMailer(smtpUrl, "Northshire audit <audit@northshire.example.org>");
    const delivered = await deliverPending(db, now, { mailer: working, baseUrl: "https://audit.example.org" });
    working.close();
    expect(delivered.sent).toBe(1);
    expect(await db("outbox").where({ id: message.id }).first()).toMatchObject({ state: "sent", attempts: 6, last_error: null });
    const mail = received.find((entry) => entry.to.includes(b.lead.email));
    // Long subjects are folded onto several lines (RFC 5322): read them unfolded.
    const headers = (mail?.raw ?? "").split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
    expect(headers).toContain("Subject: Section 11 audit");
    expect(headers).toContain("sent back for changes");
    expect(mail?.raw).toContain(`https://audit.example.org/returns/${returnB}`);
    expect(mail?.raw).toContain("From: Northshire audit <audit@northshire.example.org>");
  });

  it("sends each message once when two delivery runs race", async () => {
    await retryNow(db, admin, (await db("outbox").where({ state: "failed" }).first()).id, at("2027-04-09"));
    const inApp = await db("outbox").where({ state: "in_app_only" }).orderBy("id").limit(3).select("id");
    for (const row of inApp) await retryNow(db, admin, row.id, at("2027-04-09"));
    const before = received.length;
    const one = createMailer(smtpUrl);
    const two = createMailer(smtpUrl);
    const [x, y] = await Promise.all([
      deliverPending(db, at("2027-04-09"), { mailer: one, baseUrl: "x" }),
      deliverPending(db, at("2027-04-09"), { mailer: two, baseUrl: "x" }),
    ]);
    one.close();
    two.close();
    expect(x.sent + y.sent).toBe(4);
    expect(received.length - before).toBe(4);
    expect(await db("outbox").where({ state: "pending" }).count({ n: "*" }).first()).toEqual({ n: 0 });
  });

  it("releases a message claimed by a run that died, so it is still sent", async () => {
    const [row] = await db("outbox").where({ state: "sent" }).limit(1).select("id");
    await db("outbox").where({ id: row.id }).update({ state: "sending", claimed_at: at("2027-04-10"), sent_at: null });
    const sends: string[] = [];
    const recording: Mailer = { send: async (message) => void sends.push(message.to) };
    expect((await deliverPending(db, "2027-04-10T09:05:00.000Z", { mailer: recording, baseUrl: "x" })).sent).toBe(0);
    expect((await deliverPending(db, "2027-04-10T09:11:00.000Z", { mailer: recording, baseUrl: "x" })).sent).toBe(1);
    expect(sends).toHaveLength(1);
  });
});

describe("the scheduler's setting", () => {
  it("runs every minute by default, takes whole seconds, is off at 0 and refuses anything else", () => {
    expect(schedulerIntervalMs(undefined)).toBe(60_000);
    expect(schedulerIntervalMs("300")).toBe(300_000);
    expect(schedulerIntervalMs("0")).toBe(0);
    expect(() => schedulerIntervalMs("5m")).toThrow('NOTIFICATIONS_INTERVAL_SECONDS must be a whole number of seconds (0 turns the scheduler off), not "5m"');
  });
});

/** B's return, submitted and then sent back, so that B's people have a fresh email waiting. */
async function returnForChangesAfterSubmit(returnId: number): Promise<void> {
  await submitFullReturn(db, b.lead, tool, returnId, { choice: "mostly" });
  expect(await returnForChanges(db, qa, returnId, "Say who signed off the policy")).toEqual({ ok: true });
}
