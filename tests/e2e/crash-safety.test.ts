import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { parseJson } from "~/data/db.server";
import { listQuestions } from "~/domain/survey-json";
import { TEST_PASSWORD, importS11, makeAgencyWithPeople, makeCycle, pageNames, returnIdOf } from "../support/factories";
import { childPids, freshDatabase, savePageOver, signInOver, startServer, type ServerProcess, type TestDatabase } from "../support/server";

/*
 * "A killed server loses no acknowledged save" (DESIGN §10). Several agency leads save pages of their own
 * returns over real HTTP, concurrently; the server is killed with SIGKILL mid-stream (no clean shutdown),
 * restarted on the same database, and every save that had been acknowledged (302 received) must be there:
 * each return holds its last acknowledged answer or a later one that was written but not yet answered.
 * On SQLite the file must also pass `PRAGMA integrity_check`. Runs on PostgreSQL too in npm test's second run.
 *
 * "A crashed process replaced" (DESIGN §10): server.js runs the app in a worker under a primary that holds
 * the port, even with one worker; the worker is killed with SIGKILL and the next request is served.
 */

const CLIENTS = 6;
/** Kill once every client has had this many saves acknowledged (so the kill lands mid-stream, whatever the machine's speed). */
const ACKED_BEFORE_KILL = 5;

let database: TestDatabase;
let db: Db;
let server: ServerProcess | null = null;
const clients: { email: string; returnId: number }[] = [];
let pageName: string;
let question: string;

beforeAll(async () => {
  database = await freshDatabase();
  db = database.connect();
  const tool = await importS11(db);
  const people = [];
  for (let n = 0; n < CLIENTS; n += 1) people.push(await makeAgencyWithPeople(db));
  const cycle = await makeCycle(db, tool, { agencyIds: people.map((p) => p.agency.id) });
  for (const p of people) clients.push({ email: p.lead.email, returnId: await returnIdOf(db, cycle, p.agency.id) });
  pageName = pageNames(tool)[0];
  const text = listQuestions(tool.definition.survey).find(
    (q) => q.pageName === pageName && q.type === "comment" && q.element.visibleIf === undefined,
  );
  if (!text) throw new Error(`Page ${pageName} has no always-shown comment question to save`);
  question = text.name;
});

afterAll(async () => {
  await server?.kill();
  await db?.destroy();
  database?.remove();
});

describe("killing the server during concurrent saves", () => {
  it("keeps every acknowledged save, and the database is sound after a restart", async () => {
    server = await startServer(database.url);
    const first = server;
    const cookies = await Promise.all(clients.map((client) => signInOver(first.url, client.email, TEST_PASSWORD)));

    // Each client saves "client c, save n" again and again; sent[c] lists what it sent, acked[c] the last acknowledged n.
    const sent: string[][] = clients.map(() => []);
    const acked: number[] = clients.map(() => -1);
    let stopping = false;
    const loops = clients.map(async (client, c) => {
      for (let n = 0; !stopping; n += 1) {
        const value = `Client ${c}, save ${n}: policy reviewed.`;
        sent[c].push(value);
        try {
          // The form's base (what this client last saw stored), as the browser sends it, so the save is not a conflict.
          const base = { revision: 0, answers: n === 0 ? {} : { [question]: sent[c][n - 1] } };
          const status = await savePageOver(first.url, cookies[c], client.returnId, pageName, {
            [question]: value,
            _base: JSON.stringify(base),
          });
          if (status !== 302) throw new Error(`Save ${n} of client ${c} answered ${status}`);
          acked[c] = n;
        } catch (error) {
          if (stopping) return; // the connection died with the server: not acknowledged
          throw error;
        }
      }
    });
    const deadline = Date.now() + 60_000;
    while (Math.min(...acked) < ACKED_BEFORE_KILL && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // Saves are in flight from every client at this moment.
    stopping = true;
    await first.kill();
    await Promise.all(loops);
    server = null;
    expect(Math.min(...acked), "every client had saves acknowledged before the kill").toBeGreaterThanOrEqual(ACKED_BEFORE_KILL);

    server = await startServer(database.url);
    const lost: string[] = [];
    for (const [c, client] of clients.entries()) {
      const row = await db("returns").where({ id: client.returnId }).first("answers");
      const stored = parseJson<Record<string, unknown>>(row.answers, {})[question];
      const at = sent[c].indexOf(String(stored));
      if (at < acked[c]) lost.push(`client ${c}: acknowledged "${sent[c][acked[c]]}", found "${String(stored)}"`);
    }
    expect(lost).toEqual([]);
    if (!database.isPostgres) expect(await db.raw("pragma integrity_check")).toEqual([{ integrity_check: "ok" }]);

    // Sessions live in the database, so the signed-in leads carry on after the restart.
    const latest =
      sent[0][
        sent[0].indexOf(
          String(
            parseJson<Record<string, unknown>>((await db("returns").where({ id: clients[0].returnId }).first("answers")).answers, {})[
              question
            ],
          ),
        )
      ];
    const again = await savePageOver(server.url, cookies[0], clients[0].returnId, pageName, {
      [question]: "After the restart",
      _base: JSON.stringify({ revision: 0, answers: { [question]: latest } }),
    });
    expect(again).toBe(302);
  });
});

describe("killing the app process", () => {
  it("is replaced, the port keeps answering, and a signed-in user carries on", async () => {
    await server?.stop();
    server = await startServer(database.url);
    const primary = server.child.pid!;
    const [worker] = childPids(primary);
    expect(childPids(primary), "one app process under the primary by default").toHaveLength(1);
    const cookie = await signInOver(server.url, clients[0].email, TEST_PASSWORD);

    process.kill(worker, "SIGKILL");
    // Asked at once, on a new connection (a kept-alive one died with its process, as a browser would find
    // and retry): the connection waits in the primary until the new process is listening.
    const health = await new Promise<number>((resolve, reject) => {
      http
        .get(`${server!.url}/healthz`, { agent: false }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
        .on("error", reject);
    });
    expect(health).toBe(200);
    expect(server.child.exitCode).toBeNull();
    const [replacement] = childPids(primary);
    expect(replacement).toBeDefined();
    expect(replacement).not.toBe(worker);
    expect(server.output()).toContain(`App process ${worker} ended (SIGKILL); starting another`);

    const stored = parseJson<Record<string, unknown>>(
      (await db("returns").where({ id: clients[0].returnId }).first("answers")).answers,
      {},
    );
    const status = await savePageOver(server.url, cookie, clients[0].returnId, pageName, {
      [question]: "After the process was replaced",
      _base: JSON.stringify({ revision: 0, answers: stored }),
    });
    expect(status).toBe(302);
    await server.stop();
    server = null;
  });
});
