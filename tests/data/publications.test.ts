import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { recordModeration } from "~/data/moderation.server";
import { getPublication, listPublications, publishBaseline } from "~/data/publications.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import type { BaselineReport } from "~/domain/reports/baseline";
import { createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, returnIdOf, submitFullReturn } from "../support/factories";

/* DESIGN §6 Publication: a published report is a frozen snapshot; later changes never alter it. */

let db: Db;
let tool: ToolRecord;
let cycleId: number;
let qa: Viewer;
let board: Viewer;
let admin: Viewer;
let lead: Viewer;
let returnId: number;

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
  const first = await makeAgencyWithPeople(db, { name: "Northshire Police", sector: "police" });
  const second = await makeAgencyWithPeople(db, { name: "Northshire Council", sector: "local_authority" });
  lead = first.lead;
  qa = await makeUser(db, "qa");
  board = await makeUser(db, "board");
  admin = await makeUser(db, "admin");
  cycleId = await makeCycle(db, tool);
  returnId = await returnIdOf(db, cycleId, first.agency.id);
  await submitFullReturn(db, first.lead, tool, returnId, { choice: "mostly" });
  await submitFullReturn(db, second.lead, tool, await returnIdOf(db, cycleId, second.agency.id), { choice: "fully" });
});
afterAll(() => db.destroy());

describe("publishing the baseline to the board", () => {
  it("refuses anyone but a QA member", async () => {
    await expect(publishBaseline(db, admin, cycleId, { anonymise: false })).resolves.toMatchObject({ ok: false, status: 403 });
    await expect(publishBaseline(db, lead, cycleId, { anonymise: false })).resolves.toMatchObject({ ok: false, status: 403 });
  });

  it("freezes the report: a later moderation changes the live report but not the publication", async () => {
    const published = await publishBaseline(db, qa, cycleId, { anonymise: false });
    if (!published.ok) throw new Error(published.message);
    const before = await getPublication(db, board, published.id);
    const policeRow = (before!.model as BaselineReport).agencies.find((row) => row.agency.name === "Northshire Police")!;
    // Every answer "Mostly met" (2 of 3 points): each standard is 66.67%, Mostly met.
    expect(policeRow.standards[0].effectiveBand).toBe("mostly");

    const moderated = await recordModeration(db, qa, returnId, { standardCode: policeRow.standards[0].code, band: "not", rationale: "No evidence seen" });
    expect(moderated.ok).toBe(true);
    const after = await getPublication(db, board, published.id);
    expect(after!.model).toEqual(before!.model);
  });

  it("supersedes the previous publication and keeps both listed", async () => {
    const second = await publishBaseline(db, qa, cycleId, { anonymise: true });
    if (!second.ok) throw new Error(second.message);
    const list = await listPublications(db, board);
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ id: second.id, anonymised: true, supersededBy: null });
    expect(list[1].supersededBy).toBe(second.id);
    const anonymised = await getPublication(db, board, second.id);
    expect(JSON.stringify(anonymised!.model)).not.toContain("Northshire Police");
    // The new snapshot carries the moderation made after the first one.
    expect((anonymised!.model as BaselineReport).agencies.some((row) => row.standards[0].effectiveBand === "not")).toBe(true);
  });

  it("shows agencies nothing: they use their own live view", async () => {
    await expect(listPublications(db, lead)).resolves.toEqual([]);
  });
});
