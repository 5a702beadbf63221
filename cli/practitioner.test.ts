import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrate, type Db } from "~/data/db.server";
import { importTool } from "~/data/tools.server";
import { importS11, makeAgencyWithPeople, makeCycle, returnIdOf, submitFullReturn } from "../tests/support/factories";
import { cliAgainst } from "../tests/support/cli";

/*
 * practitioner:open, practitioner:import and `report assurance` on a real migrated database: a cycle of
 * two agencies, one submitted rating itself "fully" everywhere; ten paper responses from its staff that
 * mostly disagree make a staff-evidence gap in the assurance JSON.
 */

let dir: string;
let url: string;
let db: Db;
let cycleId: number;

const run = cliAgainst(() => url);
const cli = (argv: string[]) => run(...argv);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-practitioner-"));
  url = `file:${path.join(dir, "app.db")}`;
  db = createDb(url);
  await migrate(db);
  const tool = await importS11(db);
  const imported = await importTool(db, null, JSON.parse(fs.readFileSync("surveys/practitioner-s11/2026.1.json", "utf8")));
  if (!imported.ok) throw new Error(imported.errors.join("; "));
  const police = await makeAgencyWithPeople(db, { name: "Northshire Police", sector: "police" });
  await makeAgencyWithPeople(db, { name: "Northshire Homes", sector: "housing" });
  cycleId = await makeCycle(db, tool, { all: true });
  await submitFullReturn(db, police.lead, tool, await returnIdOf(db, cycleId, police.agency.id), { choice: "fully", selfRating: "fully" });
});

afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("practitioner survey on the command line", () => {
  it("opens a survey, loads paper responses all at once, and the assurance report shows the gap", async () => {
    const opened = await cli(["practitioner:open", String(cycleId), "--tool", "practitioner-s11@2026.1", "--closes", "2099-12-31"]);
    expect(opened.err).toEqual([]);
    expect(opened.code).toBe(0);
    const surveyId = opened.out[0];
    expect(surveyId).toMatch(/^\d+$/);
    expect(opened.out.slice(1)).toEqual([
      expect.stringMatching(/^Northshire Homes\thttp:\/\/localhost:\d+\/p\/[A-Za-z0-9_-]{22}$/),
      expect.stringMatching(/^Northshire Police\t.+\/p\/[A-Za-z0-9_-]{22}$/),
    ]);

    const questions = Array.from({ length: 16 }, (_, index) => `p${index + 1}`);
    const lines = ["response,agency,role,question,value"];
    for (let person = 1; person <= 10; person += 1) {
      for (const question of questions)
        lines.push(`${person},Northshire Police,${person <= 5 ? "frontline" : ""},${question},${person <= 2 ? "agree" : "disagree"}`);
    }
    const csv = path.join(dir, "paper.csv");
    fs.writeFileSync(csv, `${lines.join("\n")}\n`);
    const imported = await cli(["practitioner:import", surveyId, csv]);
    expect(imported.err).toEqual([]);
    expect(imported.out).toEqual([`Imported 10 responses into practitioner survey ${surveyId}`]);
    expect(await db("practitioner_responses").count({ n: "*" }).first()).toEqual({ n: 10 });

    // Held while the survey runs; closed, its results show.
    const heldOut = path.join(dir, "held.json");
    expect((await cli(["report", "assurance", "--cycle", String(cycleId), "--format", "json", "--out", heldOut])).err).toEqual([]);
    const held = JSON.parse(fs.readFileSync(heldOut, "utf8"));
    const heldPolice = held.agencies.find((row: { agency: { name: string } }) => row.agency.name === "Northshire Police");
    expect(heldPolice.standards.find((cell: { code: string }) => cell.code === "S11-1")).toMatchObject({
      staff: { suppressed: true },
      gaps: [],
    });
    const closed = await cli(["practitioner:close", surveyId]);
    expect(closed).toMatchObject({ code: 0, err: [], out: [`Closed practitioner survey ${surveyId}: its results now show`] });
    expect(await cli(["practitioner:close", surveyId])).toMatchObject({ code: 1, err: ["This survey is already closed"] });
    expect(await cli(["practitioner:close", "abc"])).toMatchObject({
      code: 1,
      err: ['<survey-id>: give the survey\'s id as a number (practitioner:open prints it), not "abc"'],
    });
    expect(await cli(["practitioner:close", "999999"])).toMatchObject({ code: 1, err: ["There is no practitioner survey 999999"] });

    const out = path.join(dir, "assurance.json");
    const report = await cli(["report", "assurance", "--cycle", String(cycleId), "--format", "json", "--out", out]);
    expect(report.err).toEqual([]);
    const model = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(model.minGroup).toBe(10);
    const police = model.agencies.find((row: { agency: { name: string } }) => row.agency.name === "Northshire Police");
    expect(police.agency).toEqual({ id: expect.any(Number), name: "Northshire Police", sector: "police" });
    const leadership = police.standards.find((cell: { code: string }) => cell.code === "S11-1");
    // 2 of 10 agree: 20%, Not met, against a self rating of Fully met.
    expect(leadership).toMatchObject({
      selfRating: "fully",
      computedBand: "fully",
      moderatedRating: null,
      staff: { percent: 20, band: "not", n: 10 },
      caseAudit: null,
      gaps: ["staff"],
    });
    // The housing agency has a link but no responses and no return: nothing to show, nothing to call a gap.
    const homes = model.agencies.find((row: { agency: { name: string } }) => row.agency.name === "Northshire Homes");
    expect(homes.standards[0]).toMatchObject({ selfRating: null, staff: { suppressed: true }, gaps: [] });
  });
});
