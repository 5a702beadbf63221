// @ts-check
/**
 * A throwaway PostgreSQL for the test suite: `initdb` into a temporary folder, start it on a free loopback
 * port, create a database, and stop and delete it all afterwards. Nothing outside the temporary folder is
 * touched (no system cluster, no service), so it runs the same on a developer's machine and in CI.
 *
 *   node scripts/postgres.js -- <command …>   runs the command with DATABASE_URL=postgres://… set
 *   import { findPostgres, startPostgres } from "./postgres.js"   (scripts/test.js does this)
 *
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user (Debian's
 * package creates it) and its programs run through `runuser`. The server runs without fsync: a test
 * cluster needs speed, not durability across a power cut (a killed *application* loses nothing either way).
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding initdb, pg_ctl and postgres, or null when PostgreSQL is not installed. */
export function findPostgres() {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  // Debian and Ubuntu: /usr/lib/postgresql/<major>/bin (newest first).
  const debian = "/usr/lib/postgresql";
  if (fs.existsSync(debian)) {
    const majors = fs
      .readdirSync(debian)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) candidates.push(path.join(debian, major, "bin"));
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) if (dir) candidates.push(dir);
  return candidates.find((dir) => ["initdb", "pg_ctl", "postgres"].every((program) => fs.existsSync(path.join(dir, program)))) ?? null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** Runs a PostgreSQL program, as the `postgres` user when we are root. */
function pgRun(bin, program, args) {
  const command = isRoot ? "runuser" : path.join(bin, program);
  const fullArgs = isRoot ? ["-u", "postgres", "--", path.join(bin, program), ...args] : args;
  const result = spawnSync(command, fullArgs, { encoding: "utf8", cwd: os.tmpdir() });
  if (result.status !== 0) {
    throw new Error(
      `${program} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}${result.error ? String(result.error) : ""}`,
    );
  }
  return result.stdout;
}

/**
 * Starts a fresh cluster and creates `database`. Returns its URL (`postgres://postgres@127.0.0.1:<port>/<database>`)
 * and `stop()`, which stops the server and deletes the folder.
 * @param {{ database?: string, log?: (line: string) => void }} [options]
 */
export async function startPostgres(options = {}) {
  const database = options.database ?? "audit";
  const log = options.log ?? (() => {});
  const bin = findPostgres();
  if (!bin) throw new Error("PostgreSQL is not installed (no initdb/pg_ctl/postgres found; on Debian: apt-get install postgresql)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-pg-"));
  fs.chmodSync(dir, 0o700);
  if (isRoot) execFileSync("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  const started = Date.now();
  pgRun(bin, "initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c max_connections=400",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c shared_buffers=64MB",
  ].join(" ");
  pgRun(bin, "pg_ctl", ["-D", data, "-o", settings, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      pgRun(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch (error) {
      log(String(error));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
  } catch (error) {
    stop();
    throw error;
  }
  const version = spawnSync(path.join(bin, "postgres"), ["--version"], { encoding: "utf8" }).stdout.trim();
  log(`Started ${version} on 127.0.0.1:${port} in ${((Date.now() - started) / 1000).toFixed(1)} s (${dir})`);
  return { url: `postgres://postgres@127.0.0.1:${port}/${database}`, stop, version };
}

// `node scripts/postgres.js -- <command …>`
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dash = process.argv.indexOf("--");
  const command = dash >= 0 ? process.argv.slice(dash + 1) : process.argv.slice(2);
  if (command.length === 0) {
    console.error("Usage: node scripts/postgres.js -- <command …> (runs the command with DATABASE_URL naming a throwaway PostgreSQL)");
    process.exit(2);
  }
  const pg = await startPostgres({ log: (line) => console.error(line) });
  const child = spawn(command[0], command.slice(1), { stdio: "inherit", env: { ...process.env, DATABASE_URL: pg.url } });
  const forward = (signal) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", (code, signal) => {
    pg.stop();
    process.exit(code ?? (signal ? 1 : 0));
  });
}
