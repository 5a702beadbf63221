import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateAgency } from "~/data/agencies.server";
import { getComparisonReport } from "~/data/reports/comparison.server";
import type { Db } from "~/data/db.server";
import { recordModeration, returnForChanges, validateSubmittedReturn } from "~/data/moderation.server";
import { cycleFingerprint } from "~/data/reports/cache.server";
import { getBaselineReport } from "~/data/reports/baseline.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { answerReturn, createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, pageNames, returnIdOf, submitFullReturn } from "../support/factories";

/*
 * Report models are reused while their cycle's data is unchanged (decision 005, item 3). These tests
 * make every kind of change the app makes through its own data functions and check that the next
 * report is rebuilt with it, and that an unchanged cycle gives back the very same model.
 */

let db: Db;
let tool: ToolRecord;
let cycleId: number;
let earlierCycleId: number;
let qa: Viewer;
let admin: Viewer;
type People = Awaited<ReturnType<typeof makeAgencyWithPeople>>;
let alpha: People;
let beta: People;
let gamma: People;

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
  alpha = await makeAgencyWithPeople(db, { name: "Alpha Police", sector: "police" });
  beta = await makeAgencyWithPeople(db, { name: "Beta Health", sector: "health" });
  gamma = await makeAgencyWithPeople(db, { name: "Gamma Homes", sector: "housing" });
  qa = await makeUser(db, "qa");
  admin = await makeUser(db, "admin");
  earlierCycleId = await makeCycle(db, tool, { all: true });
  await submitFullReturn(db, alpha.lead, tool, await returnIdOf(db, earlierCycleId, alpha.agency.id), { choice: "partly" });
  await db("cycles").where({ id: earlierCycleId }).update({ opens_on: "2025-01-01", due_on: "2025-03-31" });
  cycleId = await makeCycle(db, tool, { all: true });
  await submitFullReturn(db, alpha.lead, tool, await returnIdOf(db, cycleId, alpha.agency.id), { choice: "fully" });
  await submitFullReturn(db, beta.lead, tool, await returnIdOf(db, cycleId, beta.agency.id), { choice: "partly" });
});
afterAll(() => db.destroy());

describe("report model cache", () => {
  it("gives back the same model while nothing has changed, and a separate one per role", async () => {
    const first = await getBaselineReport(db, qa, cycleId);
    expect(await getBaselineReport(db, qa, cycleId)).toBe(first);
    const forAdmin = await getBaselineReport(db, admin, cycleId);
    expect(forAdmin).not.toBe(first);
    expect(forAdmin).toEqual(first);
  });

  it("builds an agency's own view afresh each time (it is one return, and never shared)", async () => {
    const own = await getBaselineReport(db, alpha.lead, cycleId);
    expect(await getBaselineReport(db, alpha.lead, cycleId)).not.toBe(own);
    expect(own!.agencies.map((row) => row.agency.name)).toEqual(["Alpha Police"]);
  });

  it("rebuilds after a draft is saved (the summary counts returns in progress)", async () => {
    const before = (await getBaselineReport(db, qa, cycleId))!;
    expect(before.summary.inProgress).toBe(0);
    await answerReturn(db, gamma.member, tool, await returnIdOf(db, cycleId, gamma.agency.id), { pages: pageNames(tool).slice(0, 1) });
    const after = (await getBaselineReport(db, qa, cycleId))!;
    expect(after).not.toBe(before);
    expect(after.summary.inProgress).toBe(1);
  });

  it("rebuilds after a moderation, a validation and a return sent back", async () => {
    const betaReturn = await returnIdOf(db, cycleId, beta.agency.id);
    const standard = tool.definition.standards[0].code;
    const before = (await getBaselineReport(db, qa, cycleId))!;
    const betaBefore = before.agencies.find((row) => row.agency.name === "Beta Health")!;
    expect(betaBefore.standards.find((cell) => cell.code === standard)!.moderatedRating).toBeNull();

    expect((await recordModeration(db, qa, betaReturn, { standardCode: standard, band: "not", rationale: "No evidence of training records." })).ok).toBe(true);
    const moderated = (await getBaselineReport(db, qa, cycleId))!;
    expect(moderated).not.toBe(before);
    expect(moderated.agencies.find((row) => row.agency.name === "Beta Health")!.standards.find((cell) => cell.code === standard)!.moderatedRating).toBe("not");

    expect((await validateSubmittedReturn(db, qa, await returnIdOf(db, cycleId, alpha.agency.id))).ok).toBe(true);
    const validated = (await getBaselineReport(db, qa, cycleId))!;
    expect(validated).not.toBe(moderated);
    expect(validated.summary.byStatus.find((entry) => entry.status === "validated")!.count).toBe(1);

    expect((await returnForChanges(db, qa, betaReturn, "Please add the training figures.")).ok).toBe(true);
    const returned = (await getBaselineReport(db, qa, cycleId))!;
    expect(returned.summary.byStatus.find((entry) => entry.status === "returned")!.count).toBe(1);
    expect(returned.items.returnsExcluded).toBe(1);
  });

  it("rebuilds after an agency is renamed, and after the cycle's title changes", async () => {
    const before = (await getBaselineReport(db, qa, cycleId))!;
    await updateAgency(db, admin.id, alpha.agency.id, { name: "Alpha Constabulary", sector: "police", contactEmail: null });
    const renamed = (await getBaselineReport(db, qa, cycleId))!;
    expect(renamed.agencies.map((row) => row.agency.name)).toContain("Alpha Constabulary");
    await db("cycles").where({ id: cycleId }).update({ title: "Renamed cycle" });
    expect((await getBaselineReport(db, qa, cycleId))!.cycle.title).toBe("Renamed cycle");
    expect(before.agencies.map((row) => row.agency.name)).toContain("Alpha Police");
  });

  it("keeps a comparison while both cycles are unchanged, and rebuilds when either changes", async () => {
    const first = await getComparisonReport(db, qa, earlierCycleId, cycleId);
    expect(first?.ok).toBe(true);
    expect(await getComparisonReport(db, qa, earlierCycleId, cycleId)).toEqual(first);
    const again = await getComparisonReport(db, qa, earlierCycleId, cycleId);
    expect(again?.ok && first?.ok && again.report === first.report).toBe(true);
    const withThreshold = await getComparisonReport(db, qa, earlierCycleId, cycleId, { threshold: 20 });
    expect(withThreshold?.ok && first?.ok && withThreshold.report !== first.report).toBe(true);

    // A change to the earlier cycle only.
    await db("cycles").where({ id: earlierCycleId }).update({ title: "Earlier, renamed" });
    const changed = await getComparisonReport(db, qa, earlierCycleId, cycleId);
    expect(changed?.ok && changed.report.earlier.cycle.title).toBe("Earlier, renamed");
  });

  it("hands out frozen models outside production, so a caller cannot alter the next reader's report", async () => {
    const report = (await getBaselineReport(db, qa, cycleId))!;
    expect(Object.isFrozen(report)).toBe(true);
    expect(() => {
      (report.agencies as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it("fingerprints each cycle separately: a change to one leaves the other's alone", async () => {
    const [thisBefore, otherBefore] = [await cycleFingerprint(db, cycleId), await cycleFingerprint(db, earlierCycleId)];
    await answerReturn(db, gamma.member, tool, await returnIdOf(db, cycleId, gamma.agency.id), { pages: pageNames(tool).slice(1, 2) });
    expect(await cycleFingerprint(db, cycleId)).not.toBe(thisBefore);
    expect(await cycleFingerprint(db, earlierCycleId)).toBe(otherBefore);
  });
});
