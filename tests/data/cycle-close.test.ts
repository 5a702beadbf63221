import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCompletionReport } from "~/data/reports/completion.server";
import { closeCycle } from "~/data/cycles.server";
import type { Db } from "~/data/db.server";
import { submitReturn } from "~/data/return-edits.server";
import type { Viewer } from "~/domain/permissions";
import { SIGNOFF, answerReturn, createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, pageNames, returnIdOf, submitFullReturn } from "../support/factories";

/* Closing a cycle (DESIGN §6): editing stops, unsubmitted returns become missing in the completion report. */
let db: Db;
let admin: Viewer;
let qa: Viewer;
let cycleId: number;
let lateLead: Viewer;
let lateReturn: number;

beforeAll(async () => {
  db = await createTestDb();
  const tool = await importS11(db);
  admin = await makeUser(db, "admin");
  qa = await makeUser(db, "qa");
  const done = await makeAgencyWithPeople(db, { name: "Done agency", sector: "police" });
  const late = await makeAgencyWithPeople(db, { name: "Late agency", sector: "health" });
  lateLead = late.lead;
  cycleId = await makeCycle(db, tool);
  await submitFullReturn(db, done.lead, tool, await returnIdOf(db, cycleId, done.agency.id));
  lateReturn = await returnIdOf(db, cycleId, late.agency.id);
  await answerReturn(db, late.lead, tool, lateReturn, { pages: pageNames(tool) });
});
afterAll(() => db.destroy());

describe("closing a cycle", () => {
  it("is refused for anything but an open cycle, and records who closed it", async () => {
    await expect(closeCycle(db, admin.id, 999)).resolves.toMatchObject({ ok: false });
    await expect(closeCycle(db, admin.id, cycleId)).resolves.toMatchObject({ ok: true });
    await expect(closeCycle(db, admin.id, cycleId)).resolves.toEqual({ ok: false, message: "This cycle is already closed" });
    const audit = await db("audit_log").where({ action: "cycle.close", entity_id: String(cycleId) }).first();
    expect(JSON.parse(audit.summary)).toEqual({ missingReturns: 1 });
  });

  it("stops a complete but unsubmitted return being signed off", async () => {
    const result = await submitReturn(db, lateLead, lateReturn, SIGNOFF);
    expect(result).toMatchObject({ ok: false, status: 409 });
    expect((await db("returns").where({ id: lateReturn }).first()).status).toBe("in_progress");
  });

  it("counts the unsubmitted return as missing", async () => {
    const report = await getCompletionReport(db, qa, cycleId);
    expect(report!.partnership).toMatchObject({ assigned: 2, missing: 1, overdue: 0 });
    expect(report!.outstanding.map((row) => row.agency.name)).toEqual(["Late agency"]);
    await expect(getCompletionReport(db, lateLead, cycleId)).resolves.toBeNull();
  });
});
