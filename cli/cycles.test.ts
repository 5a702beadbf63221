import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrate, type Db } from "~/data/db.server";
import { importS11, makeAgency } from "../tests/support/factories";
import { cliAgainst } from "../tests/support/cli";

/* The cycle commands of DESIGN §9 through the real argument parser, on a real migrated database. */

let db: Db;
let dir: string;
let url: string;

const cli = cliAgainst(() => url);

beforeAll(async () => {
  // Each command opens and closes its own connection, as the real CLI does: one file, many connections.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-cycles-"));
  url = `file:${path.join(dir, "app.db")}`;
  db = createDb(url);
  await migrate(db);
  await importS11(db);
  await makeAgency(db, { name: "Northshire Police", sector: "police" });
  await makeAgency(db, { name: "Westshire Police", sector: "police" });
  await makeAgency(db, { name: "Northshire Hospitals", sector: "health" });
});
afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("cycle commands", () => {
  it("creates a cycle for chosen sectors, printing its id, then opens and closes it", async () => {
    const created = await cli(
      "cycles:create",
      "--tool",
      "s11@2026.1",
      "--title",
      "Police S11 2027",
      "--opens",
      "2027-01-04",
      "--due",
      "2027-03-31",
      "--final-deadline",
      "2027-04-30",
      "--sectors",
      "police",
    );
    expect(created).toMatchObject({ code: 0, err: [] });
    expect(created.out[0]).toMatch(/^\d+$/);
    const id = created.out[0];

    await expect(cli("cycles:open", id)).resolves.toEqual({ code: 0, out: [`Opened cycle ${id}: 2 returns created`], err: [] });
    await expect(cli("cycles:open", id)).resolves.toMatchObject({ code: 1, err: ["This cycle is already open"] });
    await expect(cli("cycles:close", id)).resolves.toEqual({ code: 0, out: [`Closed cycle ${id}`], err: [] });

    const listed = await cli("cycles:list", "--json");
    expect(JSON.parse(listed.out[0])).toEqual([
      {
        id: Number(id),
        title: "Police S11 2027",
        tool: "s11@2026.1",
        status: "closed",
        opensOn: "2027-01-04",
        dueOn: "2027-03-31",
        finalDeadlineOn: "2027-04-30",
        returns: 2,
      },
    ]);
  });

  it("takes every agency by default or with --agencies all", async () => {
    const created = await cli(
      "cycles:create",
      "--tool",
      "s11@2026.1",
      "--title",
      "All agencies",
      "--opens",
      "2027-01-04",
      "--due",
      "2027-03-31",
      "--agencies",
      "all",
    );
    expect(created.code).toBe(0);
    await expect(cli("cycles:open", created.out[0])).resolves.toMatchObject({ out: [`Opened cycle ${created.out[0]}: 3 returns created`] });
  });

  it("refuses bad input with one clear line each, creating nothing", async () => {
    const before = Number((await db("cycles").count({ n: "*" }).first())?.n);
    const base = ["--title", "X", "--opens", "2027-01-04", "--due", "2027-03-31"];
    await expect(cli("cycles:create", "--tool", "s11", ...base)).resolves.toMatchObject({
      code: 1,
      err: ['--tool: give the tool as code@version, for example s11@2026.1 (got "s11")'],
    });
    await expect(cli("cycles:create", "--tool", "s11@1999.1", ...base)).resolves.toMatchObject({
      code: 1,
      err: ["--tool: there is no published tool s11@1999.1 (tools:list shows them)"],
    });
    await expect(
      cli("cycles:create", "--tool", "s11@2026.1", "--title", "X", "--opens", "2027-02-30", "--due", "2027-03-31"),
    ).resolves.toMatchObject({ code: 1, err: ['--opens: give a real date as YYYY-MM-DD (got "2027-02-30")'] });
    await expect(
      cli("cycles:create", "--tool", "s11@2026.1", "--title", "X", "--opens", "2027-04-01", "--due", "2027-03-31"),
    ).resolves.toMatchObject({ code: 1, err: ["--due: The due date must be the same as or after the opening date"] });
    await expect(cli("cycles:create", "--tool", "s11@2026.1", ...base, "--sectors", "police,pirates")).resolves.toMatchObject({
      code: 1,
      err: ["--sectors: Select sectors from the list"],
    });
    await expect(cli("cycles:create", "--tool", "s11@2026.1", ...base, "--sectors", "police", "--agencies", "all")).resolves.toMatchObject({
      code: 1,
      err: ["Give either --sectors or --agencies all, not both"],
    });
    await expect(cli("cycles:create", "--tool", "s11@2026.1", "--opens", "2027-01-04", "--due", "2027-03-31")).resolves.toMatchObject({
      code: 1,
    });
    await expect(cli("cycles:open", "abc")).resolves.toMatchObject({
      code: 1,
      err: ['Give the cycle\'s id as a number (cycles:list shows it), not "abc"'],
    });
    await expect(cli("cycles:close", "999")).resolves.toMatchObject({ code: 1, err: ["There is no cycle 999"] });
    expect(Number((await db("cycles").count({ n: "*" }).first())?.n)).toBe(before);
  });
});
