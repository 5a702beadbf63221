import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { getReturn } from "~/data/returns.server";
import { rescoreCycle, saveReturnPage, storeScore, submitReturn } from "~/data/return-edits.server";
import type { ToolRecord } from "~/data/tools.server";
import { scoreAnswers } from "~/domain/score-answers";
import { SCORING_RULES_VERSION, scoreReturn } from "~/domain/scoring";
import { visibleQuestions } from "~/domain/survey-engine";
import { SIGNOFF, answerReturn, createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, pageNames, returnIdOf } from "../support/factories";

/* DESIGN §5–§6: the lead signs off a complete return; it is scored, versioned and locked in one go. */

let db: Db;
let tool: ToolRecord;

async function freshReturn(options: { dueOn?: string } = {}) {
  const people = await makeAgencyWithPeople(db);
  const cycleId = await makeCycle(db, tool, { agencyIds: [people.agency.id] }, options);
  return { ...people, id: await returnIdOf(db, cycleId, people.agency.id) };
}

/** A complete return with mixed answers (so the scores are not all the same) and one N/A with its reason. */
async function answerMixed(viewer: Parameters<typeof answerReturn>[1], id: number) {
  const pages = pageNames(tool);
  await answerReturn(db, viewer, tool, id, { pages: pages.slice(0, 4), choice: "fully", selfRating: "fully" });
  await answerReturn(db, viewer, tool, id, { pages: pages.slice(4, 8), choice: "mostly", selfRating: "mostly" });
  await answerReturn(db, viewer, tool, id, { pages: pages.slice(8), choice: "partly", selfRating: "fully" });
  const saved = await saveReturnPage(db, viewer, id, "S11-5", { s11_5_q2: "na", s11_5_q2_na: "Not commissioned here.", s11_5_q3: "not" });
  expect(saved.ok).toBe(true);
}

async function auditOf(id: number, action: string) {
  return db("audit_log").where({ entity_type: "return", entity_id: String(id), action });
}

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
});

afterAll(async () => {
  await db.destroy();
});

describe("submitReturn", () => {
  it("refuses a return with required answers missing, listing them, and changes nothing", async () => {
    const { lead, id } = await freshReturn();
    await answerReturn(db, lead, tool, id, { pages: pageNames(tool).slice(0, 11) });
    const before = await db("returns").where({ id }).first();

    const result = await submitReturn(db, lead, id, SIGNOFF);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ status: 422 });
    const errors = !result.ok && "errors" in result ? result.errors : [];
    // Page S11-12 was never answered: its five rated questions and its evidence are required.
    expect(errors.map((error) => error.name).sort()).toEqual(["s11_12_evidence", "s11_12_q1", "s11_12_q2", "s11_12_q3", "s11_12_q4", "s11_12_q5"]);
    expect(errors.every((error) => error.page === "S11-12" && error.kind === "required" && error.message.length > 0)).toBe(true);

    expect(await db("returns").where({ id }).first()).toEqual(before);
    expect(await db("scores").where({ return_id: id })).toEqual([]);
    expect(await auditOf(id, "return.submit")).toEqual([]);
  });

  it("refuses an N/A answer without its reason", async () => {
    const { lead, id } = await freshReturn();
    await answerReturn(db, lead, tool, id);
    await saveReturnPage(db, lead, id, "S11-3", { s11_3_q4: "na" });
    const result = await submitReturn(db, lead, id, SIGNOFF);
    expect(result).toMatchObject({ ok: false, status: 422, errors: [{ name: "s11_3_q4_na", page: "S11-3", kind: "required" }] });
  });

  it("lets only the agency lead submit: a contributor is refused with a conflict", async () => {
    const { member, id } = await freshReturn();
    await answerReturn(db, member, tool, id);
    expect(await submitReturn(db, member, id, SIGNOFF)).toEqual({ ok: false, status: 409, message: "Only your agency lead can sign off and submit the return" });
    expect((await db("returns").where({ id }).first()).status).toBe("in_progress");
  });

  it("refuses another agency's lead and partnership roles as not found", async () => {
    const { lead, id } = await freshReturn();
    await answerReturn(db, lead, tool, id);
    const stranger = await freshReturn();
    for (const viewer of [stranger.lead, await makeUser(db, "admin"), await makeUser(db, "qa")]) {
      expect(await submitReturn(db, viewer, id, SIGNOFF)).toEqual({ ok: false, status: 404, message: "Return not found" });
    }
    expect((await db("returns").where({ id }).first()).status).toBe("in_progress");
  });

  it("stores the status, the sign-off and a current score computed from the same answers as the domain does", async () => {
    const { lead, id } = await freshReturn();
    await answerMixed(lead, id);
    expect(await submitReturn(db, lead, id, SIGNOFF)).toEqual({ ok: true });

    const row = await db("returns").where({ id }).first();
    expect(row).toMatchObject({ status: "submitted", submitted_by: lead.id, signoff_name: SIGNOFF.name, signoff_role: SIGNOFF.role, signoff_date: SIGNOFF.date });
    expect(row.submitted_at).toEqual(expect.any(String));

    const detail = (await getReturn(db, lead, id))!;
    expect(detail.signoff).toEqual(SIGNOFF);
    const expected = scoreAnswers(tool.definition, detail.answers);

    const scores = await db("scores").where({ return_id: id });
    expect(scores).toHaveLength(1);
    expect(scores[0]).toMatchObject({ tool_version: "2026.1", rules_version: SCORING_RULES_VERSION, overall_band: expected.overall.band });
    expect(Boolean(scores[0].is_current)).toBe(true);
    expect(scores[0].overall_percent).toBe(expected.overall.percent);
    expect(scores[0]).toMatchObject({ completeness_answered: expected.completeness.answered, completeness_total: expected.completeness.total });
    expect(JSON.parse(scores[0].dimensions)).toEqual(expected.dimensions);

    const standardRows = await db("standard_scores").where({ score_id: scores[0].id }).orderBy("id");
    expect(standardRows).toHaveLength(tool.definition.standards.length);
    expect(standardRows.map((standard) => [standard.standard_code, standard.percent, standard.band, standard.essential_cap, standard.self_rating])).toEqual(
      expected.standards.map((standard) => [standard.code, standard.percent, standard.band, standard.essentialCap, standard.selfRating]),
    );
    // The mix is real: the stored standard percentages are not all the same, and the N/A item counted as such.
    expect(new Set(standardRows.map((standard) => standard.percent)).size).toBeGreaterThan(2);
    expect(standardRows.find((standard) => standard.standard_code === "S11-5")).toMatchObject({ not_applicable: 1, included: 4 });

    expect(detail.score).toMatchObject({ toolVersion: "2026.1", rulesVersion: SCORING_RULES_VERSION, overallPercent: expected.overall.percent, overallBand: expected.overall.band });
  });

  it("writes the submission to the audit log with the sign-off and overall score", async () => {
    const { lead, id } = await freshReturn();
    await answerReturn(db, lead, tool, id, { choice: "fully" });
    await submitReturn(db, lead, id, SIGNOFF);
    const entries = await auditOf(id, "return.submit");
    expect(entries).toHaveLength(1);
    expect(entries[0].user_id).toBe(lead.id);
    expect(JSON.parse(entries[0].summary)).toEqual({ signoff: SIGNOFF, overallPercent: 100, overallBand: "fully", rulesVersion: SCORING_RULES_VERSION });
  });

  it("refuses to submit the same return twice", async () => {
    const { lead, id } = await freshReturn();
    await answerReturn(db, lead, tool, id);
    await submitReturn(db, lead, id, SIGNOFF);
    expect(await submitReturn(db, lead, id, SIGNOFF)).toEqual({ ok: false, status: 409, message: "This return has already been submitted" });
    expect(await db("scores").where({ return_id: id })).toHaveLength(1);
  });

  it("marks a return submitted after its due date as late, and one before it as not late", async () => {
    const late = await freshReturn({ dueOn: "2000-01-31" });
    const onTime = await freshReturn({ dueOn: "2099-01-31" });
    for (const { lead, id } of [late, onTime]) {
      await answerReturn(db, lead, tool, id);
      await submitReturn(db, lead, id, SIGNOFF);
    }
    expect((await getReturn(db, late.lead, late.id))?.late).toBe(true);
    expect((await getReturn(db, onTime.lead, onTime.id))?.late).toBe(false);
  });
});

describe("storeScore", () => {
  it("keeps the earlier score, marked not current, beside a re-score under changed rules", async () => {
    const { lead, id } = await freshReturn();
    await answerMixed(lead, id);
    await submitReturn(db, lead, id, SIGNOFF);
    const answers = (await getReturn(db, lead, id))!.answers;
    const first = scoreAnswers(tool.definition, answers);

    // Changed rules: same answers, a new rules version and (say) a stricter overall figure.
    const rescored = { ...first, rulesVersion: "test-2", overall: { percent: 12.5, band: "not", essentialCap: false } };
    await storeScore(db, id, rescored);

    const scores = await db("scores").where({ return_id: id }).orderBy("id");
    expect(scores.map((score) => [Boolean(score.is_current), score.rules_version, score.overall_percent])).toEqual([
      [false, SCORING_RULES_VERSION, first.overall.percent],
      [true, "test-2", 12.5],
    ]);
    for (const score of scores) expect(await db("standard_scores").where({ score_id: score.id })).toHaveLength(tool.definition.standards.length);

    const detail = (await getReturn(db, lead, id))!;
    expect(detail.score).toMatchObject({ rulesVersion: "test-2", overallPercent: 12.5, overallBand: "not" });
    expect(detail.overallPercent).toBe(12.5);
  });

  it("re-scores a cycle's returns scored under rules v1, keeping the v1 figures beside the v2 ones", async () => {
    const { lead, id } = await freshReturn();
    await answerReturn(db, lead, tool, id);
    // The safeguarding policy answered not applicable: v1 left it out, v2 counts it as not met.
    await db("returns").where({ id }).update({ answers: JSON.stringify({ ...JSON.parse((await db("returns").where({ id }).first()).answers), s11_3_q1: "na", s11_3_q1_na: "We follow the council's policy." }) });
    await submitReturn(db, lead, id, SIGNOFF);
    const answers = (await getReturn(db, lead, id))!.answers;
    const v1 = scoreReturn(tool.definition, answers, visibleQuestions(tool.definition.survey, answers), "1");
    await storeScore(db, id, v1);
    const cycleId = (await db("returns").where({ id }).first()).cycle_id;

    expect(await rescoreCycle(db, null, cycleId)).toEqual({ rescored: 1, current: 0 });
    const detail = (await getReturn(db, lead, id))!;
    expect(detail.score).toMatchObject({ rulesVersion: "2" });
    expect(detail.score!.standards.find((standard) => standard.code === "S11-3")).toMatchObject({ band: "not", essentialCap: "lowest" });
    expect(detail.score!.unmetEssentials).toContainEqual({ standard: "S11-3", item: "s11_3_q1", answer: "na" });
    expect(detail.earlierScore).toMatchObject({ rulesVersion: "1", overallPercent: v1.overall.percent, unmetEssentials: null });
    expect(detail.earlierScore!.standards.find((standard) => standard.code === "S11-3")!.band).not.toBe("not");
    // Already current: a second run changes nothing.
    expect(await rescoreCycle(db, null, cycleId)).toEqual({ rescored: 0, current: 1 });
    expect(await db("audit_log").where({ action: "return.rescore", entity_id: String(id) })).toHaveLength(1);
  });

  it("leaves the previous score current when storing a new one fails part-way", async () => {
    const { lead, id } = await freshReturn();
    await answerReturn(db, lead, tool, id);
    await submitReturn(db, lead, id, SIGNOFF);
    const before = await db("scores").where({ return_id: id });
    const good = scoreAnswers(tool.definition, (await getReturn(db, lead, id))!.answers);
    // A standard row the database refuses (no code) fails after the score row itself was written.
    const broken = { ...good, standards: [{ ...good.standards[0], code: null as unknown as string }] };
    await expect(storeScore(db, id, broken)).rejects.toThrow();
    expect(await db("scores").where({ return_id: id })).toEqual(before);
    expect((await getReturn(db, lead, id))!.score?.overallPercent).toBe(good.overall.percent);
  });
});
