import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAgency, listAgencies, type Agency } from "~/data/agencies.server";
import { getCycle, listCycles } from "~/data/cycles.server";
import type { Db } from "~/data/db.server";
import { getReturn, listAgencyReturns, listCycleReturns } from "~/data/returns.server";
import { storeScore } from "~/data/return-edits.server";
import { getToolForViewer, importTool, listToolsForViewer, type ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { scoreAnswers } from "~/domain/score-answers";
import { newVersionOf,
  answerReturn,
  answersFor,
  createTestDb,
  importS11,
  S11_FILE,
  makeAgencyWithPeople,
  makeCycle,
  makeUser,
  pageNames,
  returnIdOf,
  submitFullReturn,
} from "../support/factories";

/*
 * DESIGN §7: drafts are private to their agency until submitted; a guessed id from another agency
 * finds nothing. Three agencies in one open cycle: A has submitted, B is in progress (with a
 * provisional score stored, so hiding it is a real check), C has not started.
 */

let db: Db;
let tool: ToolRecord;
let cycleId: number;
let a: { agency: Agency; lead: Viewer; member: Viewer };
let b: { agency: Agency; lead: Viewer; member: Viewer };
let c: { agency: Agency; lead: Viewer; member: Viewer };
let admin: Viewer;
let qa: Viewer;
let board: Viewer;
const ids = { a: 0, b: 0, c: 0 };

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
  a = await makeAgencyWithPeople(db, { name: "Agency A (police)", sector: "police" });
  b = await makeAgencyWithPeople(db, { name: "Agency B (health)", sector: "health" });
  c = await makeAgencyWithPeople(db, { name: "Agency C (housing)", sector: "housing" });
  admin = await makeUser(db, "admin");
  qa = await makeUser(db, "qa");
  board = await makeUser(db, "board");
  cycleId = await makeCycle(db, tool, { all: true });
  ids.a = await returnIdOf(db, cycleId, a.agency.id);
  ids.b = await returnIdOf(db, cycleId, b.agency.id);
  ids.c = await returnIdOf(db, cycleId, c.agency.id);
  await submitFullReturn(db, a.lead, tool, ids.a, { choice: "fully" });
  const bPages = pageNames(tool).slice(0, 3);
  await answerReturn(db, b.member, tool, ids.b, { pages: bPages });
  await storeScore(db, ids.b, scoreAnswers(tool.definition, answersFor(tool, { pages: bPages })));
});

afterAll(async () => {
  await db.destroy();
});

describe("agency roles", () => {
  it("gives an agency lead null for another agency's return id", async () => {
    expect(await getReturn(db, a.lead, ids.b)).toBeNull();
    expect(await getReturn(db, b.lead, ids.a)).toBeNull();
    expect(await getReturn(db, c.member, ids.a)).toBeNull();
  });

  it("lets an agency read its own return, draft or submitted", async () => {
    expect((await getReturn(db, a.lead, ids.a))?.status).toBe("submitted");
    const draft = await getReturn(db, b.member, ids.b);
    expect(draft?.status).toBe("in_progress");
    expect(Object.keys(draft!.answers).length).toBeGreaterThan(0);
  });

  it("lists only the agency's own returns in a cycle and across cycles", async () => {
    for (const { agency, lead } of [a, b, c]) {
      const inCycle = await listCycleReturns(db, lead, cycleId);
      expect(inCycle.map((row) => row.agencyId)).toEqual([agency.id]);
      const own = await listAgencyReturns(db, lead);
      expect(own.map((row) => row.agencyId)).toEqual([agency.id]);
    }
  });

  it("shows an agency only its own agency record", async () => {
    expect((await listAgencies(db, a.member)).map((agency) => agency.id)).toEqual([a.agency.id]);
    expect(await getAgency(db, a.lead, a.agency.id)).toMatchObject({ id: a.agency.id, name: "Agency A (police)" });
    expect(await getAgency(db, a.lead, b.agency.id)).toBeNull();
    expect(await getAgency(db, b.member, c.agency.id)).toBeNull();
  });
});

describe("board members", () => {
  it("see no returns, agencies or cycles", async () => {
    expect(await listCycleReturns(db, board, cycleId)).toEqual([]);
    expect(await listAgencyReturns(db, board)).toEqual([]);
    expect(await getReturn(db, board, ids.a)).toBeNull();
    expect(await listAgencies(db, board)).toEqual([]);
    expect(await getAgency(db, board, a.agency.id)).toBeNull();
    expect(await listCycles(db, board)).toEqual([]);
    expect(await getCycle(db, board, cycleId)).toBeNull();
  });
});

describe.each([
  ["admin", () => admin],
  ["QA", () => qa],
])("%s", (_label, viewerOf) => {
  it("lists every return of the cycle with its status", async () => {
    const rows = await listCycleReturns(db, viewerOf(), cycleId);
    expect(rows.map((row) => [row.agencyId, row.status])).toEqual([
      [a.agency.id, "submitted"],
      [b.agency.id, "in_progress"],
      [c.agency.id, "not_started"],
    ]);
  });

  it("cannot read a draft return but can read a submitted one", async () => {
    expect(await getReturn(db, viewerOf(), ids.b)).toBeNull();
    expect(await getReturn(db, viewerOf(), ids.c)).toBeNull();
    const submitted = await getReturn(db, viewerOf(), ids.a);
    expect(submitted?.status).toBe("submitted");
    expect(submitted?.score?.overallPercent).toBe(100);
  });

  it("sees the score of a submitted return in the list but not the stored score of a draft", async () => {
    // The draft really has a current score row: hiding it is the data layer's doing, not an absence.
    expect(await db("scores").where({ return_id: ids.b }).whereNotNull("overall_percent").first()).toBeDefined();
    const rows = await listCycleReturns(db, viewerOf(), cycleId);
    const byAgency = new Map(rows.map((row) => [row.agencyId, row]));
    expect(byAgency.get(a.agency.id)).toMatchObject({ overallPercent: 100, overallBand: "fully" });
    expect(byAgency.get(b.agency.id)).toMatchObject({ overallPercent: null, overallBand: null });
    expect(byAgency.get(c.agency.id)).toMatchObject({ overallPercent: null, overallBand: null });
  });

  it("sees every agency", async () => {
    expect((await listAgencies(db, viewerOf())).map((agency) => agency.id).sort()).toEqual([a.agency.id, b.agency.id, c.agency.id].sort());
    expect(await getAgency(db, viewerOf(), b.agency.id)).toMatchObject({ id: b.agency.id });
  });
});

describe("tools (DESIGN §7: agencies read the tools of their own cycles)", () => {
  let other: ToolRecord;
  beforeAll(async () => {
    // A second tool, in a cycle only agency C takes part in.
    const imported = await importTool(db, null, { ...newVersionOf(S11_FILE), code: "s11-other", title: "Another tool" });
    if (!imported.ok) throw new Error(imported.errors.join("; "));
    other = imported.tool;
    await makeCycle(db, other, { agencyIds: [c.agency.id] });
  });

  it("lists and gives an agency only the tools of the cycles it has a return in", async () => {
    expect((await listToolsForViewer(db, a.lead)).map((t) => t.id)).toEqual([tool.id]);
    expect((await listToolsForViewer(db, c.member)).map((t) => t.id).sort()).toEqual([tool.id, other.id].sort());
    expect(await getToolForViewer(db, a.member, other.id)).toBeNull();
    expect((await getToolForViewer(db, c.lead, other.id))?.id).toBe(other.id);
  });

  it("gives admin and QA every tool and the board none", async () => {
    expect((await listToolsForViewer(db, admin)).map((t) => t.id).sort()).toEqual([tool.id, other.id].sort());
    expect((await listToolsForViewer(db, qa)).length).toBe(2);
    expect(await listToolsForViewer(db, board)).toEqual([]);
    expect(await getToolForViewer(db, board, tool.id)).toBeNull();
  });
});
