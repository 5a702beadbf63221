import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgres, rowsFromJson, type Db } from "~/data/db.server";
import { createTestDb } from "../support/factories";

/*
 * What db.server.ts does differently from plain knex, on whichever database the suite runs on (decision 030):
 * LIMIT and OFFSET written into SQLite's SQL, and many rows sent as one JSON text.
 */

let db: Db;

beforeAll(async () => {
  db = await createTestDb();
  await db.schema.createTable("adapter_rows", (table) => {
    table.increments("id");
    table.integer("whole");
    table.double("fraction");
    table.text("words");
  });
  await db("adapter_rows").insert(Array.from({ length: 30 }, (_, n) => ({ whole: n, fraction: n / 7, words: `row ${n}` })));
});
afterAll(() => db.destroy());

describe("LIMIT and OFFSET", () => {
  it("are written into SQLite's SQL rather than bound, so a statement with them is prepared once", () => {
    const first = db("adapter_rows").where({ whole: 3 }).first().toSQL();
    const page = db("adapter_rows").orderBy("id").limit(10).offset(20).toSQL();
    if (isPostgres(db)) {
      expect(first.bindings).toEqual([3, 1]);
      return;
    }
    expect(first.sql).toMatch(/ limit 1$/);
    expect(first.bindings).toEqual([3]);
    expect(page.sql).toMatch(/ limit 10 offset 20$/);
    expect(page.bindings).toEqual([]);
  });

  it("still choose the rows they always did", async () => {
    expect((await db("adapter_rows").where({ whole: 3 }).first()).words).toBe("row 3");
    expect((await db("adapter_rows").orderBy("id").limit(3).offset(5)).map((row) => row.whole)).toEqual([5, 6, 7]);
    expect((await db("adapter_rows").orderBy("id").offset(28)).map((row) => row.whole)).toEqual([28, 29]);
    expect(await db("adapter_rows").orderBy("id").limit(0)).toEqual([]);
    // A text limit is read as a whole number by knex before it reaches the SQL: nothing else is written in.
    expect((await db("adapter_rows").orderBy("id").limit("2; drop table adapter_rows" as unknown as number)).length).toBe(2);
    expect(await db.schema.hasTable("adapter_rows")).toBe(true);
  });

  it("are bound as before when they are not a plain number", async () => {
    const query = db("adapter_rows").orderBy("id").offset(db.raw("?", [27]) as unknown as number);
    expect((await query).map((row) => row.whole)).toEqual([27, 28, 29]);
  });
});

describe("rows sent as one JSON text", () => {
  const awkward = ['it\'s "quoted"', "naïve – café ✓ 🙂", '{"looks": ["like", "json"]}', "back\\slash\nnew line", "", "?"];
  const reals = [0.1 + 0.2, 1 / 3, 1e-7, 123456789.123456, -2.5, 0];

  it("are stored value for value, whatever the text and every digit of each number", async () => {
    const rows: (string | number | null)[][] = awkward.map((words, n) => [1000 + n, reals[n], words]);
    rows.push([2000, null, null]);
    await db.raw(`insert into adapter_rows (whole, fraction, words) ${rowsFromJson(db, ["integer", "real", "text"])}`, [JSON.stringify(rows)]);
    const stored = await db("adapter_rows").where("whole", ">=", 1000).orderBy("whole").select("whole", "fraction", "words");
    expect(stored).toEqual(rows.map(([whole, fraction, words]) => ({ whole, fraction, words })));
  });

  it("add to rows already there, with an upsert after `where true`", async () => {
    await db.schema.createTable("adapter_totals", (table) => {
      table.text("code").primary();
      table.integer("n").notNullable();
    });
    const add = (rows: [string, number][]) =>
      db.raw(`insert into adapter_totals (code, n) ${rowsFromJson(db, ["text", "integer"])} where true on conflict (code) do update set n = adapter_totals.n + excluded.n`, [JSON.stringify(rows)]);
    await add([["a", 1], ["b", 2]]);
    await add([["b", 5], ["c", 7]]);
    expect(await db("adapter_totals").orderBy("code")).toEqual([
      { code: "a", n: 1 },
      { code: "b", n: 7 },
      { code: "c", n: 7 },
    ]);
  });

  it("store nothing from an empty array", async () => {
    const before = Number((await db("adapter_rows").count({ n: "*" }))[0].n);
    await db.raw(`insert into adapter_rows (whole, words) ${rowsFromJson(db, ["integer", "text"])}`, ["[]"]);
    expect(Number((await db("adapter_rows").count({ n: "*" }))[0].n)).toBe(before);
  });
});
