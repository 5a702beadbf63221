import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { TEST_PASSWORD, importS11, makeAgencyWithPeople, makeCycle, pageNames, returnIdOf } from "../support/factories";
import { freshDatabase, signInOver, startServer, type ServerProcess, type TestDatabase } from "../support/server";
import { BOMB_ROW, xlsxBomb } from "../support/zip-bomb";

/*
 * Hostile input over real HTTP to a server of its own (server.js on a fresh database), so that a crash
 * shows as a crash and not as a failure of every other test file: spreadsheets that inflate to hundreds
 * of MB, and bodies far larger than any form. After each, the same server process must still answer.
 */

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let database: TestDatabase;
let db: Db;
let server: ServerProcess;
let cookie: string;
let returnId: number;
let pageName: string;

beforeAll(async () => {
  database = await freshDatabase();
  db = database.connect();
  const tool = await importS11(db);
  const people = await makeAgencyWithPeople(db);
  const cycle = await makeCycle(db, tool, { agencyIds: [people.agency.id] });
  returnId = await returnIdOf(db, cycle, people.agency.id);
  pageName = pageNames(tool)[0];
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
  const response = await fetch(`${server.url}/returns/${returnId}/upload`, {
    method: "POST",
    headers: { Cookie: cookie },
    body,
    redirect: "manual",
  });
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

/**
 * Posts `total` bytes of `field=aaaa…` in 256 KB chunks over a raw connection, with or without a
 * Content-Length, and resolves with the answer as soon as it comes (the server may answer before the
 * body is all sent, and then close). `sent` is how much had been written by then.
 */
function postHuge(
  path: string,
  options: { total: number; declareLength: boolean; contentType?: string; cookie?: string; field?: string },
): Promise<{ status: number; type: string; text: string; sent: number }> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request(url, {
      method: "POST",
      headers: {
        "Content-Type": options.contentType ?? "application/x-www-form-urlencoded",
        ...(options.declareLength ? { "Content-Length": String(options.total) } : {}),
        ...(options.cookie ? { Cookie: options.cookie } : {}),
      },
    });
    request.on("response", (response) => {
      answered = true;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, type: String(response.headers["content-type"]), text, sent });
        request.destroy();
      });
    });
    // Once answered, a reset while still sending is the server closing, as it said it would.
    request.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(256 * 1024, "a");
    const start = Buffer.from(`${options.field ?? "a"}=`);
    const pump = () => {
      while (!answered && sent < options.total) {
        const piece =
          sent === 0
            ? Buffer.concat([start, chunk.subarray(start.length)])
            : chunk.subarray(0, Math.min(chunk.length, options.total - sent));
        sent += piece.length;
        if (!request.write(piece)) return void request.once("drain", pump);
      }
      if (!answered) request.end();
    };
    pump();
  });
}

describe("a request body larger than its route takes", () => {
  it("answers a 400 MB sign-in form 413 from its Content-Length, before reading it", async () => {
    const answer = await postHuge("/login", { total: 400_000_000, declareLength: true });
    expect(answer.status).toBe(413);
    expect(answer.type).toContain("text/html");
    expect(answer.text).toContain('<h1 class="govuk-heading-l">Too large to send</h1>');
    expect(answer.text).toContain("What you sent was larger than 512 KB, so it was not read.");
    expect(answer.text).toContain('href="/login"');
    expect(answer.sent).toBeLessThan(100_000_000);
    await stillServing();
  });

  it("counts a body sent without a length and answers 413 once it passes the limit", async () => {
    const attempts = async () => Number((await db("login_attempts").count({ n: "*" }).first())?.n);
    const before = await attempts();
    const answer = await postHuge("/login", { total: 50_000_000, declareLength: false });
    expect(answer.status).toBe(413);
    expect(answer.text).toContain("Too large to send");
    expect(answer.sent).toBeLessThan(50_000_000);
    await stillServing();
    expect(await attempts(), "the sign-in form was never acted on").toBe(before);
    // The app's own answer to its failed read finds the 413 sent: expected, so nothing is logged as an error.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.output()).not.toMatch(/BodyTooLargeError|Unexpected Server Error|ERR_HTTP_HEADERS_SENT/);
  });

  it("answers the API in JSON", async () => {
    const answer = await postHuge("/api/v1/cycles", { total: 5_000_000, declareLength: true, contentType: "application/json" });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({ error: { status: 413, message: "The request body must be 1 MB or smaller" } });
  });

  it("refuses an evidence upload of 40 MB with a page that says the file limit", async () => {
    const answer = await postHuge(`/returns/${returnId}/pages/${pageName}?evidence=file`, {
      total: 40_000_000,
      declareLength: true,
      contentType: "multipart/form-data; boundary=x",
      cookie,
    });
    expect(answer.status).toBe(413);
    expect(answer.text).toContain("The file you chose is too large to upload. Evidence files must be smaller than 10 MB.");
  });

  it("still lets a survey page of long answers through to the form's own checks", async () => {
    // 1.5 MB: one answer far over 20,000 characters. The page's own validation answers, not the body limit.
    const answer = await postHuge(`/returns/${returnId}/pages/${pageName}`, {
      total: 1_500_000,
      declareLength: true,
      cookie,
      field: "_next=later&s11_1_evidence",
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("must be 20,000 characters or fewer");
  });
});

describe("evidence with names browsers send but a strict parser refuses", () => {
  // Browsers send `"` as %22 in a multipart file name (HTML's form encoding), and `=` and `;` as they are.
  it.each(["a=b.pdf", "Policy; final.pdf", 'He said "yes".pdf'])(
    "keeps %s as the person named it, shown escaped and downloaded under that name",
    async (name) => {
      const body = new FormData();
      body.append("file", new Blob([Buffer.from("%PDF-1.7\nNamed evidence\n%%EOF\n")], { type: "application/pdf" }), name);
      const pageUrl = `/returns/${returnId}/pages/${pageName}`;
      const posted = await fetch(`${server.url}${pageUrl}?evidence=file&standard=${pageName}`, {
        method: "POST",
        headers: { Cookie: cookie },
        body,
        redirect: "manual",
      });
      expect(posted.status, await posted.text()).toBe(302);
      const row = await db("evidence").where({ return_id: returnId }).orderBy("id", "desc").first("id", "file_name");
      expect(row.file_name).toBe(name);

      const page = await (await fetch(`${server.url}${pageUrl}`, { headers: { Cookie: cookie } })).text();
      expect(page).toContain(name.replace(/"/g, "&quot;"));
      expect(page).not.toContain('He said "yes"');

      const download = await fetch(`${server.url}/returns/${returnId}/evidence/${row.id}`, { headers: { Cookie: cookie } });
      expect(download.status).toBe(200);
      const disposition = download.headers.get("content-disposition") ?? "";
      const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? "";
      // RFC 5987: only attr-chars unencoded, so the header cannot be split or quoted open by the name.
      expect(encoded).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
      expect(decodeURIComponent(encoded)).toBe(name);
      expect(disposition).not.toMatch(/filename="[^"]*"[^;]/);
    },
  );
});
