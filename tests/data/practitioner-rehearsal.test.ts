import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { submitPractitionerResponse } from "~/data/practitioner.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Answers } from "~/domain/scoring";
import { quickSubmit, rehearsalPages } from "~/routes/p.$token._index/form.server";
import { PER_ADDRESS_PER_HOUR, PER_LINK_PER_HOUR, resetFloodLimits, takeResponseSlot } from "~/utils/flood-limit.server";
import { createTestDb, practitionerFixture } from "../support/factories";
import { differences, snapshot } from "../support/snapshot";

/*
 * The start-up rehearsal (decision 033): before a process takes its first connection, server.js sends it a few
 * thousand made-up last pages through the quick path, so V8 has optimised that code, and every store is rolled back.
 * Proven here, on the app's side: a rehearsed response keeps nothing (every table the same, row for row), counts
 * against no flood limit, cannot take a real response down with it, and really takes every step (it is accepted
 * as a real one would be). tests/e2e/start-up-rehearsal.test.ts proves the same of a server starting.
 */

const request = (token: string) => ({ url: `http://localhost/p/${token}?index`, headers: { get: () => null } });

/** `count` rehearsal pages sent through the quick path at once, as a rehearsal; how many were accepted. */
async function rehearse(count: number): Promise<number> {
  const pages = await rehearsalPages(count);
  if (!pages) return 0;
  const token = pages.path.slice("/p/".length, pages.path.indexOf("?"));
  const sent = await Promise.all(pages.bodies.map((body) => quickSubmit({ token, body, request: request(token), clientIp: "127.0.0.1" }, true)));
  return sent.filter(Boolean).length;
}

let db: Db;
let tool: ToolRecord;
let fixture: Awaited<ReturnType<typeof practitionerFixture>>;

function allAnswers(choice: string): Answers {
  return Object.fromEntries(Object.keys(tool.definition.items).map((name) => [name, choice]));
}

beforeAll(async () => {
  db = await createTestDb();
  // The quick path reads the app's own database handle, as it does when serving.
  globalThis.__appDb = db;
  fixture = await practitionerFixture(db);
  tool = fixture.tool;
});
afterAll(async () => {
  globalThis.__appDb = undefined;
  await db.destroy();
});

describe("the start-up rehearsal", () => {
  it("has nothing to rehearse while no survey is open", async () => {
    const before = await snapshot(db, "all");
    await expect(rehearsalPages(10)).resolves.toBeNull();
    expect(differences(before, await snapshot(db, "all"))).toEqual([]);
  });

  it("takes every step of a real response and keeps nothing: every table is the same, row for row", async () => {
    const opened = await fixture.open();
    // Some real responses first, so the tallies the rehearsal adds to (and rolls back) already hold counts.
    for (const choice of ["agree", "disagree", "dont_know"])
      expect(await submitPractitionerResponse(db, opened.tokens[0], { roleGroup: "frontline", answers: allAnswers(choice) })).toEqual({ ok: true });
    const before = await snapshot(db, "all");
    for (let wave = 0; wave < 3; wave += 1) await expect(rehearse(20)).resolves.toBe(20);
    expect(differences(before, await snapshot(db, "all"))).toEqual([]);
    expect((await db("practitioner_surveys").where({ id: opened.surveyId }).first()).responses_stored).toBe(3);
  });

  it("builds last pages the quick path accepts, across the role groups and answers", async () => {
    const pages = await rehearsalPages(8);
    if (!pages) throw new Error("no pages to rehearse");
    const token = pages.path.slice("/p/".length, pages.path.indexOf("?"));
    expect(pages.path).toBe(`/p/${token}?index`);
    const bodies = pages.bodies.map((body) => new URLSearchParams(body));
    const roles = new Set(bodies.map((body) => JSON.parse(body.get("_state") ?? "{}").role));
    expect([...roles].sort()).toEqual(["frontline", "manager", "other", null].sort());
    const firstAnswers = new Set(bodies.map((body) => JSON.parse(body.get("_state") ?? "{}").answers.p1));
    expect(firstAnswers.size).toBeGreaterThan(2);
    // One sent for real (not as a rehearsal) is stored like any practitioner's: the pages are what the form posts.
    const surveyId = (await db("practitioner_links").where({ token }).first()).survey_id as number;
    const before = (await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored;
    const sent = await quickSubmit({ token, body: bodies[0].toString(), request: request(token), clientIp: "10.0.0.1" });
    expect(sent).toMatchObject({ location: `/p/${token}/thanks` });
    expect((await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored).toBe(before + 1);
  });

  it("counts against no link's or address's flood limit", async () => {
    resetFloodLimits();
    // More than a link's hour of answers, from one address.
    for (let wave = 0; wave < 8; wave += 1) await expect(rehearse(50)).resolves.toBe(50);
    const token = (await db("practitioner_links").orderBy("id").first()).token as string;
    // Every place an hour is still free, for the link and for the address the rehearsal came from.
    const taken = Array.from({ length: PER_ADDRESS_PER_HOUR }, () => takeResponseSlot(token, "127.0.0.1").ok);
    expect(taken.every(Boolean)).toBe(true);
    expect(takeResponseSlot(token, "127.0.0.1").ok).toBe(false);
    const more = Array.from({ length: PER_LINK_PER_HOUR - PER_ADDRESS_PER_HOUR }, (_, n) => takeResponseSlot(token, `10.1.${Math.floor(n / 50)}.${n % 50}`).ok);
    expect(more.every(Boolean)).toBe(true);
    resetFloodLimits();
  });

  it("never takes a real response sent at the same moment down with its rollback", async () => {
    const token = (await db("practitioner_links").orderBy("id").first()).token as string;
    const surveyId = (await db("practitioner_links").where({ token }).first()).survey_id as number;
    const before = (await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored;
    const real = Array.from({ length: 10 }, () => submitPractitionerResponse(db, token, { roleGroup: "manager", answers: allAnswers("agree") }));
    const [rehearsed, ...results] = await Promise.all([rehearse(60), ...real]);
    expect(rehearsed).toBe(60);
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ ok: true })));
    expect((await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored).toBe(before + 10);
    expect(Number((await db("practitioner_responses").where({ survey_id: surveyId }).count({ n: "*" }))[0].n)).toBe(before + 10);
  });
});
