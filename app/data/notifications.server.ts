import { ukDateOf } from "~/domain/dates";
import { effectiveDueOn } from "~/domain/due-date";
import { buildMessage, dedupeKey, dueReminder, isActionOverdue, type Message, type MessageInput, type NotificationKind } from "~/domain/notifications";
import type { ReturnStatus, Viewer } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";
import { latestDuePeriod, observationDueOn, parsePeriod, type Frequency } from "~/domain/scorecard";

/**
 * The chase: notifications for people, each with an email waiting in the outbox. Events
 * (a cycle opened, a return sent back, a challenge raised or answered) queue theirs inside the
 * transaction of the change, so a change never happens without its message, nor a message without
 * its change. Reminders (due in 14 and 3 days, overdue, actions overdue) are queued by
 * `runReminders`, which the scheduler and `notifications:run` call. A notification's dedupe key is
 * unique, so however often and on however many app servers the reminders run, each is queued once.
 */

interface Recipient {
  id: number;
  email: string;
}

export interface QueuedNotification {
  recipient: Recipient;
  message: Message;
  /** What the event is about, for the dedupe key: "return:12:due:2027-03-31". */
  about: string;
}

/** The agency's lead and contributors: everyone who works on its returns. */
async function agencyPeople(db: Db, agencyIds: number[]): Promise<Map<number, Recipient[]>> {
  const people = new Map<number, Recipient[]>();
  for (let start = 0; start < agencyIds.length; start += 500) {
    // Not someone whose access the agency lead removed (decision 008): they no longer work on its returns.
    const rows = await db("users")
      .whereIn("agency_id", agencyIds.slice(start, start + 500))
      .whereIn("role", ["agency_lead", "agency_member"])
      .whereNull("disabled_at")
      .orderBy("id")
      .select("id", "email", "agency_id");
    for (const row of rows) people.set(row.agency_id, [...(people.get(row.agency_id) ?? []), { id: row.id, email: row.email }]);
  }
  return people;
}

async function qaPeople(db: Db): Promise<Recipient[]> {
  return db("users").where({ role: "qa" }).orderBy("id").select("id", "email");
}

/** The QA subgroup's members still with access: who follows up the partnership's own actions. */
async function activeQaPeople(db: Db): Promise<Recipient[]> {
  return db("users").where({ role: "qa" }).whereNull("disabled_at").orderBy("id").select("id", "email");
}

/**
 * Stores each notification not already stored (by dedupe key) with its outbox row, and answers the
 * ones it stored. Call it inside the transaction of the change the notifications are about.
 */
export async function queueNotifications(db: Db, items: QueuedNotification[], now: string = nowIso()): Promise<QueuedNotification[]> {
  const byKey = new Map(items.map((item) => [dedupeKey(item.message.kind, item.about, item.recipient.id), item]));
  const existing = new Set<string>();
  const keys = [...byKey.keys()];
  for (let start = 0; start < keys.length; start += 500) {
    for (const row of await db("notifications").whereIn("dedupe_key", keys.slice(start, start + 500)).select("dedupe_key")) existing.add(row.dedupe_key);
  }
  const fresh = [...byKey].filter(([key]) => !existing.has(key));
  const queued: QueuedNotification[] = [];
  for (let start = 0; start < fresh.length; start += 100) {
    const chunk = fresh.slice(start, start + 100);
    // Another app server may have queued the same reminder a moment ago: the unique key keeps one.
    const inserted: { id: number; dedupe_key: string }[] = await db("notifications")
      .insert(
        chunk.map(([key, item]) => ({
          user_id: item.recipient.id,
          kind: item.message.kind,
          subject: item.message.subject,
          body: item.message.body,
          link: item.message.link,
          created_at: now,
          dedupe_key: key,
        })),
      )
      .onConflict("dedupe_key")
      .ignore()
      .returning(["id", "dedupe_key"]);
    if (inserted.length === 0) continue;
    await db("outbox").insert(
      inserted.map((row) => ({ notification_id: row.id, to_address: byKey.get(row.dedupe_key)!.recipient.email, state: "pending", attempts: 0, next_attempt_at: now, created_at: now })),
    );
    for (const row of inserted) queued.push(byKey.get(row.dedupe_key)!);
  }
  return queued;
}

function toEveryone(recipients: Recipient[], input: MessageInput, about: string): QueuedNotification[] {
  const message = buildMessage(input);
  return recipients.map((recipient) => ({ recipient, message, about }));
}

/**
 * A cycle has opened: every agency in it hears about its return. A case audit's case cycle says nothing
 * itself: the case audit tells each agency once about all its cases (notifyCaseAuditOpened).
 */
export async function notifyCycleOpened(db: Db, cycleId: number): Promise<void> {
  if (await db("case_audit_cases").where({ cycle_id: cycleId }).first("id")) return;
  const rows = await db("returns").join("cycles", "cycles.id", "returns.cycle_id").join("agencies", "agencies.id", "returns.agency_id").where("returns.cycle_id", cycleId).select("returns.id", "returns.agency_id", "returns.due_on_override", "cycles.title", "cycles.due_on", "agencies.name");
  const people = await agencyPeople(db, rows.map((row: { agency_id: number }) => row.agency_id));
  const items = rows.flatMap((row: Record<string, unknown>) =>
    toEveryone(
      people.get(row.agency_id as number) ?? [],
      { kind: "cycle_opened", returnId: row.id as number, cycleTitle: row.title as string, agencyName: row.name as string, dueOn: effectiveDueOn(row.due_on as string, row.due_on_override as string | null) },
      `cycle:${cycleId}:return:${row.id}`,
    ),
  );
  await queueNotifications(db, items);
}

/**
 * A case audit has been set up: each participating agency's lead and contributors hear once which cases
 * they audit, what to do and by when (one message for the audit, not one per case cycle).
 */
export async function notifyCaseAuditOpened(db: Db, caseAuditId: number): Promise<void> {
  const audit = await db("case_audits").where({ id: caseAuditId }).first("id", "title", "due_on");
  if (!audit) return;
  const references: string[] = (await db("case_audit_cases").where({ case_audit_id: caseAuditId }).orderBy("id").select("reference")).map((row: { reference: string }) => row.reference);
  const agencies = await db("case_audit_agencies").join("agencies", "agencies.id", "case_audit_agencies.agency_id").where({ case_audit_id: caseAuditId }).orderBy("agencies.id").select("agencies.id", "agencies.name");
  const people = await agencyPeople(
    db,
    agencies.map((agency: { id: number }) => agency.id),
  );
  const items = agencies.flatMap((agency: { id: number; name: string }) =>
    toEveryone(
      people.get(agency.id) ?? [],
      { kind: "case_audit_opened", caseAuditId, caseAuditTitle: audit.title, agencyName: agency.name, caseReferences: references, dueOn: audit.due_on },
      `case_audit:${caseAuditId}:agency:${agency.id}`,
    ),
  );
  await queueNotifications(db, items);
}

/** The QA subgroup has sent a return back: the agency hears why. */
export async function notifyReturnSentBack(db: Db, returnId: number): Promise<void> {
  const row = await db("returns").join("cycles", "cycles.id", "returns.cycle_id").join("agencies", "agencies.id", "returns.agency_id").where("returns.id", returnId).select("returns.agency_id", "returns.returned_reason", "returns.returned_at", "cycles.title", "agencies.name").first();
  if (!row) return;
  const people = (await agencyPeople(db, [row.agency_id])).get(row.agency_id) ?? [];
  await queueNotifications(db, toEveryone(people, { kind: "return_sent_back", returnId, cycleTitle: row.title, agencyName: row.name, reason: row.returned_reason ?? "" }, `return:${returnId}:sent_back:${row.returned_at}`));
}

/** A challenge was raised (the agency hears the question) or answered (the QA subgroup hears it). */
export async function notifyChallenge(db: Db, kind: "challenge_raised" | "challenge_answered", challengeId: number): Promise<void> {
  const row = await db("challenges")
    .join("returns", "returns.id", "challenges.return_id")
    .join("cycles", "cycles.id", "returns.cycle_id")
    .join("agencies", "agencies.id", "returns.agency_id")
    .where("challenges.id", challengeId)
    .select("challenges.return_id", "challenges.standard_code", "challenges.question", "challenges.answered_at", "returns.agency_id", "cycles.title", "agencies.name")
    .first();
  if (!row) return;
  const base = { returnId: row.return_id, cycleTitle: row.title, agencyName: row.name, standardCode: row.standard_code };
  if (kind === "challenge_raised") {
    const people = (await agencyPeople(db, [row.agency_id])).get(row.agency_id) ?? [];
    await queueNotifications(db, toEveryone(people, { ...base, kind, question: row.question }, `challenge:${challengeId}`));
  } else {
    await queueNotifications(db, toEveryone(await qaPeople(db), { ...base, kind }, `challenge:${challengeId}:answered:${row.answered_at}`));
  }
}

/** The agency's lead(s): an immediate concern is for whoever answers for the agency, not every contributor. */
async function agencyLeads(db: Db, agencyId: number): Promise<Recipient[]> {
  return db("users").where({ agency_id: agencyId, role: "agency_lead" }).whereNull("disabled_at").orderBy("id").select("id", "email");
}

/**
 * An immediate concern from a case audit: raised (the agency lead hears of it) or answered (the audit's
 * panel hears of it). Call it inside the transaction of the change.
 */
export async function notifyConcern(db: Db, kind: "concern_raised" | "concern_answered", concernId: number): Promise<void> {
  const row = await db("case_audit_concerns")
    .join("case_audit_cases", "case_audit_cases.id", "case_audit_concerns.case_id")
    .join("agencies", "agencies.id", "case_audit_concerns.agency_id")
    .where("case_audit_concerns.id", concernId)
    .select("case_audit_concerns.agency_id", "case_audit_concerns.respond_by", "case_audit_concerns.answered_at", "case_audit_cases.reference", "case_audit_cases.case_audit_id", "agencies.name")
    .first();
  if (!row) return;
  if (kind === "concern_raised") {
    await queueNotifications(db, toEveryone(await agencyLeads(db, row.agency_id), { kind, concernId, caseReference: row.reference, agencyName: row.name, respondBy: row.respond_by }, `concern:${concernId}`));
  } else {
    const panel: Recipient[] = await db("case_audit_members").join("users", "users.id", "case_audit_members.user_id").where("case_audit_members.case_audit_id", row.case_audit_id).whereNull("users.disabled_at").orderBy("users.id").select("users.id", "users.email");
    await queueNotifications(db, toEveryone(panel, { kind, caseAuditId: row.case_audit_id, caseReference: row.reference, agencyName: row.name }, `concern:${concernId}:answered:${row.answered_at}`));
  }
}

/**
 * Queues the reminders due at `now` (see domain/notifications.ts for the rules) and records each
 * return or action chased in its history. Safe to run as often as you like, on several servers at
 * once: a reminder already queued is never queued again. Answers how many notifications it queued.
 */
export async function runReminders(db: Db, now: string = nowIso()): Promise<{ queued: number; returns: number; actions: number }> {
  const today = ukDateOf(now);
  return db.transaction(async (trx) => {
    const returns = await trx("returns")
      .join("cycles", "cycles.id", "returns.cycle_id")
      .join("agencies", "agencies.id", "returns.agency_id")
      // A case return's reminders name its case audit and case.
      .leftJoin("case_audit_cases", "case_audit_cases.cycle_id", "cycles.id")
      .leftJoin("case_audits", "case_audits.id", "case_audit_cases.case_audit_id")
      .where("cycles.status", "open")
      .whereIn("returns.status", ["not_started", "in_progress"])
      .select("returns.id", "returns.agency_id", "returns.status", "returns.due_on_override", "cycles.title", "cycles.status as cycle_status", "cycles.due_on", "cycles.opened_at", "cycles.final_deadline_on", "agencies.name", "case_audit_cases.reference as case_reference", "case_audits.title as case_audit_title");
    const actions = await trx("actions").leftJoin("agencies", "agencies.id", "actions.agency_id").whereNot("actions.status", "done").where("actions.due_on", "<", today).select("actions.id", "actions.agency_id", "actions.status", "actions.due_on", "actions.standard_code", "actions.description", "agencies.name");
    const people = await agencyPeople(trx, [...new Set([...returns, ...actions].map((row: { agency_id: number | null }) => row.agency_id).filter((id): id is number => id !== null))]);
    // A partnership action (no agency) is the QA subgroup's to follow up: its members are chased.
    const partnershipOwners = actions.some((row: { agency_id: number | null }) => row.agency_id === null) ? await activeQaPeople(trx) : [];
    const items: QueuedNotification[] = [];
    const chased = new Map<string, { entityType: "return" | "action"; id: number; kind: NotificationKind; dueOn: string }>();
    for (const row of returns) {
      const reminder = dueReminder(
        {
          returnId: row.id,
          status: row.status as ReturnStatus,
          cycleStatus: row.cycle_status,
          dueOn: effectiveDueOn(row.due_on, row.due_on_override),
          openedOn: row.opened_at ? ukDateOf(row.opened_at) : null,
          finalDeadlineOn: row.final_deadline_on ?? null,
        },
        today,
      );
      if (!reminder) continue;
      const about = `return:${row.id}:due:${reminder.dueOn}`;
      chased.set(about, { entityType: "return", id: row.id, kind: reminder.kind, dueOn: reminder.dueOn });
      items.push(...toEveryone(people.get(row.agency_id) ?? [], { kind: reminder.kind, returnId: row.id, cycleTitle: row.title, agencyName: row.name, dueOn: reminder.dueOn, daysLeft: reminder.daysLeft, ...(row.case_reference ? { caseAudit: { caseAuditTitle: row.case_audit_title, caseReference: row.case_reference } } : {}) }, about));
    }
    for (const row of actions) {
      if (!isActionOverdue({ status: row.status, dueOn: row.due_on }, today)) continue;
      const about = `action:${row.id}:due:${row.due_on}`;
      chased.set(about, { entityType: "action", id: row.id, kind: "action_overdue", dueOn: row.due_on });
      items.push(...toEveryone(row.agency_id === null ? partnershipOwners : (people.get(row.agency_id) ?? []), { kind: "action_overdue", actionId: row.id, agencyName: row.name ?? "the partnership", standardCode: row.standard_code, description: row.description, dueOn: row.due_on }, about));
    }
    // An immediate concern not answered by its deadline is chased every day until the agency answers it.
    const concerns = await trx("case_audit_concerns").join("case_audit_cases", "case_audit_cases.id", "case_audit_concerns.case_id").join("agencies", "agencies.id", "case_audit_concerns.agency_id").where("case_audit_concerns.status", "open").where("case_audit_concerns.respond_by", "<", today).select("case_audit_concerns.id", "case_audit_concerns.agency_id", "case_audit_concerns.respond_by", "case_audit_cases.reference", "agencies.name");
    for (const row of concerns) {
      items.push(...toEveryone(await agencyLeads(trx, row.agency_id), { kind: "concern_overdue", concernId: row.id, caseReference: row.reference, agencyName: row.name, respondBy: row.respond_by }, `concern:${row.id}:chase:${today}`));
    }
    const queued = await queueNotifications(trx, items, now);
    const recipients = new Map<string, number>();
    for (const item of queued) recipients.set(`${item.message.kind}|${item.about}`, (recipients.get(`${item.message.kind}|${item.about}`) ?? 0) + 1);
    let returnCount = 0;
    let actionCount = 0;
    for (const [key, count] of recipients) {
      const target = chased.get(key.slice(key.indexOf("|") + 1));
      if (!target) continue;
      if (target.entityType === "return") returnCount += 1;
      else actionCount += 1;
      await recordAudit(trx, { userId: null, action: `${target.entityType}.remind`, entityType: target.entityType, entityId: target.id, summary: { kind: target.kind, dueOn: target.dueOn, recipients: count } });
    }
    return { queued: queued.length, returns: returnCount, actions: actionCount };
  });
}

export interface NotificationRecord {
  id: number;
  kind: NotificationKind;
  subject: string;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

/** The viewer's own notifications, newest first. Nobody reads another person's. */
export async function listNotifications(db: Db, viewer: Viewer, options: { limit?: number } = {}): Promise<NotificationRecord[]> {
  const rows = await db("notifications").where({ user_id: viewer.id }).orderBy("id", "desc").limit(options.limit ?? 100);
  return rows.map((row: Record<string, unknown>) => ({
    id: row.id as number,
    kind: row.kind as NotificationKind,
    subject: row.subject as string,
    body: row.body as string,
    link: row.link as string,
    createdAt: row.created_at as string,
    readAt: (row.read_at as string | null) ?? null,
  }));
}

export async function countUnread(db: Db, viewer: Viewer): Promise<number> {
  const row = await db("notifications").where({ user_id: viewer.id }).whereNull("read_at").count({ n: "*" }).first();
  return Number(row?.n ?? 0);
}

/** Marks one of the viewer's notifications read (or all of them, without an id). Answers how many changed. */
export async function markRead(db: Db, viewer: Viewer, id?: number): Promise<number> {
  const query = db("notifications").where({ user_id: viewer.id }).whereNull("read_at");
  if (id !== undefined) query.where({ id });
  return query.update({ read_at: nowIso() });
}

/** Tells a person of a change to their own account (password, role), in the service and by email when SMTP is set. */
export async function notifyAccountChange(db: Db, recipient: Recipient, input: Extract<MessageInput, { kind: "password_changed" | "role_changed" }>, now: string = nowIso()): Promise<void> {
  await queueNotifications(db, [{ recipient, message: buildMessage(input), about: `user:${recipient.id}:${now}` }], now);
}

/**
 * Chases the scorecard's missing figures (DESIGN §13) as returns are chased: for each indicator, the latest
 * period whose figures were due by `now` (30 days after it ended), if nothing is entered for it. The owning
 * agency's people hear of it; the business office for the partnership's own indicators. Once per indicator,
 * period and person (the dedupe key), however often it runs. Answers how many notifications and indicators.
 */
export async function runObservationReminders(db: Db, now: string = nowIso()): Promise<{ queued: number; indicators: number }> {
  const today = ukDateOf(now);
  return db.transaction(async (trx) => {
    const indicators = await trx("indicators").leftJoin("agencies", "agencies.id", "indicators.owner_agency_id").select("indicators.id", "indicators.code", "indicators.title", "indicators.frequency", "indicators.owner_agency_id", "agencies.name as owner_name");
    if (indicators.length === 0) return { queued: 0, indicators: 0 };
    const due = indicators.map((row: Record<string, unknown>) => ({ row, period: latestDuePeriod(row.frequency as Frequency, today) }));
    const entered = new Set<string>();
    for (const observation of await trx("observations").whereIn("period", [...new Set(due.map((entry) => entry.period))]).select("indicator_id", "period")) entered.add(`${observation.indicator_id}:${observation.period}`);
    const missing = due.filter((entry) => !entered.has(`${entry.row.id}:${entry.period}`));
    const people = await agencyPeople(trx, [...new Set(missing.map((entry) => entry.row.owner_agency_id as number | null).filter((id): id is number => id !== null))]);
    const admins: Recipient[] = await trx("users").where({ role: "admin" }).whereNull("disabled_at").orderBy("id").select("id", "email");
    const items: QueuedNotification[] = [];
    for (const { row, period } of missing) {
      const ownerId = row.owner_agency_id as number | null;
      const dueOn = observationDueOn(parsePeriod(period)!);
      items.push(
        ...toEveryone(
          ownerId === null ? admins : (people.get(ownerId) ?? []),
          { kind: "observation_overdue", indicatorId: row.id as number, indicatorCode: row.code as string, indicatorTitle: row.title as string, period, ownerName: (row.owner_name as string | null) ?? "The partnership", dueOn },
          `indicator:${row.id}:period:${period}`,
        ),
      );
    }
    const queued = await queueNotifications(trx, items, now);
    const chased = new Set(queued.map((item) => item.about));
    for (const about of chased) {
      const [, id, , period] = about.split(":");
      await recordAudit(trx, { userId: null, action: "indicator.remind", entityType: "indicator", entityId: Number(id), summary: { kind: "observation_overdue", period, recipients: queued.filter((item) => item.about === about).length } });
    }
    return { queued: queued.length, indicators: chased.size };
  });
}
