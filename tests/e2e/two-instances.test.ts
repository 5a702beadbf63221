import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { listQuestions } from "~/domain/survey-json";
import { TEST_PASSWORD, importS11, makeAgencyWithPeople, makeCycle, pageNames, returnIdOf } from "../support/factories";
import { freshDatabase, savePageOver, signInOver, startServer, type ServerProcess, type TestDatabase } from "../support/server";

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
  question = listQuestions(tool.definition.survey).find((q) => q.pageName === pageName && q.type === "comment" && q.element.visibleIf === undefined)!.name;
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
    expect(await savePageOver(one.url, cookie, returnId, pageName, { [question]: first, _base: JSON.stringify({ revision: 0, answers: {} }) })).toBe(302);
    expect((await pageText(two.url, cookie)).body).toContain(first);

    const second = "Then changed through the second server.";
    expect(await savePageOver(two.url, cookie, returnId, pageName, { [question]: second, _base: JSON.stringify({ revision: 0, answers: { [question]: first } }) })).toBe(302);
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
