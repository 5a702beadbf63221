import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listReturnHistory } from "~/data/audit.server";
import type { Db } from "~/data/db.server";
import { extendDueDate } from "~/data/due-dates.server";
import { addEvidence } from "~/data/evidence.server";
import { returnForChanges } from "~/data/moderation.server";
import { saveReturnPage, submitReturn } from "~/data/return-edits.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { PDF } from "../support/evidence-samples";
import { SIGNOFF, answersFor, createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, pageNames, returnIdOf, submitFullReturn } from "../support/factories";

/*
 * DESIGN §7: drafts are private to their agency until submitted, in every view, the history included.
 * The partnership's own entries (due dates, reminders, moderation, challenges, decisions) always show;
 * the agency's work on answers and evidence shows once a submission has followed it.
 */

let db: Db;
let s11: ToolRecord;
let lead: Viewer;
let qa: Viewer;
let admin: Viewer;
let agencyId: number;

beforeAll(async () => {
  db = await createTestDb();
  s11 = await importS11(db);
  const people = await makeAgencyWithPeople(db);
  lead = people.lead;
  agencyId = people.agency.id;
  qa = await makeUser(db, "qa");
  admin = await makeUser(db, "admin");
});

afterAll(async () => {
  await db.destroy();
});

const pdf = (name: string) => ({ kind: "file" as const, name, size: PDF.length, bytes: PDF });
const actions = (entries: { action: string }[]) => entries.map((entry) => entry.action);

async function draftWork(returnId: number, tag: string) {
  const page = pageNames(s11)[0];
  const onPage = Object.fromEntries(Object.entries(answersFor(s11, { pages: [page] })).slice(0, 2));
  const saved = await saveReturnPage(db, lead, returnId, page, onPage);
  if (!saved.ok) throw new Error(saved.message);
  for (const input of [pdf(`${tag} draft policy.pdf`), { kind: "link" as const, url: `https://intranet.example.org/${tag}-draft` }]) {
    const added = await addEvidence(db, lead, returnId, { standardCode: "S11-1", questionName: null }, input);
    if (!added.ok) throw new Error(added.message);
  }
}

describe("a return's history", () => {
  it("shows partnership roles nothing of a draft never submitted but the partnership's own entries", async () => {
    const cycleId = await makeCycle(db, s11, { agencyIds: [agencyId] });
    const returnId = await returnIdOf(db, cycleId, agencyId);
    await draftWork(returnId, "never-submitted");
    expect(await extendDueDate(db, admin, returnId, { dueOn: "2099-06-30", reason: "Inspection" })).toEqual({ ok: true });
    for (const viewer of [qa, admin]) {
      const history = await listReturnHistory(db, viewer, returnId);
      expect(actions(history)).toEqual(["return.extend_due_date"]);
      expect(JSON.stringify(history)).not.toMatch(/never-submitted/);
    }
    // The agency itself sees all of its own work.
    expect(actions(await listReturnHistory(db, lead, returnId))).toEqual(["return.extend_due_date", "evidence.add", "evidence.add", "return.save"]);
  });

  it("shows partnership roles what was submitted, but not the changes made since it was sent back, until it is resubmitted", async () => {
    const cycleId = await makeCycle(db, s11, { agencyIds: [agencyId] });
    const returnId = await returnIdOf(db, cycleId, agencyId);
    await draftWork(returnId, "first");
    await submitFullReturn(db, lead, s11, returnId);
    expect((await returnForChanges(db, qa, returnId, "Add the training records")).ok).toBe(true);
    await draftWork(returnId, "second");

    const whileReturned = await listReturnHistory(db, qa, returnId);
    expect(actions(whileReturned).slice(0, 2)).toEqual(["return.return_for_changes", "return.submit"]);
    expect(JSON.stringify(whileReturned)).toContain("first draft policy.pdf");
    expect(JSON.stringify(whileReturned)).not.toMatch(/second/);
    expect(actions(await listReturnHistory(db, lead, returnId)).slice(0, 4)).toEqual(["evidence.add", "evidence.add", "return.save", "return.return_for_changes"]);

    const resubmitted = await submitReturn(db, lead, returnId, SIGNOFF);
    expect(resubmitted.ok).toBe(true);
    const afterwards = await listReturnHistory(db, qa, returnId);
    expect(actions(afterwards).slice(0, 5)).toEqual(["return.submit", "evidence.add", "evidence.add", "return.save", "return.return_for_changes"]);
    expect(JSON.stringify(afterwards)).toContain("second draft policy.pdf");
  });

  it("finds nothing for another agency's return", async () => {
    const other = await makeAgencyWithPeople(db);
    const cycleId = await makeCycle(db, s11, { agencyIds: [agencyId] });
    const returnId = await returnIdOf(db, cycleId, agencyId);
    await draftWork(returnId, "private");
    expect(await listReturnHistory(db, other.lead, returnId)).toEqual([]);
  });
});
