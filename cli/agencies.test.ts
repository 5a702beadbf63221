import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrate, type Db } from "~/data/db.server";
import { cliAgainst } from "../tests/support/cli";

/* agencies:import (DESIGN §9): CSV and XLSX, re-import updates by name, one bad row refuses the file. */

let dir: string;
let url: string;
let db: Db;

const cli = cliAgainst(() => url);

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  return target;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-agencies-"));
  url = `file:${path.join(dir, "app.db")}`;
  db = createDb(url);
  await migrate(db);
});
afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("agencies:import", () => {
  it("adds agencies from a CSV, sectors by code or label, then updates them by name without duplicating", async () => {
    const first = file(
      "agencies.csv",
      'Name,Sector,Contact email\r\nNorthshire Police,police,safeguarding@police.example.org\r\n"Riverside Primary, Northshire",Education (schools and colleges),\r\n',
    );
    await expect(cli("agencies:import", first)).resolves.toEqual({
      code: 0,
      out: ["Imported 2 agencies: 2 added, 0 updated, 0 unchanged"],
      err: [],
    });

    const again = file(
      "again.csv",
      "name,sector,contact email\nnorthshire police,police,new@police.example.org\nRiverside Primary, Northshire,education,\nNorthshire Homes,Housing,\n".replace(
        "Riverside Primary, Northshire",
        '"Riverside Primary, Northshire"',
      ),
    );
    await expect(cli("agencies:import", again)).resolves.toEqual({
      code: 0,
      out: ["Imported 3 agencies: 1 added, 1 updated, 1 unchanged"],
      err: [],
    });
    const rows = await db("agencies").orderBy("name").select("name", "sector", "contact_email");
    expect(rows).toEqual([
      { name: "Northshire Homes", sector: "housing", contact_email: null },
      { name: "Northshire Police", sector: "police", contact_email: "new@police.example.org" },
      { name: "Riverside Primary, Northshire", sector: "education", contact_email: null },
    ]);
  });

  it("reads the first sheet of an Excel workbook", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Agencies");
    sheet.addRow(["Agency", "Sector", "Email"]);
    sheet.addRow(["St Mark's Church", "faith", "safeguarding@stmarks.example.org"]);
    const target = path.join(dir, "agencies.xlsx");
    await workbook.xlsx.writeFile(target);
    await expect(cli("agencies:import", target)).resolves.toMatchObject({
      code: 0,
      out: ["Imported 1 agencies: 1 added, 0 updated, 0 unchanged"],
    });
  });

  it("takes 450 schools in one go, and a re-import updates them without duplicating", async () => {
    const schools = (email: (n: number) => string) =>
      [
        "name,sector,contact email",
        ...Array.from({ length: 450 }, (_, index) => `Northshire School ${index + 1},education,${email(index + 1)}`),
      ].join("\n");
    const before = Number((await db("agencies").count({ n: "*" }).first())?.n);
    await expect(
      cli(
        "agencies:import",
        file(
          "schools.csv",
          schools((n) => `dsl${n}@school.example.org`),
        ),
      ),
    ).resolves.toEqual({
      code: 0,
      out: ["Imported 450 agencies: 450 added, 0 updated, 0 unchanged"],
      err: [],
    });
    // A year later: every tenth school has a new safeguarding contact.
    await expect(
      cli(
        "agencies:import",
        file(
          "schools-2027.csv",
          schools((n) => (n % 10 === 0 ? `new-dsl${n}@school.example.org` : `dsl${n}@school.example.org`)),
        ),
      ),
    ).resolves.toEqual({
      code: 0,
      out: ["Imported 450 agencies: 0 added, 45 updated, 405 unchanged"],
      err: [],
    });
    expect(Number((await db("agencies").count({ n: "*" }).first())?.n)).toBe(before + 450);
    expect(await db("agencies").where({ name: "Northshire School 450" }).select("sector", "contact_email")).toEqual([
      { sector: "education", contact_email: "new-dsl450@school.example.org" },
    ]);
  }, 60_000);

  it("refuses the whole file for one bad row, listing every problem, and writes nothing", async () => {
    const before = await db("agencies").count({ n: "*" }).first();
    const bad = file(
      "bad.csv",
      "name,sector,contact email\nGood Agency,police,\n,health,\nPirates,pirates,\nGood Agency,police,\nMail Agency,health,not-an-email\n",
    );
    const result = await cli("agencies:import", bad);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      "bad.csv: nothing imported, 4 problems to fix",
      "  row 3: Enter the agency's name",
      `  row 4: "pirates" is not a sector (use one of local_authority, police, health, education, probation, youth_justice, housing, voluntary, faith, early_years, other)`,
      "  row 5: Good Agency is already on row 2",
      "  row 6: Enter the contact email address in the correct format, like safeguarding@agency.org",
    ]);
    expect(await db("agencies").count({ n: "*" }).first()).toEqual(before);
  });

  it("refuses other file types, missing files and files without the columns", async () => {
    await expect(cli("agencies:import", file("list.txt", "x"))).resolves.toMatchObject({
      code: 1,
      err: [expect.stringContaining("give a .csv or .xlsx file")],
    });
    await expect(cli("agencies:import", path.join(dir, "missing.csv"))).resolves.toMatchObject({
      code: 1,
      err: [expect.stringContaining("there is no such file")],
    });
    await expect(cli("agencies:import", file("nocols.csv", "agency name only\nPolice\n"))).resolves.toMatchObject({
      code: 1,
      err: [expect.stringContaining('has no "name" column')],
    });
    await expect(cli("agencies:import", file("empty.csv", "name,sector\n"))).resolves.toMatchObject({
      code: 1,
      err: [expect.stringContaining("has no agencies")],
    });
  });
});
