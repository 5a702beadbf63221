import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agency } from "~/data/agencies.server";
import { getCycle, openCycle } from "~/data/cycles.server";
import type { Db } from "~/data/db.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { createTestDb, importS11, makeAgency, makeCycle, makeUser } from "../support/factories";

/* DESIGN §6: opening a cycle creates one not-started return per chosen agency, in one transaction. */

let db: Db;
let tool: ToolRecord;
let admin: Viewer;
let police: Agency;
let hospital: Agency;
let school: Agency;
let charity: Agency;

async function returnsOf(cycleId: number) {
  return db("returns").where({ cycle_id: cycleId }).orderBy("agency_id").select("agency_id", "status", "revision");
}

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
  admin = await makeUser(db, "admin");
  police = await makeAgency(db, { sector: "police" });
  hospital = await makeAgency(db, { sector: "health" });
  school = await makeAgency(db, { sector: "education" });
  charity = await makeAgency(db, { sector: "voluntary" });
});

afterAll(async () => {
  await db.destroy();
});

describe("openCycle", () => {
  it("creates exactly one not-started return for every agency when all are selected", async () => {
    const cycleId = await makeCycle(db, tool, { all: true }, { open: false });
    expect(await openCycle(db, admin.id, cycleId)).toEqual({ ok: true, created: 4 });
    const rows = await returnsOf(cycleId);
    expect(rows.map((row) => row.agency_id)).toEqual([police.id, hospital.id, school.id, charity.id]);
    expect(rows.every((row) => row.status === "not_started" && row.revision === 0)).toBe(true);
    expect((await getCycle(db, admin, cycleId))?.status).toBe("open");
  });

  it("creates returns only for agencies of the selected sectors", async () => {
    const cycleId = await makeCycle(db, tool, { sectors: ["health", "education"] }, { open: false });
    expect(await openCycle(db, admin.id, cycleId)).toEqual({ ok: true, created: 2 });
    expect((await returnsOf(cycleId)).map((row) => [row.agency_id, row.status])).toEqual([
      [hospital.id, "not_started"],
      [school.id, "not_started"],
    ]);
  });

  it("creates returns only for the agencies chosen by id", async () => {
    const cycleId = await makeCycle(db, tool, { agencyIds: [charity.id, police.id] }, { open: false });
    expect(await openCycle(db, admin.id, cycleId)).toEqual({ ok: true, created: 2 });
    expect((await returnsOf(cycleId)).map((row) => [row.agency_id, row.status])).toEqual([
      [police.id, "not_started"],
      [charity.id, "not_started"],
    ]);
  });

  it("refuses to open a cycle twice and creates no more returns", async () => {
    const cycleId = await makeCycle(db, tool, { all: true });
    const before = await returnsOf(cycleId);
    expect(await openCycle(db, admin.id, cycleId)).toEqual({ ok: false, message: "This cycle is already open" });
    expect(await returnsOf(cycleId)).toEqual(before);
  });

  it("refuses to open a cycle no agency matches, leaving it a draft with no returns", async () => {
    const bySector = await makeCycle(db, tool, { sectors: ["faith"] }, { open: false });
    const byId = await makeCycle(db, tool, { agencyIds: [999_999] }, { open: false });
    for (const cycleId of [bySector, byId]) {
      const result = await openCycle(db, admin.id, cycleId);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toMatch(/No agency matches this cycle's selection/);
      expect(await returnsOf(cycleId)).toEqual([]);
      const cycle = await getCycle(db, admin, cycleId);
      expect(cycle).toMatchObject({ status: "draft", openedAt: null, returnCount: 0 });
      expect(await db("audit_log").where({ action: "cycle.open", entity_id: String(cycleId) })).toEqual([]);
    }
  });

  it("refuses to open a cycle that does not exist", async () => {
    expect(await openCycle(db, admin.id, 424_242)).toEqual({ ok: false, message: "There is no cycle 424242" });
  });

  it("records the opening in the audit log with the number of returns created", async () => {
    const cycleId = await makeCycle(db, tool, { sectors: ["police"] }, { open: false });
    await openCycle(db, admin.id, cycleId);
    const entry = await db("audit_log").where({ action: "cycle.open", entity_id: String(cycleId) }).first();
    expect(entry).toMatchObject({ user_id: admin.id, entity_type: "cycle" });
    expect(JSON.parse(entry.summary)).toEqual({ returnsCreated: 1 });
  });
});
