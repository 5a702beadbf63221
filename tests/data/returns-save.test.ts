import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agency } from "~/data/agencies.server";
import type { Db } from "~/data/db.server";
import { getReturn } from "~/data/returns.server";
import { saveReturnPage } from "~/data/return-edits.server";
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

    expect(await saveReturnPage(db, member, id, PAGE_1, { s11_1_q1: "fully" })).toEqual({ ok: true, revision: 1, savedAt: expect.any(String), conflicts: [], answers: { s11_1_q1: "fully" } });
    const first = await rowOf(id);
    expect(first).toMatchObject({ status: "in_progress", revision: 1, updated_by: member.id });
    expect(first.started_at).toEqual(expect.any(String));

    expect(await saveReturnPage(db, member, id, PAGE_1, { s11_1_q1: "mostly" })).toMatchObject({ ok: true, revision: 2 });
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
    expect(JSON.parse(entries[0].summary)).toEqual({ page: PAGE_1, changed: ["s11_1_q1", "s11_1_q2"], conflicts: [], baseRevision: null });
  });
});

/*
 * DESIGN §6: two people editing the same return never silently overwrite each other. The lead and a
 * contributor both open page S11-3; each save carries the answers the form was opened with (its base).
 */
describe("saveReturnPage with two people editing the same page", () => {
  const PAGE_3 = "S11-3";
  /** The whole page as a form posts it: every question, unanswered ones as undefined. */
  const blankPage = { s11_3_q1: undefined, s11_3_q1_na: undefined, s11_3_q2: undefined, s11_3_q2_na: undefined, s11_3_q3: undefined, s11_3_q3_na: undefined };

  async function freshReturn() {
    const people = await makeAgencyWithPeople(db);
    const id = await returnIdOf(db, await makeCycle(db, tool, { agencyIds: [people.agency.id] }), people.agency.id);
    return { ...people, id };
  }

  it("keeps a colleague's newer answer that a stale form still shows, and saves what this person changed", async () => {
    const { lead, member, id } = await freshReturn();
    const opened = { answers: {}, revision: 0 };
    await saveReturnPage(db, member, id, PAGE_3, { ...blankPage, s11_3_q1: "fully" }, opened);
    // The lead's form was opened before that save: q1 is still blank there, and she answers q2.
    const result = await saveReturnPage(db, lead, id, PAGE_3, { ...blankPage, s11_3_q2: "mostly" }, opened);
    expect(result).toEqual({ ok: true, revision: 2, savedAt: expect.any(String), conflicts: [], answers: { s11_3_q1: "fully", s11_3_q2: "mostly" } });
    expect((await getReturn(db, lead, id))!.answers).toEqual({ s11_3_q1: "fully", s11_3_q2: "mostly" });
  });

  it("reports a question both changed differently as a conflict, keeps the first answer and still saves the rest", async () => {
    const { lead, member, id } = await freshReturn();
    await saveReturnPage(db, lead, id, PAGE_3, { ...blankPage, s11_3_q3: "partly" });
    const opened = { answers: { s11_3_q3: "partly" }, revision: 1 };

    await saveReturnPage(db, member, id, PAGE_3, { ...blankPage, s11_3_q3: "mostly" }, opened);
    const result = await saveReturnPage(db, lead, id, PAGE_3, { ...blankPage, s11_3_q1: "not", s11_3_q3: "fully" }, opened);
    expect(result).toEqual({
      ok: true,
      revision: 3,
      savedAt: expect.any(String),
      conflicts: [{ name: "s11_3_q3", mine: "fully", theirs: "mostly" }],
      answers: { s11_3_q1: "not", s11_3_q3: "mostly" },
    });
    expect((await getReturn(db, lead, id))!.answers).toEqual({ s11_3_q1: "not", s11_3_q3: "mostly" });

    // The audit log keeps the answer that was not saved, beside the one that was.
    const entries = await db("audit_log").where({ action: "return.save", entity_type: "return", entity_id: String(id) }).orderBy("id");
    expect(JSON.parse(entries[2].summary)).toEqual({
      page: PAGE_3,
      changed: ["s11_3_q1"],
      conflicts: [{ name: "s11_3_q3", mine: "fully", theirs: "mostly" }],
      baseRevision: 1,
    });

    // Told about the conflict, the lead chooses again from what is stored now: her answer is saved.
    const again = await saveReturnPage(db, lead, id, PAGE_3, { ...blankPage, s11_3_q1: "not", s11_3_q3: "fully" }, { answers: result.ok ? result.answers : {}, revision: 3 });
    expect(again).toMatchObject({ ok: true, revision: 4, conflicts: [] });
    expect((await getReturn(db, lead, id))!.answers).toEqual({ s11_3_q1: "not", s11_3_q3: "fully" });
  });

  it("lets a person clear an answer only they changed, but not one a colleague changed since", async () => {
    const { lead, member, id } = await freshReturn();
    await saveReturnPage(db, lead, id, PAGE_3, { ...blankPage, s11_3_q1: "fully", s11_3_q2: "fully" });
    const opened = { answers: { s11_3_q1: "fully", s11_3_q2: "fully" }, revision: 1 };
    await saveReturnPage(db, member, id, PAGE_3, { ...blankPage, s11_3_q1: "fully", s11_3_q2: "partly" }, opened);

    const result = await saveReturnPage(db, lead, id, PAGE_3, blankPage, opened);
    expect(result).toMatchObject({ ok: true, conflicts: [{ name: "s11_3_q2", mine: undefined, theirs: "partly" }] });
    expect((await getReturn(db, lead, id))!.answers).toEqual({ s11_3_q2: "partly" });
  });

  it("merges a not-applicable reason with its answer: a colleague's N/A and reason survive a stale save of another question", async () => {
    const { lead, member, id } = await freshReturn();
    const opened = { answers: {}, revision: 0 };
    await saveReturnPage(db, member, id, PAGE_3, { ...blankPage, s11_3_q1: "na", s11_3_q1_na: "We have no premises of our own." }, opened);
    await saveReturnPage(db, lead, id, PAGE_3, { ...blankPage, s11_3_q2: "fully" }, opened);
    expect((await getReturn(db, lead, id))!.answers).toEqual({ s11_3_q1: "na", s11_3_q1_na: "We have no premises of our own.", s11_3_q2: "fully" });
  });

  it("with an unknown base, answers blank questions but turns every different stored answer into a conflict", async () => {
    const { lead, member, id } = await freshReturn();
    await saveReturnPage(db, member, id, PAGE_3, { ...blankPage, s11_3_q1: "mostly", s11_3_q2: "mostly" });
    const result = await saveReturnPage(db, lead, id, PAGE_3, { ...blankPage, s11_3_q1: "mostly", s11_3_q2: "fully", s11_3_q3: "not" }, { answers: null, revision: null });
    expect(result).toMatchObject({ ok: true, conflicts: [{ name: "s11_3_q2", mine: "fully", theirs: "mostly" }] });
    expect((await getReturn(db, lead, id))!.answers).toEqual({ s11_3_q1: "mostly", s11_3_q2: "mostly", s11_3_q3: "not" });
  });

  it("merges two saves sent at the same moment from the same base, so neither is lost", async () => {
    const { lead, member, id } = await freshReturn();
    const opened = { answers: {}, revision: 0 };
    const results = await Promise.all([
      saveReturnPage(db, lead, id, PAGE_3, { ...blankPage, s11_3_q1: "fully" }, opened),
      saveReturnPage(db, member, id, PAGE_3, { ...blankPage, s11_3_q2: "partly" }, opened),
    ]);
    expect(results.map((result) => result.ok && result.conflicts)).toEqual([[], []]);
    expect((await getReturn(db, lead, id))!.answers).toEqual({ s11_3_q1: "fully", s11_3_q2: "partly" });
    expect((await rowOf(id)).revision).toBe(2);
  });

  it("still refuses another agency's return and a submitted one, whatever base is sent", async () => {
    const { lead, id } = await freshReturn();
    const stranger = await makeAgencyWithPeople(db);
    const base = { answers: {}, revision: 0 };
    expect(await saveReturnPage(db, stranger.lead, id, PAGE_3, { s11_3_q1: "not" }, base)).toEqual({ ok: false, status: 404, message: "Return not found" });
    await submitFullReturn(db, lead, tool, id);
    expect(await saveReturnPage(db, lead, id, PAGE_3, { s11_3_q1: "not" }, base)).toMatchObject({ ok: false, status: 409 });
  });
});
