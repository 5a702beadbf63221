import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { importTool } from "~/data/tools.server";
import { formatPercent } from "~/domain/scoring";
import fs from "node:fs";
import path from "node:path";
import {
  arrive,
  baseUrl,
  expectAccessible,
  expectNoSidewaysScroll,
  openBrowser,
  screenshot,
  sessionCookie,
  signIn,
  submit,
  visit,
} from "../support/browser";
import { serverDb } from "../support/db";
import { readDocx } from "../support/docx";
import { TEST_PASSWORD, importS11, makeAgencyWithPeople, makeCycle, returnIdOf, submitFullReturn } from "../support/factories";
import { differences, snapshot } from "../support/snapshot";
import { freshDatabase, startServer } from "../support/server";

/*
 * The practitioner survey's journey in Chromium (DESIGN §11): QA opens a practitioner survey on a cycle; the agency lead shares the one
 * link; twelve practitioners answer on a 320 px screen (the first with JavaScript off); the agency's results
 * appear only once ten have answered; QA sees a staff-evidence gap on the review page; the assurance report
 * publishes to the board and reads back the same in XLSX and DOCX. Then, on a server of its own, what one
 * response writes: every table and every log line, with no person, address, browser or time of day in them.
 */

let db: Db;
let cycleId = 0;
let returnId = 0;
let agencyName = "";
let leadEmail = "";

beforeAll(async () => {
  db = serverDb();
  const tool = await importS11(db);
  const agency = await makeAgencyWithPeople(db, { name: `Practitioner journey agency ${Date.now()}`, sector: "housing" });
  agencyName = agency.agency.name;
  leadEmail = agency.lead.email;
  cycleId = await makeCycle(db, tool, { agencyIds: [agency.agency.id] });
  returnId = await returnIdOf(db, cycleId, agency.agency.id);
  // The agency rates itself Fully met everywhere; its staff will say otherwise about leadership.
  await submitFullReturn(db, agency.lead, tool, returnId, { choice: "fully", selfRating: "fully" });
});
afterAll(() => db.destroy());

/** One practitioner: intro (with a role), five pages, send. Mostly "disagree" on the first page, "agree" elsewhere. */
async function answerSurvey(page: Page, url: string, options: { role: string; check: boolean; shots?: string }): Promise<void> {
  await page.goto(url);
  if (options.check) {
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
  }
  if (options.shots) await screenshot(page, `${options.shots}-intro`);
  await page.getByLabel(options.role).check();
  await page.getByRole("button", { name: "Start the survey" }).click();
  for (let pageNumber = 1; pageNumber <= 5; pageNumber += 1) {
    await page.getByText(`page ${pageNumber} of 5`).waitFor();
    if (options.check) {
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
    }
    if (options.shots && pageNumber <= 2) await screenshot(page, `${options.shots}-page-${pageNumber}`);
    const fieldsets = page.locator("fieldset.govuk-fieldset");
    const count = await fieldsets.count();
    for (let index = 0; index < count; index += 1) {
      const choice = pageNumber === 1 ? (index === 2 ? "Don't know" : "Disagree") : "Agree";
      await fieldsets.nth(index).getByLabel(choice, { exact: true }).check();
    }
    await page.getByRole("button", { name: pageNumber === 5 ? "Send your answers" : "Continue" }).click();
  }
  await page.waitForURL(/\/thanks$/);
  await page.getByText("Thank you: your answers have been sent").waitFor();
  if (options.check) await expectAccessible(page);
  if (options.shots) await screenshot(page, `${options.shots}-thanks`);
}

/** What the lead reads on the survey's page: its text without markup. */
async function leadResultsText(surveyId: number, cookie: string): Promise<string> {
  return (await fetchText(`/practitioner-surveys/${surveyId}`, cookie))
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ");
}

async function leadResults(page: Page, surveyId: number): Promise<string> {
  await page.goto(`/practitioner-surveys/${surveyId}`);
  return (await page.locator("main").textContent()) ?? "";
}

describe("practitioner survey journey", () => {
  it("QA opens it, the lead shares it, twelve answer on a phone, results appear past ten, and the gap reaches the review page and the board", async () => {
    // QA opens the survey on the cycle.
    const qa = await openBrowser();
    let surveyId = 0;
    try {
      await signIn(qa.page, "qa@example.org");
      await visit(qa.page, `/cycles/${cycleId}/practitioner`, "practitioner-open");
      await submit(qa.page, "Open the survey");
      await expect(qa.page.locator(".govuk-error-summary").textContent()).resolves.toContain("Enter the opening date");
      await expectAccessible(qa.page);
      await qa.page.getByLabel(/Practitioner survey: Section 11/).check();
      const dates: [string, string, string, string][] = [
        ["Opening date", "1", "1", "2026"],
        ["Closing date", "31", "12", "2099"],
      ];
      for (const [legend, day, month, year] of dates) {
        const group = qa.page.getByRole("group", { name: legend });
        await group.getByLabel("Day").fill(day);
        await group.getByLabel("Month").fill(month);
        await group.getByLabel("Year").fill(year);
      }
      await qa.page.getByRole("button", { name: "Open the survey" }).click();
      await arrive(qa.page, /\/practitioner-surveys\/\d+\?opened=1/);
      surveyId = Number(/practitioner-surveys\/(\d+)/.exec(qa.page.url())![1]);
      await expectAccessible(qa.page);
      await screenshot(qa.page, "practitioner-opened");
    } finally {
      await qa.close();
    }

    // The agency lead finds the one link and the poster; no results yet.
    const lead = await openBrowser({ width: 320 });
    let link = "";
    try {
      await signIn(lead.page, leadEmail, TEST_PASSWORD);
      await visit(lead.page, `/practitioner-surveys/${surveyId}`, "practitioner-lead-320");
      link = (await lead.page.locator(`a[href*="/p/"]`).first().getAttribute("href")) ?? "";
      expect(link).toMatch(/\/p\/[A-Za-z0-9_-]{22}$/);
      await expect(lead.page.locator("main").textContent()).resolves.toContain("0 people have answered");
      await visit(lead.page, `/practitioner-surveys/${surveyId}/poster`, "practitioner-poster-320");
      await expect(lead.page.locator(".app-poster-qr svg").getAttribute("aria-label")).resolves.toContain(link);
    } finally {
      await lead.close();
    }
    const linkPath = new URL(link).pathname;

    // The first practitioner has JavaScript off; the page works the same.
    const noScript = await openBrowser({ width: 320, javaScript: false });
    try {
      // axe runs inside the page, so it cannot scan with script off: the same pages are scanned for the next person.
      await answerSurvey(noScript.page, linkPath, { role: "Frontline practitioner", check: false, shots: "practitioner-no-js-320" });
      // The same browser again: told it has answered, with a way on; not blocked.
      await noScript.page.goto(linkPath);
      await expect(noScript.page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("You have already answered this survey");
      await noScript.page.getByRole("link", { name: "answer the survey" }).click();
      await noScript.page.getByRole("button", { name: "Start the survey" }).waitFor();
    } finally {
      await noScript.close();
    }

    // Eleven more on a phone with JavaScript; at nine the lead still sees no results.
    const phone = await openBrowser({ width: 320 });
    const leadCookie = await sessionCookieOf(leadEmail);
    try {
      for (let person = 2; person <= 12; person += 1) {
        await phone.context.clearCookies();
        await answerSurvey(phone.page, linkPath, {
          role: person % 3 === 0 ? "Manager or supervisor" : person % 5 === 0 ? "Prefer not to say" : "Frontline practitioner",
          check: person === 2,
          shots: person === 2 ? "practitioner-js-320" : undefined,
        });
        if (person === 2) {
          await phone.page.goto(linkPath);
          await expect(phone.page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("You have already answered this survey");
          await expectAccessible(phone.page);
          await expectNoSidewaysScroll(phone.page);
          await screenshot(phone.page, "practitioner-already-answered-320");
        }
        if (person === 9) {
          const text = await leadResultsText(surveyId, leadCookie);
          expect(text).toContain("9 people have answered");
          expect(text).toContain("Results are shown once the survey has closed");
          expect(text).not.toContain("Staff % by standard");
        }
      }
    } finally {
      await phone.close();
    }

    // Twelve have answered, and still no figure while the survey runs: each answer would move it, and whoever
    // knew who had just answered could read that person's answers from the change. QA closes it.
    expect(await leadResultsText(surveyId, leadCookie)).toContain("Results are shown once the survey has closed");
    const qaCloses = await openBrowser();
    try {
      await signIn(qaCloses.page, "qa@example.org");
      await visit(qaCloses.page, `/practitioner-surveys/${surveyId}`, "practitioner-qa-held");
      await expect(qaCloses.page.locator("main").textContent()).resolves.toContain("Results are shown once the survey has closed");
      await expect(qaCloses.page.locator("main").textContent()).resolves.not.toContain("Staff % by agency and standard");
      // Closing cannot be undone, so it is asked again on a page of its own.
      await submit(qaCloses.page, "Close the survey");
      await expect(qaCloses.page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Close the practitioner survey now?");
      await expectAccessible(qaCloses.page);
      await screenshot(qaCloses.page, "practitioner-close-confirm");
      await expect(db("practitioner_surveys").where({ id: surveyId }).first("closed_at")).resolves.toEqual({ closed_at: null });
      await submit(qaCloses.page, "Yes, close the survey");
      await arrive(qaCloses.page, /\/practitioner-surveys\/\d+\?closed=1/);
      await expect(qaCloses.page.locator("main").textContent()).resolves.toContain("Staff % by agency and standard");
      // The cycle's list of surveys on a phone: its table scrolls in its own region, not the page.
      await qaCloses.page.setViewportSize({ width: 320, height: 800 });
      await visit(qaCloses.page, `/cycles/${cycleId}/practitioner`, "practitioner-cycle-surveys-320");
    } finally {
      await qaCloses.close();
    }

    const leadAgain = await openBrowser();
    try {
      await signIn(leadAgain.page, leadEmail, TEST_PASSWORD);
      const text = await leadResults(leadAgain.page, surveyId);
      expect(text).toContain("12 people have answered");
      expect(text).toContain("Staff % by standard");
      await expectAccessible(leadAgain.page);
      await screenshot(leadAgain.page, "practitioner-lead-results");
    } finally {
      await leadAgain.close();
    }
    expect(await db("practitioner_responses").where({ survey_id: surveyId }).count({ n: "*" }).first()).toEqual({ n: 12 });

    // QA: the staff-evidence gap beside self, computed and moderated ratings; then the assurance report to the board.
    const qaAgain = await openBrowser();
    let publicationId = 0;
    try {
      await signIn(qaAgain.page, "qa@example.org");
      await visit(qaAgain.page, `/returns/${returnId}/review`, "practitioner-review-gap");
      const leadership = qaAgain.page.getByRole("row", { name: /^S11-1 Leadership/ });
      await expect(leadership.textContent()).resolves.toContain("Staff-evidence gap");
      await expect(leadership.textContent()).resolves.toContain("(n = 12)");
      await visit(qaAgain.page, `/cycles/${cycleId}`, "practitioner-dashboard-gaps");
      await expect(qaAgain.page.getByRole("list", { name: "Staff-evidence gaps by agency" }).textContent()).resolves.toContain(agencyName);
      await visit(qaAgain.page, `/cycles/${cycleId}/assurance`, "assurance-report");
      await qaAgain.page.getByLabel("By name").check();
      await qaAgain.page.getByRole("button", { name: "Publish to the board" }).click();
      await arrive(qaAgain.page, /\/board\/\d+\?published=1/);
      publicationId = Number(/board\/(\d+)/.exec(qaAgain.page.url())![1]);
    } finally {
      await qaAgain.close();
    }

    const board = await openBrowser();
    try {
      await signIn(board.page, "board@example.org");
      await visit(board.page, `/board/${publicationId}`, "assurance-board");
      await expect(board.page.getByRole("table", { name: /Staff % by agency and standard/ }).textContent()).resolves.toContain(agencyName);
    } finally {
      await board.close();
    }

    // The published report reads back the same in JSON, XLSX and DOCX.
    const boardCookie = await sessionCookie("board@example.org");
    const model = JSON.parse(await fetchText(`/board/${publicationId}/export?format=json`, boardCookie));
    const row = model.agencies.find((entry: { agency: { name: string } }) => entry.agency.name === agencyName);
    const cell = row.standards.find((entry: { code: string }) => entry.code === "S11-1");
    expect(cell).toMatchObject({ selfRating: "fully", staff: { n: 12 }, gaps: ["staff"] });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetchBytes(`/board/${publicationId}/export?format=xlsx`, boardCookie)).arrayBuffer());
    const sheet = workbook.getWorksheet("Agency by standard")!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    const xlsxRow = sheet
      .getRows(2, sheet.rowCount - 1)!
      .find((candidate) => candidate.getCell(1).value === agencyName && candidate.getCell(3).value === "S11-1")!;
    expect(xlsxRow.getCell(headers.indexOf("Staff %")).value).toBe(cell.staff.percent);
    expect(xlsxRow.getCell(headers.indexOf("Staff n")).value).toBe(12);
    expect(xlsxRow.getCell(headers.indexOf("Gaps")).value).toBe("staff");

    const docx = await readDocx(
      Buffer.from(await (await fetchBytes(`/board/${publicationId}/export?format=docx`, boardCookie)).arrayBuffer()),
    );
    const docxRow = docx.rows.find((candidate) => candidate[0] === agencyName && candidate[2] === "S11-1")!;
    expect(docxRow[8]).toBe(formatPercent(cell.staff.percent));
    expect(docxRow[9]).toBe("12");
    expect(docxRow[11]).toBe("staff");
  }, 300_000);
});

async function sessionCookieOf(email: string): Promise<string> {
  return sessionCookie(email, TEST_PASSWORD);
}

async function fetchBytes(url: string, cookie: string): Promise<Response> {
  const response = await fetch(`${baseUrl()}${url}`, { headers: { Cookie: cookie } });
  expect(response.status, url).toBe(200);
  return response;
}

async function fetchText(url: string, cookie: string): Promise<string> {
  return (await fetchBytes(url, cookie)).text();
}

describe("what one response leaves behind", () => {
  it("writes the response, the tallies and the survey's count only, and no log line names the address, the browser or the link", async () => {
    const database = await freshDatabase();
    const own = database.connect();
    try {
      const tool = await importS11(own);
      const imported = await importTool(
        own,
        null,
        JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../surveys/practitioner-s11/2026.1.json"), "utf8")),
      );
      if (!imported.ok) throw new Error(imported.errors.join("; "));
      const agency = await makeAgencyWithPeople(own, { name: "Anonymity agency", sector: "police" });
      const cycle = await makeCycle(own, tool, { agencyIds: [agency.agency.id] });
      const { openPractitionerSurvey } = await import("~/data/practitioner.server");
      const opened = await openPractitionerSurvey(own, null, {
        cycleId: cycle,
        toolId: imported.tool.id,
        opensOn: "2020-01-01",
        closesOn: "2099-12-31",
      });
      if (!opened.ok) throw new Error(opened.message);
      const token = opened.links[0].token;
      const server = await startServer(database.url, { TRUST_PROXY: "1" });
      try {
        const before = await snapshot(own, "all");
        const surveyBefore = await own("practitioner_surveys").where({ id: opened.id }).first();
        const logBefore = server.output().length;
        const answers = Object.fromEntries(Object.keys(imported.tool.definition.items).map((name) => [name, "agree"]));
        const pages = imported.tool.definition.survey.pages;
        const headers = {
          "Content-Type": "application/x-www-form-urlencoded",
          "User-Agent": "AnonymityProbe/1.0 (Pixel 7)",
          "X-Forwarded-For": "203.0.113.77",
          Origin: server.url,
        };
        const state = JSON.stringify({
          role: "manager",
          answers: Object.fromEntries(
            Object.entries(answers).filter(([name]) => !pages.at(-1)!.elements.some((element) => element.name === name)),
          ),
        });
        const lastPage = Object.fromEntries(pages.at(-1)!.elements.map((element) => [element.name as string, "agree"]));
        const response = await fetch(`${server.url}/p/${token}`, {
          method: "POST",
          headers,
          body: new URLSearchParams({ _state: state, _page: String(pages.length - 1), _go: "next", ...lastPage }),
          redirect: "manual",
        });
        expect(response.status).toBe(302);
        expect(response.headers.get("location")).toBe(`/p/${token}/thanks`);
        expect(response.headers.get("cache-control")).toBe("no-store");
        const after = await snapshot(own, "all");
        const changed = differences(before, after);
        expect(
          changed.every((entry) => /practitioner_responses|practitioner_tallies|practitioner_surveys: its rows changed/.test(entry)),
          changed.join("; "),
        ).toBe(true);
        // The survey's own row changes by its count of responses only.
        expect(await own("practitioner_surveys").where({ id: opened.id }).first()).toEqual({
          ...surveyBefore,
          responses_stored: Number(surveyBefore.responses_stored) + 1,
        });
        const rows = await own("practitioner_responses").select("*");
        expect(rows).toHaveLength(1);
        expect(Object.keys(rows[0]).sort()).toEqual(["agency_id", "answers", "id", "responded_on", "role_group", "survey_id"]);
        expect(rows[0].role_group).toBe("manager");
        const everything = JSON.stringify(
          await Promise.all(
            ["practitioner_responses", "practitioner_tallies", "audit_log", "sessions", "login_attempts"].map((table) =>
              own(table).select("*"),
            ),
          ),
        );
        for (const trace of ["203.0.113.77", "AnonymityProbe", "Pixel 7"]) expect(everything).not.toContain(trace);
        expect(JSON.stringify(rows)).not.toMatch(/T\d{2}:\d{2}/);
        const log = server.output().slice(logBefore);
        for (const trace of ["203.0.113.77", "AnonymityProbe", token]) expect(log).not.toContain(trace);

        // A link cut short or mistyped: refused plainly, and still no log line names the link.
        const logBeforeBadLinks = server.output().length;
        const cutShort = await fetch(`${server.url}/p/${token}%`);
        expect(cutShort.status).toBe(400);
        await expect(cutShort.text()).resolves.toContain("This link is not complete");
        expect((await fetch(`${server.url}/p/${token}%zz`, { method: "POST", headers, body: "a=1" })).status).toBe(400);
        expect((await fetch(`${server.url}/p/${token.toLowerCase()}`)).status).toBe(404);
        expect((await fetch(`${server.url}/p/`)).status).toBe(404);
        const badLinksLog = server.output().slice(logBeforeBadLinks);
        expect(badLinksLog).not.toContain(token);
        expect(badLinksLog).not.toContain(token.toLowerCase());
        expect(badLinksLog).not.toContain("/p/");

        // The server stores a complete last page at once (decision 027); anything else reaches the page's own
        // route with the body as it was sent. A last page with an answer left out: the page again, nothing stored.
        const post = (body: URLSearchParams) => fetch(`${server.url}/p/${token}`, { method: "POST", headers, body, redirect: "manual" });
        const [, ...kept] = Object.keys(lastPage); // the first question of the page is left out
        const partial = new URLSearchParams({ _state: state, _page: String(pages.length - 1), _go: "next" });
        for (const name of kept) partial.set(name, "agree");
        const refused = await post(partial);
        expect(refused.status).toBe(400);
        expect(refused.headers.get("cache-control")).toBe("no-store");
        const refusedPage = (await refused.text()).replaceAll("<!-- -->", "");
        expect(refusedPage).toContain("There is a problem");
        // The survey's own message, in the error summary and at the question.
        expect(refusedPage.match(/Select an answer, or Don&#x27;t know/g)?.length).toBe(2);
        expect(refusedPage).toContain(`page ${pages.length} of ${pages.length}`);
        // The first page leads on to the second.
        const firstPage = new URLSearchParams({ _state: JSON.stringify({ role: null, answers: {} }), _page: "0", _go: "next" });
        for (const element of pages[0].elements) firstPage.set(element.name as string, "agree");
        const onward = await post(firstPage);
        expect(onward.status).toBe(200);
        expect((await onward.text()).replaceAll("<!-- -->", "")).toContain(`page 2 of ${pages.length}`);
        // "Previous" from the first page goes back to the introduction with the answers so far, and starting again
        // from there (with another role, say) brings them back, not a blank page.
        firstPage.set("_go", "back");
        const backToIntro = (await (await post(firstPage)).text()).replaceAll("<!-- -->", "");
        expect(backToIntro).toContain("Start the survey");
        const carried = /name="_state" value="([^"]*)"/.exec(backToIntro)?.[1].replaceAll("&quot;", '"') ?? "";
        expect(JSON.parse(carried).answers).toEqual(Object.fromEntries(pages[0].elements.map((element) => [element.name, "agree"])));
        const restarted = (
          await (await post(new URLSearchParams({ _step: "intro", role: "frontline", _state: carried }))).text()
        ).replaceAll("<!-- -->", "");
        expect(restarted).toContain(`page 1 of ${pages.length}`);
        const checked = restarted.match(/<input[^>]*checked=""[^>]*>/g) ?? [];
        expect(checked).toHaveLength(pages[0].elements.length);
        for (const input of checked) expect(input).toContain('value="agree"');
        expect(restarted).toContain("&quot;role&quot;:&quot;frontline&quot;");
        // A link copied with the full stop after it in an email leads to the survey.
        const withStop = await fetch(`${server.url}/p/${token}.`, { redirect: "manual" });
        expect(withStop.status).toBe(302);
        expect(withStop.headers.get("location")).toBe(`/p/${token}`);
        // The practitioner has no account here: nothing in the page leads to the staff home or sign-in pages.
        const intro = await (await fetch(`${server.url}/p/${token}`)).text();
        expect(intro).toContain("Start the survey");
        expect(intro).not.toMatch(/href="\/(login)?"/);
        // A body past the form's limit, sent without a length, is refused before anything reads it as answers.
        const chunks = [new TextEncoder().encode(`_state=${"x".repeat(700 * 1024)}`)];
        const flood = await fetch(`${server.url}/p/${token}`, {
          method: "POST",
          headers,
          body: new ReadableStream({ pull: (controller) => (chunks.length > 0 ? controller.enqueue(chunks.shift()) : controller.close()) }),
          duplex: "half",
          redirect: "manual",
        } as RequestInit);
        expect(flood.status).toBe(413);
        expect(await own("practitioner_responses").count({ n: "*" })).toEqual([{ n: 1 }]);
        expect(server.output().slice(logBefore)).not.toContain("could not be stored");

        // One office behind one address past its hour's limit: refused, with the answers still on the page to send later.
        const office = { ...headers, "X-Forwarded-For": "198.51.100.9" };
        const complete = new URLSearchParams({ _state: state, _page: String(pages.length - 1), _go: "next", ...lastPage });
        const sent = await Promise.all(
          Array.from({ length: 60 }, () =>
            fetch(`${server.url}/p/${token}`, { method: "POST", headers: office, body: complete, redirect: "manual" }),
          ),
        );
        expect(sent.map((answer) => answer.status)).toEqual(Array(60).fill(302));
        const tooMany = await fetch(`${server.url}/p/${token}`, { method: "POST", headers: office, body: complete, redirect: "manual" });
        expect(tooMany.status).toBe(429);
        const tooManyPage = (await tooMany.text()).replaceAll("<!-- -->", "");
        expect(tooManyPage).toContain("Your answers are kept on this page");
        expect(tooManyPage).toContain(`page ${pages.length} of ${pages.length}`);
        expect(tooManyPage).toContain("Send your answers");
        // The answers so far are in the page's hidden field, ready to send again.
        expect(tooManyPage).toContain("&quot;role&quot;:&quot;manager&quot;");
        expect(await own("practitioner_responses").count({ n: "*" })).toEqual([{ n: 61 }]);
      } finally {
        await server.stop();
      }
    } finally {
      await own.destroy();
      database.remove();
    }
  });
});
