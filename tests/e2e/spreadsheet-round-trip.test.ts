import { shippedTool } from "../support/answers";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCycle, openCycle } from "~/data/cycles.server";
import type { Db } from "~/data/db.server";
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
  type Session,
} from "../support/browser";
import { serverDb } from "../support/db";

/**
 * An agency downloads its return's questions as a spreadsheet, fills it in offline and
 * uploads it back; every cell is checked as the form would check it, problems are listed by sheet
 * and cell, and nothing is saved unless the whole file is good. The journey runs on a cycle of its
 * own (the schools tool, for Northshire Homes), so the demo's returns are untouched.
 */

const LEAD = "lead@housing.example.org";
const CYCLE_TITLE = "Spreadsheet round trip 2026";
const GOVERNANCE = "1. Governance and leadership";
const SCHOOL_DATA = "School data";

let db: Db;
let session: Session;
let returnId = 0;
let dir = "";

async function stored(): Promise<{ answers: Record<string, unknown>; revision: number; status: string }> {
  const row = await db("returns").where({ id: returnId }).first();
  return { answers: JSON.parse(row.answers), revision: row.revision, status: row.status };
}

/** Downloads the spreadsheet through the browser, from the return's overview page, and opens it. */
async function download(page: Page, name: string): Promise<ExcelJS.Workbook> {
  await visit(page, `/returns/${returnId}`, name);
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the questions as a spreadsheet" }).click(),
  ]);
  expect(file.suggestedFilename()).toBe("spreadsheet-round-trip-2026-northshire-homes.xlsx");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await file.path())!);
  return workbook;
}

/** The row of a question on a sheet, found by its reference as the upload finds it. */
function rowOf(workbook: ExcelJS.Workbook, sheetName: string, reference: string): ExcelJS.Row {
  const sheet = workbook.getWorksheet(sheetName);
  expect(sheet, `sheet ${sheetName}`).toBeDefined();
  let found: ExcelJS.Row | undefined;
  sheet!.eachRow((row) => {
    if (row.getCell(1).value === reference) found = row;
  });
  expect(found, `${reference} on ${sheetName}`).toBeDefined();
  return found!;
}

async function upload(page: Page, workbook: ExcelJS.Workbook | null, fileName: string, text?: string): Promise<void> {
  const target = path.join(dir, fileName);
  if (workbook) await workbook.xlsx.writeFile(target);
  else fs.writeFileSync(target, text ?? "");
  await visit(page, `/returns/${returnId}/upload`, `spreadsheet-upload-${fileName.replace(/\W+/g, "-")}`);
  await page.getByLabel("Completed spreadsheet").setInputFiles(target);
  await submit(page, "Upload and check");
}

beforeAll(async () => {
  db = serverDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "spreadsheet-round-trip-"));
  const housing = await db("agencies").where({ slug: "housing" }).first();
  const tool = await db("tools").where({ code: "s175", version: "2026.1" }).first();
  const cycleId = await createCycle(db, null, {
    toolId: tool.id,
    title: CYCLE_TITLE,
    opensOn: "2026-09-01",
    dueOn: "2099-07-31",
    finalDeadlineOn: null,
    selection: { agencyIds: [housing.id] },
  });
  const opened = await openCycle(db, null, cycleId);
  if (!opened.ok) throw new Error(opened.message);
  returnId = (await db("returns").where({ cycle_id: cycleId, agency_id: housing.id }).first()).id;
  session = await openBrowser();
  await signIn(session.page, LEAD);
});

afterAll(async () => {
  await session?.close();
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("spreadsheet round trip", () => {
  it("downloads the questions with instructions and one sheet per section, fills them offline and uploads them back", async () => {
    const { page } = session;
    const workbook = await download(page, "spreadsheet-overview");
    const sheets = workbook.worksheets.filter((sheet) => sheet.state === "visible").map((sheet) => sheet.name);
    expect(sheets[0]).toBe("Instructions");
    expect(sheets).toContain(GOVERNANCE);
    expect(sheets).toContain(SCHOOL_DATA);
    const first = rowOf(workbook, GOVERNANCE, "s175_1_q1");
    expect(first.getCell(3).value).toBe("One of: Fully met; Mostly met; Partially met; Not met; Not applicable");
    expect(first.getCell(4).value).toBeNull();

    first.getCell(4).value = "Mostly met";
    const second = rowOf(workbook, GOVERNANCE, "s175_1_q2");
    second.getCell(4).value = "Not applicable";
    second.getCell(5).value = "We are a housing association, not a school";
    rowOf(workbook, "12. Statutory checklist", "s175_sc_q1").getCell(4).value = "Yes";
    rowOf(workbook, SCHOOL_DATA, "s175_data_roll").getCell(4).value = 240;
    await upload(page, workbook, "filled.xlsx");

    await arrive(page, /\/upload\?saved=5$/);
    await expect(page.locator(".govuk-notification-banner--success").textContent()).resolves.toContain("5 answers have been saved");
    await expectAccessible(page);
    await screenshot(page, "spreadsheet-uploaded");
    expect(await stored()).toMatchObject({
      status: "in_progress",
      answers: {
        s175_1_q1: "mostly",
        s175_1_q2: "na",
        s175_1_q2_na: "We are a housing association, not a school",
        s175_sc_q1: true,
        s175_data_roll: 240,
      },
    });

    // The answers are on the return's pages, as if typed there.
    await visit(page, `/returns/${returnId}/pages/S175-1`, "spreadsheet-answers-on-page");
    await expect(page.locator('input[name="s175_1_q1"][value="mostly"]').isChecked()).resolves.toBe(true);
    await expect(page.locator('input[name="s175_1_q2"][value="na"]').isChecked()).resolves.toBe(true);
    await expect(page.locator('textarea[name="s175_1_q2_na"]').inputValue()).resolves.toBe("We are a housing association, not a school");
    await visit(page, `/returns/${returnId}/pages/school-data`, "spreadsheet-number-on-page");
    await expect(page.locator('input[name="s175_data_roll"]').inputValue()).resolves.toBe("240");

    // A fresh download shows the saved answers.
    const again = await download(page, "spreadsheet-overview-again");
    expect(rowOf(again, GOVERNANCE, "s175_1_q2").getCell(5).value).toBe("We are a housing association, not a school");
    expect(rowOf(again, SCHOOL_DATA, "s175_data_roll").getCell(4).value).toBe(240);
  });

  it("lists a bad choice and text in a number cell by sheet and cell, and saves nothing", async () => {
    const { page } = session;
    const workbook = await download(page, "spreadsheet-overview-broken");
    const before = await stored();
    rowOf(workbook, GOVERNANCE, "s175_1_q1").getCell(4).value = "Maybe";
    rowOf(workbook, GOVERNANCE, "s175_1_q3").getCell(4).value = "Fully met";
    rowOf(workbook, SCHOOL_DATA, "s175_data_roll").getCell(4).value = "lots";
    await upload(page, workbook, "broken.xlsx");

    const summary = page.locator(".govuk-error-summary");
    await expect(summary.locator("li").allTextContents()).resolves.toEqual([
      `Sheet '${GOVERNANCE}', cell D4: Choose one of: Fully met, Mostly met, Partially met, Not met, Not applicable`,
      `Sheet '${SCHOOL_DATA}', cell D4: Enter a number of pupils, 0 or more`,
    ]);
    await expect(summary.textContent()).resolves.toContain("Nothing from broken.xlsx has been saved.");
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectAccessible(page);
    await screenshot(page, "spreadsheet-upload-errors");
    // Long sheet names and messages wrap on a phone-sized screen (WCAG 1.4.10 Reflow).
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoSidewaysScroll(page);
    await screenshot(page, "spreadsheet-upload-errors-320");
    await page.setViewportSize({ width: 1100, height: 900 });
    expect(await stored()).toEqual(before);
  });

  it("refuses a file that is not one of its spreadsheets with a clear message", async () => {
    const { page } = session;
    const before = await stored();
    await upload(page, null, "answers.csv", "question,answer\ns175_1_q1,Fully met\n");
    await expect(page.locator(".govuk-error-message").textContent()).resolves.toContain(
      "The selected file must be an Excel spreadsheet (.xlsx) downloaded from this return",
    );

    const other = new ExcelJS.Workbook();
    other.addWorksheet("Sheet1").addRow(["Reference", "Your answer"]);
    await upload(page, other, "other.xlsx");
    await expect(page.locator(".govuk-error-message").textContent()).resolves.toContain(
      "The file is not a return spreadsheet from this website",
    );
    await expect(page.getByRole("link", { name: /not a return spreadsheet/ }).getAttribute("href")).resolves.toBe("#returnFile");
    expect(await stored()).toEqual(before);
  });

  it("keeps the spreadsheet to the return's own agency: another agency and QA (on a draft) get 404", async () => {
    for (const email of ["lead@police.example.org", "qa@example.org"]) {
      const cookie = await sessionCookie(email);
      const response = await fetch(`${baseUrl()}/returns/${returnId}/spreadsheet`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(response.status, email).toBe(404);
    }
    const police = await fetch(`${baseUrl()}/returns/${returnId}/upload`, {
      headers: { Cookie: await sessionCookie("lead@police.example.org") },
      redirect: "manual",
    });
    expect(police.status).toBe(404);
  });

  it("lets QA download a submitted return's questions and answers (reading only: the demo return is not changed)", async () => {
    const submitted = await db("returns")
      .join("cycles", "cycles.id", "returns.cycle_id")
      .where({ "cycles.title": "Section 11 audit 2026", "returns.status": "submitted" })
      .select("returns.id", "returns.answers")
      .first();
    const response = await fetch(`${baseUrl()}/returns/${submitted.id}/spreadsheet`, {
      headers: { Cookie: await sessionCookie("qa@example.org") },
    });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const answers = JSON.parse(submitted.answers) as Record<string, unknown>;
    // The first question of the newest tool (the 2026 cycle's), its answer shown as the choice's own words ("Yes", "Mostly met").
    const first = shippedTool("s11").survey.pages[0];
    const question = first.elements[0] as unknown as { name: string; choices: { value: string; text: string }[] };
    const label = question.choices.find((choice) => choice.value === answers[question.name])?.text;
    expect(label).toEqual(expect.any(String));
    const sheet = first.title.length > 31 ? `${first.title.slice(0, 30)}…` : first.title;
    expect(rowOf(workbook, sheet, question.name).getCell(4).value).toBe(label);
  });
});
