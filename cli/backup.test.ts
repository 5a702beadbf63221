import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrate, type Db } from "~/data/db.server";
import { seedDemo } from "~/data/seed-demo.server";
import { backupCommand, restoreCommand } from "./commands/backup";

/*
 * Backups restore (DESIGN §10): a populated database (the whole demo partnership) is backed up while a
 * second connection keeps writing, restored into a different empty database, and every table compared.
 */

let dir: string;
let source: Db;
const TABLES = ["agencies", "users", "tools", "cycles", "returns", "scores", "standard_scores", "audit_log", "moderations", "challenges", "publications", "knex_migrations"];

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) result[table] = await db(table).select("*").orderBy("id");
  return result;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "backup-test-"));
  source = createDb(`file:${path.join(dir, "live.db")}`);
  await migrate(source);
  await seedDemo(source);
});
afterAll(async () => {
  await source.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("round-trips a populated database table by table", async () => {
    const backupFile = path.join(dir, "backup.db");
    const writer = createDb(`file:${path.join(dir, "live.db")}`);
    // Saves keep arriving while the backup runs; the backup is a consistent snapshot either way.
    const writing = (async () => {
      for (let n = 0; n < 20; n += 1) await writer("audit_log").insert({ at: new Date().toISOString(), user_id: null, action: "test.write", entity_type: "test", entity_id: String(n), summary: "{}" });
    })();
    const backup = capture();
    await expect(backupCommand({ args: [backupFile], options: {}, db: source, ...backup.io })).resolves.toBe(0);
    await writing;
    await writer.destroy();
    expect(backup.out[0]).toMatch(/^Backed up to .*backup\.db \(\d+ pages, \d+ KB\)$/);

    const snapshot = createDb(`file:${backupFile}`);
    const expected = await dump(snapshot);
    await snapshot.destroy();
    expect(expected.agencies).toHaveLength(12);

    const target = createDb(`file:${path.join(dir, "restored.db")}`);
    await migrate(target);
    const restore = capture();
    await expect(restoreCommand({ args: [backupFile], options: {}, db: target, ...restore.io })).resolves.toBe(0);
    expect(restore.out[0]).toMatch(/^Restored .*: 12 agencies, \d+ returns$/);
    expect(await dump(target)).toEqual(expected);
    await target.destroy();
  });

  it("never overwrites an existing file", async () => {
    const existing = path.join(dir, "exists.db");
    fs.writeFileSync(existing, "keep me");
    const run = capture();
    await expect(backupCommand({ args: [existing], options: {}, db: source, ...run.io })).resolves.toBe(1);
    expect(run.err).toEqual([`${existing} already exists: choose a new file name (a backup never overwrites a file)`]);
    expect(fs.readFileSync(existing, "utf8")).toBe("keep me");
  });

  it("refuses to restore a file that is not a backup, leaving the database untouched", async () => {
    const bogus = path.join(dir, "bogus.db");
    fs.writeFileSync(bogus, "agency,sector\nPolice,police\n");
    const before = await dump(source);
    const run = capture();
    await expect(restoreCommand({ args: [bogus], options: {}, db: source, ...run.io })).resolves.toBe(1);
    expect(run.err[0]).toContain("is not a backup made by this application");
    const missing = capture();
    await expect(restoreCommand({ args: [path.join(dir, "nope.db")], options: {}, db: source, ...missing.io })).resolves.toBe(1);
    expect(missing.err[0]).toContain("there is no such file");
    expect(await dump(source)).toEqual(before);
  });
});
