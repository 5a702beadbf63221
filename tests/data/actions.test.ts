import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agreeAction,
  createAction,
  getAction,
  getActionPlan,
  listActions,
  rerateAfterAction,
  updateActionProgress,
  type ActionChange,
  type ActionInput,
} from "~/data/actions.server";
import { listAudit } from "~/data/audit.server";
import type { Db } from "~/data/db.server";
import { listModerations, recordModeration, validateSubmittedReturn } from "~/data/moderation.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, returnIdOf, submitFullReturn } from "../support/factories";

/*
 * Action plans against a real migrated database (DESIGN §6–§7). Agency A has submitted its return
 * with every question answered "mostly", so every standard is below the top band until QA moderates
 * one up; agency B has submitted too and must never see A's actions.
 */

let db: Db;
let tool: ToolRecord;
let a: { lead: Viewer; member: Viewer; agencyId: number; returnId: number };
let b: { lead: Viewer; member: Viewer; agencyId: number; returnId: number };
let qa: Viewer;
let admin: Viewer;
let board: Viewer;

const NOW = "2026-11-22T10:00:00.000Z";
const input = (overrides: Partial<ActionInput> = {}): ActionInput => ({
  standardCode: "S11-2",
  description: "Refresh the designated lead's training and write a job description",
  owner: "Priya Shah, Head of Safeguarding",
  dueOn: "2027-03-31",
  successMeasure: "Training certificate on file; job description signed",
  ...overrides,
});

function idOf(result: ActionChange): number {
  if (!result.ok) throw new Error(`Expected success, got ${result.status}: ${JSON.stringify(result)}`);
  return result.id;
}

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
  const agencyA = await makeAgencyWithPeople(db, { name: "Agency A", sector: "police" });
  const agencyB = await makeAgencyWithPeople(db, { name: "Agency B", sector: "health" });
  qa = await makeUser(db, "qa");
  admin = await makeUser(db, "admin");
  board = await makeUser(db, "board");
  const cycleId = await makeCycle(db, tool);
  a = { ...agencyA, agencyId: agencyA.agency.id, returnId: await returnIdOf(db, cycleId, agencyA.agency.id) };
  b = { ...agencyB, agencyId: agencyB.agency.id, returnId: await returnIdOf(db, cycleId, agencyB.agency.id) };
  await submitFullReturn(db, a.lead, tool, a.returnId, { choice: "mostly" });
  await submitFullReturn(db, b.lead, tool, b.returnId, { choice: "mostly" });
});

afterAll(async () => {
  await db.destroy();
});

describe("suggested standards", () => {
  it("suggests the standards whose effective rating is below the top band, following moderation", async () => {
    const before = await getActionPlan(db, a.lead, a.returnId);
    expect(before?.suggestions.map((standard) => standard.code)).toEqual(tool.definition.standards.map((standard) => standard.code));
    expect(before?.canWrite).toBe(true);

    const moderated = await recordModeration(db, qa, a.returnId, { standardCode: "S11-1", band: "fully", rationale: "Strong board minutes" });
    expect(moderated.ok).toBe(true);
    const after = await getActionPlan(db, a.lead, a.returnId);
    expect(after?.suggestions.map((standard) => standard.code)).not.toContain("S11-1");
    expect(after?.suggestions.find((standard) => standard.code === "S11-2")?.effectiveBand).not.toBe("fully");
  });

  it("gives another agency, and the board, no action plan for the return", async () => {
    expect(await getActionPlan(db, b.lead, a.returnId)).toBeNull();
    expect(await getActionPlan(db, board, a.returnId)).toBeNull();
    expect((await getActionPlan(db, qa, a.returnId))?.canWrite).toBe(false);
    expect((await getActionPlan(db, a.member, a.returnId))?.canWrite).toBe(false);
  });
});

describe("writing an action", () => {
  it("lets the agency lead write one for a suggested standard, open, on track and not yet agreed", async () => {
    const id = idOf(await createAction(db, a.lead, a.returnId, input(), NOW));
    const action = await getAction(db, a.lead, id, NOW);
    expect(action).toMatchObject({ standardCode: "S11-2", standardTitle: "Designated safeguarding lead", standardLabel: "S11-2 Designated safeguarding lead", status: "open", rag: "on_track", progress: "on_track", overdue: false, agreedAt: null, agencyName: "Agency A" });
    const audit = await listAudit(db, { entityType: "action", entityId: String(id) });
    expect(audit.map((entry) => entry.action)).toEqual(["action.create"]);
  });

  it("refuses a standard at the top band and a due date in the past, writing nothing", async () => {
    const count = async () => (await listActions(db, a.lead)).length;
    const before = await count();
    expect(await createAction(db, a.lead, a.returnId, input({ standardCode: "S11-1" }), NOW)).toEqual({ ok: false, status: 422, errors: { standardCode: "Select a standard rated below the top band" } });
    expect(await createAction(db, a.lead, a.returnId, input({ dueOn: "2026-11-21" }), NOW)).toEqual({ ok: false, status: 422, errors: { dueOn: "The due date must be today or in the future" } });
    expect((await createAction(db, a.lead, a.returnId, input({ dueOn: "2026-11-22" }), NOW)).ok).toBe(true);
    expect(await count()).toBe(before + 1);
  });

  it("refuses contributors, QA and other agencies (a guessed return id finds nothing)", async () => {
    expect(await createAction(db, a.member, a.returnId, input(), NOW)).toMatchObject({ ok: false, status: 409 });
    expect(await createAction(db, b.lead, a.returnId, input(), NOW)).toMatchObject({ ok: false, status: 404 });
    expect(await createAction(db, qa, a.returnId, input(), NOW)).toMatchObject({ ok: false, status: 404 });
  });
});

describe("who sees actions", () => {
  it("scopes lists and single actions to the agency; QA and admin see all; the board none", async () => {
    const bAction = idOf(await createAction(db, b.lead, b.returnId, input({ description: "B's own action" }), NOW));
    const aActions = await listActions(db, a.lead);
    expect(aActions.length).toBeGreaterThan(0);
    expect(new Set(aActions.map((action) => action.agencyId))).toEqual(new Set([a.agencyId]));
    expect((await listActions(db, b.member)).map((action) => action.id)).toEqual([bAction]);
    expect(await getAction(db, a.lead, bAction)).toBeNull();
    expect(await getAction(db, b.lead, aActions[0].id)).toBeNull();
    for (const viewer of [qa, admin]) expect(new Set((await listActions(db, viewer)).map((action) => action.agencyName))).toEqual(new Set(["Agency A", "Agency B"]));
    expect(await listActions(db, board)).toEqual([]);
    expect(await getAction(db, board, bAction)).toBeNull();
  });

  it("lists one return's actions when asked", async () => {
    const ofB = await listActions(db, qa, { returnId: b.returnId });
    expect(ofB.map((action) => action.description)).toEqual(["B's own action"]);
  });
});

describe("agreeing and progress", () => {
  let id = 0;
  beforeAll(async () => {
    id = idOf(await createAction(db, a.lead, a.returnId, input({ standardCode: "S11-6", dueOn: "2027-01-31" }), NOW));
  });

  it("lets QA agree an action once, recording who and when", async () => {
    expect(await agreeAction(db, a.lead, id)).toMatchObject({ ok: false, status: 409 });
    expect(await agreeAction(db, b.lead, id)).toEqual({ ok: false, status: 404, message: "Action not found" });
    expect((await agreeAction(db, qa, id)).ok).toBe(true);
    const action = await getAction(db, a.member, id);
    expect(action?.agreedBy).toBe(qa.name);
    expect(action?.agreedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await agreeAction(db, qa, id)).toEqual({ ok: false, status: 409, message: "This action has already been agreed" });
  });

  it("records progress by a contributor in the history, refusing an update without RAG or note", async () => {
    expect(await updateActionProgress(db, a.member, id, { status: "in_progress", rag: null, note: "", evidenceNote: "" })).toEqual({
      ok: false,
      status: 422,
      errors: { rag: "Select how the action is progressing", note: "Enter a note about progress" },
    });
    expect((await updateActionProgress(db, a.member, id, { status: "in_progress", rag: "at_risk", note: "Trainer off sick; rebooked", evidenceNote: "" })).ok).toBe(true);
    const action = await getAction(db, a.lead, id);
    expect(action).toMatchObject({ status: "in_progress", rag: "at_risk", progress: "at_risk" });
    expect(action?.updates).toEqual([expect.objectContaining({ by: a.member.name, status: "in_progress", rag: "at_risk", note: "Trainer off sick; rebooked" })]);
  });

  it("refuses updates from QA, other agencies and backwards moves", async () => {
    expect(await updateActionProgress(db, qa, id, { status: "in_progress", rag: "on_track", note: "n", evidenceNote: "" })).toMatchObject({ ok: false, status: 409 });
    expect(await updateActionProgress(db, b.lead, id, { status: "in_progress", rag: "on_track", note: "n", evidenceNote: "" })).toMatchObject({ ok: false, status: 404 });
    expect(await updateActionProgress(db, a.lead, id, { status: "open", rag: "on_track", note: "n", evidenceNote: "" })).toMatchObject({ ok: false, status: 422, errors: { status: "An action that is in progress cannot go back to open" } });
    expect((await getAction(db, a.lead, id))?.updates).toHaveLength(1);
  });

  it("marks an action done only with an evidence note, and then closes it to updates", async () => {
    expect(await updateActionProgress(db, a.lead, id, { status: "done", rag: null, note: "", evidenceNote: " " })).toEqual({ ok: false, status: 422, errors: { evidenceNote: "Enter the evidence that the action is done" } });
    expect((await updateActionProgress(db, a.lead, id, { status: "done", rag: null, note: "", evidenceNote: "Certificate dated 10 January 2027" })).ok).toBe(true);
    const action = await getAction(db, a.lead, id);
    expect(action).toMatchObject({ status: "done", progress: "done", evidenceNote: "Certificate dated 10 January 2027" });
    expect(action?.doneAt).not.toBeNull();
    expect(action?.updates.map((update) => [update.status, update.rag])).toEqual([
      ["done", null],
      ["in_progress", "at_risk"],
    ]);
    expect(await updateActionProgress(db, a.lead, id, { status: "done", rag: null, note: "", evidenceNote: "again" })).toEqual({ ok: false, status: 409, message: "This action is done and can no longer be updated" });
    const audit = await listAudit(db, { entityType: "action", entityId: String(id) });
    expect(audit.map((entry) => entry.action)).toEqual(["action.update", "action.update", "action.agree", "action.create"]);
    expect(audit[0].summary).toMatchObject({ before: { status: "in_progress", rag: "at_risk" }, after: { status: "done" } });
  });
});

describe("overdue", () => {
  it("flags an action overdue once its due date has passed and until it is done", async () => {
    const id = idOf(await createAction(db, a.lead, a.returnId, input({ standardCode: "S11-7", dueOn: "2026-12-01" }), NOW));
    const on = async (now: string) => (await getAction(db, a.lead, id, now))?.overdue;
    expect(await on("2026-12-01T12:00:00.000Z")).toBe(false);
    expect(await on("2026-12-02T00:30:00.000Z")).toBe(true);
    expect((await listActions(db, qa, { now: "2026-12-02T00:30:00.000Z" })).find((action) => action.id === id)?.overdue).toBe(true);
    await updateActionProgress(db, a.lead, id, { status: "done", rag: null, note: "", evidenceNote: "Done" });
    expect(await on("2026-12-02T00:30:00.000Z")).toBe(false);
  });
});

describe("re-rating after an action", () => {
  let done = 0;
  let live = 0;
  beforeAll(async () => {
    done = idOf(await createAction(db, a.lead, a.returnId, input({ standardCode: "S11-3" }), NOW));
    live = idOf(await createAction(db, a.lead, a.returnId, input({ standardCode: "S11-4" }), NOW));
    await recordModeration(db, qa, a.returnId, { standardCode: "S11-3", band: "partly", rationale: "Policies out of date" });
    await updateActionProgress(db, a.lead, done, { status: "done", rag: null, note: "", evidenceNote: "Policies reissued" });
  });

  it("refuses while the return is only submitted (moderation does that there)", async () => {
    expect(await rerateAfterAction(db, qa, done, { band: "fully", rationale: "Reissued" })).toMatchObject({ ok: false, status: 409 });
  });

  it("on a validated return, supersedes the moderated rating with one marked 'After action: ', audited", async () => {
    expect((await validateSubmittedReturn(db, qa, a.returnId)).ok).toBe(true);
    expect(await rerateAfterAction(db, qa, live, { band: "fully", rationale: "x" })).toMatchObject({ ok: false, status: 409 });
    expect(await rerateAfterAction(db, a.lead, done, { band: "fully", rationale: "x" })).toMatchObject({ ok: false, status: 409 });
    expect(await rerateAfterAction(db, qa, done, { band: "excellent", rationale: " " })).toEqual({ ok: false, status: 422, errors: { band: "Select the new moderated rating", rationale: "Enter the reason for the new rating" } });

    expect((await rerateAfterAction(db, qa, done, { band: "fully", rationale: "Policies reissued and audited" })).ok).toBe(true);
    const history = (await listModerations(db, qa, a.returnId))!.filter((entry) => entry.standardCode === "S11-3");
    expect(history.map((entry) => [entry.band, entry.rationale, entry.supersededAt === null])).toEqual([
      ["fully", "After action: Policies reissued and audited", true],
      ["partly", "Policies out of date", false],
    ]);
    expect((await getAction(db, a.lead, done))?.rating).toEqual({ computed: expect.any(String), moderated: "fully", effective: "fully" });
    const audit = await listAudit(db, { entityType: "return", entityId: String(a.returnId) });
    expect(audit[0]).toMatchObject({ action: "return.moderate", userId: qa.id, summary: { standard: "S11-3", before: { band: "partly" }, after: { band: "fully" }, afterAction: done } });
  });

  it("leaves nothing half-written when the re-rating is refused", async () => {
    const count = async () => (await db("moderations").where({ return_id: a.returnId }).count({ n: "*" }).first())?.n;
    const before = await count();
    await rerateAfterAction(db, qa, done, { band: "nonsense", rationale: "x" });
    expect(await count()).toBe(before);
  });
});
