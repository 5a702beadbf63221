import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createDb, migrate, type Db } from "~/data/db.server";
import { createPostgresDatabase, isPostgresUrl } from "../setup/test-databases";

/**
 * Extra production servers (server.js) for tests that need their own: killing one mid-save, or running
 * two on one database. Each gets its own database: a new SQLite file, or a new PostgreSQL database when
 * the suite runs on PostgreSQL (DATABASE_URL names one). Nothing is seeded; build fixtures on `db()`.
 */

export const ROOT = path.resolve(__dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface TestDatabase {
  url: string;
  isPostgres: boolean;
  /** A new connection (close it with destroy()). */
  connect(): Db;
  remove(): void;
}

/** A fresh, migrated database of the kind this run uses. */
export async function freshDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-server-"));
  const postgres = isPostgresUrl(process.env.DATABASE_URL);
  const url = postgres ? await createPostgresDatabase(process.env.DATABASE_URL!, "srv") : `file:${path.join(dir, "app.db")}`;
  const db = createDb(url);
  await migrate(db);
  await db.destroy();
  return { url, isPostgres: postgres, connect: () => createDb(url), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no clean shutdown, as in a crash. */
  kill(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Starts server.js on a free port against `databaseUrl` and waits until /healthz answers. */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) throw new Error("No production build: run `npm run build` first.");
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, ["server.js"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, SEED_DEMO: "false", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server.js exited (${child.exitCode}) before it was ready:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server.js did not answer /healthz within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited(child);
      clearTimeout(timer);
    },
    async kill() {
      child.kill("SIGKILL");
      await exited(child);
    },
  };
}

/** Signs in through /login and returns the session cookie. */
export async function signInOver(serverUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${serverUrl}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  await response.arrayBuffer();
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  if (response.status !== 302 || !cookie) throw new Error(`Signing in as ${email} at ${serverUrl} answered ${response.status}`);
  return cookie;
}

/** Saves one answer of a return page the way the form does ("Save and come back later"); the HTTP status. */
export async function savePageOver(
  serverUrl: string,
  cookie: string,
  returnId: number,
  pageName: string,
  answers: Record<string, string>,
): Promise<number> {
  const response = await fetch(`${serverUrl}/returns/${returnId}/pages/${encodeURIComponent(pageName)}`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...answers, _next: "later" }),
    redirect: "manual",
  });
  await response.arrayBuffer();
  return response.status;
}

/** The pids of a process's children, read from /proc (Linux). */
export function childPids(parent: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces, so read after the last ")".
        const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === parent;
      } catch {
        return false; // ended while we looked
      }
    })
    .map(Number);
}
