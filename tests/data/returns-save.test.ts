import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agency } from "~/data/agencies.server";
import type { Db } from "~/data/db.server";
import { getReturn, saveReturnPage } from "~/data/returns.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { answersFor, createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, returnIdOf, submitFullReturn } from "../support/factories";

/* DESIGN §6: answers autosave page by page; the first save starts the return; submitted returns are locked. */

let db: Db;
let tool: ToolRecord;
let cycleId: number;
let own: { agency: Agency; lead: Viewer; member: Viewer };
let other: { agency: Agency; lead: Viewer; member: Viewer };
let admin: Viewer;

const PAGE_1 = "S11-1";
const PAGE_2 = "S11-2";

async function rowOf(returnId: number) {
  return db("returns").where({ id: returnId }).first();
}

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
  own = await makeAgencyWithPeople(db);
  other = await makeAgencyWithPeople(db);
  admin = await makeUser(db, "admin");
  cycleId = await makeCycle(db, tool, { all: true });
});

afterAll(async () => {
  await db.destroy();
});

describe("saveReturnPage", () => {
  it("moves a not-started return to in progress and bumps the revision on every save", async () => {
    const { agency, member } = await makeAgencyWithPeople(db);
    const id = await returnIdOf(db, await makeCycle(db, tool, { agencyIds: [agency.id] }), agency.id);
    expect(await rowOf(id)).toMatchObject({ status: "not_started", revision: 0, started_at: null });

    expect(await saveReturnPage(db, member, id, PAGE_1, { s11_1_q1: "fully" })).toEqual({ ok: true, revision: 1 });
    const first = await rowOf(id);
    expect(first).toMatchObject({ status: "in_progress", revision: 1, updated_by: member.id });
    expect(first.started_at).toEqual(expect.any(String));

    expect(await saveReturnPage(db, member, id, PAGE_1, { s11_1_q1: "mostly" })).toEqual({ ok: true, revision: 2 });
    expect(await rowOf(id)).toMatchObject({ status: "in_progress", revision: 2, started_at: first.started_at });
  });

  it("changes only the saved page's answers and leaves other pages' answers untouched", async () => {
    const id = await returnIdOf(db, cycleId, own.agency.id);
    const page1 = answersFor(tool, { pages: [PAGE_1], choice: "partly" });
    const page2 = answersFor(tool, { pages: [PAGE_2], choice: "fully" });
    await saveReturnPage(db, own.lead, id, PAGE_1, page1);
    await saveReturnPage(db, own.member, id, PAGE_2, page2);
    expect((await getReturn(db, own.lead, id))!.answers).toEqual({ ...page1, ...page2 });

    // Re-saving page 2 with one answer cleared (undefined, as a cleared form field reads) keeps page 1 whole.
    await saveReturnPage(db, own.member, id, PAGE_2, { ...page2, s11_2_q4: undefined });
    const { s11_2_q4: _cleared, ...page2Rest } = page2;
    expect((await getReturn(db, own.lead, id))!.answers).toEqual({ ...page1, ...page2Rest });
  });

  it("refuses a page save that names a question of another page, or no question at all, and changes nothing", async () => {
    const { agency, member } = await makeAgencyWithPeople(db);
    const id = await returnIdOf(db, await makeCycle(db, tool, { agencyIds: [agency.id] }), agency.id);
    await saveReturnPage(db, member, id, PAGE_1, { s11_1_q1: "fully" });
    const before = await rowOf(id);
    expect(await saveReturnPage(db, member, id, PAGE_2, { s11_2_q1: "mostly", s11_1_q1: "not" })).toEqual({ ok: false, status: 400, message: "“s11_1_q1” is not a question on this page" });
    expect(await saveReturnPage(db, member, id, PAGE_2, { not_a_question: "x" })).toEqual({ ok: false, status: 400, message: "“not_a_question” is not a question on this page" });
    expect(await saveReturnPage(db, member, id, "no-such-page", { s11_1_q1: "not" })).toEqual({ ok: false, status: 404, message: "Page not found" });
    expect(await rowOf(id)).toEqual(before);
  });

  it("clears the not-applicable reason when the answer it explains stops being not applicable", async () => {
    const { agency, member } = await makeAgencyWithPeople(db);
    const id = await returnIdOf(db, await makeCycle(db, tool, { agencyIds: [agency.id] }), agency.id);
    await saveReturnPage(db, member, id, PAGE_1, { s11_1_q2: "na", s11_1_q2_na: "We do not commission this service." });
    expect((await getReturn(db, member, id))!.answers).toEqual({ s11_1_q2: "na", s11_1_q2_na: "We do not commission this service." });

    // The reason is hidden once the answer is no longer "na", so it must not be kept (or scored, or reported).
    await saveReturnPage(db, member, id, PAGE_1, { s11_1_q2: "mostly" });
    expect((await getReturn(db, member, id))!.answers).toEqual({ s11_1_q2: "mostly" });
  });

  it("refuses another agency's return as not found and changes nothing", async () => {
    const id = await returnIdOf(db, cycleId, other.agency.id);
    const before = await rowOf(id);
    for (const viewer of [own.lead, own.member, admin]) {
      expect(await saveReturnPage(db, viewer, id, PAGE_1, { s11_1_q1: "not" })).toEqual({ ok: false, status: 404, message: "Return not found" });
    }
    expect(await rowOf(id)).toEqual(before);
  });

  it("refuses a submitted return as a conflict and changes nothing", async () => {
    const { agency, lead, member } = await makeAgencyWithPeople(db);
    const id = await returnIdOf(db, await makeCycle(db, tool, { agencyIds: [agency.id] }), agency.id);
    await submitFullReturn(db, lead, tool, id);
    const before = await rowOf(id);
    for (const viewer of [lead, member]) {
      const result = await saveReturnPage(db, viewer, id, PAGE_1, { s11_1_q1: "not" });
      expect(result).toMatchObject({ ok: false, status: 409 });
      expect(!result.ok && result.message).toMatch(/submitted/);
    }
    expect(await rowOf(id)).toEqual(before);
  });

  it("writes an audit log entry naming the user, the page and the questions changed", async () => {
    const { agency, member } = await makeAgencyWithPeople(db);
    const id = await returnIdOf(db, await makeCycle(db, tool, { agencyIds: [agency.id] }), agency.id);
    await saveReturnPage(db, member, id, PAGE_1, { s11_1_q1: "fully", s11_1_q2: "partly" });
    const entries = await db("audit_log").where({ action: "return.save", entity_type: "return", entity_id: String(id) });
    expect(entries).toHaveLength(1);
    expect(entries[0].user_id).toBe(member.id);
    expect(JSON.parse(entries[0].summary)).toEqual({ page: PAGE_1, changed: ["s11_1_q1", "s11_1_q2"] });
  });
});
