import { oneDecimal } from "~/domain/scoring";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrate, type Db } from "~/data/db.server";
import { agreeAction, createAction, rerateAfterAction, updateActionProgress } from "~/data/actions.server";
import { getActionsReport } from "~/data/reports/actions.server";
import { getComparisonReport } from "~/data/reports/comparison.server";
import { getCompletionReport } from "~/data/reports/completion.server";
import { validateSubmittedReturn } from "~/data/moderation.server";
import { getBaselineReport } from "~/data/reports/baseline.server";
import { importTool } from "~/data/tools.server";
import type { ComparisonReport } from "~/domain/reports/comparison";
import { buildComparisonNarrative } from "~/domain/reports/comparison-narrative";
import type { BaselineReport } from "~/domain/reports/baseline";
import {
  createTestDb,
  importS11,
  makeAgencyWithPeople,
  makeCycle,
  makeUser,
  returnIdOf,
  revisedS11,
  submitFullReturn,
} from "../tests/support/factories";
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
    expect(result).toEqual({
      code: 0,
      out: [`Wrote the baseline report of ${qaReport.cycle.title} (1 submitted return) to ${file}`],
      err: [],
    });

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

  it("refuses an unknown kind, format or cycle, and a file it cannot write, each in one line", async () => {
    const out = path.join(tmp, "x.csv");
    expect((await run("trend", { cycle: "1", format: "csv", out })).err).toEqual([
      '"trend" is not a report: use one of baseline, comparison, completion, actions, assurance, scorecard, case-audit',
    ]);
    expect((await run("baseline", { cycle: String(cycleId), format: "pdf", out })).err).toEqual([
      '--format: "pdf" is not a format; use one of xlsx, docx, csv, json',
    ]);
    expect((await run("baseline", { cycle: "abc", format: "csv", out })).err).toEqual([
      '--cycle: "abc" is not a cycle id; give the number cycles:list shows',
    ]);
    expect((await run("baseline", { cycle: "9999", format: "csv", out })).err).toEqual(["--cycle: there is no cycle with id 9999"]);
    const missingFolder = path.join(tmp, "no-such-folder", "x.csv");
    expect(await run("baseline", { cycle: String(cycleId), format: "csv", out: missingFolder })).toEqual({
      code: 1,
      out: [],
      err: [`Cannot write ${missingFolder}: its folder does not exist`],
    });
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
    const code = await runCli(["report", "baseline", "--cycle", String(cycle), "--format", "csv", "--out", csv], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      openDb: () => createDb(`file:${file}`),
    });
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const lines = (await readFile(csv, "utf8")).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "agency,sector,standard_code,standard_title,percent,computed_band,self_rating,moderated_rating,effective_band,effective_source,items_included,items_not_applicable,items_unanswered,overall_percent,overall_band,overall_capped,essential_requirements_not_met",
    );
    expect(lines.slice(1).every((line) => line.startsWith("Hilltop Academy,education,S11-"))).toBe(true);
    // The header and one row per standard of the S11 tool (12 standards).
    expect(lines).toHaveLength(13);

    const help: string[] = [];
    expect(await runCli(["report", "--help"], { out: (line) => help.push(line), err: (line) => help.push(line) })).toBe(0);
    expect(help[0]).toBe(
      "Usage: npm run cli -- report <kind> [--cycle <id>] [--case-audit <id>] [--against <id>] [--from <period>] [--to <period>] --format <format> --out <file>",
    );
  });

  it("writes a case audit's report by its id, and names what is wrong with a bad id in one line", async () => {
    const file = path.join(tmp, "case-audit.db");
    const setup = createDb(`file:${file}`);
    let auditId: number;
    try {
      await migrate(setup);
      const { seedDemo } = await import("~/data/seed-demo.server");
      await seedDemo(setup);
      auditId = (await setup("case_audits").first()).id;
    } finally {
      await setup.destroy();
    }
    const json = path.join(tmp, "case-audit.json");
    const io = () => {
      const lines = { out: [] as string[], err: [] as string[] };
      return {
        lines,
        io: {
          out: (line: string) => lines.out.push(line),
          err: (line: string) => lines.err.push(line),
          openDb: () => createDb(`file:${file}`),
        },
      };
    };
    const ok = io();
    expect(await runCli(["report", "case-audit", "--case-audit", String(auditId), "--format", "json", "--out", json], ok.io)).toBe(0);
    expect(ok.lines.out).toEqual([
      `Wrote the case audit report of Neglect: recognition and response (spring 2026) (3 cases, 4 agencies) to ${json}`,
    ]);
    const model = JSON.parse(await readFile(json, "utf8"));
    expect(model).toMatchObject({ kind: "case-audit", summary: { cases: 3, agencies: 4, returnsSubmitted: 12, casesAgreed: 2 } });
    for (const [argv, message] of [
      [
        ["report", "case-audit", "--format", "json", "--out", json],
        "--case-audit: the case-audit report needs the case audit's id, e.g. --case-audit 2",
      ],
      [
        ["report", "case-audit", "--case-audit", "999", "--format", "json", "--out", json],
        "--case-audit: there is no case audit with id 999",
      ],
      [
        ["report", "case-audit", "--case-audit", "2", "--cycle", "1", "--format", "json", "--out", json],
        "--cycle names a cycle, which the case-audit report does not read; give --case-audit",
      ],
      [
        ["report", "baseline", "--case-audit", "2", "--format", "json", "--out", json],
        "--case-audit names a case audit, which only the case-audit report reads; give --cycle for the baseline report",
      ],
    ] as const) {
      const bad = io();
      expect(await runCli([...argv], bad.io)).toBe(1);
      expect(bad.lines.err).toEqual([message]);
    }
  }, 60_000);
});

/*
 * The other kinds on the same database. A revised S11 (2027.1) renames S11-2 to S11-2A, marks S11-11
 * not comparable and leaves S11-12 unmapped (added; the old S11-12 removed). Police submits it
 * "fully" in a later cycle, so against the first cycle ("mostly") every compared standard improves.
 * Police's first return has two actions: one done, after which QA re-rated the standard, and one
 * written long ago and overdue.
 */
describe("report comparison, completion and actions", () => {
  let laterId: number;
  let otherToolCycle: number;
  let comparison: ComparisonReport;

  beforeAll(async () => {
    const revised = await importTool(db, null, revisedS11());
    if (!revised.ok) throw new Error(revised.errors.join("; "));
    const police = await db("agencies").where({ name: "Northshire Police" }).first();
    const lead = await db("users").where({ agency_id: police.id, role: "agency_lead" }).first();
    const leadViewer = { id: lead.id, email: lead.email, name: lead.name, role: "agency_lead" as const, agencyId: police.id };
    laterId = await makeCycle(db, revised.tool, { agencyIds: [police.id] });
    await submitFullReturn(db, leadViewer, revised.tool, await returnIdOf(db, laterId, police.id), { choice: "fully" });

    const otherTool = JSON.parse(fs.readFileSync(path.resolve("surveys/s175/2026.1.json"), "utf8"));
    const s175 = await importTool(db, null, otherTool);
    if (!s175.ok) throw new Error(s175.errors.join("; "));
    otherToolCycle = await makeCycle(db, s175.tool, { agencyIds: [police.id] }, { open: false });

    const qa = await makeUser(db, "qa");
    const firstReturn = await returnIdOf(db, cycleId, police.id);
    const input = { description: "Train every manager", owner: "Head of training", successMeasure: "All trained" };
    const done = await createAction(db, leadViewer, firstReturn, { ...input, standardCode: "S11-2", dueOn: "2099-01-01" });
    if (!done.ok) throw new Error(JSON.stringify(done));
    expect((await agreeAction(db, qa, done.id)).ok).toBe(true);
    expect(
      (await updateActionProgress(db, leadViewer, done.id, { status: "done", rag: null, note: "", evidenceNote: "Training records" })).ok,
    ).toBe(true);
    expect((await validateSubmittedReturn(db, qa, firstReturn)).ok).toBe(true);
    expect((await rerateAfterAction(db, qa, done.id, { band: "fully", rationale: "Records seen" })).ok).toBe(true);
    const overdue = await createAction(
      db,
      leadViewer,
      firstReturn,
      { ...input, standardCode: "S11-3", dueOn: "2020-02-01" },
      "2020-01-01T10:00:00.000Z",
    );
    if (!overdue.ok) throw new Error(JSON.stringify(overdue));

    const result = await getComparisonReport(db, await makeUser(db, "qa"), cycleId, laterId);
    if (!result?.ok) throw new Error("no comparison");
    comparison = result.report;
  }, 120_000);

  it("writes the comparison as CSV: one row per agency and comparable standard, read through the renamed standard", async () => {
    const file = path.join(tmp, "comparison.csv");
    const result = await run("comparison", { cycle: String(laterId), against: String(cycleId), format: "csv", out: file });
    expect(result).toEqual({
      code: 0,
      out: [
        `Wrote the comparison report of ${comparison.later.cycle.title} against ${comparison.earlier.cycle.title} (1 agency in both cycles) to ${file}`,
      ],
      err: [],
    });
    const lines = (await readFile(file, "utf8")).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "agency,sector,standard_code,earlier_standard_code,earlier_percent,later_percent,delta,movement,earlier_effective_band,later_effective_band",
    );
    // 12 standards less S11-11 (not comparable) and S11-12 (added): 10 rows.
    expect(lines).toHaveLength(11);
    const renamed = lines.find((line) => line.includes(",S11-2A,"))!.split(",");
    const cell = comparison.agencies[0].standards.find((entry) => entry.code === "S11-2A")!;
    // One decimal in CSV (DESIGN §5); the JSON keeps full precision.
    expect(renamed.slice(3, 8)).toEqual(["S11-2", oneDecimal(cell.earlier.percent!), "100", oneDecimal(cell.delta!), "improved"]);
    // The re-rating after the done action is the earlier cycle's effective band.
    expect(renamed[8]).toBe("fully");
  });

  it("writes the comparison workbook: a summary, one sheet per view with frozen headers, real numbers, what is not comparable", async () => {
    const file = path.join(tmp, "comparison.xlsx");
    expect((await run("comparison", { cycle: String(laterId), against: String(cycleId), format: "xlsx", out: file })).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      "Summary",
      "Standards",
      "Partnership and sectors",
      "Agencies",
      "Against medians",
      "Agency by standard",
      "One cycle only",
      "Not comparable",
    ]);
    for (const sheet of workbook.worksheets) expect(sheet.views[0], sheet.name).toMatchObject({ state: "frozen", ySplit: 1 });
    const agencies = workbook.getWorksheet("Agencies")!;
    expect(agencies.getRow(2).values).toEqual([
      undefined,
      "Northshire Police",
      "Police",
      comparison.agencies[0].overall.earlier.percent,
      comparison.agencies[0].overall.later.percent,
      comparison.agencies[0].overall.delta,
      "Improved",
      expect.any(String),
      expect.any(String),
      // Essential requirements not met, then and now (every submitted answer "fully": none).
      0,
      0,
    ]);
    const medians = workbook.getWorksheet("Against medians")!.getRow(2).values as unknown[];
    expect(medians.slice(3, 8)).toEqual([
      comparison.agencies[0].overall.earlier.percent,
      comparison.partnership.earlierMedian,
      comparison.sectors[0].earlierMedian,
      comparison.agencies[0].overall.later.percent,
      comparison.partnership.laterMedian,
    ]);
    const notComparable = workbook.getWorksheet("Not comparable")!;
    expect(notComparable.getColumn(1).values.slice(2)).toEqual(comparison.notComparable.map((entry) => entry.code));
    expect(notComparable.getColumn(4).values.slice(2)).toEqual(["unmapped", "added", "unmapped", "removed"]);
    const standards = workbook.getWorksheet("Standards")!;
    expect(standards.getRow(3).getCell(2).value).toBe("S11-2");
    expect(standards.getRow(3).getCell(6).value).toBe(comparison.standards[1].medianDelta);
  });

  it("writes the comparison board pack with a narrative of what changed since the baseline", async () => {
    const file = path.join(tmp, "comparison.docx");
    expect((await run("comparison", { cycle: String(laterId), against: String(cycleId), format: "docx", out: file })).code).toBe(0);
    const xml = await (await JSZip.loadAsync(await readFile(file))).file("word/document.xml")!.async("string");
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join("\n");
    expect(text).toContain("What changed since the baseline");
    const escape = (value: string) =>
      value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
    for (const sentence of buildComparisonNarrative(comparison))
      expect(text.includes(sentence) || text.includes(escape(sentence)), sentence).toBe(true);
  });

  it("writes the completion and actions reports as their models, and as workbooks with the same numbers", async () => {
    const qa = await makeUser(db, "qa");
    const completionFile = path.join(tmp, "completion.json");
    const completion = await run("completion", { cycle: String(cycleId), format: "json", out: completionFile });
    expect(completion.out).toEqual([`Wrote the completion report of ${qaReport.cycle.title} (2 returns) to ${completionFile}`]);
    expect(JSON.parse(await readFile(completionFile, "utf8"))).toEqual(await getCompletionReport(db, qa, cycleId));

    const actionsFile = path.join(tmp, "actions.xlsx");
    const actions = await run("actions", { cycle: String(cycleId), format: "xlsx", out: actionsFile });
    expect(actions.out).toEqual([`Wrote the actions report of ${qaReport.cycle.title} (2 actions) to ${actionsFile}`]);
    const model = (await getActionsReport(db, qa, cycleId))!;
    expect(model.partnership).toMatchObject({ total: 2, done: 1, overdue: 1 });
    expect(model.ratingChanges.map((change) => [change.standardCode, change.before, change.after])).toEqual([["S11-2", "mostly", "fully"]]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(actionsFile)) as unknown as ArrayBuffer);
    const byAgency = workbook.getWorksheet("Agencies")!;
    expect(byAgency.getRow(2).values).toEqual([
      undefined,
      "Northshire Police",
      2,
      1,
      0,
      1,
      1,
      model.partnership.timeToClose.medianDays,
      model.partnership.timeToClose.longestDays,
    ]);
    expect(workbook.getWorksheet("Ratings changed")!.getRow(2).getCell(2).value).toBe("S11-2");
  });

  it("refuses a comparison without --against, against an unknown cycle, a cycle of another tool, or in the wrong order", async () => {
    const out = path.join(tmp, "bad.csv");
    expect((await run("comparison", { cycle: String(laterId), format: "csv", out })).err).toEqual([
      "--against: the comparison report needs the earlier cycle to compare with, e.g. --against 3 (cycles:list shows the ids)",
    ]);
    expect((await run("comparison", { cycle: String(laterId), against: "9999", format: "csv", out })).err).toEqual([
      "--against: there is no cycle with id 9999",
    ]);
    expect((await run("comparison", { cycle: "9999", against: String(cycleId), format: "csv", out })).err).toEqual([
      "--cycle: there is no cycle with id 9999",
    ]);
    const otherTool = await run("comparison", { cycle: String(otherToolCycle), against: String(cycleId), format: "csv", out });
    expect(otherTool.code).toBe(1);
    expect(otherTool.err[0]).toMatch(/^--against: .*only cycles of the same audit tool can be compared$/);
    const backwards = await run("comparison", { cycle: String(cycleId), against: String(laterId), format: "csv", out });
    expect(backwards.err[0]).toMatch(/did not open before/);
    expect((await run("actions", { cycle: String(cycleId), against: String(laterId), format: "csv", out })).err).toEqual([
      "--against compares two cycles, which only the comparison report does; leave it out for the actions report",
    ]);
  });
});
