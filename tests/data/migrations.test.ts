import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgres, type Db } from "~/data/db.server";
import { createTestDb } from "../support/factories";

/* STYLE (Data): every migration has a working `down`; rolling everything back and forward again works. */

const TABLES = ["agencies", "users", "sessions", "login_attempts", "tools", "cycles", "returns", "scores", "standard_scores", "audit_log", "api_tokens", "password_resets"];

let db: Db;

async function existing(): Promise<string[]> {
  const found: string[] = [];
  for (const table of TABLES) if (await db.schema.hasTable(table)) found.push(table);
  return found;
}

/** Every application table, whoever's migration made it (SQLite or PostgreSQL: see createTestDb). */
async function applicationTables(): Promise<string[]> {
  const rows: { name: string }[] = isPostgres(db)
    ? await db("information_schema.tables").where({ table_schema: "public", table_type: "BASE TABLE" }).whereNot("table_name", "like", "knex_%").select("table_name as name")
    : await db("sqlite_master").where({ type: "table" }).whereNot("name", "like", "knex_%").whereNot("name", "like", "sqlite_%").select("name");
  return rows.map((row) => row.name).sort();
}

beforeAll(async () => {
  db = await createTestDb();
});

afterAll(async () => {
  await db.destroy();
});

describe("migrations", () => {
  it("create every table of the data model", async () => {
    expect(await existing()).toEqual(TABLES);
    const [completed, pending] = await db.migrate.list();
    expect(completed.length).toBeGreaterThan(0);
    expect(pending).toEqual([]);
  });

  it("roll all the way back, dropping every table, and forward again", async () => {
    const [completed] = await db.migrate.list();
    expect(await applicationTables()).toEqual(expect.arrayContaining(TABLES));
    await db.migrate.rollback(undefined, true);
    expect(await applicationTables()).toEqual([]);
    const [afterRollback, pending] = await db.migrate.list();
    expect(afterRollback).toEqual([]);
    expect(pending).toHaveLength(completed.length);

    await db.migrate.latest();
    expect(await existing()).toEqual(TABLES);
    expect((await db.migrate.list())[1]).toEqual([]);
  });
});
