import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from "~/data/api-tokens.server";
import { listApiReturns } from "~/data/api.server";
import { listAudit } from "~/data/audit.server";
import { getComparisonReport } from "~/data/reports/comparison.server";
import type { Db } from "~/data/db.server";
import { recordModeration } from "~/data/moderation.server";
import { getPublication, publishReport } from "~/data/publications.server";
import type { Viewer } from "~/domain/permissions";
import type { ComparisonReport } from "~/domain/reports/comparison";
import { createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, returnIdOf, submitFullReturn } from "../support/factories";

/*
 * API tokens, the API's returns, and frozen publications of the comparison, on a real database.
 * Two cycles of S11: Police "partly" then "mostly"; Council "mostly" then "fully"; Homes in the
 * later cycle only.
 */

let db: Db;
let admin: Viewer;
let qa: Viewer;
let board: Viewer;
let earlierId: number;
let laterId: number;
let policeLater: number;

beforeAll(async () => {
  db = await createTestDb();
  const tool = await importS11(db);
  admin = await makeUser(db, "admin");
  qa = await makeUser(db, "qa");
  board = await makeUser(db, "board");
  const police = await makeAgencyWithPeople(db, { name: "Northshire Police", sector: "police" });
  const council = await makeAgencyWithPeople(db, { name: "Northshire Council", sector: "local_authority" });
  earlierId = await makeCycle(db, tool);
  await submitFullReturn(db, police.lead, tool, await returnIdOf(db, earlierId, police.agency.id), { choice: "partly" });
  await submitFullReturn(db, council.lead, tool, await returnIdOf(db, earlierId, council.agency.id), { choice: "mostly" });
  const homes = await makeAgencyWithPeople(db, { name: "Northshire Homes", sector: "housing" });
  laterId = await makeCycle(db, tool);
  policeLater = await returnIdOf(db, laterId, police.agency.id);
  await submitFullReturn(db, police.lead, tool, policeLater, { choice: "mostly", selfRating: "fully" });
  await submitFullReturn(db, council.lead, tool, await returnIdOf(db, laterId, council.agency.id), { choice: "fully" });
  await submitFullReturn(db, homes.lead, tool, await returnIdOf(db, laterId, homes.agency.id), { choice: "mostly" });
}, 120_000);
afterAll(() => db.destroy());

describe("API tokens", () => {
  it("stores only a hash, acts as a QA reader, records its last use, and stops working once revoked", async () => {
    const created = await createApiToken(db, admin, "Power BI");
    if (!created.ok) throw new Error("not created");
    expect(created.token).toMatch(/^sap_[A-Za-z0-9_-]{43}$/);
    const row = await db("api_tokens").where({ id: created.id }).first();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect((await listApiTokens(db, admin))[0]).toMatchObject({ name: "Power BI", lastUsedAt: null, revokedAt: null });

    const viewer = await authenticateApiToken(db, created.token);
    expect(viewer).toMatchObject({ role: "qa", agencyId: null });
    expect((await listApiTokens(db, admin))[0].lastUsedAt).not.toBeNull();
    expect(await authenticateApiToken(db, `${created.token}x`)).toBeNull();

    expect(await revokeApiToken(db, admin, created.id)).toEqual({ ok: true });
    expect(await authenticateApiToken(db, created.token)).toBeNull();
    expect(await revokeApiToken(db, admin, created.id)).toMatchObject({ ok: false, status: 409 });
    expect((await listAudit(db, { entityType: "api_token" })).map((entry) => entry.action).sort()).toEqual(["api_token.create", "api_token.revoke"]);
  });

  it("lets only the business office create, list or revoke tokens", async () => {
    expect(await createApiToken(db, qa, "Sneaky")).toEqual({ ok: false, status: 403 });
    expect(await listApiTokens(db, qa)).toEqual([]);
    expect(await revokeApiToken(db, qa, 1)).toMatchObject({ ok: false, status: 403 });
  });
});

describe("API returns", () => {
  it("gives each submitted return its overall score and every standard's ratings, moderated winning", async () => {
    expect((await recordModeration(db, qa, policeLater, { standardCode: "S11-1", band: "partly", rationale: "No minutes" })).ok).toBe(true);
    const returns = (await listApiReturns(db, qa, laterId))!;
    expect(returns.map((entry) => [entry.agency.name, entry.status])).toEqual([
      ["Northshire Council", "submitted"],
      ["Northshire Homes", "submitted"],
      ["Northshire Police", "submitted"],
    ]);
    const police = returns[2];
    expect(police.overall!.percent).toBeCloseTo(200 / 3, 10);
    expect(police.standards).toHaveLength(12);
    expect(police.standards[0]).toMatchObject({ code: "S11-1", band: "mostly", selfRating: "fully", moderatedRating: "partly", effectiveBand: "partly" });
    expect(police.standards[1]).toMatchObject({ code: "S11-2", moderatedRating: null, effectiveBand: "mostly" });
  });

  it("is null for a cycle that does not exist", async () => {
    expect(await listApiReturns(db, qa, 9999)).toBeNull();
  });
});

describe("publishing the comparison to the board", () => {
  let live: ComparisonReport;
  beforeAll(async () => {
    const result = await getComparisonReport(db, qa, earlierId, laterId);
    if (!result?.ok) throw new Error("no comparison");
    live = result.report;
  });

  it("refuses anyone but a QA member, and a comparison without an earlier cycle", async () => {
    expect(await publishReport(db, admin, laterId, { kind: "comparison", anonymise: false, againstId: earlierId })).toMatchObject({ ok: false, status: 403 });
    expect(await publishReport(db, qa, laterId, { kind: "comparison", anonymise: false })).toMatchObject({ ok: false, status: 409 });
    expect(await publishReport(db, qa, earlierId, { kind: "comparison", anonymise: false, againstId: laterId })).toMatchObject({ ok: false, status: 409 });
  });

  it("freezes the comparison: a later re-moderation changes the live report but not the publication", async () => {
    const published = await publishReport(db, qa, laterId, { kind: "comparison", anonymise: false, againstId: earlierId, threshold: 10 });
    if (!published.ok) throw new Error(published.message);
    const before = await getPublication(db, board, published.id);
    expect(before).toMatchObject({ kind: "comparison", cycleId: laterId, title: "Comparison report: " + live.later.cycle.title + " against " + live.earlier.cycle.title });
    const frozen = before!.model as ComparisonReport;
    expect(frozen.threshold).toBe(10);
    const frozenCell = () => frozen.agencies.find((row) => row.agency.name === "Northshire Police")!.standards[1];
    expect(frozenCell().later).toMatchObject({ effectiveBand: "mostly", moderated: false });

    expect((await recordModeration(db, qa, policeLater, { standardCode: "S11-2", band: "not", rationale: "Re-moderated after the panel" })).ok).toBe(true);
    const now = await getComparisonReport(db, qa, earlierId, laterId);
    expect(now?.ok && now.report.agencies.find((row) => row.agency.name === "Northshire Police")!.standards[1].later).toMatchObject({ effectiveBand: "not", moderated: true });
    const after = await getPublication(db, board, published.id);
    expect(after!.model).toEqual(before!.model);
  });

  it("anonymises with one letter per agency throughout and withholds sectors smaller than the minimum", async () => {
    const published = await publishReport(db, qa, laterId, { kind: "comparison", anonymise: true, againstId: earlierId });
    if (!published.ok) throw new Error(published.message);
    const model = (await getPublication(db, board, published.id))!.model as ComparisonReport & { anonymised: { minGroupSize: number; suppressedSectors: number } };
    const text = JSON.stringify(model);
    for (const name of ["Northshire Police", "Northshire Council", "Northshire Homes"]) expect(text).not.toContain(name);
    // Lettered by later overall score: Council (fully, 100%) A, Police (mostly) B; Homes (later only) C.
    expect(model.agencies.map((row) => row.agency.name)).toEqual(["Agency A", "Agency B"]);
    expect(model.singleCycleAgencies.map((row) => row.agency.name)).toEqual(["Agency C"]);
    // Every sector has fewer than 5 agencies: none is named, and no sector median is shown.
    expect(model.agencies.every((row) => row.agency.sectorSuppressed && row.agency.sector === "other")).toBe(true);
    expect(model.sectors).toEqual([]);
    expect(model.anonymised).toEqual({ minGroupSize: 5, suppressedSectors: 3 });
    // The partnership figures stay.
    expect(model.partnership.n).toBe(2);
  });

  it("publishes the completion report too, superseding the last of the same kind only", async () => {
    const first = await publishReport(db, qa, laterId, { kind: "completion", anonymise: false });
    const second = await publishReport(db, qa, laterId, { kind: "completion", anonymise: false });
    if (!first.ok || !second.ok) throw new Error("not published");
    expect((await getPublication(db, board, first.id))!.supersededBy).toBe(second.id);
    const comparisons = await db("publications").where({ kind: "comparison", cycle_id: laterId }).whereNull("superseded_by");
    expect(comparisons).toHaveLength(1);
    expect(await publishReport(db, qa, laterId, { kind: "actions", anonymise: false })).toMatchObject({ ok: false, status: 409 });
  });
});
