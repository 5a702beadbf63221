import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { getPreviousReturn, getReturn } from "~/data/returns.server";
import { carryForwardReturn, saveReturnAnswers, saveReturnPage, submitReturn } from "~/data/return-edits.server";
import type { ToolRecord } from "~/data/tools.server";
import { SIGNOFF, createTestDb, importS11, makeAgencyWithPeople, makeCycle, pageNames, returnIdOf, submitFullReturn } from "../support/factories";

/* Carry forward: a new cycle's return starts from the agency's last signed-off return. */

let db: Db;
let s11: ToolRecord;

beforeAll(async () => {
  db = await createTestDb();
  s11 = await importS11(db);
});

afterAll(async () => {
  await db.destroy();
});

async function twoCycles() {
  const people = await makeAgencyWithPeople(db);
  const selection = { agencyIds: [people.agency.id] };
  const first = await makeCycle(db, s11, selection);
  const firstReturn = await returnIdOf(db, first, people.agency.id);
  const answers = await submitFullReturn(db, people.lead, s11, firstReturn, { choice: "partly", selfRating: "partly" });
  const second = await makeCycle(db, s11, selection);
  return { ...people, firstReturn, answers, secondReturn: await returnIdOf(db, second, people.agency.id) };
}

describe("carryForwardReturn", () => {
  it("copies last cycle's answers into a not-started return, each marked for review, and records it", async () => {
    const { lead, member, firstReturn, answers, secondReturn } = await twoCycles();
    expect(await getPreviousReturn(db, member, secondReturn)).toMatchObject({ id: firstReturn, toolVersion: "2026.1" });
    const result = await carryForwardReturn(db, member, secondReturn);
    expect(result).toEqual({ ok: true, carried: Object.keys(answers).length, dropped: 0 });
    const ret = (await getReturn(db, lead, secondReturn))!;
    expect(ret.status).toBe("in_progress");
    expect(ret.answers).toEqual(answers);
    expect(ret.carried.sort()).toEqual(Object.keys(answers).sort());
    const audit = await db("audit_log").where({ action: "return.carry_forward", entity_id: String(secondReturn) }).first();
    expect(JSON.parse(audit.summary)).toMatchObject({ from: { returnId: firstReturn }, carried: Object.keys(answers).length });
  });

  it("refuses a return already started, another agency's return, and an agency with no earlier return", async () => {
    const { lead, secondReturn, agency } = await twoCycles();
    const other = await makeAgencyWithPeople(db);
    expect(await carryForwardReturn(db, other.lead, secondReturn)).toMatchObject({ ok: false, status: 404 });
    expect(await getPreviousReturn(db, other.lead, secondReturn)).toBeNull();
    await saveReturnPage(db, lead, secondReturn, pageNames(s11)[0], { s11_1_q1: "fully" });
    expect(await carryForwardReturn(db, lead, secondReturn)).toMatchObject({ ok: false, status: 409, message: expect.stringContaining("already been started") });
    const fresh = await makeCycle(db, s11, { agencyIds: [other.agency.id] });
    expect(await carryForwardReturn(db, other.lead, await returnIdOf(db, fresh, other.agency.id))).toMatchObject({ ok: false, status: 409, message: "Your agency has no earlier return of this audit to start from" });
    expect(agency.id).not.toBe(other.agency.id);
  });

  it("clears a carried mark when its answer changes or its page is saved with a button, not on an autosave that leaves it alone", async () => {
    const { lead, secondReturn } = await twoCycles();
    await carryForwardReturn(db, lead, secondReturn);
    const [first, second] = pageNames(s11);
    const before = (await getReturn(db, lead, secondReturn))!;
    // An autosave changing one answer reviews that answer only.
    await saveReturnPage(db, lead, secondReturn, first, { s11_1_q1: "fully" }, undefined, { reviewsPage: false });
    let carried = (await getReturn(db, lead, secondReturn))!.carried;
    expect(carried).not.toContain("s11_1_q1");
    expect(carried.filter((name) => name.startsWith("s11_1_")).length).toBeGreaterThan(0);
    // A page save reviews the whole page.
    const onSecond = Object.fromEntries(Object.entries(before.answers).filter(([name]) => name.startsWith("s11_2_")));
    await saveReturnPage(db, lead, secondReturn, second, onSecond, undefined, { reviewsPage: true });
    carried = (await getReturn(db, lead, secondReturn))!.carried;
    expect(carried.some((name) => name.startsWith("s11_2_"))).toBe(false);
    expect(carried.some((name) => name.startsWith("s11_3_"))).toBe(true);
  });

  it("counts an answer a spreadsheet upload changes as reviewed, and only that one", async () => {
    const { lead, secondReturn } = await twoCycles();
    await carryForwardReturn(db, lead, secondReturn);
    const before = (await getReturn(db, lead, secondReturn))!;
    const uploaded = await saveReturnAnswers(db, lead, secondReturn, { ...before.answers, s11_1_q1: "fully" }, before.answers, { fileName: "return.xlsx" });
    expect(uploaded).toMatchObject({ ok: true, changed: ["s11_1_q1"] });
    const carried = (await getReturn(db, lead, secondReturn))!.carried;
    expect(carried).not.toContain("s11_1_q1");
    expect(carried).toHaveLength(before.carried.length - 1);
  });

  it("refuses sign-off while carried answers are unreviewed, and allows it once every page is saved", async () => {
    const { lead, secondReturn } = await twoCycles();
    await carryForwardReturn(db, lead, secondReturn);
    const refused = await submitReturn(db, lead, secondReturn, SIGNOFF);
    expect(refused).toMatchObject({ ok: false, status: 409, message: expect.stringContaining("carried from last cycle") });
    const ret = (await getReturn(db, lead, secondReturn))!;
    for (const page of pageNames(s11)) {
      const names = new Set(ret.tool.definition.survey.pages.find((candidate) => candidate.name === page)!.elements.map((element) => element.name));
      const onPage = Object.fromEntries(Object.entries(ret.answers).filter(([name]) => names.has(name)));
      const saved = await saveReturnPage(db, lead, secondReturn, page, onPage, undefined, { reviewsPage: true });
      expect(saved.ok).toBe(true);
    }
    expect((await getReturn(db, lead, secondReturn))!.carried).toEqual([]);
    expect(await submitReturn(db, lead, secondReturn, SIGNOFF)).toEqual({ ok: true });
  });
});
