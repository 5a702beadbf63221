import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrate, type Db } from "~/data/db.server";
import { getBaselineReport } from "~/data/reports.server";
import type { BaselineReport } from "~/domain/reports/baseline";
import { createTestDb, importS11, makeAgencyWithPeople, makeCycle, makeUser, returnIdOf, submitFullReturn } from "../tests/support/factories";
import { reportCommand } from "./commands/report";
import { runCli, type CommandOptions } from "./index";

/*
 * `report baseline` against a real migrated database: two agencies in a cycle, one submitted (all
 * "mostly" answers) and one still to start, so the file must hold exactly the submitted return.
 */

let tmp: string;
let db: Db;
let cycleId: number;
let qaReport: BaselineReport;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "cli-report-"));
  db = await createTestDb();
  const tool = await importS11(db);
  const police = await makeAgencyWithPeople(db, { name: "Northshire Police", sector: "police" });
  await makeAgencyWithPeople(db, { name: "Northshire Homes", sector: "housing" });
  cycleId = await makeCycle(db, tool, { all: true });
  await submitFullReturn(db, police.lead, tool, await returnIdOf(db, cycleId, police.agency.id), { choice: "mostly", selfRating: "fully" });
  qaReport = (await getBaselineReport(db, await makeUser(db, "qa"), cycleId))!;
});

afterAll(async () => {
  await db.destroy();
  await rm(tmp, { recursive: true, force: true });
});

function run(kind: string, options: CommandOptions) {
  const out: string[] = [];
  const err: string[] = [];
  const done = reportCommand({ args: [kind], options, db, out: (line) => out.push(line), err: (line) => err.push(line) });
  return done.then((code) => ({ code, out, err }));
}

describe("report baseline", () => {
  it("writes the workbook QA would download, holding the submitted return's unrounded overall score", async () => {
    const file = path.join(tmp, "baseline.xlsx");
    const result = await run("baseline", { cycle: String(cycleId), format: "xlsx", out: file });
    expect(result).toEqual({ code: 0, out: [`Wrote the baseline report of ${qaReport.cycle.title} (1 submitted return) to ${file}`], err: [] });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    const heatMap = workbook.getWorksheet("Heat map")!;
    expect(heatMap.rowCount).toBe(2);
    const police = heatMap.getRow(2);
    expect(police.getCell(1).value).toBe("Northshire Police");
    const overall = qaReport.agencies[0].overall;
    expect(typeof overall.percent).toBe("number");
    expect(police.getCell(3).value).toBe(overall.percent);
    expect(police.getCell(4).value).toBe(qaReport.bands.find((band) => band.code === overall.band)!.label);
    // Self-rated "fully" on every standard, scored "mostly" throughout: every rated standard is a gap.
    expect(police.getCell(5).value).toBe(qaReport.agencies[0].optimismGap);
    expect(qaReport.agencies[0].optimismGap).toBeGreaterThan(0);
    const summary = workbook.getWorksheet("Summary")!;
    const completion = summary.getColumn(1).values.indexOf("Completion");
    expect(summary.getRow(completion).getCell(2).value).toBe(50);
  });

  it("writes the JSON model itself", async () => {
    const file = path.join(tmp, "baseline.json");
    expect((await run("baseline", { cycle: String(cycleId), format: "json", out: file })).code).toBe(0);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(qaReport);
  });

  it("says in one line that the other report kinds are not available yet", async () => {
    for (const kind of ["comparison", "completion", "actions"]) {
      const result = await run(kind, { cycle: String(cycleId), format: "csv", out: path.join(tmp, `${kind}.csv`) });
      expect(result).toEqual({ code: 1, out: [], err: [`The ${kind} report is not available yet: only the baseline report can be produced for now`] });
    }
  });

  it("refuses an unknown kind, format or cycle, and a file it cannot write, each in one line", async () => {
    const out = path.join(tmp, "x.csv");
    expect((await run("trend", { cycle: "1", format: "csv", out })).err).toEqual(['"trend" is not a report: use one of baseline, comparison, completion, actions']);
    expect((await run("baseline", { cycle: String(cycleId), format: "pdf", out })).err).toEqual(['--format: "pdf" is not a format; use one of xlsx, docx, csv, json']);
    expect((await run("baseline", { cycle: "abc", format: "csv", out })).err).toEqual(['--cycle: "abc" is not a cycle id; give the number cycles:list shows']);
    expect((await run("baseline", { cycle: "9999", format: "csv", out })).err).toEqual(["--cycle: there is no cycle with id 9999"]);
    const missingFolder = path.join(tmp, "no-such-folder", "x.csv");
    expect(await run("baseline", { cycle: String(cycleId), format: "csv", out: missingFolder })).toEqual({ code: 1, out: [], err: [`Cannot write ${missingFolder}: its folder does not exist`] });
  });
});

describe("report on the command line", () => {
  it("is a registered command that migrates the database it opens and writes a CSV from it", async () => {
    const file = path.join(tmp, "cli.db");
    const setup = createDb(`file:${file}`);
    let cycle: number;
    try {
      await migrate(setup);
      const tool = await importS11(setup);
      const agency = await makeAgencyWithPeople(setup, { name: "Hilltop Academy", sector: "education" });
      cycle = await makeCycle(setup, tool, { all: true });
      await submitFullReturn(setup, agency.lead, tool, await returnIdOf(setup, cycle, agency.agency.id), { choice: "fully" });
    } finally {
      await setup.destroy();
    }
    const csv = path.join(tmp, "cli.csv");
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(["report", "baseline", "--cycle", String(cycle), "--format", "csv", "--out", csv], { out: (line) => out.push(line), err: (line) => err.push(line), openDb: () => createDb(`file:${file}`) });
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const lines = (await readFile(csv, "utf8")).trimEnd().split("\r\n");
    expect(lines[0]).toBe("agency,sector,standard_code,standard_title,percent,computed_band,self_rating,moderated_rating,effective_band,effective_source,items_included,items_not_applicable,items_unanswered");
    expect(lines.slice(1).every((line) => line.startsWith("Hilltop Academy,education,S11-"))).toBe(true);
    // The header and one row per standard of the S11 tool (12 standards).
    expect(lines).toHaveLength(13);

    const help: string[] = [];
    expect(await runCli(["report", "--help"], { out: (line) => help.push(line), err: (line) => help.push(line) })).toBe(0);
    expect(help[0]).toBe("Usage: npm run cli -- report <kind> --cycle <id> [--against <id>] --format <format> --out <file>");
  });
});
