import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedTool } from "../support/answers";
import type { Db } from "~/data/db.server";
import { baseUrl, expectAccessible, openBrowser, screenshot, sessionCookie, signIn, visit, type Session } from "../support/browser";
import { returnIdOf, serverDb } from "../support/db";

/** Journeys 3 and 4: the QA subgroup reviews submitted returns; everyone allowed sees the baseline. */
let db: Db;
beforeAll(() => {
  db = serverDb();
});
afterAll(() => db.destroy());

describe("QA subgroup member", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, "qa@example.org");
  });
  afterAll(() => session.close());

  it("sees every return's status but can open only submitted ones", async () => {
    const { page } = session;
    await visit(page, "/cycles", "qa-cycles");
    await page.getByRole("link", { name: "Section 11 audit 2026" }).click();
    await expectAccessible(page);
    await screenshot(page, "qa-cycle");
    const council = page.locator("tbody tr", { hasText: "Northshire County Council" });
    await expect(council.getByRole("link").count()).resolves.toBe(1);
    await expect(council.textContent()).resolves.toContain("Submitted");
    const homes = page.locator("tbody tr", { hasText: "Northshire Homes" });
    await expect(homes.textContent()).resolves.toContain("In progress");
    await expect(homes.getByRole("link").count()).resolves.toBe(0);
  });

  it("opens a submitted return and sees the answers with the computed % and band per standard and overall", async () => {
    const { page } = session;
    // QA's link opens the review of the return; every answer is one link further.
    await page.locator("tbody tr", { hasText: "Northshire County Council" }).getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: /Review: Northshire County Council/ }).waitFor();
    await expectAccessible(page);
    await page.getByRole("link", { name: "Read every answer" }).click();
    await page.getByRole("heading", { name: "Computed scores" }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: "test-results/screenshots/qa-return-top.png" });
    const overall = await page.locator(".govuk-summary-list__row", { has: page.locator("dt", { hasText: /^Overall$/ }) }).textContent();
    expect(overall).toMatch(/(Fully met|Mostly met|Partially met|Not met) \(\d+(\.\d)?%\)/);
    const rows = await page.getByRole("table", { name: "Scores by standard" }).locator("tbody tr").count();
    expect(rows).toBe(shippedTool("s11").standards.length);
    await expect(page.getByRole("heading", { name: "Answers" }).count()).resolves.toBe(1);
  });

  it("gets page not found for a draft return, even by its exact address", async () => {
    const { page } = session;
    const draftId = await returnIdOf(db, "housing");
    const response = await page.goto(`/returns/${draftId}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Page not found");
    await expectAccessible(page);
  });

  it("sees the baseline report: agencies × standards by band with the band named in text, overall %, and return counts", async () => {
    const { page } = session;
    const cycle = await db("cycles").where({ title: "Section 11 audit 2026" }).first();
    await visit(page, `/cycles/${cycle.id}/baseline`, "qa-baseline");
    const statuses = await db("returns").where({ cycle_id: cycle.id }).select("status");
    const submitted = statuses.filter((row: { status: string }) => ["submitted", "returned", "validated"].includes(row.status)).length;
    const summary = await page.locator(".govuk-summary-list").first().textContent();
    expect(summary).toContain(`Agencies in the cycle${statuses.length}`);
    expect(summary).toContain(`Submitted${submitted} (`);
    const heatmap = page.getByRole("table", { name: /Effective rating by agency and standard/ });
    await expect(heatmap.locator("tbody tr").count()).resolves.toBe(submitted);
    const council = await heatmap.locator("tbody tr", { hasText: "Northshire County Council" }).textContent();
    expect(council).toMatch(/\d+%/);
    // Every coloured cell names its band in words (colour is never the only carrier of meaning).
    const cells = await heatmap.locator(".app-band").allTextContents();
    expect(cells.length).toBeGreaterThan(submitted * 12);
    expect(cells.every((text) => /Fully met|Mostly met|Partially met|Not met/.test(text))).toBe(true);
    await expect(page.getByText("Northshire Homes").count()).resolves.toBe(0);
  });
});

describe("baseline report on a phone", () => {
  it("fits 320 pixels wide, the heat map scrolling inside its own region", async () => {
    const session = await openBrowser({ width: 320 });
    try {
      await signIn(session.page, "qa@example.org");
      const cycle = await db("cycles").where({ title: "Section 11 audit 2026" }).first();
      await visit(session.page, `/cycles/${cycle.id}/baseline`, "qa-baseline-320px");
    } finally {
      await session.close();
    }
  });
});

describe("agency lead viewing the baseline", () => {
  it("sees only their own agency's row", async () => {
    const session = await openBrowser();
    try {
      await signIn(session.page, "lead@police.example.org");
      const cycle = await db("cycles").where({ title: "Section 11 audit 2026" }).first();
      await visit(session.page, `/cycles/${cycle.id}/baseline`, "lead-baseline");
      const rows = await session.page
        .getByRole("table", { name: /Effective rating/ })
        .locator("tbody tr")
        .allTextContents();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain("Northshire Police");
    } finally {
      await session.close();
    }
  });
});

describe("board member", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, "board@example.org");
  });
  afterAll(() => session.close());

  it("lands on the board reports page", async () => {
    expect(new URL(session.page.url()).pathname).toBe("/board");
    await expectAccessible(session.page);
    await screenshot(session.page, "board-home");
  });

  it("cannot see live reports, cycles or individual returns", async () => {
    const cookie = await sessionCookie("board@example.org");
    const cycle = await db("cycles").where({ title: "Section 11 audit 2026" }).first();
    const submittedId = await returnIdOf(db, "council");
    for (const [path, status] of [
      [`/cycles/${cycle.id}/baseline`, 403],
      [`/cycles/${cycle.id}`, 403],
      [`/returns/${submittedId}`, 404],
      ["/agencies", 403],
    ] as const) {
      const response = await fetch(`${baseUrl()}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(response.status, path).toBe(status);
    }
  });
});
