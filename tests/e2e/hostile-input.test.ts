import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { TEST_PASSWORD, importS11, makeAgencyWithPeople, makeCycle, returnIdOf } from "../support/factories";
import { freshDatabase, signInOver, startServer, type ServerProcess, type TestDatabase } from "../support/server";
import { BOMB_ROW, xlsxBomb } from "../support/zip-bomb";

/*
 * Hostile input over real HTTP to a server of its own (server.js on a fresh database), so that a crash
 * shows as a crash and not as a failure of every other test file: spreadsheets that inflate to hundreds
 * of MB. After each, the same server process must still answer.
 */

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let database: TestDatabase;
let db: Db;
let server: ServerProcess;
let cookie: string;
let returnId: number;

beforeAll(async () => {
  database = await freshDatabase();
  db = database.connect();
  const tool = await importS11(db);
  const people = await makeAgencyWithPeople(db);
  const cycle = await makeCycle(db, tool, { agencyIds: [people.agency.id] });
  returnId = await returnIdOf(db, cycle, people.agency.id);
  server = await startServer(database.url);
  cookie = await signInOver(server.url, people.lead.email, TEST_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  await db?.destroy();
  database?.remove();
});

async function upload(bytes: Uint8Array, filename = "return.xlsx") {
  const body = new FormData();
  body.append("returnFile", new Blob([new Uint8Array(bytes)], { type: XLSX_TYPE }), filename);
  const response = await fetch(`${server.url}/returns/${returnId}/upload`, { method: "POST", headers: { Cookie: cookie }, body, redirect: "manual" });
  return { status: response.status, text: await response.text() };
}

async function stillServing() {
  const response = await fetch(`${server.url}/healthz`);
  expect(response.status).toBe(200);
  expect(server.child.exitCode, server.output()).toBeNull();
}

describe("a spreadsheet that inflates to hundreds of MB, uploaded as a return", () => {
  it("is refused from its ZIP directory, and the server keeps serving", async () => {
    const answer = await upload(await xlsxBomb({ megabytes: 200, fill: BOMB_ROW }));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("The spreadsheet is too large to read: it unpacks to more than 50 MB");
    await stillServing();
  });

  it("is refused as it inflates when the directory understates the sheet's size, and the server keeps serving", async () => {
    const answer = await upload(await xlsxBomb({ megabytes: 200, fill: BOMB_ROW, declaredSize: 2_000 }));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("The spreadsheet is too large to read: it has more than 100,000 rows");
    await stillServing();
  });

  it("is refused at 50 MB inflated when the directory lies about a sheet of padding", async () => {
    const answer = await upload(await xlsxBomb({ megabytes: 450, declaredSize: 2_000 }));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("The spreadsheet is too large to read: it unpacks to more than 50 MB");
    await stillServing();
    const saved = await db("returns").where({ id: returnId }).first("answers");
    expect(saved.answers).toBe("{}");
  });
});
