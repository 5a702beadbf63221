import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { saveReturnAnswers, saveReturnPage } from "~/data/return-edits.server";
import { importPastReturns } from "~/data/return-import.server";
import type { ToolRecord } from "~/data/tools.server";
import { createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, returnIdOf } from "../support/factories";

/* A spreadsheet saves answers on every page at once; past returns import as submitted and scored. */

let db: Db;
let tool: ToolRecord;

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
});
afterAll(() => db.destroy());

async function rowOf(id: number) {
  return db("returns").where({ id }).first();
}

describe("saveReturnAnswers", () => {
  it("saves answers on several pages in one write, drops hidden answers and records the upload", async () => {
    const { agency, member } = await makeAgencyWithPeople(db);
    const id = await returnIdOf(db, await makeCycle(db, tool, { agencyIds: [agency.id] }), agency.id);
    await saveReturnPage(db, member, id, "S11-1", { s11_1_q1: "na", s11_1_q1_na: "Small charity" });
    const result = await saveReturnAnswers(db, member, id, { s11_1_q1: "fully", s11_2_q1: "mostly" }, { s11_1_q1: "na", s11_1_q1_na: "Small charity" }, { fileName: "ours.xlsx" });
    expect(result).toEqual({ ok: true, revision: 2, changed: ["s11_1_q1", "s11_1_q1_na", "s11_2_q1"] });
    expect(JSON.parse((await rowOf(id)).answers)).toEqual({ s11_1_q1: "fully", s11_2_q1: "mostly" });
    const audit = await db("audit_log").where({ entity_type: "return", entity_id: String(id), action: "return.upload" }).first();
    expect(JSON.parse(audit.summary)).toEqual({ file: "ours.xlsx", changed: ["s11_1_q1", "s11_1_q1_na", "s11_2_q1"] });
  });

  it("refuses the whole file when someone changed an answer the file also changes, and writes nothing", async () => {
    const { agency, lead, member } = await makeAgencyWithPeople(db);
    const id = await returnIdOf(db, await makeCycle(db, tool, { agencyIds: [agency.id] }), agency.id);
    await saveReturnPage(db, lead, id, "S11-1", { s11_1_q2: "partly" });
    const before = await rowOf(id);
    // The file was downloaded when s11_1_q2 was unanswered; it answers it and another question.
    const result = await saveReturnAnswers(db, member, id, { s11_1_q2: "fully", s11_1_q3: "fully" }, {}, { fileName: "old.xlsx" });
    expect(result).toEqual({ ok: false, status: 409, conflicts: [{ name: "s11_1_q2", mine: "fully", theirs: "partly" }] });
    expect(await rowOf(id)).toEqual(before);
  });

  it("keeps a colleague's newer answer to a question the file leaves as it was", async () => {
    const { agency, lead, member } = await makeAgencyWithPeople(db);
    const id = await returnIdOf(db, await makeCycle(db, tool, { agencyIds: [agency.id] }), agency.id);
    await saveReturnPage(db, lead, id, "S11-1", { s11_1_q2: "partly" });
    await saveReturnPage(db, lead, id, "S11-1", { s11_1_q2: "mostly" });
    expect(await saveReturnAnswers(db, member, id, { s11_1_q2: "partly", s11_1_q3: "not" }, { s11_1_q2: "partly" }, { fileName: "f.xlsx" })).toMatchObject({ ok: true });
    expect(JSON.parse((await rowOf(id)).answers)).toEqual({ s11_1_q2: "mostly", s11_1_q3: "not" });
  });

  it("refuses another agency's return (404) and a submitted one (409)", async () => {
    const own = await makeAgencyWithPeople(db);
    const other = await makeAgencyWithPeople(db);
    const id = await returnIdOf(db, await makeCycle(db, tool, { agencyIds: [own.agency.id] }), own.agency.id);
    expect(await saveReturnAnswers(db, other.member, id, { s11_1_q1: "fully" }, {}, { fileName: "f.xlsx" })).toMatchObject({ ok: false, status: 404 });
    await db("returns").where({ id }).update({ status: "submitted" });
    expect(await saveReturnAnswers(db, own.member, id, { s11_1_q1: "fully" }, {}, { fileName: "f.xlsx" })).toMatchObject({ ok: false, status: 409 });
  });
});

describe("importPastReturns", () => {
  it("stores every return as submitted, signed off as imported, dated the due date, with a current score", async () => {
    const { agency } = await makeAgencyWithPeople(db);
    const admin = await makeUser(db, "admin");
    const cycleId = await makeCycle(db, tool, { agencyIds: [agency.id] }, { dueOn: "2025-03-31" });
    const id = await returnIdOf(db, cycleId, agency.id);
    const result = await importPastReturns(db, admin.id, cycleId, [{ returnId: id, answers: { s11_1_q1: "fully", s11_1_q2: "not" } }], { fileName: "2025.csv", importedOn: "2026-11-22" });
    expect(result).toEqual({ ok: true, scored: [{ returnId: id, overallPercent: 50 }] });
    expect(await rowOf(id)).toMatchObject({ status: "submitted", submitted_at: "2025-03-31T12:00:00.000Z", signoff_name: "Imported", signoff_role: "Imported from 2025.csv", signoff_date: "2026-11-22" });
    const score = await db("scores").where({ return_id: id, is_current: true }).first();
    expect(score).toMatchObject({ overall_percent: 50, tool_version: "2026.1" });
    expect(await db("audit_log").where({ entity_id: String(id), action: "return.import" }).first()).toBeTruthy();
  });

  it("writes nothing when one return of the file has been started meanwhile", async () => {
    const first = await makeAgencyWithPeople(db);
    const second = await makeAgencyWithPeople(db);
    const cycleId = await makeCycle(db, tool, { agencyIds: [first.agency.id, second.agency.id] });
    const a = await returnIdOf(db, cycleId, first.agency.id);
    const b = await returnIdOf(db, cycleId, second.agency.id);
    await saveReturnPage(db, second.member, b, "S11-1", { s11_1_q1: "fully" });
    const result = await importPastReturns(db, null, cycleId, [{ returnId: a, answers: { s11_1_q1: "fully" } }, { returnId: b, answers: { s11_1_q1: "not" } }], { fileName: "x.csv", importedOn: "2026-11-22" });
    expect(result).toEqual({ ok: false, message: `Return ${b} has been started since the file was checked: nothing imported` });
    expect(await rowOf(a)).toMatchObject({ status: "not_started", answers: "{}" });
    expect(await db("scores").where({ return_id: a }).first()).toBeUndefined();
  });
});
