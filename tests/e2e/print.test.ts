import { latestToolFile } from "../support/answers";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectAccessible, expectNoSidewaysScroll, openBrowser, signIn, visit, type Session } from "../support/browser";
import { returnIdOf, serverDb } from "../support/db";

/**
 * Print: a blank tool to prepare offline and a printable submitted return, each printed
 * to PDF by Chromium (the print stylesheet applies) and read back with poppler's pdftotext; the
 * first page is also rendered to PNG (pdftoppm) for people to look at.
 */
const OUT = path.resolve("test-results/print");

async function printToText(page: Page, name: string): Promise<string> {
  fs.mkdirSync(OUT, { recursive: true });
  const pdf = path.join(OUT, `${name}.pdf`);
  await page.pdf({ path: pdf, format: "A4", printBackground: true });
  execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "2", pdf, path.join(OUT, name)]);
  return execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
}

let toolIds: Record<string, number>;
let policeReturn: number;
beforeAll(async () => {
  const db = serverDb();
  try {
    // The newest version of each tool: the one the demo cycles run on.
    toolIds = Object.fromEntries((await db("tools").select("code", "id").orderBy("version")).map((row) => [row.code, row.id]));
    policeReturn = await returnIdOf(db, "police");
  } finally {
    await db.destroy();
  }
});

describe("a blank tool to print", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, "lead@riverside-primary.example.org");
  });
  afterAll(() => session.close());

  it("lists every section and question with empty boxes, guidance and when a question is asked", async () => {
    const { page } = session;
    // A long page: checked like any other, but its picture is the printed PDF's first pages (below), not a full-page screenshot.
    expect((await page.goto(`/tools/${toolIds.s175}/print`))?.status()).toBe(200);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: "test-results/screenshots/print-blank-s175-top.png" });
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Schools safeguarding self-assessment (s175/s157)");
    const tool = JSON.parse(fs.readFileSync(latestToolFile("s175"), "utf8")) as {
      survey: { pages: { title: string; elements: { choices?: unknown[] }[] }[] };
    };
    await expect(page.locator("section h2").allTextContents()).resolves.toEqual(tool.survey.pages.map((entry) => entry.title));
    // A box to tick beside every choice of every question.
    const choices = tool.survey.pages.flatMap((entry) => entry.elements).reduce((sum, element) => sum + (element.choices?.length ?? 0), 0);
    await expect(page.locator(".app-print-box").count()).resolves.toBe(choices);
    await expect(page.getByRole("textbox").count()).resolves.toBe(0);

    const text = await printToText(page, "blank-s175");
    expect(text).toContain("1. Governance and leadership");
    // Every section's title, a long one wrapped across lines in the PDF.
    for (const title of tool.survey.pages.map((entry) => entry.title)) expect(text.replace(/\s+/g, " ")).toContain(title);
    expect(text).toContain("Answer only if");
    expect(text).toContain("is ‘Not applicable’");
    expect(text).toContain("Guidance");
    expect(text).not.toContain("Print or save as PDF");
    expect(text).not.toContain("Sign out");
  });

  it("is not there for a tool the agency has no cycle of", async () => {
    const response = await session.page.goto(`/tools/${toolIds.supervision}/print`);
    expect(response?.status()).toBe(404);
  });
});

describe("a printable return", () => {
  it("shows the agency its submitted return with scores, ratings and sign-off", async () => {
    const session = await openBrowser();
    try {
      const { page } = session;
      await signIn(page, "lead@police.example.org");
      await page.goto(`/returns/${policeReturn}`);
      await page.getByRole("link", { name: "Printable copy of this return" }).click();
      await page.waitForURL(/\/print$/);
      await visit(page, page.url(), "print-return-police");
      const text = await printToText(page, "return-police");
      expect(text).toContain("Section 11 audit 2026");
      expect(text).toContain("Northshire Police");
      expect(text).toContain("Computed scores");
      expect(text).toContain("Scores by standard");
      expect(text).toContain("S11-12 Culture");
      expect(text).toContain("Questions answered");
      expect(text).toContain("moderated");
      expect(text).toContain("Signed off by");
      expect(text).toContain("Designated safeguarding lead");
      expect(text).toContain("1. Leadership and accountability");
      expect(text).not.toContain("Back to the return");
    } finally {
      await session.close();
    }
  });

  it("is the same return for the QA subgroup, and nothing for another agency", async () => {
    const qa = await openBrowser();
    const other = await openBrowser();
    try {
      await signIn(qa.page, "qa@example.org");
      await visit(qa.page, `/returns/${policeReturn}/print`, "print-return-police-qa");
      await expect(qa.page.getByRole("heading", { name: "Computed scores" }).count()).resolves.toBe(1);
      await signIn(other.page, "lead@hospitals.example.org");
      expect((await other.page.goto(`/returns/${policeReturn}/print`))?.status()).toBe(404);
    } finally {
      await qa.close();
      await other.close();
    }
  });
});
