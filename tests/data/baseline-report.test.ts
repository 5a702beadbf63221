import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agency } from "~/data/agencies.server";
import type { Db } from "~/data/db.server";
import { getAgencyBaseline, getBaselineReport } from "~/data/reports/baseline.server";
import { storeScore } from "~/data/return-edits.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { scoreAnswers } from "~/domain/score-answers";
import {
  answerReturn,
  answersFor,
  createTestDb,
  importS11,
  makeAgencyWithPeople,
  makeCycle,
  makeUser,
  pageNames,
  returnIdOf,
  submitFullReturn,
} from "../support/factories";

/*
 * DESIGN §8: the baseline report counts every return but shows rows (the heat map) only for submitted
 * ones. Five agencies: two submitted, two in progress (one with a provisional score stored, so its
 * absence from the heat map is the report's doing), one not started.
 */

let db: Db;
let tool: ToolRecord;
let cycleId: number;
type People = { agency: Agency; lead: Viewer; member: Viewer };
let strong: People;
let weak: People;
let drafting: People;
let scoredDraft: People;
let admin: Viewer;
let qa: Viewer;
let board: Viewer;

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
  strong = await makeAgencyWithPeople(db, { name: "Alpha Police", sector: "police" });
  weak = await makeAgencyWithPeople(db, { name: "Beta Health", sector: "health" });
  drafting = await makeAgencyWithPeople(db, { name: "Gamma Homes", sector: "housing" });
  scoredDraft = await makeAgencyWithPeople(db, { name: "Delta School", sector: "education" });
  // An agency that never starts its return: it is in the cycle but has nothing to report.
  await makeAgencyWithPeople(db, { name: "Epsilon Church", sector: "faith" });
  admin = await makeUser(db, "admin");
  qa = await makeUser(db, "qa");
  board = await makeUser(db, "board");
  cycleId = await makeCycle(db, tool, { all: true });

  await submitFullReturn(db, strong.lead, tool, await returnIdOf(db, cycleId, strong.agency.id), { choice: "fully" });
  await submitFullReturn(db, weak.lead, tool, await returnIdOf(db, cycleId, weak.agency.id), { choice: "partly" });
  await answerReturn(db, drafting.member, tool, await returnIdOf(db, cycleId, drafting.agency.id), { pages: pageNames(tool).slice(0, 2) });
  const scoredDraftId = await returnIdOf(db, cycleId, scoredDraft.agency.id);
  const draftPages = pageNames(tool).slice(0, 5);
  await answerReturn(db, scoredDraft.lead, tool, scoredDraftId, { pages: draftPages, choice: "fully" });
  await storeScore(db, scoredDraftId, scoreAnswers(tool.definition, answersFor(tool, { pages: draftPages, choice: "fully" })));
});

afterAll(async () => {
  await db.destroy();
});

describe("getBaselineReport", () => {
  it("counts submitted, in-progress and not-started returns", async () => {
    const report = (await getBaselineReport(db, admin, cycleId))!;
    expect(report.summary).toMatchObject({ assigned: 5, submitted: 2, inProgress: 2, notStarted: 1, completionPercent: 40 });
  });

  it("gives heat-map rows to submitted returns only, even when a draft has a stored score", async () => {
    for (const viewer of [admin, qa]) {
      const report = (await getBaselineReport(db, viewer, cycleId))!;
      expect(report.agencies.map((row) => [row.agency.name, row.status])).toEqual([
        ["Alpha Police", "submitted"],
        ["Beta Health", "submitted"],
      ]);
    }
  });

  it("fills each heat-map row from the stored score of that return", async () => {
    const report = (await getBaselineReport(db, admin, cycleId))!;
    const [alpha, beta] = report.agencies;
    // "fully" everywhere: 3/3 on every item; "partly" everywhere: 1/3 → 33.3…%, band partly (≥ 30).
    expect(alpha.overall).toEqual({ percent: 100, band: "fully", capped: false, unmetEssentials: [] });
    expect(alpha.standards).toHaveLength(12);
    expect(alpha.standards.every((cell) => cell.percent === 100 && cell.effectiveBand === "fully" && cell.selfRating === "fully")).toBe(true);
    expect(beta.overall.percent).toBeCloseTo(100 / 3, 10);
    expect(beta.overall.band).toBe("partly");
    expect(beta.standards.map((cell) => cell.code)).toEqual(tool.definition.standards.map((standard) => standard.code));
    expect(report.summary.overallDistribution).toEqual([
      { band: "fully", count: 1 },
      { band: "mostly", count: 0 },
      { band: "partly", count: 1 },
      { band: "not", count: 0 },
    ]);
  });

  it("shows an agency viewer only its own row and its own counts", async () => {
    const own = (await getBaselineReport(db, weak.member, cycleId))!;
    expect(own.agencies.map((row) => row.agency.id)).toEqual([weak.agency.id]);
    expect(own.summary).toMatchObject({ assigned: 1, submitted: 1, inProgress: 0, notStarted: 0 });

    const draftOnly = (await getBaselineReport(db, scoredDraft.lead, cycleId))!;
    expect(draftOnly.agencies).toEqual([]);
    expect(draftOnly.summary).toMatchObject({ assigned: 1, submitted: 0, inProgress: 1 });
  });

  it("gives a board member nothing", async () => {
    expect(await getBaselineReport(db, board, cycleId)).toBeNull();
  });

  it("gives nothing for a cycle that does not exist", async () => {
    expect(await getBaselineReport(db, admin, 987_654)).toBeNull();
  });

  it("gives each row the dimension scores stored with its score, and each standard its question counts", async () => {
    const report = (await getBaselineReport(db, qa, cycleId))!;
    const [alpha] = report.agencies;
    expect(alpha.dimensions.map((entry) => entry.code)).toEqual((tool.definition.dimensions ?? []).map((dimension) => dimension.code));
    expect(alpha.dimensions.every((entry) => entry.percent === 100 && entry.band === "fully")).toBe(true);
    expect(alpha.standards[0].items).toMatchObject({ notApplicable: 0, unanswered: 0 });
    expect(alpha.standards[0].items!.included).toBeGreaterThan(0);
  });

  it("tallies every scored question over the answers of submitted returns", async () => {
    const report = (await getBaselineReport(db, qa, cycleId))!;
    expect(report.items).toMatchObject({ available: true, returnsCounted: 2, returnsExcluded: 0 });
    expect(report.items.rows).toHaveLength(Object.keys(tool.definition.items).length);
    // Alpha answered "fully" (3 of 3) and Beta "partly" (1 of 3) to every question: never unmet, once below full marks.
    const first = report.items.rows[0];
    expect(first).toMatchObject({ n: 2, unmet: 0, belowMax: 1, notApplicable: 0, notAnswered: 0 });
    expect(first.meanPercent).toBeCloseTo((100 + 100 / 3) / 2, 10);
  });

  it("gives one agency's page beside the partnership's medians, and nothing for another agency's viewer", async () => {
    const found = (await getAgencyBaseline(db, qa, cycleId, strong.agency.id))!;
    expect(found.view.row.agency.name).toBe("Alpha Police");
    // Partnership: 100 and 33.3…: median halfway, n = 2; Alpha is the only police agency.
    expect(found.view.standards[0].partnership.n).toBe(2);
    expect(found.view.standards[0].partnership.median).toBeCloseTo((100 + 100 / 3) / 2, 10);
    expect(found.view.standards[0].sector).toEqual({ n: 1, median: 100 });
    expect(found.actions).toEqual([]);
    expect(await getAgencyBaseline(db, weak.member, cycleId, strong.agency.id)).toBeNull();
    expect(await getAgencyBaseline(db, qa, cycleId, drafting.agency.id)).toBeNull();
  });

  it("leaves a return sent back for changes out of the question view, since its answers may change", async () => {
    const betaReturn = await returnIdOf(db, cycleId, weak.agency.id);
    await db("returns").where({ id: betaReturn }).update({ status: "returned" });
    try {
      const report = (await getBaselineReport(db, qa, cycleId))!;
      expect(report.agencies.map((row) => row.agency.name)).toEqual(["Alpha Police", "Beta Health"]);
      expect(report.items).toMatchObject({ returnsCounted: 1, returnsExcluded: 1 });
      expect(report.items.rows[0]).toMatchObject({ n: 1, belowMax: 0 });
    } finally {
      await db("returns").where({ id: betaReturn }).update({ status: "submitted" });
    }
  });
});
