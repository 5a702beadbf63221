import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { isPostgres, type Db } from "~/data/db.server";
import type { DbCommandContext } from "../index";

/**
 * `backup <file>` and `restore <file>` for the SQLite database (DESIGN §9, §10 "backups restore").
 * Backup uses SQLite's online backup API, so it is consistent while the app is running and saving.
 * Restore checks the file is a sound SQLite database of this application before copying it in;
 * stop the app first (restoring under a running server would pull the data from under it).
 * Evidence lives in the database, so one file holds everything.
 */

const SQLITE_HEADER = "SQLite format 3\0";

/** The raw better-sqlite3 connection behind knex (SQLITE ADAPTER). */
async function withConnection<T>(db: Db, work: (connection: Database.Database) => Promise<T> | T): Promise<T> {
  const connection = (await db.client.acquireConnection()) as Database.Database;
  try {
    return await work(connection);
  } finally {
    await db.client.releaseConnection(connection);
  }
}

function postgresRefusal(err: (line: string) => void): number {
  err("This database is PostgreSQL: back it up with pg_dump and restore with pg_restore (see docs/operations.md)");
  return 1;
}

export async function backupCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  if (isPostgres(db)) return postgresRefusal(err);
  const target = path.resolve(args[0]);
  if (fs.existsSync(target)) {
    err(`${args[0]} already exists: choose a new file name (a backup never overwrites a file)`);
    return 1;
  }
  if (!fs.existsSync(path.dirname(target))) {
    err(`The folder ${path.dirname(args[0])} does not exist`);
    return 1;
  }
  const pages = await withConnection(db, (connection) => connection.backup(target));
  const size = fs.statSync(target).size;
  out(`Backed up to ${args[0]} (${pages.totalPages} pages, ${(size / 1024).toFixed(0)} KB)`);
  return 0;
}

/** Problems that make a file unfit to restore, or none. */
export function checkBackupFile(file: string): string | null {
  if (!fs.existsSync(file)) return `Cannot read ${file}: there is no such file`;
  if (fs.statSync(file).isDirectory()) return `${file} is a folder, not a backup file`;
  const header = Buffer.alloc(16);
  const handle = fs.openSync(file, "r");
  try {
    fs.readSync(handle, header, 0, 16, 0);
  } finally {
    fs.closeSync(handle);
  }
  if (header.toString("latin1") !== SQLITE_HEADER) return `${file} is not a backup made by this application (not an SQLite database)`;
  const candidate = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = candidate.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return `${file} is damaged (SQLite integrity check: ${String(integrity)})`;
    const tables = new Set(
      (candidate.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((row) => row.name),
    );
    for (const required of ["knex_migrations", "agencies", "users", "tools", "cycles", "returns"]) {
      if (!tables.has(required)) return `${file} is not a backup of this application (it has no ${required} table)`;
    }
    return null;
  } finally {
    candidate.close();
  }
}

export async function restoreCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  if (isPostgres(db)) return postgresRefusal(err);
  const source = path.resolve(args[0]);
  const problem = checkBackupFile(source);
  if (problem) {
    err(problem);
    return 1;
  }
  // The backup API copies every page of the source into the live database in one go.
  await withConnection(db, async (connection) => {
    const backup = new Database(source, { readonly: true });
    try {
      await backup.backup(connection.name);
    } finally {
      backup.close();
    }
  });
  await db.migrate.latest();
  const counts = await Promise.all(
    ["agencies", "returns"].map(async (table) => Number((await db(table).count({ n: "*" }).first())?.n ?? 0)),
  );
  out(`Restored ${args[0]}: ${counts[0]} agencies, ${counts[1]} returns`);
  return 0;
}
