import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgres, type Db } from "~/data/db.server";
import { getPublicSurvey, submitPractitionerResponse } from "~/data/practitioner.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Answers } from "~/domain/scoring";
import { createTestDb, practitionerFixture } from "../support/factories";

/*
 * Practitioners sending at the same moment are stored together (group commit, decision 027): fewer
 * transactions than responses, every response kept and counted, and one that cannot be stored fails alone.
 */

let db: Db;
let tool: ToolRecord;
let tokens: string[];
let surveyId: number;

function allAnswers(choice: string): Answers {
  return Object.fromEntries(Object.keys(tool.definition.items).map((name) => [name, choice]));
}

/** The statements of `work` that store responses, as knex runs them. */
async function responseInserts(work: () => Promise<unknown>): Promise<number> {
  let inserts = 0;
  const listen = (query: { sql: string }) => {
    if (/^insert into [`"]?practitioner_responses[`"]? /i.test(query.sql)) inserts += 1;
  };
  db.client.on("query", listen);
  try {
    await work();
  } finally {
    db.client.off("query", listen);
  }
  return inserts;
}

beforeAll(async () => {
  db = await createTestDb();
  const fixture = await practitionerFixture(db);
  tool = fixture.tool;
  ({ surveyId, tokens } = await fixture.open());
});
afterAll(() => db.destroy());

describe("practitioners sending at the same moment", () => {
  it("are stored together, each one kept, counted and tallied once", async () => {
    const inserts = await responseInserts(() =>
      Promise.all(
        Array.from({ length: 30 }, (_, n) =>
          submitPractitionerResponse(db, tokens[n % 2], { roleGroup: n % 3 === 0 ? "manager" : "frontline", answers: allAnswers(n % 5 === 0 ? "disagree" : "agree") }).then((result) =>
            expect(result).toEqual({ ok: true }),
          ),
        ),
      ),
    );
    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThan(30);
    expect(Number((await db("practitioner_responses").where({ survey_id: surveyId }).count({ n: "*" }))[0].n)).toBe(30);
    expect((await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored).toBe(30);
    // Every standard's tallies add up to exactly the 30 responses: none counted twice, none lost.
    const perStandard: { standard_code: string; responses: number | string }[] = await db("practitioner_tallies")
      .where({ survey_id: surveyId })
      .groupBy("standard_code")
      .select("standard_code", db.raw("sum(responses) as responses"));
    expect(perStandard.length).toBeGreaterThan(0);
    for (const row of perStandard) expect(Number(row.responses)).toBe(30);
  });

  it("fail one at a time: a response that cannot be stored costs nobody else theirs", async () => {
    const before = (await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored;
    const good = await getPublicSurvey(db, tokens[0]);
    if (!good) throw new Error("link not found");
    // A survey deleted between reading the link and storing: its response breaks the batch's foreign key.
    const gone = { ...good, surveyId: 987654 };
    const results = await Promise.allSettled([
      submitPractitionerResponse(db, good, { roleGroup: null, answers: allAnswers("agree") }),
      submitPractitionerResponse(db, gone, { roleGroup: null, answers: allAnswers("agree") }),
      submitPractitionerResponse(db, good, { roleGroup: "other", answers: allAnswers("disagree") }),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored).toBe(before + 2);
    expect(Number((await db("practitioner_responses").where({ survey_id: surveyId }).count({ n: "*" }))[0].n)).toBe(before + 2);
    expect(await db("practitioner_responses").where({ survey_id: 987654 })).toEqual([]);
  });

  it("are never told they were stored when the COMMIT itself fails", async () => {
    // A check the database makes only at COMMIT (a deferred foreign key, set off by a trigger on every stored
    // response) stands in for a disk that fills up or a connection that drops as the answers are committed.
    const before = (await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored;
    await db.raw("create table commit_probe (survey_id integer references practitioner_surveys(id) deferrable initially deferred)");
    if (isPostgres(db)) {
      await db.raw(
        "create function commit_probe_fn() returns trigger language plpgsql as $$ begin insert into commit_probe values (987654); return null; end $$",
      );
      await db.raw("create trigger commit_probe_after after insert on practitioner_responses for each statement execute function commit_probe_fn()");
    } else {
      await db.raw("create trigger commit_probe_after after insert on practitioner_responses begin insert into commit_probe values (987654); end");
    }
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 3 }, () => submitPractitionerResponse(db, tokens[0], { roleGroup: null, answers: allAnswers("agree") })),
      );
      expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "rejected"]);
    } finally {
      await db.raw("drop trigger commit_probe_after" + (isPostgres(db) ? " on practitioner_responses" : ""));
      if (isPostgres(db)) await db.raw("drop function commit_probe_fn()");
      await db.raw("drop table commit_probe");
    }
    expect((await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored).toBe(before);
    expect(Number((await db("practitioner_responses").where({ survey_id: surveyId }).count({ n: "*" }))[0].n)).toBe(before);
  });

  it("still store a lone response straight away", async () => {
    const before = (await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored;
    const inserts = await responseInserts(() => submitPractitionerResponse(db, tokens[1], { roleGroup: null, answers: allAnswers("agree") }));
    expect(inserts).toBe(1);
    expect((await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored).toBe(before + 1);
  });
});
