import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgres, type Db } from "~/data/db.server";
import {
  buildSurveyResults,
  closePractitionerSurvey,
  getPublicSurvey,
  getSurveyResults,
  importPractitionerResponses,
  openPractitionerSurvey,
  submitPractitionerResponse,
} from "~/data/practitioner.server";
import { importTool, type ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import type { Answers } from "~/domain/scoring";
import { createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser } from "../support/factories";

/* Practitioner surveys on a real database (DESIGN §11): opening, anonymous answers, tallies, suppression, import. */

let db: Db;
let qa: Viewer;
let cycleId: number;
let survey: ToolRecord;
let big: { agency: { id: number }; lead: Viewer };
let small: { agency: { id: number }; lead: Viewer };
let tokens: Map<string, string>;
let surveyId: number;

const SURVEY_FILE = "surveys/practitioner-s11/2026.1.json";

/** Every question answered with `choice` (agree, disagree…). */
function allAnswers(tool: ToolRecord, choice: string): Answers {
  return Object.fromEntries(Object.keys(tool.definition.items).map((name) => [name, choice]));
}

async function everyTable(): Promise<Record<string, Record<string, unknown>[]>> {
  const names: string[] = isPostgres(db)
    ? (await db("information_schema.tables").where({ table_schema: "public", table_type: "BASE TABLE" }).select("table_name as name")).map((row: { name: string }) => row.name)
    : (await db("sqlite_master").where({ type: "table" }).whereNot("name", "like", "sqlite_%").select("name")).map((row: { name: string }) => row.name);
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const name of names.filter((table) => !table.startsWith("knex_"))) tables[name] = await db(name).select("*");
  return tables;
}

beforeAll(async () => {
  db = await createTestDb();
  const s11 = await importS11(db);
  const imported = await importTool(db, null, JSON.parse(fs.readFileSync(SURVEY_FILE, "utf8")));
  if (!imported.ok) throw new Error("survey did not import");
  survey = imported.tool;
  qa = await makeUser(db, "qa");
  big = await makeAgencyWithPeople(db, { name: "Big agency", sector: "police" });
  small = await makeAgencyWithPeople(db, { name: "Small agency", sector: "police" });
  await makeAgencyWithPeople(db, { name: "Third agency", sector: "health" });
  await makeAgencyWithPeople(db, { name: "Another small agency", sector: "police" });
  cycleId = await makeCycle(db, s11);
});
afterAll(() => db.destroy());

describe("opening a practitioner survey", () => {
  it("is refused on a cycle of another tool and for a tool that is not a practitioner survey", async () => {
    await expect(openPractitionerSurvey(db, qa.id, { cycleId, toolId: (await db("tools").where({ code: "s11" }).first()).id, opensOn: "2026-01-01", closesOn: "2099-12-31" })).resolves.toMatchObject({ ok: false, status: 409, message: expect.stringContaining("is not a practitioner survey") });
    await expect(openPractitionerSurvey(db, qa.id, { cycleId: 999999, toolId: survey.id, opensOn: "2026-01-01", closesOn: "2099-12-31" })).resolves.toMatchObject({ ok: false, status: 404 });
  });

  it("gives every agency of the cycle one unguessable link", async () => {
    const result = await openPractitionerSurvey(db, qa.id, { cycleId, toolId: survey.id, opensOn: "2026-01-01", closesOn: "2099-12-31" });
    if (!result.ok) throw new Error(result.message);
    surveyId = result.id;
    expect(result.links.map((link) => link.agencyName)).toEqual(["Another small agency", "Big agency", "Small agency", "Third agency"]);
    for (const link of result.links) expect(link.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    tokens = new Map(result.links.map((link) => [link.agencyName, link.token]));
    await expect(openPractitionerSurvey(db, qa.id, { cycleId, toolId: survey.id, opensOn: "2026-01-01", closesOn: "2099-12-31" })).resolves.toMatchObject({ ok: false, message: expect.stringContaining("already has a practitioner survey running") });
  });
});

describe("a practitioner's response", () => {
  it("writes only the response and the tallies: no user, address, browser or time of day anywhere", async () => {
    const before = await everyTable();
    const result = await submitPractitionerResponse(db, tokens.get("Big agency")!, { roleGroup: "frontline", answers: allAnswers(survey, "agree") });
    expect(result).toEqual({ ok: true });
    const after = await everyTable();
    const changed = Object.keys(after).filter((table) => JSON.stringify(after[table]) !== JSON.stringify(before[table]));
    expect(changed.sort()).toEqual(["practitioner_responses", "practitioner_surveys", "practitioner_tallies"]);
    // The survey's row changes only by its count of responses, one more.
    const [surveyBefore] = before.practitioner_surveys;
    const [surveyAfter] = after.practitioner_surveys;
    expect(surveyAfter).toEqual({ ...surveyBefore, responses_stored: Number(surveyBefore.responses_stored) + 1 });
    const [response] = after.practitioner_responses;
    expect(Object.keys(response).sort()).toEqual(["agency_id", "answers", "id", "responded_on", "role_group", "survey_id"]);
    expect(response.responded_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const written = JSON.stringify([after.practitioner_responses, after.practitioner_tallies]);
    expect(written).not.toMatch(/\d{2}:\d{2}/);
    expect(written).not.toMatch(/127\.0\.0\.1|::1|Mozilla|user_id/);
  });

  it("is refused with the question to answer when one is left out, and stores nothing", async () => {
    const answers = allAnswers(survey, "agree");
    delete answers.p5;
    const result = await submitPractitionerResponse(db, tokens.get("Big agency")!, { roleGroup: null, answers });
    expect(result).toMatchObject({ ok: false, status: 400, message: "Select an answer, or Don't know" });
    expect(await db("practitioner_responses").count({ n: "*" }).first()).toEqual({ n: 1 });
  });

  it("is refused for an answer the survey does not offer, and for a link nobody was given", async () => {
    await expect(submitPractitionerResponse(db, tokens.get("Big agency")!, { roleGroup: null, answers: { ...allAnswers(survey, "agree"), p1: "maybe" } })).resolves.toMatchObject({ ok: false, status: 400 });
    await expect(submitPractitionerResponse(db, "AAAAAAAAAAAAAAAAAAAAAA", { roleGroup: null, answers: allAnswers(survey, "agree") })).resolves.toMatchObject({ ok: false, status: 404 });
    expect(await getPublicSurvey(db, "../../etc")).toBeNull();
  });
});

describe("results", () => {
  it("show an agency past the minimum, withhold small ones, with no small group left to subtraction, and keep tallies equal to the responses", async () => {
    for (let index = 0; index < 11; index += 1) {
      await submitPractitionerResponse(db, tokens.get("Big agency")!, { roleGroup: index < 9 ? "frontline" : "manager", answers: allAnswers(survey, index < 3 ? "disagree" : "agree") });
    }
    for (let index = 0; index < 3; index += 1) await submitPractitionerResponse(db, tokens.get("Small agency")!, { roleGroup: null, answers: allAnswers(survey, "disagree") });
    for (let index = 0; index < 8; index += 1) await submitPractitionerResponse(db, tokens.get("Another small agency")!, { roleGroup: null, answers: allAnswers(survey, "agree") });
    for (let index = 0; index < 10; index += 1) await submitPractitionerResponse(db, tokens.get("Third agency")!, { roleGroup: "other", answers: allAnswers(survey, "dont_know") });

    // While the survey runs nothing is shown, not even which role groups have answered: each answer would move
    // the figures, and someone who knew who had just answered could read that person's answers from the change.
    const held = (await buildSurveyResults(db, surveyId))!;
    expect(held.heldUntilClose).toBe(true);
    expect(held.partnership).toEqual({ suppressed: true });
    expect(held.sectors.every((entry) => entry.group.suppressed)).toBe(true);
    expect(held.agencies.every((entry) => entry.total.suppressed && entry.roleGroups.length === 0)).toBe(true);
    expect((await getSurveyResults(db, big.lead, surveyId))?.agencies[0].total).toEqual({ suppressed: true });

    // Closed: shown once, for good.
    expect(await closePractitionerSurvey(db, qa, surveyId)).toEqual({ ok: true });
    const results = (await buildSurveyResults(db, surveyId))!;
    expect(results.heldUntilClose).toBe(false);
    const byName = new Map(results.agencies.map((entry) => [entry.agency.name, entry]));
    const bigTotal = byName.get("Big agency")!.total;
    // 12 responses: 3 disagree, 9 agree on every statement.
    expect(bigTotal).toMatchObject({ suppressed: false, n: 12 });
    if (bigTotal.suppressed) throw new Error("withheld");
    expect(bigTotal.standards["S11-3"]).toEqual({ percent: 75, band: "mostly" });
    // 3 and 8 responses: both withheld, and together (11) they are not a small group, so Big agency stays shown.
    expect(byName.get("Small agency")!.total).toEqual({ suppressed: true });
    expect(byName.get("Another small agency")!.total).toEqual({ suppressed: true });
    // Big agency's role groups: 10 frontline shown would give the 2 managers by subtraction, so both are withheld.
    expect(byName.get("Big agency")!.roleGroups.map((entry) => [entry.roleGroup, entry.group.suppressed])).toEqual([["frontline", true], ["manager", true]]);
    // Everyone at the third agency said "don't know": no percentage, never 0%.
    const third = byName.get("Third agency")!.total;
    expect(third).toMatchObject({ suppressed: false, n: 10, standards: { "S11-3": { percent: null, band: null } } });

    const tallied = await db("practitioner_tallies").where({ survey_id: surveyId, standard_code: "S11-1" }).sum({ responses: "responses" }).first();
    const responses = await db("practitioner_responses").where({ survey_id: surveyId }).count({ n: "*" }).first();
    expect(Number(tallied?.responses)).toBe(Number(responses?.n));
    const counted = await db("practitioner_surveys").where({ id: surveyId }).first("responses_stored");
    expect(Number(counted?.responses_stored)).toBe(Number(responses?.n));
  });

  it("give an agency lead their own agency only, withheld below the minimum", async () => {
    const own = await getSurveyResults(db, big.lead, surveyId);
    expect(own?.agencies.map((entry) => entry.agency.name)).toEqual(["Big agency"]);
    expect(own?.partnership).toEqual({ suppressed: true });
    expect(own?.sectors).toEqual([]);
    const smallOwn = await getSurveyResults(db, small.lead, surveyId);
    expect(smallOwn?.agencies[0].total).toEqual({ suppressed: true });
    const member = await makeUser(db, "agency_member", big.agency.id);
    expect(await getSurveyResults(db, member, surveyId)).toBeNull();
  });
});

describe("importing responses", () => {
  it("stores nothing when any row is wrong, naming the rows", async () => {
    const before = await db("practitioner_responses").count({ n: "*" }).first();
    const result = await importPractitionerResponses(db, null, surveyId, [
      { agencyName: "Big agency", roleGroup: "manager", answers: allAnswers(survey, "agree"), rows: [2, 3] },
      { agencyName: "Nobody", roleGroup: null, answers: allAnswers(survey, "agree"), rows: [4] },
      { agencyName: "Small agency", roleGroup: null, answers: { p1: "agree" }, rows: [5] },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toBe('row 4: "Nobody" has no link in this survey');
    expect(result.errors[1]).toMatch(/^row 5: /);
    expect(await db("practitioner_responses").count({ n: "*" }).first()).toEqual(before);
  });

  it("stores every response of a good file, with today's date only", async () => {
    // The results as shown before (kept while nothing changes), then again once the file is in.
    const shown = (await getSurveyResults(db, qa, surveyId))!;
    expect(await getSurveyResults(db, qa, surveyId)).toBe(shown);
    const result = await importPractitionerResponses(db, null, surveyId, [{ agencyName: "small agency", roleGroup: "manager", answers: allAnswers(survey, "agree"), rows: [2] }]);
    expect(result).toEqual({ ok: true, imported: 1 });
    const after = (await getSurveyResults(db, qa, surveyId))!;
    expect(after).not.toBe(shown);
    expect(after).toEqual(await buildSurveyResults(db, surveyId));
  });
});
