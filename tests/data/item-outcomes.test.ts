import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { getBaselineReport } from "~/data/reports/baseline.server";
import { storeScore } from "~/data/return-edits.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { itemOutcomesOfAnswers, packItemOutcomes } from "~/domain/reports/baseline-items";
import { scoreAnswers } from "~/domain/score-answers";
import type { Answers } from "~/domain/scoring";
import { listQuestions } from "~/domain/survey-json";
import { createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, returnIdOf, submitFullReturn } from "../support/factories";

/*
 * Each score keeps its items' outcomes (decision 026; packed in the tool's item order since decision 028), and the baseline's item view counts those instead of
 * re-scoring every return's answers. The proof that nothing changed: the same returns counted from the
 * stored outcomes and, with them cleared, from the answers, give the same item view, for answers that
 * include "not applicable" (essential ones too), unanswered items and questions the answers hide.
 */

let db: Db;
let tool: ToolRecord;
let cycleId: number;
let qa: Viewer;

/** Deterministic, varied answers: each scored question gets one of its choices, N/A or nothing in turn. */
function variedAnswers(seed: number): Answers {
  const answers: Answers = {};
  listQuestions(tool.definition.survey).forEach((question, index) => {
    const rule = tool.definition.items[question.name];
    if (!rule?.points) return;
    const choices: (string | null)[] = [...Object.keys(rule.points), ...(rule.notApplicable ?? []), null];
    const pick = choices[(seed * 7 + index * 3) % choices.length];
    if (pick !== null) answers[question.name] = pick;
  });
  return answers;
}

const withoutCache = () => {
  process.env.REPORT_CACHE = "off";
};

beforeAll(async () => {
  db = await createTestDb();
  tool = await importS11(db);
  qa = await makeUser(db, "qa");
  const agencies = [];
  for (let index = 0; index < 12; index += 1) agencies.push(await makeAgencyWithPeople(db, { name: `Agency ${String(index).padStart(2, "0")}`, sector: "health" }));
  cycleId = await makeCycle(db, tool, { all: true });
  // One return submitted the way an agency does; the rest given varied answers and scored as a submit scores them.
  await submitFullReturn(db, agencies[0].lead, tool, await returnIdOf(db, cycleId, agencies[0].agency.id), { choice: "partly" });
  for (let index = 1; index < agencies.length; index += 1) {
    const returnId = await returnIdOf(db, cycleId, agencies[index].agency.id);
    const answers = variedAnswers(index);
    await db("returns").where({ id: returnId }).update({ answers: JSON.stringify(answers), status: "submitted", submitted_at: "2026-11-02T10:00:00.000Z" });
    await storeScore(db, returnId, scoreAnswers(tool.definition, answers));
  }
});

afterEach(() => {
  delete process.env.REPORT_CACHE;
});

afterAll(async () => {
  await db.destroy();
});

describe("item outcomes stored with each score", () => {
  it("are written by a submit and by every stored score, packed in the tool's item order", async () => {
    const rows = await db("scores").where({ is_current: true }).select("item_outcomes", "return_id");
    expect(rows).toHaveLength(12);
    const itemCount = Object.keys(tool.definition.items).length;
    for (const row of rows) {
      const packed = JSON.parse(row.item_outcomes as string) as unknown[];
      expect(packed).toHaveLength(2 * itemCount);
      const { answers } = await db("returns").where({ id: row.return_id }).select("answers").first();
      expect(packed).toEqual(packItemOutcomes(scoreAnswers(tool.definition, JSON.parse(answers as string) as Answers)));
    }
  });

  it("reach the report with each standard's stored percent exactly, through the JSON the scores are read as (decision 028)", async () => {
    withoutCache();
    const report = (await getBaselineReport(db, qa, cycleId))!;
    const stored = await db("standard_scores")
      .join("scores", "scores.id", "standard_scores.score_id")
      .join("returns", "returns.id", "scores.return_id")
      .join("agencies", "agencies.id", "returns.agency_id")
      .where({ "scores.is_current": true, "returns.cycle_id": cycleId })
      .select("agencies.name", "standard_scores.standard_code", "standard_scores.percent", "standard_scores.band", "standard_scores.self_rating");
    // Thirds and sevenths, not just round numbers: a JSON text that kept fewer digits would change them.
    expect(stored.some((row) => typeof row.percent === "number" && !Number.isInteger(row.percent * 1000))).toBe(true);
    for (const row of stored) {
      const cell = report.agencies.find((agency) => agency.agency.name === row.name)!.standards.find((standard) => standard.code === row.standard_code)!;
      expect([cell.percent, cell.band, cell.selfRating]).toEqual([row.percent ?? null, row.band ?? null, row.self_rating ?? null]);
    }
  });

  it("give the same item view when stored keyed, as before decision 028", async () => {
    withoutCache();
    const packed = (await getBaselineReport(db, qa, cycleId))!.items;
    const rows = await db("scores").join("returns", "returns.id", "scores.return_id").where({ is_current: true }).select("scores.id", "returns.answers");
    for (const row of rows) {
      const keyed = itemOutcomesOfAnswers(tool.definition, JSON.parse(row.answers as string) as Answers);
      await db("scores").where({ id: row.id }).update({ item_outcomes: JSON.stringify(keyed) });
    }
    expect((await getBaselineReport(db, qa, cycleId))!.items).toEqual(packed);
    for (const row of rows) {
      const answers = JSON.parse(row.answers as string) as Answers;
      await db("scores").where({ id: row.id }).update({ item_outcomes: JSON.stringify(packItemOutcomes(scoreAnswers(tool.definition, answers))) });
    }
  });

  it("give the same item view as the answers they came from, N/A, unanswered and hidden items included", async () => {
    withoutCache();
    const stored = (await getBaselineReport(db, qa, cycleId))!.items;
    // The view must exercise every kind of outcome, or the comparison proves little.
    expect(stored.returnsCounted).toBe(12);
    expect(stored.rows.some((row) => row.notApplicable > 0)).toBe(true);
    expect(stored.rows.some((row) => row.notAnswered > 0)).toBe(true);
    expect(stored.rows.some((row) => row.unmet > 0 && row.belowMax > row.unmet)).toBe(true);

    await db("scores").update({ item_outcomes: null });
    const fromAnswers = (await getBaselineReport(db, qa, cycleId))!.items;
    expect(fromAnswers).toEqual(stored);
  });

  it("are worked out from the answers when what is stored cannot be read", async () => {
    withoutCache();
    const expected = (await getBaselineReport(db, qa, cycleId))!.items;
    await db("scores").update({ item_outcomes: JSON.stringify({ anything: ["one", 2] }) });
    expect((await getBaselineReport(db, qa, cycleId))!.items).toEqual(expected);
    // A packed list of the wrong length (another tool's items) is not read against this tool's items.
    await db("scores").update({ item_outcomes: JSON.stringify([2, 3, "na", null]) });
    expect((await getBaselineReport(db, qa, cycleId))!.items).toEqual(expected);
  });
});
