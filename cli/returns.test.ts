import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgency } from "~/data/agencies.server";
import { createCycle, openCycle } from "~/data/cycles.server";
import { createDb, migrate, type Db } from "~/data/db.server";
import { importTool, type ToolRecord } from "~/data/tools.server";
import { cliAgainst } from "../tests/support/cli";

/*
 * returns:import (DESIGN §9): past returns from a spreadsheet, validated like any answer,
 * stored as submitted and scored; one bad row refuses the whole file with row-precise messages.
 */

let dir: string;
let url: string;
let db: Db;
let s11: ToolRecord;
let supervision: ToolRecord;

const cli = cliAgainst(() => url);

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  return target;
}

async function tool(code: string): Promise<ToolRecord> {
  const result = await importTool(db, null, JSON.parse(fs.readFileSync(`surveys/${code}/2026.1.json`, "utf8")));
  if (!result.ok) throw new Error(result.errors.join("; "));
  return result.tool;
}

/** An opened cycle of the tool over the named agencies: its id. */
async function openedCycle(toolRecord: ToolRecord, title: string, agencyNames: string[]): Promise<number> {
  const agencyIds = (await db("agencies").whereIn("name", agencyNames).select("id")).map((row: { id: number }) => row.id);
  const id = await createCycle(db, null, {
    toolId: toolRecord.id,
    title,
    opensOn: "2025-01-06",
    dueOn: "2025-03-31",
    finalDeadlineOn: null,
    selection: { agencyIds },
  });
  const opened = await openCycle(db, null, id);
  if (!opened.ok) throw new Error(opened.message);
  return id;
}

async function returnOf(cycleId: number, agencyName: string) {
  return db("returns")
    .join("agencies", "agencies.id", "returns.agency_id")
    .where({ "returns.cycle_id": cycleId, "agencies.name": agencyName })
    .select("returns.*")
    .first();
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-returns-"));
  url = `file:${path.join(dir, "app.db")}`;
  db = createDb(url);
  await migrate(db);
  s11 = await tool("s11");
  supervision = await tool("supervision");
  for (const [name, sector] of [
    ["Northshire Police", "police"],
    ["Northshire Homes", "housing"],
    ["Riverside Youth Clubs", "voluntary"],
    ["Lakeside Trust", "health"],
  ] as const) {
    await createAgency(db, null, { name, sector, contactEmail: null });
  }
});
afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("returns:import", () => {
  it("imports a past year's returns from CSV as submitted, signed off as imported and scored", async () => {
    const cycleId = await openedCycle(s11, "Section 11 audit 2025", ["Northshire Police", "Northshire Homes", "Lakeside Trust"]);
    const csv = file(
      "s11-2025.csv",
      [
        "Agency,Question,Value",
        "Northshire Police,s11_1_q1,fully",
        "northshire police,s11_1_q2,Mostly met",
        "Northshire Police,s11_1_q3,na",
        'Northshire Police,s11_1_q3_na,"We are a national force, so this is set nationally"',
        "Northshire Homes,s11_1_q1,Not met",
        "",
      ].join("\r\n"),
    );
    const result = await cli("returns:import", String(cycleId), csv);
    expect(result).toEqual({
      code: 0,
      out: [
        `Imported 2 returns into cycle ${cycleId} (Section 11 audit 2025), stored as submitted and scored:`,
        "  Northshire Police: 4 answers, overall 83%",
        "  Northshire Homes: 1 answer, overall 0%",
      ],
      err: [],
    });
    const police = await returnOf(cycleId, "Northshire Police");
    expect(police).toMatchObject({
      status: "submitted",
      signoff_name: "Imported",
      signoff_role: "Imported from s11-2025.csv",
      submitted_at: "2025-03-31T12:00:00.000Z",
    });
    expect(JSON.parse(police.answers)).toEqual({
      s11_1_q1: "fully",
      s11_1_q2: "mostly",
      s11_1_q3: "na",
      s11_1_q3_na: "We are a national force, so this is set nationally",
    });
    // (3 + 2) / (3 + 3) = 83.3%: the not-applicable answer has no weight.
    const score = await db("scores").where({ return_id: police.id, is_current: true }).first();
    expect(score.overall_percent).toBeCloseTo(83.333, 2);
    expect(await db("standard_scores").where({ score_id: score.id, standard_code: "S11-1" }).first()).toMatchObject({
      included: 2,
      not_applicable: 1,
    });
    // An agency not in the file keeps its return untouched.
    expect(await returnOf(cycleId, "Lakeside Trust")).toMatchObject({ status: "not_started", answers: "{}" });
  });

  it("reads matrix rows as question.row and several checkbox choices separated by ; from an Excel workbook", async () => {
    const cycleId = await openedCycle(supervision, "Supervision audit 2025", ["Riverside Youth Clubs"]);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Past returns");
    sheet.addRow(["agency", "question", "value"]);
    sheet.addRow(["Riverside Youth Clubs", "rec1.agreement", "Yes"]);
    sheet.addRow(["Riverside Youth Clubs", "rec1_role", "Youth worker"]);
    const target = path.join(dir, "supervision-2025.xlsx");
    await workbook.xlsx.writeFile(target);
    const result = await cli("returns:import", String(cycleId), target);
    expect(result.code, result.err.join("\n")).toBe(0);
    expect(JSON.parse((await returnOf(cycleId, "Riverside Youth Clubs")).answers)).toEqual({
      rec1: { agreement: "yes" },
      rec1_role: "Youth worker",
    });
  });

  it("refuses a broken file with a message per row, and writes nothing", async () => {
    const cycleId = await openedCycle(s11, "Section 11 audit 2024", ["Northshire Police", "Northshire Homes"]);
    const before = await db("returns").where({ cycle_id: cycleId }).select("*");
    const csv = file(
      "broken.csv",
      [
        "agency,question,value",
        "Northshire Police,s11_1_q1,fully",
        "Nope,s11_1_q1,fully",
        "Northshire Police,s11_3_q2,Brilliant",
        "Northshire Police,s11_99,fully",
        "Northshire Police,s11_1_q1,not",
        "Northshire Police,s11_2_q1_na,Because",
        "Northshire Homes,s11_1_q1,fully",
        ",s11_1_q1,fully",
      ].join("\n"),
    );
    const result = await cli("returns:import", String(cycleId), csv);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toEqual([
      "broken.csv: nothing imported, 6 problems to fix",
      "  Row 3: agency 'Nope' is not in this partnership (agencies:import adds agencies)",
      "  Row 4: question 's11_3_q2' expects one of: Fully met, Mostly met, Partially met, Not met, Not applicable",
      "  Row 5: 's11_99' is not a question of this cycle's tool",
      "  Row 6: question 's11_1_q1' is already answered on row 2",
      "  Row 7: question 's11_2_q1_na' applies only when the answer to s11_2_q1 is “Not applicable”",
      "  Row 9: give the agency's name",
    ]);
    expect(await db("returns").where({ cycle_id: cycleId }).select("*")).toEqual(before);
    expect(
      await db("scores")
        .whereIn(
          "return_id",
          before.map((row: { id: number }) => row.id),
        )
        .first(),
    ).toBeUndefined();
  });

  it("refuses agencies outside the cycle and returns already started, naming the row", async () => {
    const cycleId = await openedCycle(s11, "Section 11 audit 2023", ["Northshire Police"]);
    await db("returns").where({ cycle_id: cycleId }).update({ status: "in_progress" });
    const csv = file(
      "started.csv",
      "agency,question,value\nNorthshire Police,s11_1_q1,fully\nNorthshire Police,s11_1_q2,fully\nLakeside Trust,s11_1_q1,fully\n",
    );
    expect((await cli("returns:import", String(cycleId), csv)).err).toEqual([
      "started.csv: nothing imported, 2 problems to fix",
      "  Row 2: agency 'Northshire Police' has a return in this cycle that is already in progress: only returns nobody has started can be imported",
      "  Row 4: agency 'Lakeside Trust' is not part of cycle " + cycleId + " (Section 11 audit 2023)",
    ]);
  });

  it("refuses a cycle that does not exist or is a draft, other file types, and files without the columns", async () => {
    const draft = await createCycle(db, null, {
      toolId: s11.id,
      title: "Draft",
      opensOn: "2025-01-06",
      dueOn: "2025-03-31",
      finalDeadlineOn: null,
      selection: { all: true },
    });
    const csv = file("ok.csv", "agency,question,value\nNorthshire Police,s11_1_q1,fully\n");
    await expect(cli("returns:import", "999", csv)).resolves.toMatchObject({
      code: 1,
      err: ["There is no cycle 999 (cycles:list shows the cycles)"],
    });
    await expect(cli("returns:import", String(draft), csv)).resolves.toMatchObject({
      code: 1,
      err: [`Cycle ${draft} (Draft) is a draft: open it first (cycles:open ${draft}) so that each agency has a return to import into`],
    });
    await expect(cli("returns:import", "one", csv)).resolves.toMatchObject({
      code: 1,
      err: [expect.stringContaining("give the cycle's id as a number")],
    });
    await expect(cli("returns:import", "1", file("r.txt", "x"))).resolves.toMatchObject({
      code: 1,
      err: [expect.stringContaining("give a .csv or .xlsx file")],
    });
    await expect(cli("returns:import", "1", file("cols.csv", "agency,answer only\n"))).resolves.toMatchObject({
      code: 1,
      err: [expect.stringContaining('has no "question" column')],
    });
    await expect(cli("returns:import", "1", file("fake.xlsx", "not a zip"))).resolves.toMatchObject({
      code: 1,
      err: [expect.stringContaining("fake.xlsx could not be read")],
    });
  });

  it("describes itself with --help", async () => {
    const help = await cli("returns:import", "--help");
    expect(help.code).toBe(0);
    expect(help.out[0]).toBe("Usage: npm run cli -- returns:import <cycle-id> <file>");
    expect(help.out.join("\n")).toContain("a matrix row is question.row");
  });
});
