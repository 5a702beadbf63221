import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAction } from "~/data/actions.server";
import { listCycleDashboard, type CycleDashboard } from "~/data/cycle-dashboard.server";
import { closeCycle, getCycle, type Cycle } from "~/data/cycles.server";
import type { Db } from "~/data/db.server";
import { currentModerations, raiseChallenge, recordModeration, returnForChanges } from "~/data/moderation.server";
import { getReturn } from "~/data/returns.server";
import type { ToolRecord } from "~/data/tools.server";
import { DEFAULT_DASHBOARD_QUERY, type DashboardQuery } from "~/domain/cycle-dashboard";
import { effectiveBand, optimismGap } from "~/domain/moderation";
import type { Viewer } from "~/domain/permissions";
import { answerReturn, createTestDb, importS11, makeAgency, makeAgencyWithPeople, makeCycle, makeUser, returnIdOf, submitFullReturn } from "../support/factories";

/*
 * The cycle dashboard against a real migrated database. Six agencies in one cycle (due 31 March 2099):
 *   Alpha (police)    submitted: every item "mostly", self-rated "fully" everywhere; QA moderates S11-1 up to
 *                     "fully", raises a challenge, and Alpha writes an action → gap 11, 1 moderated, 1 + 1 open
 *   Bravo (police)    submitted: every item "fully", self "fully" → gap 0
 *   Charlie (health)  submitted late (its submission time is moved past the due date): "partly", self "fully"
 *   Delta (health)    in progress (one page saved)
 *   Echo (education)  not started
 *   Foxtrot (health)  submitted, then returned for changes
 */

let db: Db;
let tool: ToolRecord;
let cycle: Cycle;
let qa: Viewer;
let admin: Viewer;
const ids: Record<string, number> = {};

const query = (overrides: Partial<DashboardQuery> = {}): DashboardQuery => ({ ...DEFAULT_DASHBOARD_QUERY, ...overrides });
const names = (dashboard: CycleDashboard | null) => dashboard!.rows.map((row) => row.agencyName);

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
  qa = await makeUser(db, "qa");
  admin = await makeUser(db, "admin");
  const people: Record<string, Awaited<ReturnType<typeof makeAgencyWithPeople>>> = {};
  for (const [name, sector] of [["Alpha", "police"], ["Bravo", "police"], ["Charlie", "health"], ["Delta", "health"], ["Echo", "education"], ["Foxtrot", "health"]] as const) {
    people[name] = await makeAgencyWithPeople(db, { name, sector });
  }
  const cycleId = await makeCycle(db, tool, { agencyIds: Object.values(people).map((entry) => entry.agency.id) });
  for (const name of Object.keys(people)) ids[name] = await returnIdOf(db, cycleId, people[name].agency.id);

  await submitFullReturn(db, people.Alpha.lead, tool, ids.Alpha, { choice: "mostly", selfRating: "fully" });
  await submitFullReturn(db, people.Bravo.lead, tool, ids.Bravo, { choice: "fully", selfRating: "fully" });
  await submitFullReturn(db, people.Charlie.lead, tool, ids.Charlie, { choice: "partly", selfRating: "fully" });
  // The clock cannot be turned back for a submission, so the stored time is moved past the due date.
  await db("returns").where({ id: ids.Charlie }).update({ submitted_at: "2099-04-01T08:00:00.000Z" });
  await answerReturn(db, people.Delta.lead, tool, ids.Delta, { pages: [tool.definition.survey.pages[0].name] });
  await submitFullReturn(db, people.Foxtrot.lead, tool, ids.Foxtrot, { choice: "fully", selfRating: "fully" });

  expect(await recordModeration(db, qa, ids.Alpha, { standardCode: "S11-1", band: "fully", rationale: "Strong evidence at panel" })).toEqual({ ok: true });
  expect(await raiseChallenge(db, qa, ids.Alpha, { standardCode: "S11-2", question: "Where is the training record?" })).toEqual({ ok: true });
  expect((await createAction(db, people.Alpha.lead, ids.Alpha, { standardCode: "S11-2", description: "Train", owner: "Jo", dueOn: "2099-01-01", successMeasure: "Done" })).ok).toBe(true);
  expect(await returnForChanges(db, qa, ids.Foxtrot, "Add evidence")).toEqual({ ok: true });
  cycle = (await getCycle(db, admin, cycleId))!;
}, 60_000);

afterAll(async () => {
  await db.destroy();
});

describe("listCycleDashboard", () => {
  it("lists every return by agency name with status, flags, scores and open scrutiny", async () => {
    const dashboard = await listCycleDashboard(db, qa, cycle, query());
    expect(names(dashboard)).toEqual(["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]);
    const alpha = dashboard!.rows[0];
    expect(alpha).toMatchObject({ status: "submitted", late: false, missing: false, moderated: 1, optimismGap: 11, openChallenges: 1, openActions: 1, overallBand: "mostly" });
    expect(alpha.overallPercent).toBeCloseTo(200 / 3, 6);
    expect(dashboard!.rows[2]).toMatchObject({ agencyName: "Charlie", late: true, optimismGap: 12, moderated: 0, openChallenges: 0 });
    // Drafts show their status, never their scores or figures.
    expect(dashboard!.rows[3]).toMatchObject({ agencyName: "Delta", status: "in_progress", overallPercent: null, optimismGap: null, moderated: null, openActions: null });
    expect(dashboard!.rows[5]).toMatchObject({ agencyName: "Foxtrot", status: "returned", optimismGap: 0 });
  });

  it("counts the optimism gap in SQL exactly as the domain's optimismGap does", async () => {
    const dashboard = await listCycleDashboard(db, admin, cycle, query());
    for (const row of dashboard!.rows.filter((entry) => entry.optimismGap !== null)) {
      const detail = (await getReturn(db, qa, row.returnId))!;
      const moderated = (await currentModerations(db, [row.returnId])).get(row.returnId) ?? {};
      const standards = detail.score!.standards.map((standard) => ({ selfRating: standard.selfRating, effectiveBand: effectiveBand(standard.band, moderated[standard.code] ?? null) }));
      expect(row.optimismGap, row.agencyName).toBe(optimismGap(tool.definition.bands, standards));
    }
  });

  it("counts the whole cycle by status above the filters, with late and missing", async () => {
    const dashboard = await listCycleDashboard(db, qa, cycle, query({ sectors: ["police"] }));
    expect(dashboard!.counts).toEqual({ all: 6, byStatus: { not_started: 1, in_progress: 1, submitted: 3, returned: 1, validated: 0 }, late: 1, missing: 0 });
  });

  it("filters by any of the ticked sectors and any of the ticked statuses", async () => {
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sectors: ["police"] })))).toEqual(["Alpha", "Bravo"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sectors: ["health", "education"] })))).toEqual(["Charlie", "Delta", "Echo", "Foxtrot"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ statuses: ["not_started", "returned"] })))).toEqual(["Echo", "Foxtrot"]);
    const both = await listCycleDashboard(db, qa, cycle, query({ sectors: ["health"], statuses: ["submitted"] }));
    expect(names(both)).toEqual(["Charlie"]);
    expect(both!.total).toBe(1);
  });

  it("filters late returns, and missing ones only once the cycle has closed", async () => {
    expect(names(await listCycleDashboard(db, qa, cycle, query({ flags: ["late"] })))).toEqual(["Charlie"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ flags: ["missing"] })))).toEqual([]);
  });

  it("judges lateness against each agency's own due date where it was extended", async () => {
    // Charlie's extension to 2 April 2099 makes its 1 April submission on time; Bravo's date moved into the
    // past (as if shortened) makes its submission today late. The rows, the filter and the counts agree.
    await db("returns").where({ id: ids.Charlie }).update({ due_on_override: "2099-04-02", due_on_override_reason: "Ofsted inspection" });
    await db("returns").where({ id: ids.Bravo }).update({ due_on_override: "2020-01-31", due_on_override_reason: "Test" });
    try {
      const dashboard = await listCycleDashboard(db, qa, cycle, query());
      expect(dashboard!.rows.find((row) => row.agencyName === "Charlie")).toMatchObject({ late: false, dueOn: "2099-04-02", extended: true });
      expect(dashboard!.rows.find((row) => row.agencyName === "Bravo")).toMatchObject({ late: true, dueOn: "2020-01-31", extended: true });
      expect(dashboard!.rows.find((row) => row.agencyName === "Alpha")).toMatchObject({ late: false, dueOn: cycle.dueOn, extended: false });
      expect(names(await listCycleDashboard(db, qa, cycle, query({ flags: ["late"] })))).toEqual(["Bravo"]);
      expect(dashboard!.counts.late).toBe(1);
    } finally {
      await db("returns").whereIn("id", [ids.Charlie, ids.Bravo]).update({ due_on_override: null, due_on_override_reason: null });
    }
  });

  it("sorts by any column either way, ties by agency name, scoreless returns last", async () => {
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sort: "overall", order: "desc" })))).toEqual(["Bravo", "Foxtrot", "Alpha", "Charlie", "Delta", "Echo"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sort: "overall", order: "asc" })))).toEqual(["Charlie", "Alpha", "Bravo", "Foxtrot", "Delta", "Echo"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sort: "status", order: "asc" })))).toEqual(["Echo", "Delta", "Alpha", "Bravo", "Charlie", "Foxtrot"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sort: "sector", order: "desc" })))).toEqual(["Alpha", "Bravo", "Charlie", "Delta", "Foxtrot", "Echo"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sort: "gap", order: "desc" }))).slice(0, 2)).toEqual(["Charlie", "Alpha"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sort: "challenges", order: "desc" }))).slice(0, 1)).toEqual(["Alpha"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sort: "actions", order: "desc" }))).slice(0, 1)).toEqual(["Alpha"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sort: "moderated", order: "desc" }))).slice(0, 1)).toEqual(["Alpha"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sort: "submitted", order: "desc" }))).slice(0, 1)).toEqual(["Charlie"]);
    expect(names(await listCycleDashboard(db, qa, cycle, query({ sort: "agency", order: "desc" })))).toEqual(["Foxtrot", "Echo", "Delta", "Charlie", "Bravo", "Alpha"]);
  });

  it("gives the dashboard to QA and the business office only", async () => {
    const { lead } = await makeAgencyWithPeople(db);
    expect(await listCycleDashboard(db, lead, cycle, query())).toBeNull();
    expect(await listCycleDashboard(db, await makeUser(db, "board"), cycle, query())).toBeNull();
  });
});

describe("listCycleDashboard at more than one page", () => {
  let big: Cycle;

  beforeAll(async () => {
    const agencies = [];
    for (let n = 1; n <= 73; n += 1) agencies.push(await makeAgency(db, { name: `Faith group ${String(n).padStart(3, "0")}`, sector: "faith" }));
    const id = await makeCycle(db, tool, { agencyIds: agencies.map((agency) => agency.id) }, { dueOn: "2026-03-31" });
    expect((await closeCycle(db, admin.id, id)).ok).toBe(true);
    big = (await getCycle(db, admin, id))!;
  }, 60_000);

  it("sends 50 rows a page, the rest on the next, and the last page for a page past the end", async () => {
    const first = await listCycleDashboard(db, qa, big, query());
    expect(first!.rows).toHaveLength(50);
    expect(first!.total).toBe(73);
    expect(first!.window).toEqual({ page: 1, pageCount: 2, offset: 0, from: 1, to: 50 });
    const second = await listCycleDashboard(db, qa, big, query({ page: 2 }));
    expect(second!.rows.map((row) => row.agencyName)).toEqual(Array.from({ length: 23 }, (_, i) => `Faith group ${String(51 + i).padStart(3, "0")}`));
    expect((await listCycleDashboard(db, qa, big, query({ page: 7 })))!.window.page).toBe(2);
  });

  it("marks unsubmitted returns missing once the cycle has closed, and filters them", async () => {
    const missing = await listCycleDashboard(db, qa, big, query({ flags: ["missing"], page: 2 }));
    expect(missing!.total).toBe(73);
    expect(missing!.rows.every((row) => row.missing && row.status === "not_started")).toBe(true);
    expect(missing!.counts.missing).toBe(73);
  });
});
