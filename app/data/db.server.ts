import path from "node:path";
import fs from "node:fs";
import { createRequire } from "node:module";
import knexFactory, { type Knex } from "knex";
import type pgModule from "pg";

/**
 * The database connection. `DATABASE_URL` unset → the SQLite file data/app.db; `file:<path>` → that
 * SQLite file (`file::memory:` for a throwaway database); `postgres://…` → PostgreSQL (DESIGN §9).
 *
 * SQLITE ADAPTER: the pragmas below, and `jsonArrayOfRows`' and `rowsFromJson`'s function names, are the only
 * SQLite-specific SQL in the application; `sqliteClientClass` writes LIMIT and OFFSET into SQLite's SQL instead of
 * binding them, and `startWalCheckpoints` copies the WAL back from a thread of its own.
 */

export type Db = Knex;

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "migrations");

/**
 * POSTGRESQL ADAPTER: node-postgres hands back 64-bit integers (COUNT(*), SUM of integers) and NUMERIC
 * (AVG) as strings, where better-sqlite3 gives numbers. Counts and sums here never approach 2^53, so
 * both databases give the application the same JavaScript numbers.
 */
let pgTypesSet = false;
function setPostgresTypes(): void {
  if (pgTypesSet) return;
  pgTypesSet = true;
  // Loaded here, with the first PostgreSQL connection: a SQLite deployment never loads node-postgres.
  const pg = createRequire(import.meta.url)("pg") as typeof pgModule;
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));
}

interface SqliteConnection {
  pragma(sql: string): unknown;
  prepare(sql: string): unknown;
}

const STATEMENT_CACHE_SIZE = 300;

type QueryCompilerClass = new (...args: unknown[]) => { single: Record<string, unknown>; _getValueOrParameterFromAttribute(attribute: string, rawValue?: unknown): unknown };
type ClientClass = new (config: Knex.Config) => { queryCompiler(builder: unknown, formatter: unknown): unknown };
let sqliteClient: ClientClass | null = null;

/**
 * knex's better-sqlite3 client, except that a whole-number LIMIT or OFFSET is written into the SQL instead of
 * bound. SQLite's planner reads a LIMIT's value, so a statement whose LIMIT is a bound parameter is prepared
 * again every time it runs: about 11 µs on every `.first()`, which the statement cache above cannot save
 * (decision 030). knex has parsed each of these to an integer (`limit()` and `offset()` call parseInt), so
 * writing it in is as safe as binding it; anything else (a raw offset) is bound as before.
 */
function sqliteClientClass(): ClientClass {
  if (sqliteClient) return sqliteClient;
  const require = createRequire(import.meta.url);
  const BetterSqlite3Client = require("knex/lib/dialects/better-sqlite3/index.js") as ClientClass;
  const SqliteQueryCompiler = require("knex/lib/dialects/sqlite3/query/sqlite-querycompiler.js") as QueryCompilerClass;
  class InlineLimitCompiler extends SqliteQueryCompiler {
    _getValueOrParameterFromAttribute(attribute: string, rawValue?: unknown): unknown {
      const value = this.single[attribute];
      if ((attribute === "limit" || attribute === "offset") && Number.isSafeInteger(value)) return String(value);
      return super._getValueOrParameterFromAttribute(attribute, rawValue);
    }
  }
  sqliteClient = class SqliteClient extends BetterSqlite3Client {
    queryCompiler(builder: unknown, formatter: unknown): unknown {
      return new InlineLimitCompiler(this, builder, formatter);
    }
  };
  return sqliteClient;
}

/**
 * knex prepares every query afresh (parse and plan: about a tenth of a millisecond each, a dozen per page).
 * better-sqlite3 statements are reusable, and knex runs each to completion (`all` or `run`) before the next,
 * so the connection keeps the most recently used ones by their SQL text. SQLite re-prepares a kept
 * statement itself if a migration changes the schema under it.
 */
function cachePreparedStatements(connection: SqliteConnection): void {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement) {
      statements.delete(sql);
    } else {
      statement = prepare(sql);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
    }
    statements.set(sql, statement);
    return statement;
  };
}

export function knexConfig(url: string | undefined = process.env.DATABASE_URL): Knex.Config {
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    setPostgresTypes();
    // Idle connections are kept for ten minutes, not knex's 30 s: a new PostgreSQL connection is a new server process
    // whose first queries load its catalogue afresh, so an office answering together a minute after the last answer
    // (or after the start-up rehearsal, decision 033) would otherwise wait for ten of them. At most 10 per app process.
    return { client: "pg", connection: url, pool: { min: 0, max: 10, idleTimeoutMillis: 600_000 }, migrations: { directory: MIGRATIONS_DIR } };
  }
  if (url && !url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must start with file: or postgres:// (got "${url.split(":")[0]}:…")`);
  }
  const filename = url ? url.slice("file:".length) : path.resolve(process.cwd(), "data/app.db");
  const inMemory = filename === ":memory:";
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return {
    client: sqliteClientClass() as unknown as Knex.Config["client"],
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite serialises writers anyway, and a single connection keeps an in-memory database whole.
    pool: {
      min: 1,
      max: 1,
      afterCreate(connection: SqliteConnection, done: (error: Error | null, connection: unknown) => void) {
        if (!inMemory) connection.pragma("journal_mode = WAL");
        connection.pragma("foreign_keys = ON");
        connection.pragma("busy_timeout = 5000");
        connection.pragma("synchronous = NORMAL");
        cachePreparedStatements(connection);
        done(null, connection);
      },
    },
    migrations: { directory: MIGRATIONS_DIR, loadExtensions: [".js"] },
  };
}

/** Pages the WAL may hold before the app's own connection copies them back itself (the background's fallback). */
const WAL_PAGES_BEFORE_OWN_CHECKPOINT = 10_000;

/**
 * The checkpointer's code, in a thread of its own with a connection of its own: every `intervalMs` it copies what
 * the WAL holds back into the database file (a PASSIVE checkpoint, which neither waits for nor blocks anyone).
 */
const CHECKPOINTER = `
const { workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma("busy_timeout = 0");
setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Another process is checkpointing (SQLITE_BUSY): the next turn will.
  }
}, workerData.intervalMs);
`;

/**
 * Copies the SQLite WAL back into the database file from a background thread (decision 030), so no request waits
 * for it. SQLite does this by itself once the WAL reaches 1,000 pages, inside whichever write commits then: 14–31 ms
 * on the event loop, and with fifty practitioners' tallies (about 113 pages a wave) every ninth wave. Here the
 * app's connection does it only past 10,000 pages, as a fallback should the thread stop. Returns what stops it;
 * null for PostgreSQL and for a database in memory, which have no WAL. Started by the server (startup.server.ts).
 */
export async function startWalCheckpoints(db: Db, intervalMs = 500): Promise<(() => Promise<void>) | null> {
  const filename = (db.client.config.connection as { filename?: string } | undefined)?.filename;
  if (isPostgres(db) || !filename || filename === ":memory:") return null;
  const { Worker } = await import("node:worker_threads");
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { driver, filename: path.resolve(filename), intervalMs } });
  worker.unref();
  worker.on("error", (error) => console.error(`The WAL checkpoints stopped (${error.message}); SQLite now makes them itself`));
  await db.raw(`pragma wal_autocheckpoint = ${WAL_PAGES_BEFORE_OWN_CHECKPOINT}`);
  return async () => {
    await worker.terminate();
  };
}

export function isPostgres(db: Db): boolean {
  return db.client.config.client === "pg";
}

/**
 * SQL for "these columns of every row, as one JSON array of arrays" (`[[a, b], [a, b], …]`, in `orderBy`'s
 * order; SQLite 3.44 or later, which better-sqlite3 bundles), for a subquery or GROUP BY that hands a report
 * many small rows at once. better-sqlite3 and node-postgres turn each row into a JavaScript object one
 * property at a time, about 1.7 µs a row; the same values as one JSON text cost SQLite a fraction of that and
 * `JSON.parse` the rest (decision 028). Numbers keep every digit (SQLite writes 17 significant digits,
 * PostgreSQL the shortest exact form). An aggregate of no rows is `[]` in SQLite and NULL in PostgreSQL: read
 * it with `parseJson(value, [])`. The columns are the caller's own identifiers, never input.
 */
export function jsonArrayOfRows(db: Db, columns: readonly string[], orderBy: string): string {
  const list = columns.join(", ");
  return isPostgres(db) ? `json_agg(json_build_array(${list}) order by ${orderBy})` : `json_group_array(json_array(${list}) order by ${orderBy})`;
}

/** The type each value of a `rowsFromJson` row is read as. */
export type JsonColumnType = "integer" | "real" | "text";

/**
 * SQL for "the rows of one bound JSON array of arrays" (`[[a, b], [a, b], …]`, each value read as `types`
 * says), for `insert into t (columns) <this>`: a statement whose text is the same whatever the number of rows,
 * so SQLite prepares it once, where a many-row `insert … values` is built and prepared afresh for every
 * count (knex builds each row's SQL; decision 030). The caller binds `JSON.stringify(rows)` as its one `?`.
 * A caller adding `on conflict` after it writes `where true` first, which SQLite needs to read the upsert.
 */
export function rowsFromJson(db: Db, types: readonly JsonColumnType[]): string {
  if (isPostgres(db)) {
    const cast = { integer: "integer", real: "double precision", text: "text" } as const;
    return `select ${types.map((type, index) => `(value ->> ${index})::${cast[type]}`).join(", ")} from json_array_elements(?::json)`;
  }
  return `select ${types.map((_, index) => `value ->> ${index}`).join(", ")} from json_each(?)`;
}

/**
 * A column `standards` for a query that joins `scores`: that score's standard scores, the given columns of
 * each as one tuple, in the order they were stored (the tool's), in one JSON text (see `jsonArrayOfRows`;
 * `[]` or null when it has none).
 */
export function standardScoresOfScore(db: Db, columns: readonly string[]): Knex.Raw {
  return db.raw(`(select ${jsonArrayOfRows(db, columns, "standard_scores.id")} from standard_scores where standard_scores.score_id = scores.id) as standards`);
}

export function createDb(url?: string): Db {
  return knexFactory(knexConfig(url));
}

export async function migrate(db: Db): Promise<void> {
  await db.migrate.latest();
}

declare global {
  var __appDb: Db | undefined;
}

/** The process-wide connection (kept across dev rebuilds on globalThis). */
export function getDb(): Db {
  if (!globalThis.__appDb) globalThis.__appDb = createDb();
  return globalThis.__appDb;
}

/** Now, as stored: an ISO-8601 UTC timestamp string. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Parses a JSON text column (SQLite returns text; PostgreSQL the same, as columns are text). */
export function parseJson<T>(value: unknown, fallback: T): T {
  if (typeof value !== "string") return (value as T) ?? fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}
