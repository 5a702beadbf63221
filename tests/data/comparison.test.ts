import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agency } from "~/data/agencies.server";
import { getComparisonReport, listComparableCycles } from "~/data/reports/comparison.server";
import type { Db } from "~/data/db.server";
import { recordModeration } from "~/data/moderation.server";
import { storeScore } from "~/data/return-edits.server";
import { importTool, type ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import type { ComparisonReport } from "~/domain/reports/comparison";
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
  revisedS11,
  submitFullReturn,
} from "../support/factories";

/*
 * DESIGN §8 on a real migrated database. Two cycles of the shipped S11 tool (2026.1), created in
 * order, so the first is the earlier:
 *   Alpha Police   partly (33.3%) → mostly (66.7%): +33.3, improved
 *   Beta Health    fully (100%)   → mostly (66.7%): −33.3, declined; S11-1 moderated to "partly" in the earlier cycle
 *   Gamma Homes    mostly in the earlier cycle only (not started in the later)
 *   Delta Church   joins after the earlier cycle opened: fully in the later cycle only
 *   Epsilon School a draft with a stored provisional score in the later cycle: never shown
 * Then a third cycle on a revised tool version (2027.1) that renames S11-2 to S11-2A, marks S11-11 not
 * comparable and leaves S11-12 unmapped.
 */

let db: Db;
let s11: ToolRecord;
let earlierId: number;
let laterId: number;
type People = { agency: Agency; lead: Viewer; member: Viewer };
let alpha: People;
let beta: People;
let gamma: People;
let delta: People;
let epsilon: People;
let admin: Viewer;
let qa: Viewer;
let board: Viewer;

async function report(viewer: Viewer, from: number, to: number, threshold?: number): Promise<ComparisonReport> {
  const result = await getComparisonReport(db, viewer, from, to, { threshold });
  if (!result?.ok) throw new Error(`Expected a report, got ${JSON.stringify(result)}`);
  return result.report;
}

beforeAll(async () => {
  db = await createTestDb();
  s11 = await importS11(db);
  admin = await makeUser(db, "admin");
  qa = await makeUser(db, "qa");
  board = await makeUser(db, "board");
  alpha = await makeAgencyWithPeople(db, { name: "Alpha Police", sector: "police" });
  beta = await makeAgencyWithPeople(db, { name: "Beta Health", sector: "health" });
  gamma = await makeAgencyWithPeople(db, { name: "Gamma Homes", sector: "housing" });
  epsilon = await makeAgencyWithPeople(db, { name: "Epsilon School", sector: "education" });

  earlierId = await makeCycle(db, s11);
  await submitFullReturn(db, alpha.lead, s11, await returnIdOf(db, earlierId, alpha.agency.id), { choice: "partly" });
  const betaEarlier = await returnIdOf(db, earlierId, beta.agency.id);
  await submitFullReturn(db, beta.lead, s11, betaEarlier, { choice: "fully" });
  const moderated = await recordModeration(db, qa, betaEarlier, { standardCode: "S11-1", band: "partly", rationale: "No board minutes were supplied." });
  expect(moderated.ok).toBe(true);
  await submitFullReturn(db, gamma.lead, s11, await returnIdOf(db, earlierId, gamma.agency.id), { choice: "mostly" });

  delta = await makeAgencyWithPeople(db, { name: "Delta Church", sector: "faith" });
  laterId = await makeCycle(db, s11);
  await submitFullReturn(db, alpha.lead, s11, await returnIdOf(db, laterId, alpha.agency.id), { choice: "mostly" });
  await submitFullReturn(db, beta.lead, s11, await returnIdOf(db, laterId, beta.agency.id), { choice: "mostly" });
  await submitFullReturn(db, delta.lead, s11, await returnIdOf(db, laterId, delta.agency.id), { choice: "fully" });
  const epsilonDraft = await returnIdOf(db, laterId, epsilon.agency.id);
  const pages = pageNames(s11).slice(0, 4);
  await answerReturn(db, epsilon.lead, s11, epsilonDraft, { pages, choice: "fully" });
  await storeScore(db, epsilonDraft, scoreAnswers(s11.definition, answersFor(s11, { pages, choice: "fully" })));
}, 120_000); // Eight scored submissions: slow on a busy shared machine, so more than the default 10 s.

afterAll(async () => {
  await db.destroy();
});

describe("getComparisonReport", () => {
  it("compares the agencies with a submitted return in both cycles, standard by standard", async () => {
    for (const viewer of [admin, qa]) {
      const model = await report(viewer, earlierId, laterId);
      expect(model.kind).toBe("comparison");
      expect(model.threshold).toBe(5);
      expect([model.earlier.cycle.id, model.later.cycle.id]).toEqual([earlierId, laterId]);
      expect(model.agencies.map((row) => row.agency.name)).toEqual(["Alpha Police", "Beta Health"]);
      const [alphaRow, betaRow] = model.agencies;
      expect(alphaRow.standards).toHaveLength(12);
      // partly = 1 of 3 points, mostly = 2 of 3, fully = 3 of 3 on every item.
      for (const cell of alphaRow.standards) {
        expect(cell.delta).toBeCloseTo(100 / 3, 10);
        expect(cell.movement).toBe("improved");
      }
      for (const cell of betaRow.standards) {
        expect(cell.delta).toBeCloseTo(-100 / 3, 10);
        expect(cell.movement).toBe("declined");
      }
      expect(alphaRow.overall.movement).toBe("improved");
      expect(betaRow.overall.movement).toBe("declined");
    }
  });

  it("uses the moderated rating as the effective band of that cycle", async () => {
    const model = await report(qa, earlierId, laterId);
    const [s1, s2] = model.agencies[1].standards;
    expect(s1.earlier).toMatchObject({ percent: 100, effectiveBand: "partly", moderated: true });
    expect(s1.later).toMatchObject({ effectiveBand: "mostly", moderated: false });
    expect(s1.bandChange).toBe("higher");
    expect(s2.earlier).toMatchObject({ effectiveBand: "fully", moderated: false });
    expect(s2.bandChange).toBe("lower");
  });

  it("summarises each standard and the partnership over the two agencies in both cycles", async () => {
    const model = await report(admin, earlierId, laterId);
    // Δ +33.3 and −33.3: an even count, so the median is their mean, 0; one improved, one declined.
    for (const standard of model.standards) {
      expect(standard).toMatchObject({ n: 2, improved: 1, stable: 0, declined: 1, notScored: 0 });
      expect(standard.medianDelta).toBeCloseTo(0, 10);
    }
    expect(model.mostImproved).toEqual([]);
    expect(model.mostDeclined).toEqual([]);
    expect(model.partnership.n).toBe(2);
    expect(model.partnership.earlierMedian).toBeCloseTo((100 / 3 + 100) / 2, 10);
    expect(model.partnership.laterMedian).toBeCloseTo(200 / 3, 10);
    expect(model.sectors.map((entry) => [entry.sector, entry.n])).toEqual([["police", 1], ["health", 1]]);
  });

  it("lists the agencies in one cycle only, and never a draft", async () => {
    const model = await report(admin, earlierId, laterId);
    expect(model.singleCycleAgencies.map((entry) => [entry.agency.name, entry.cycle, entry.otherCycleStatus])).toEqual([
      ["Gamma Homes", "earlier", "not_started"],
      ["Delta Church", "later", null],
    ]);
    expect(JSON.stringify(model)).not.toContain("Epsilon School");
    expect(model.summary).toMatchObject({ agenciesInBoth: 2, onlyEarlier: 1, onlyLater: 1, comparableStandards: 12, notComparableStandards: 0 });
    expect([model.earlier.submitted, model.later.submitted]).toEqual([3, 3]);
  });

  it("applies the threshold it is given", async () => {
    const model = await report(admin, earlierId, laterId, 40);
    expect(model.threshold).toBe(40);
    expect(model.agencies.flatMap((row) => row.standards).every((cell) => cell.movement === "stable")).toBe(true);
  });

  it("shows an agency viewer only its own agency", async () => {
    const own = await report(alpha.member, earlierId, laterId);
    expect(own.agencies.map((row) => row.agency.id)).toEqual([alpha.agency.id]);
    expect(own.singleCycleAgencies).toEqual([]);
    expect(own.partnership.n).toBe(1);
    expect(JSON.stringify(own)).not.toContain("Beta Health");

    const onlyEarlier = await report(gamma.lead, earlierId, laterId);
    expect(onlyEarlier.agencies).toEqual([]);
    expect(onlyEarlier.singleCycleAgencies.map((entry) => [entry.agency.name, entry.cycle])).toEqual([["Gamma Homes", "earlier"]]);

    // Delta had no return in the earlier cycle, so that cycle is not Delta's to see.
    expect(await getComparisonReport(db, delta.lead, earlierId, laterId)).toBeNull();
  });

  it("gives a board member nothing, and nothing for a cycle that does not exist", async () => {
    expect(await getComparisonReport(db, board, earlierId, laterId)).toBeNull();
    expect(await getComparisonReport(db, admin, 987_654, laterId)).toBeNull();
  });

  it("refuses cycles of different tools, the same cycle twice, and cycles in the wrong order", async () => {
    const s175 = await importTool(db, null, JSON.parse(fs.readFileSync(path.resolve("surveys/s175/2026.1.json"), "utf8")));
    if (!s175.ok) throw new Error(s175.errors.join("; "));
    const schoolsCycle = await makeCycle(db, s175.tool, { agencyIds: [epsilon.agency.id] });
    const different = await getComparisonReport(db, admin, earlierId, schoolsCycle);
    expect(different).toEqual({ ok: false, message: expect.stringContaining("only cycles of the same audit tool can be compared") });
    expect(await getComparisonReport(db, admin, laterId, laterId)).toEqual({ ok: false, message: expect.stringContaining("cannot be compared with itself") });
    expect(await getComparisonReport(db, admin, laterId, earlierId)).toEqual({ ok: false, message: expect.stringContaining("did not open before") });
  });
});

describe("comparison across tool versions", () => {
  let revisedId: number;
  beforeAll(async () => {
    const imported = await importTool(db, null, revisedS11());
    if (!imported.ok) throw new Error(imported.errors.join("; "));
    revisedId = await makeCycle(db, imported.tool, { agencyIds: [alpha.agency.id] });
    await submitFullReturn(db, alpha.lead, imported.tool, await returnIdOf(db, revisedId, alpha.agency.id), { choice: "fully" });
  }, 120_000);

  it("pairs standards through comparableTo and lists what is not comparable, with the reason", async () => {
    const model = await report(admin, laterId, revisedId);
    expect([model.earlier.tool.version, model.later.tool.version]).toEqual(["2026.1", "2027.1"]);
    expect(model.standards.map((entry) => `${entry.earlierCode}→${entry.code}`)).toEqual([
      "S11-1→S11-1",
      "S11-2→S11-2A",
      ...[3, 4, 5, 6, 7, 8, 9, 10].map((n) => `S11-${n}→S11-${n}`),
    ]);
    expect(model.notComparable.map((entry) => [entry.cycle, entry.code, entry.reason])).toEqual([
      ["later", "S11-11", "unmapped"],
      ["later", "S11-12", "added"],
      ["earlier", "S11-11", "unmapped"],
      ["earlier", "S11-12", "removed"],
    ]);
    // Alpha: mostly (66.7%) under 2026.1 → fully (100%) under 2027.1, read through the renamed standard.
    const renamed = model.agencies[0].standards.find((cell) => cell.code === "S11-2A")!;
    expect(renamed.earlierCode).toBe("S11-2");
    expect(renamed.earlier.percent).toBeCloseTo(200 / 3, 10);
    expect(renamed.later.percent).toBe(100);
    expect(renamed.movement).toBe("improved");
  });
});

describe("listComparableCycles", () => {
  it("offers earlier opened cycles of the same tool code, newest first, marking the baseline", async () => {
    const draftId = await makeCycle(db, s11, { all: true }, { open: false });
    await db("cycles").where({ id: earlierId }).update({ is_baseline: true });
    const fromLater = await listComparableCycles(db, qa, laterId);
    expect(fromLater).toEqual([expect.objectContaining({ id: earlierId, isBaseline: true, toolVersion: "2026.1", status: "open" })]);
    expect(fromLater!.map((cycle) => cycle.id)).not.toContain(draftId);
    expect(await listComparableCycles(db, qa, earlierId)).toEqual([]);
  });

  it("offers an agency only the cycles it took part in, and a board member nothing", async () => {
    expect((await listComparableCycles(db, alpha.lead, laterId))!.map((cycle) => cycle.id)).toEqual([earlierId]);
    expect(await listComparableCycles(db, delta.lead, laterId)).toEqual([]);
    expect(await listComparableCycles(db, board, laterId)).toBeNull();
    expect(await listComparableCycles(db, delta.lead, earlierId)).toBeNull();
  });
});
