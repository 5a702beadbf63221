import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreeAction, createAction } from "~/data/actions.server";
import { listAudit } from "~/data/audit.server";
import type { Db } from "~/data/db.server";
import { closeChallenge, raiseChallenge, recordModeration } from "~/data/moderation.server";
import { completePanel, createPanel, getFeedbackLetter, getPanel, listAgencyLetters, listPanelCandidates, listPanels, recordPanelAgency, type PanelChange } from "~/data/panels.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, returnIdOf, submitFullReturn } from "../support/factories";

/*
 * Challenge panels against a real migrated database. Agencies A and B have submitted; C has not.
 * QA moderates A's S11-1 down to "partly", raises and closes a challenge, and agrees one of A's two actions.
 */

let db: Db;
let tool: ToolRecord;
let cycleId: number;
let qa: Viewer;
let admin: Viewer;
let board: Viewer;
let a: Awaited<ReturnType<typeof makeAgencyWithPeople>>;
let b: Awaited<ReturnType<typeof makeAgencyWithPeople>>;
let c: Awaited<ReturnType<typeof makeAgencyWithPeople>>;
let panelId: number;

const idOf = (result: PanelChange) => {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.id;
};
const PANEL = { heldOn: "2027-03-03", startsAt: "14:30", location: "Room 2, County Hall" };
const PARTNERSHIP = "Testshire Safeguarding Children Partnership";

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
  qa = await makeUser(db, "qa");
  admin = await makeUser(db, "admin");
  board = await makeUser(db, "board");
  a = await makeAgencyWithPeople(db, { name: "Agency A", sector: "police" });
  b = await makeAgencyWithPeople(db, { name: "Agency B", sector: "health" });
  c = await makeAgencyWithPeople(db, { name: "Agency C", sector: "health" });
  cycleId = await makeCycle(db, tool, { agencyIds: [a.agency.id, b.agency.id, c.agency.id] });
  await submitFullReturn(db, a.lead, tool, await returnIdOf(db, cycleId, a.agency.id), { choice: "mostly", selfRating: "fully" });
  await submitFullReturn(db, b.lead, tool, await returnIdOf(db, cycleId, b.agency.id), { choice: "fully", selfRating: "fully" });
  const aReturn = await returnIdOf(db, cycleId, a.agency.id);
  expect(await recordModeration(db, qa, aReturn, { standardCode: "S11-1", band: "partly", rationale: "Board minutes do not show it" })).toEqual({ ok: true });
  expect(await raiseChallenge(db, qa, aReturn, { standardCode: "S11-1", question: "Where are the board minutes?" })).toEqual({ ok: true });
  const challenge = await db("challenges").where({ return_id: aReturn }).first("id");
  expect(await closeChallenge(db, qa, challenge.id, { outcome: "rating_revised", note: "Lowered to partly met" })).toEqual({ ok: true });
  const agreed = await createAction(db, a.lead, aReturn, { standardCode: "S11-1", description: "Put safeguarding on every board agenda", owner: "Chief constable's office", dueOn: "2099-06-30", successMeasure: "Minutes" });
  await createAction(db, a.lead, aReturn, { standardCode: "S11-2", description: "Not agreed yet", owner: "HR", dueOn: "2099-06-30", successMeasure: "Records" });
  if (!agreed.ok) throw new Error("action");
  expect((await agreeAction(db, qa, agreed.id)).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await db.destroy();
});

describe("scheduling a panel", () => {
  it("offers the cycle's agencies whose returns are submitted", async () => {
    expect((await listPanelCandidates(db, qa, cycleId)).map((candidate) => candidate.agencyName)).toEqual(["Agency A", "Agency B"]);
    expect(await listPanelCandidates(db, a.lead, cycleId)).toEqual([]);
  });

  it("refuses an agency whose return is not submitted, and anyone but QA, writing nothing", async () => {
    expect(await createPanel(db, qa, cycleId, { ...PANEL, agencyIds: [a.agency.id, c.agency.id] })).toEqual({ ok: false, status: 422, errors: { agencyIds: "Select agencies whose returns have been submitted in this cycle" } });
    expect((await createPanel(db, admin, cycleId, { ...PANEL, agencyIds: [a.agency.id] })).ok).toBe(false);
    expect((await createPanel(db, qa, 9999, { ...PANEL, agencyIds: [a.agency.id] })).ok).toBe(false);
    expect(Number((await db("panels").count({ n: "*" }).first())?.n)).toBe(0);
  });

  it("schedules a panel for the chosen agencies, with its audit entry", async () => {
    panelId = idOf(await createPanel(db, qa, cycleId, { ...PANEL, agencyIds: [b.agency.id, a.agency.id] }));
    const panel = await getPanel(db, admin, panelId);
    expect(panel).toMatchObject({ ...PANEL, status: "scheduled", agencyCount: 2, cycleId });
    expect(panel!.agencies.map((agency) => [agency.agencyName, agency.attended])).toEqual([["Agency A", null], ["Agency B", null]]);
    expect((await listPanels(db, admin)).map((entry) => entry.id)).toEqual([panelId]);
    expect(await listPanels(db, a.lead)).toEqual([]);
    expect(await getPanel(db, board, panelId)).toBeNull();
    expect((await listAudit(db, { entityType: "panel", entityId: String(panelId) })).map((entry) => entry.action)).toContain("panel.create");
  });
});

describe("recording and completing a panel", () => {
  it("records attendance, notes and outcome per agency, only by QA and only for agencies on the panel", async () => {
    const record = { attended: "yes" as const, attendees: "DCI Amy Lee", notes: "Open discussion", outcome: "Ratings agreed as moderated" };
    expect(await recordPanelAgency(db, qa, panelId, a.agency.id, record)).toEqual({ ok: true, id: panelId });
    expect((await recordPanelAgency(db, qa, panelId, c.agency.id, record)).ok).toBe(false);
    expect((await recordPanelAgency(db, admin, panelId, b.agency.id, record)).ok).toBe(false);
    expect((await recordPanelAgency(db, a.lead, panelId, a.agency.id, record)).ok).toBe(false);
    const panel = await getPanel(db, qa, panelId);
    expect(panel!.agencies[0]).toMatchObject({ agencyName: "Agency A", attended: true, attendees: "DCI Amy Lee", notes: "Open discussion", outcome: "Ratings agreed as moderated" });
  });

  it("will not complete the panel until every agency's attendance is recorded", async () => {
    expect(await completePanel(db, qa, panelId)).toEqual({ ok: false, status: 409, message: "Record whether Agency B attended before marking the panel complete" });
    expect(await recordPanelAgency(db, qa, panelId, b.agency.id, { attended: "no", attendees: "ignored", notes: "", outcome: "" })).toEqual({ ok: true, id: panelId });
    expect((await getPanel(db, qa, panelId))!.agencies[1]).toMatchObject({ attended: false, attendees: null, notes: null });
  });

  it("keeps the letter from the agency until the panel is complete, then shows it its own only", async () => {
    expect(await getFeedbackLetter(db, a.lead, panelId, a.agency.id, PARTNERSHIP)).toBeNull();
    expect((await getFeedbackLetter(db, qa, panelId, a.agency.id, PARTNERSHIP))!.letter.isFinal).toBe(false);
    expect(await completePanel(db, qa, panelId)).toEqual({ ok: true, id: panelId });
    expect((await completePanel(db, qa, panelId)).ok).toBe(false);
    expect((await getFeedbackLetter(db, a.member, panelId, a.agency.id, PARTNERSHIP))!.letter.isFinal).toBe(true);
    expect(await getFeedbackLetter(db, b.lead, panelId, a.agency.id, PARTNERSHIP)).toBeNull();
    expect(await getFeedbackLetter(db, c.lead, panelId, c.agency.id, PARTNERSHIP)).toBeNull();
    expect(await getFeedbackLetter(db, board, panelId, a.agency.id, PARTNERSHIP)).toBeNull();
    expect((await listAgencyLetters(db, a.lead)).map((entry) => entry.id)).toEqual([panelId]);
    expect(await listAgencyLetters(db, c.lead)).toEqual([]);
    expect((await recordPanelAgency(db, qa, panelId, a.agency.id, { attended: "no", attendees: "", notes: "", outcome: "" })).ok).toBe(false);
    expect((await listAudit(db, { entityType: "panel", entityId: String(panelId) })).map((entry) => entry.action).sort()).toEqual(["panel.complete", "panel.create", "panel.record", "panel.record"].sort());
  });

  it("writes the moderated rating, the closed challenge and only the agreed action into the letter", async () => {
    const { letter } = (await getFeedbackLetter(db, a.lead, panelId, a.agency.id, PARTNERSHIP))!;
    expect(letter.standards[0]).toMatchObject({ code: "S11-1", computedBand: "Mostly met", selfRating: "Fully met", moderatedRating: "Partially met", rationale: "Board minutes do not show it", effectiveRating: "Partially met" });
    expect(letter.standards[1]).toMatchObject({ code: "S11-2", moderatedRating: "Not moderated", effectiveRating: "Mostly met" });
    expect(letter.optimismGapSentence).toBe("12 standards were self-rated above the effective rating (the optimism gap).");
    expect(letter.challenges).toEqual([{ standard: expect.stringMatching(/^S11-1 /), question: "Where are the board minutes?", answer: "Not answered", outcome: "Rating revised: Lowered to partly met" }]);
    expect(letter.actions.map((action) => [action.description, action.owner, action.due])).toEqual([["Put safeguarding on every board agenda", "Chief constable's office", "30 June 2099"]]);
    expect(letter.actionsAwaitingAgreement).toBe(1);
    expect(letter.attendance).toBe("Attended: DCI Amy Lee");
    expect(letter.from).toBe(`${PARTNERSHIP}, quality assurance subgroup`);
  });
});
