import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { closePractitionerSurvey, submitPractitionerResponse } from "~/data/practitioner.server";
import { getAssuranceReport } from "~/data/reports/assurance.server";
import type { Viewer } from "~/domain/permissions";
import { demoDatabase } from "../support/factories";

/*
 * The assurance view is kept while its inputs are unchanged (decision 027): the baseline and the survey's
 * results through their own fingerprinted caches, the scorecard's and case audits' latest grades by value.
 * Any change to any of them gives a new view, never a stale one.
 */

let db: Db;
let qa: Viewer;
let cycleId: number;

beforeAll(async () => {
  const demo = await demoDatabase();
  ({ db, qa } = demo);
  cycleId = await demo.cycleIdOf("Section 11 audit 2026");
});
afterAll(() => db.destroy());

describe("the assurance view's cache", () => {
  it("gives the same view while nothing it is built from changes", async () => {
    const first = await getAssuranceReport(db, qa, cycleId);
    expect(first).not.toBeNull();
    expect(await getAssuranceReport(db, qa, cycleId)).toBe(first);
  });

  it("is kept while a running survey takes answers (its figures are held), and rebuilt when it closes", async () => {
    const before = (await getAssuranceReport(db, qa, cycleId))!;
    const running = await db("practitioner_surveys").where({ cycle_id: cycleId }).orderBy("id", "desc").first("id", "tool_id");
    const link = await db("practitioner_links").where({ survey_id: running.id }).first("token");
    const tool = await db("tools").where({ id: running.tool_id }).first("definition");
    const answers = Object.fromEntries(Object.keys(JSON.parse(tool.definition).items).map((name) => [name, "agree"]));
    expect(await submitPractitionerResponse(db, link.token, { roleGroup: null, answers })).toEqual({ ok: true });
    expect(await getAssuranceReport(db, qa, cycleId)).toBe(before);
    expect(await closePractitionerSurvey(db, qa, running.id)).toEqual({ ok: true });
    const after = (await getAssuranceReport(db, qa, cycleId))!;
    expect(after).not.toBe(before);
    expect(await getAssuranceReport(db, qa, cycleId)).toBe(after);
  });

  it("is rebuilt when a scorecard figure changes a linked standard's RAG", async () => {
    const before = (await getAssuranceReport(db, qa, cycleId))!;
    const rag = (report: typeof before) => report.standards.find((standard) => standard.code === "S11-10")?.indicators?.[0]?.rag;
    expect(rag(before)).toBe("amber");
    // RR-12's latest quarter: 150/602 (24.9%, amber against 22 within 3) becomes 200/602 (33.2%, red).
    const indicator = await db("indicators").where({ code: "RR-12" }).first("id");
    const latest = await db("observations").where({ indicator_id: indicator.id }).orderBy("period", "desc").first("id");
    await db("observations").where({ id: latest.id }).update({ numerator: 200, value: (200 / 602) * 100 });
    const after = (await getAssuranceReport(db, qa, cycleId))!;
    expect(after).not.toBe(before);
    expect(rag(after)).toBe("red");
  });

  it("is rebuilt when a return's score changes the baseline", async () => {
    const before = (await getAssuranceReport(db, qa, cycleId))!;
    const first = await db("returns").where({ cycle_id: cycleId }).orderBy("id").first("id");
    await db("returns").where({ id: first.id }).increment("revision", 1);
    const after = (await getAssuranceReport(db, qa, cycleId))!;
    expect(after).not.toBe(before);
    expect(after).toEqual(before);
  });
});
