import crypto from "node:crypto";
import { isPostgres, type Db } from "~/data/db.server";

/**
 * "Nothing was written": every table's row count, and a fingerprint of the rows of the tables named,
 * taken before and after a refused request or command and compared (the bad-input sweeps).
 */

export async function tableNames(db: Db): Promise<string[]> {
  if (isPostgres(db)) {
    const rows = await db("pg_tables").where({ schemaname: "public" }).select("tablename");
    return rows.map((row) => row.tablename as string).sort();
  }
  const rows = await db("sqlite_master").where({ type: "table" }).andWhereNot("name", "like", "sqlite_%").select("name");
  return rows.map((row) => row.name as string).sort();
}

export interface Snapshot {
  counts: Record<string, number>;
  content: Record<string, string>;
}

/** Row counts of every table; a hash of the rows of `contentOf` ("all": every table). */
export async function snapshot(db: Db, contentOf: string[] | "all"): Promise<Snapshot> {
  const tables = await tableNames(db);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db(table).count({ n: "*" }).first();
    counts[table] = Number(row?.n ?? 0);
  }
  const content: Record<string, string> = {};
  for (const table of contentOf === "all" ? tables : contentOf) {
    const rows = (await db(table).select("*"))
      .map((row) => JSON.stringify(row, (_key, value) => (value instanceof Uint8Array ? Buffer.from(value).toString("base64") : value)))
      .sort();
    content[table] = crypto.createHash("sha256").update(rows.join("\n")).digest("hex");
  }
  return { counts, content };
}

/** What changed between two snapshots, one line a table; empty when nothing did. */
export function differences(before: Snapshot, after: Snapshot): string[] {
  const changed: string[] = [];
  for (const [table, count] of Object.entries(before.counts))
    if (after.counts[table] !== count) changed.push(`${table}: ${count} rows before, ${after.counts[table]} after`);
  for (const [table, hash] of Object.entries(before.content)) if (after.content[table] !== hash) changed.push(`${table}: its rows changed`);
  return changed;
}
