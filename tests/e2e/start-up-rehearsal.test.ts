import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { submitPractitionerResponse } from "~/data/practitioner.server";
import type { ToolRecord } from "~/data/tools.server";
import type { Answers } from "~/domain/scoring";
import { PER_ADDRESS_PER_HOUR } from "~/utils/flood-limit.server";
import { practitionerFixture } from "../support/factories";
import { differences, snapshot } from "../support/snapshot";
import { childPids, freshDatabase, startServer, type ServerProcess, type TestDatabase } from "../support/server";

/*
 * A server starting with a practitioner survey open rehearses the quick path before it takes a connection
 * (decision 033): it sends itself 3,000 last pages over loopback and rolls each store back. Proven on the
 * production server: it says it did, every table is the same afterwards row for row, and the rehearsal took
 * nobody's place under the flood limits (an address still has its full hour of answers, each stored).
 */

let database: TestDatabase;
let db: Db;
let server: ServerProcess | undefined;
let tool: ToolRecord;
let token: string;
let surveyId: number;
let opened: { surveyId: number; tokens: string[] };

function allAnswers(choice: string): Answers {
  return Object.fromEntries(Object.keys(tool.definition.items).map((name) => [name, choice]));
}

/** A practitioner's last page, as the survey page posts it, with the earlier pages' answers in its hidden field. */
function lastPage(choice: string): string {
  const pages = tool.definition.survey.pages;
  const lastNames = new Set(pages[pages.length - 1].elements.map((element) => element.name));
  const answers = allAnswers(choice);
  const earlier = Object.fromEntries(Object.entries(answers).filter(([name]) => !lastNames.has(name)));
  const form = new URLSearchParams({
    _state: JSON.stringify({ role: "frontline", answers: earlier }),
    _page: String(pages.length - 1),
    _go: "next",
  });
  for (const name of lastNames) form.set(name, String(answers[name]));
  return form.toString();
}

beforeAll(async () => {
  database = await freshDatabase();
  db = database.connect();
  const fixture = await practitionerFixture(db);
  tool = fixture.tool;
  opened = await fixture.open();
  surveyId = opened.surveyId;
  token = opened.tokens[0];
  for (const choice of ["agree", "disagree"])
    expect(await submitPractitionerResponse(db, token, { roleGroup: "manager", answers: allAnswers(choice) })).toEqual({ ok: true });
});

afterAll(async () => {
  await server?.stop();
  await db?.destroy();
  database?.remove();
});

describe("a server starting while a practitioner survey is open", () => {
  it("rehearses 3,000 responses before it serves, and keeps none of them", async () => {
    const before = await snapshot(db, "all");
    server = await startServer(database.url, { REHEARSAL_REPORT: "1" });
    expect(server.output()).toMatch(/rehearsed 3000 responses in \d+ ms \(none kept\)/);
    expect(differences(before, await snapshot(db, "all"))).toEqual([]);
    expect((await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored).toBe(2);
  });

  it("leaves every place under the flood limits to real practitioners, whose answers are stored", async () => {
    if (!server) throw new Error("the server did not start");
    const send = () =>
      fetch(`${server!.url}/p/${token}?index`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: lastPage("agree"),
        redirect: "manual",
      });
    // The rehearsal sent its 3,000 through this same link (ten times the link's hour) from loopback: had any of them
    // been counted, the first of these would be refused. This address has its whole hour, and then is refused.
    for (let n = 0; n < PER_ADDRESS_PER_HOUR; n += 1) {
      const response = await send();
      await response.arrayBuffer();
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`/p/${token}/thanks`);
    }
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("Too many answers");
    expect((await db("practitioner_surveys").where({ id: surveyId }).first()).responses_stored).toBe(2 + PER_ADDRESS_PER_HOUR);
  });

  it("lets a process that replaces the only one serve at once, without rehearsing, while connections wait", async () => {
    if (!server) throw new Error("the server did not start");
    const [worker] = childPids(server.child.pid ?? 0);
    const before = server.output().length;
    process.kill(worker, "SIGKILL");
    // Sent while no process serves: it waits in the primary and is answered by the replacement.
    // On a new connection (fetch would reuse one to the process just killed).
    const status = await new Promise<number | undefined>((resolve, reject) =>
      http
        .get(`${server!.url}/p/${opened.tokens[1]}`, { agent: false }, (response) => {
          response.resume();
          response.once("end", () => resolve(response.statusCode));
        })
        .once("error", reject),
    );
    expect(status).toBe(200);
    const log = server.output().slice(before);
    expect(log).toContain("starting another");
    expect(log).toMatch(/rehearsed 0 responses in \d+ ms/);
    expect(log).not.toContain("The start-up rehearsal took");
  });
});
