import { spawn } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { listQuestions } from "~/domain/survey-json";
import { TEST_PASSWORD, importS11, makeAgencyWithPeople, makeCycle, pageNames, returnIdOf } from "../support/factories";
import {
  ROOT,
  childPids,
  freePort,
  freshDatabase,
  savePageOver,
  signInOver,
  startServer,
  type ServerProcess,
  type TestDatabase,
} from "../support/server";

/*
 * Several app servers behind a load balancer, sharing one database (DESIGN §3, docs/operations.md): two
 * server.js processes on two ports, started together on one database. A save through one is read through
 * the other, and a session made on one works on the other (sessions are database rows). In npm test's
 * PostgreSQL run the shared database is PostgreSQL, the deployment this is for; on SQLite it is one file.
 */

let database: TestDatabase;
let db: Db;
let servers: ServerProcess[] = [];
let email: string;
let returnId: number;
let pageName: string;
let question: string;

beforeAll(async () => {
  database = await freshDatabase();
  db = database.connect();
  const tool = await importS11(db);
  const { agency, lead } = await makeAgencyWithPeople(db);
  const cycle = await makeCycle(db, tool, { agencyIds: [agency.id] });
  email = lead.email;
  returnId = await returnIdOf(db, cycle, agency.id);
  pageName = pageNames(tool)[0];
  question = listQuestions(tool.definition.survey).find(
    (q) => q.pageName === pageName && q.type === "comment" && q.element.visibleIf === undefined,
  )!.name;
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await db?.destroy();
  database?.remove();
});

async function pageText(serverUrl: string, cookie: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${serverUrl}/returns/${returnId}/pages/${pageName}`, { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: response.status, body: await response.text() };
}

describe("two app servers on one database", () => {
  it("start together, share sessions, and each reads what the other saved", async () => {
    // Started at the same moment, as after a deployment: both migrate (a no-op, under knex's lock) and serve.
    servers = await Promise.all([startServer(database.url), startServer(database.url)]);
    const [one, two] = servers;
    expect(one.url).not.toBe(two.url);

    const cookie = await signInOver(one.url, email, TEST_PASSWORD);
    expect((await pageText(two.url, cookie)).status, "the session made on one server works on the other").toBe(200);

    const first = "Saved through the first server.";
    expect(
      await savePageOver(one.url, cookie, returnId, pageName, { [question]: first, _base: JSON.stringify({ revision: 0, answers: {} }) }),
    ).toBe(302);
    expect((await pageText(two.url, cookie)).body).toContain(first);

    const second = "Then changed through the second server.";
    expect(
      await savePageOver(two.url, cookie, returnId, pageName, {
        [question]: second,
        _base: JSON.stringify({ revision: 0, answers: { [question]: first } }),
      }),
    ).toBe(302);
    const read = await pageText(one.url, cookie);
    expect(read.body).toContain(second);
    expect(read.body).not.toContain(first);

    // Signing out on one ends the session on both.
    const out = await fetch(`${two.url}/logout`, { method: "POST", headers: { Cookie: cookie }, redirect: "manual" });
    expect(out.status).toBe(302);
    const after = await pageText(one.url, cookie);
    expect(after.status).toBe(302);
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, seconds = 30): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("one server using both cores (WEB_CONCURRENCY=2)", () => {
  it("serves from two app processes, replaces one that dies, and stops them all on SIGTERM", async () => {
    const server = await startServer(database.url, { WEB_CONCURRENCY: "2" });
    try {
      const primary = server.child.pid!;
      const listening = () => server.output().split("listening on").length - 1;
      await waitFor(() => childPids(primary).length === 2 && listening() === 2, "two app processes listening");
      const cookie = await signInOver(server.url, email, TEST_PASSWORD);
      // Many requests, answered whichever process takes them: the session and the return are in the database.
      const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await pageText(server.url, cookie)).status));
      expect(statuses.every((status) => status === 200)).toBe(true);

      const [victim] = childPids(primary);
      process.kill(victim, "SIGKILL");
      await waitFor(
        () => childPids(primary).length === 2 && !childPids(primary).includes(victim) && listening() === 3,
        "a replacement app process listening",
      );
      expect((await pageText(server.url, cookie)).status).toBe(200);
      expect(server.output()).toContain(`App process ${victim} ended (SIGKILL); starting another`);

      const workers = childPids(primary);
      await server.stop();
      for (const pid of workers) expect(fs.existsSync(`/proc/${pid}`), `app process ${pid} ended with the primary`).toBe(false);
    } finally {
      await server.stop();
    }
  });

  it("exits with an error, instead of retrying for ever, when the app cannot start", async () => {
    const child = spawn(process.execPath, ["server.js"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(await freePort()),
        DATABASE_URL: "mysql://127.0.0.1/not-supported",
        SEED_DEMO: "false",
        NODE_ENV: "production",
        WEB_CONCURRENCY: "2",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
    expect(code).not.toBe(0);
    expect(output).toContain("DATABASE_URL must start with file: or postgres://");
    expect(output).toContain("The app did not start");
  });
});
