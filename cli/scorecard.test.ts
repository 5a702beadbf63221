import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrate, type Db } from "~/data/db.server";
import type { ScorecardReport } from "~/domain/reports/scorecard";
import { makeAgencyWithPeople } from "../tests/support/factories";
import { cliAgainst } from "../tests/support/cli";

/*
 * indicators:import, observations:import and `report scorecard` on a real migrated database: two indicators
 * (one the partnership's, one the police's), four quarters of figures, a changed definition, a bad row refused.
 */

let dir: string;
let url: string;
let db: Db;

const run = cliAgainst(() => url);
const cli = (argv: string[]) => run(...argv);

function file(name: string, content: string): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, content);
  return target;
}

const INDICATORS = [
  "code,title,definition,unit,polarity,target,green,amber,frequency,quadrant,theme,owner,linked standards",
  "RR-12,Re-referrals within 12 months,Referrals within 12 months of a previous referral,%,lower is better,20,0,3,Quarterly,Is anyone better off?,cp_activity,,S11-4",
  "RI-72,Return interviews within 72 hours,Return interviews offered within 72 hours,percent,higher,85,0,5,quarterly,how_well,outcomes,Northshire Police,",
].join("\n");

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-scorecard-"));
  url = `file:${path.join(dir, "app.db")}`;
  db = createDb(url);
  await migrate(db);
  await makeAgencyWithPeople(db, { name: "Northshire Police", sector: "police" });
});

afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the scorecard on the command line", () => {
  it("imports indicators, four quarters of figures, a new definition, and writes the scorecard", async () => {
    expect(await cli(["indicators:import", file("indicators.csv", INDICATORS)])).toEqual({
      code: 0,
      out: ["Imported indicators.csv: 2 added, 0 updated, 0 with a new definition version"],
      err: [],
    });

    const bad = await cli([
      "observations:import",
      file(
        "bad.csv",
        "indicator,period,agency,value,numerator,denominator,provisional,commentary\nRR-12,2025-Q3,,19,,,,\nRR-12,2025-10,,22,,,,\nRI-72,2025-Q3,,80,,,,\n",
      ),
    ]);
    expect(bad).toEqual({
      code: 1,
      out: [],
      err: [
        "bad.csv: nothing imported, 2 problems to fix",
        "  Row 3: This indicator is quarterly: enter the period like 2026-Q3, not 2025-10",
        '  Row 4: RI-72 belongs to Northshire Police: give that agency (got "nothing")',
      ],
    });
    expect(await db("observations").count({ n: "*" }).first()).toEqual({ n: 0 });

    const quarters = [
      "indicator,period,agency,value,numerator,denominator,provisional,commentary",
      "RR-12,2025-Q3,,19,,,,",
      "RR-12,2025-Q4,,22,,,,Winter pressures",
      "RI-72,2025-Q3,Northshire Police,,40,50,,",
      "RI-72,2025-Q4,Northshire Police,,45,50,yes,",
    ];
    expect(await cli(["observations:import", file("quarters.csv", quarters.join("\n"))])).toEqual({
      code: 0,
      out: ["Imported quarters.csv: 4 added, 0 replaced"],
      err: [],
    });

    const changed = INDICATORS.replace(
      "Referrals within 12 months of a previous referral",
      `"Referrals within 12 months of a previous referral, counting MASH contacts"`,
    );
    expect(await cli(["indicators:import", file("changed.csv", changed)])).toEqual({
      code: 0,
      out: ["Imported changed.csv: 0 added, 2 updated, 1 with a new definition version"],
      err: [],
    });

    // The next two quarters come as a workbook.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Figures");
    sheet.addRow(["indicator", "period", "agency", "value"]);
    sheet.addRow(["RR-12", "2026-Q1", "", 25]);
    sheet.addRow(["RR-12", "2026-Q2", "", 21]);
    const xlsx = path.join(dir, "next.xlsx");
    await workbook.xlsx.writeFile(xlsx);
    expect((await cli(["observations:import", xlsx])).out).toEqual(["Imported next.xlsx: 2 added, 0 replaced"]);

    const out = path.join(dir, "scorecard.json");
    expect(await cli(["report", "scorecard", "--from", "2025-Q4", "--format", "json", "--out", out])).toEqual({
      code: 0,
      out: [`Wrote the scorecard (2 indicators, 4 figures) to ${out}`],
      err: [],
    });
    const report = JSON.parse(fs.readFileSync(out, "utf8")) as ScorecardReport;
    const rr = report.indicators.find((indicator) => indicator.code === "RR-12")!;
    // Lower is better, target 20, amber within 3: 22 amber, 25 red, 21 amber; the break before 2026-Q1.
    expect(rr.points.map((point) => [point.period, point.value, point.rag, point.breakBefore])).toEqual([
      ["2025-Q4", 22, "amber", false],
      ["2026-Q1", 25, "red", true],
      ["2026-Q2", 21, "amber", false],
    ]);
    expect(rr.direction).toBe("improving");
    expect(
      report.indicators.find((indicator) => indicator.code === "RI-72")!.points.map((point) => [point.period, point.value, point.rag]),
    ).toEqual([["2025-Q4", 90, "green"]]);

    const csv = path.join(dir, "scorecard.csv");
    expect((await cli(["report", "scorecard", "--format", "csv", "--out", csv])).code).toBe(0);
    expect(fs.readFileSync(csv, "utf8").split(/\r?\n/)[0]).toBe(
      "indicator,period,value,numerator,denominator,target,rag,version,break_before,provisional,commentary",
    );
  });
});
