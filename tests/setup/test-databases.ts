import { createDb, migrate, type Db } from "../../app/data/db.server";

/**
 * Throwaway databases for data tests. On SQLite (the default) each test database is a fresh in-memory
 * one. When DATABASE_URL names PostgreSQL (npm test's second run, see scripts/test.js), each test database
 * is a new PostgreSQL database copied from a template migrated once per run (the `unit` project's
 * globalSetup below), so every test file has its own data however the files are spread over workers.
 */

export const TEMPLATE_DATABASE = "audit_test_template";

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

let made = 0;

/** A new, empty PostgreSQL database on the server `url` names (copied from `template` when given). */
export async function createPostgresDatabase(url: string, prefix: string, template?: string): Promise<string> {
  made += 1;
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${made}`;
  const admin = createDb(withDatabase(url, "postgres"));
  try {
    await admin.raw(`CREATE DATABASE ?? ${template ? "TEMPLATE ??" : ""}`, template ? [name, template] : [name]);
  } finally {
    await admin.destroy();
  }
  return withDatabase(url, name);
}

/** A fresh, fully migrated database for one test file (or one test): SQLite in memory, or PostgreSQL. */
export async function createMigratedTestDb(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (isPostgresUrl(url)) return createDb(await createPostgresDatabase(url, "t", TEMPLATE_DATABASE));
  const db = createDb("file::memory:");
  await migrate(db);
  return db;
}

/** On PostgreSQL, (re)builds the migrated template the test databases copy (the `unit` project's globalSetup). */
export async function buildTemplate(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!isPostgresUrl(url)) return;
  const admin = createDb(withDatabase(url, "postgres"));
  try {
    await admin.raw("DROP DATABASE IF EXISTS ??", [TEMPLATE_DATABASE]);
    await admin.raw("CREATE DATABASE ??", [TEMPLATE_DATABASE]);
  } finally {
    await admin.destroy();
  }
  const template = createDb(withDatabase(url, TEMPLATE_DATABASE));
  try {
    await migrate(template);
  } finally {
    await template.destroy();
  }
}
