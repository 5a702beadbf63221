import { latestToolFile } from "../support/answers";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { arrive, expectAccessible, menuLink, openBrowser, screenshot, type Session, signIn, submit, visit } from "../support/browser";
import type { Db } from "~/data/db.server";
import { serverDb } from "../support/db";

/**
 * Journey 2: an agency lead completes the Section 11 return page by page, leaves and comes back,
 * sees what is incomplete, signs off and submits; the submitted return is read-only.
 */
const tool = JSON.parse(fs.readFileSync(latestToolFile("s11"), "utf8")) as {
  survey: {
    pages: {
      name: string;
      elements: { type: string; name: string; title?: string; visibleIf?: string; choices?: { value: string }[] }[];
    }[];
  };
  items: Record<string, { standard: string; points: Record<string, number> }>;
  standards: { code: string; title: string }[];
};

/** The first page with a question that may be answered "not applicable" (essential items offer no N/A), and that question. */
const naPageIndex = tool.survey.pages.findIndex((page) =>
  page.elements.some((element) => element.name in tool.items && element.choices?.some((choice) => choice.value === "na")),
);
const naQuestion = tool.survey.pages[naPageIndex].elements.find(
  (element) => element.name in tool.items && element.choices?.some((choice) => choice.value === "na"),
)!;
const naReason = tool.survey.pages[naPageIndex].elements.find((element) => element.name === `${naQuestion.name}_na`)!;

/** The answer a question gets: "Mostly met" on a rating scale, "Yes" to a yes/no question; N/A (with a reason) for `naQuestion`. */
function answerFor(element: { name: string; choices?: { value: string }[] }): string {
  if (element.name === naQuestion.name) return "na";
  const values = (element.choices ?? []).map((choice) => choice.value);
  return values.includes("mostly") ? "mostly" : values.includes("yes") ? "yes" : values[0];
}

/** Answers a page: every choice question as `answerFor` says (a scope question "Yes", revealing what it governs), evidence typed. */
async function answerPage(page: Page, pageIndex: number): Promise<void> {
  const { elements } = tool.survey.pages[pageIndex];
  for (const element of elements.filter((candidate) => candidate.type === "radiogroup")) {
    if (element.visibleIf) await page.locator(`[data-question="${element.name}"]`).waitFor({ state: "visible" });
    const value = answerFor(element);
    await page.locator(`input[name="${element.name}"][value="${value}"]`).check();
    if (value === "na") await page.locator(`textarea[name="${element.name}_na"]`).fill("We do not hold this responsibility locally.");
  }
  const evidence = elements.find((element) => element.name.endsWith("_evidence"));
  if (evidence)
    await page.locator(`textarea[name="${evidence.name}"]`).fill("Safeguarding policy v4 (March 2026); board minutes, June 2026.");
}

/** What a standard scores with those answers: points over the most it could score, N/A left out. */
function expectedPercent(code: string): number {
  const items = Object.entries(tool.items).filter(([name, rule]) => rule.standard === code && name !== naQuestion.name);
  const achieved = items.reduce((sum, [name, rule]) => {
    const element = tool.survey.pages.flatMap((page) => page.elements).find((candidate) => candidate.name === name)!;
    return sum + rule.points[answerFor(element)];
  }, 0);
  const max = items.reduce((sum, [, rule]) => sum + Math.max(...Object.values(rule.points)), 0);
  return (100 * achieved) / max;
}

describe("agency lead", () => {
  let session: Session;
  let returnUrl = "";
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, "lead@youth-clubs.example.org");
  });
  afterAll(() => session.close());

  it("sees only their own agency's returns, with status and due date", async () => {
    const { page } = session;
    await visit(page, "/returns", "lead-returns");
    // Exactly this agency's returns (other journeys may have opened more cycles for it).
    const db = serverDb();
    const own = await db("returns")
      .join("agencies", "agencies.id", "returns.agency_id")
      .where("agencies.slug", "youth-clubs")
      .count({ n: "*" })
      .first();
    await db.destroy();
    await expect(page.locator("tbody tr").count()).resolves.toBe(Number(own?.n));
    const row = await page.locator("tbody tr", { hasText: "Section 11 audit 2026" }).textContent();
    expect(row).toContain("Not started");
    await page.getByRole("link", { name: "Section 11 audit 2026" }).click();
    returnUrl = new URL(page.url()).pathname;
    await expectAccessible(page);
    await screenshot(page, "lead-return-overview-new");
    await expect(page.locator(".govuk-task-list__item").count()).resolves.toBe(tool.survey.pages.length);
  });

  it("asks for a reason when a question does not apply, revealing the box as soon as N/A is chosen", async () => {
    const { page } = session;
    await page.locator(".govuk-task-list__link").nth(naPageIndex).click();
    await arrive(page, (url) => url.pathname.endsWith(`/pages/${tool.survey.pages[naPageIndex].name}`));
    await expectAccessible(page);
    const reason = page.locator(`textarea[name="${naReason.name}"]`);
    await expect(reason.isVisible()).resolves.toBe(false);
    await page.locator(`input[name="${naQuestion.name}"][value="na"]`).check();
    await reason.waitFor({ state: "visible" });
    await submit(page, "Save and continue");
    expect(new URL(page.url()).pathname).toContain(`/pages/${tool.survey.pages[naPageIndex].name}`);
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("Your answers so far are saved");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain(naReason.title);
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectAccessible(page);
    await screenshot(page, "lead-page-error");
  });

  it("keeps every answer when the lead leaves and comes back", async () => {
    const { page } = session;
    await answerPage(page, naPageIndex);
    await page.getByRole("button", { name: "Save and come back later" }).click();
    await arrive(page, (url) => url.pathname === returnUrl);
    await expect(page.locator(".govuk-task-list__item").nth(naPageIndex).textContent()).resolves.toContain("Completed");
    await expect(page.locator(".govuk-task-list__item").nth(1).textContent()).resolves.toContain("Not started");
    await page.goto("/returns");
    await page.goto(`${returnUrl}/pages/${tool.survey.pages[naPageIndex].name}`);
    const others = tool.survey.pages[naPageIndex].elements.filter(
      (element) => element.name in tool.items && element.name !== naQuestion.name,
    );
    await expect(page.locator(`input[name="${others[0].name}"][value="${answerFor(others[0])}"]`).isChecked()).resolves.toBe(true);
    await expect(page.locator(`input[name="${naQuestion.name}"][value="na"]`).isChecked()).resolves.toBe(true);
    await expect(page.locator(`textarea[name="${naReason.name}"]`).inputValue()).resolves.toContain("We do not hold");
  });

  it("shows which pages are incomplete and refuses sign-off until every required question is answered", async () => {
    const { page } = session;
    await page.goto(`${returnUrl}/pages/${tool.survey.pages[1].name}`);
    const firstQuestion = tool.survey.pages[1].elements.find((element) => element.name in tool.items)!;
    await page.locator(`input[name="${firstQuestion.name}"][value="${firstQuestion.choices![0].value}"]`).check();
    await page.getByRole("button", { name: "Save and come back later" }).click();
    await arrive(page, (url) => url.pathname === returnUrl);
    await expect(page.locator(".govuk-task-list__item").nth(1).textContent()).resolves.toMatch(/In progress/);
    await expect(page.getByText("Complete every section before you sign off").count()).resolves.toBe(1);
    await page.goto(`${returnUrl}/submit`);
    await expect(page.locator(".govuk-error-summary").first().textContent()).resolves.toContain("You cannot submit this return yet");
    await expectAccessible(page);
    await screenshot(page, "lead-submit-blocked");
  });

  it("completes every page with Save and continue, then signs off and submits", async () => {
    const { page } = session;
    await page.goto(`${returnUrl}/pages/${tool.survey.pages[0].name}`);
    for (let index = 0; index < tool.survey.pages.length; index += 1) {
      await answerPage(page, index);
      const last = index === tool.survey.pages.length - 1;
      await page.getByRole("button", { name: last ? "Save and return to all sections" : "Save and continue" }).click();
      await arrive(page, (url) => url.pathname === (last ? returnUrl : `${returnUrl}/pages/${tool.survey.pages[index + 1].name}`));
    }
    await expect(page.locator(".govuk-task-list__item").allTextContents()).resolves.toSatisfy((items: string[]) =>
      items.every((item) => item.includes("Completed")),
    );
    await page.getByRole("button", { name: "Continue to sign off" }).click();
    await expectAccessible(page);
    await page.getByLabel("Their role").fill("");
    await submit(page, "Submit return");
    const errors = await page.locator(".govuk-error-summary").textContent();
    expect(errors).toContain("Enter their role in the agency");
    expect(errors).toContain("Confirm that the return is accurate");
    await expectAccessible(page);
    await screenshot(page, "lead-signoff-errors");
    await page.getByLabel("Their role").fill("Chief Executive");
    await page.getByLabel(/I confirm this return is accurate/).check();
    await page.getByRole("button", { name: "Submit return" }).click();
    await arrive(page, /submitted=1/);
    await expect(page.locator(".govuk-panel").textContent()).resolves.toContain("Return submitted");
    await expectAccessible(page);
    await screenshot(page, "lead-submitted");
  });

  it("shows the submitted return read-only, with its computed scores", async () => {
    const { page } = session;
    await page.goto(`${returnUrl}/pages/${tool.survey.pages[0].name}`);
    expect(new URL(page.url()).pathname).toBe(returnUrl);
    await expect(page.locator("form button", { hasText: /Save/ }).count()).resolves.toBe(0);
    // "Mostly met" (2 of 3 points) and "Yes" (3 of 3) everywhere, one N/A left out: each standard's % from the tool's points.
    const rows = await page.getByRole("table", { name: "Scores by standard" }).locator("tbody tr").allTextContents();
    expect(rows).toHaveLength(tool.standards.length);
    for (const [index, standard] of tool.standards.entries()) {
      const percent = expectedPercent(standard.code);
      expect(percent, standard.code).toBeGreaterThanOrEqual(60);
      expect(percent, standard.code).toBeLessThan(85);
      expect(rows[index], standard.code).toContain(`${Math.round(percent)}%`);
      expect(rows[index], standard.code).toContain("Mostly met");
    }
    await expect(page.locator(".govuk-summary-list").first().textContent()).resolves.toContain("Submitted");
  });

  it("works at 320 pixels wide without sideways scrolling of the page", async () => {
    const narrow = await openBrowser({ width: 320 });
    try {
      await signIn(narrow.page, "lead@hilltop-academy.example.org");
      await narrow.page.goto("/returns");
      await narrow.page.getByRole("link", { name: "Section 11 audit 2026" }).click();
      await narrow.page.locator(".govuk-task-list__link").first().click();
      await expectAccessible(narrow.page);
      await screenshot(narrow.page, "lead-page-320px");
      const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await narrow.close();
    }
  });
});

/**
 * DESIGN §7, "own agency read": an agency lead reads their own agency's page (details, people, returns
 * across cycles), a cycle they take part in and its tool, at 320 pixels wide and with nothing axe finds;
 * read only, with none of the business office's controls. Another agency's page is not found.
 */
describe("agency lead reading their own agency", () => {
  let session: Session;
  let db: Db;
  beforeAll(async () => {
    db = serverDb();
    session = await openBrowser({ width: 320 });
    await signIn(session.page, "lead@police.example.org");
  });
  afterAll(async () => {
    await session.close();
    await db.destroy();
  });

  it("opens their agency's page from the menu, read only, at 320 pixels", async () => {
    const { page } = session;
    const own = await db("agencies").where({ slug: "police" }).first("id");
    await page.goto("/returns");
    await (await menuLink(page, "Your agency")).click();
    await arrive(page, `/agencies/${own.id}`);
    await visit(page, `/agencies/${own.id}`, "lead-own-agency-320px");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Northshire Police");
    await expect(page.getByRole("region", { name: "People", exact: true }).textContent()).resolves.toContain("lead@police.example.org");
    await expect(
      page.getByRole("region", { name: "Returns", exact: true }).getByRole("link", { name: "Section 11 audit 2026" }).count(),
    ).resolves.toBe(1);
    await expect(page.getByRole("link", { name: /Change/ }).count()).resolves.toBe(0);
    await expect(page.getByRole("link", { name: "Add a person to this agency" }).count()).resolves.toBe(0);
  });

  it("reads a cycle of theirs and its tool, with their own return and none of the business office's controls", async () => {
    const { page } = session;
    await page.getByRole("region", { name: "Returns", exact: true }).getByRole("link", { name: "Section 11 audit 2026" }).click();
    await arrive(page, /\/cycles\/\d+$/);
    await visit(page, new URL(page.url()).pathname, "lead-own-cycle-320px");
    await expect(page.getByRole("heading", { name: "Your agency's return" }).count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: /Open this cycle|Close this cycle/ }).count()).resolves.toBe(0);
    await expect(page.locator("body").textContent()).resolves.not.toContain("Northshire County Council");
    await page.getByRole("link", { name: /^Section 11 self-assessment/ }).click();
    await arrive(page, /\/tools\/\d+$/);
    await visit(page, new URL(page.url()).pathname, "lead-own-tool-320px");
    await expect(page.getByRole("button", { name: /Publish|Delete/ }).count()).resolves.toBe(0);
  });

  it("lists only their own agency's people, cycles and tools, read only", async () => {
    const { page } = session;
    await visit(page, "/users", "lead-users-320px");
    const people = (await page.getByRole("region", { name: "Users" }).textContent()) ?? "";
    expect(people).toContain("lead@police.example.org");
    expect(people).not.toContain("council.example.org");
    await expect(page.getByText("Add a user").count()).resolves.toBe(0);
    await visit(page, "/cycles", "lead-cycles-320px");
    await expect(
      page.getByRole("region", { name: "Audit cycles" }).getByRole("link", { name: "Section 11 audit 2026" }).count(),
    ).resolves.toBe(1);
    await expect(page.getByText("Create a cycle").count()).resolves.toBe(0);
    await visit(page, "/tools", "lead-tools-320px");
    await expect(page.getByText("Upload a tool").count()).resolves.toBe(0);
  });

  it("gets 404 for another agency's page, with nothing of that agency on it", async () => {
    const { page } = session;
    const other = await db("agencies").where({ slug: "council" }).first("id");
    const response = await page.goto(`/agencies/${other.id}`);
    expect(response?.status()).toBe(404);
    await expect(page.locator("body").textContent()).resolves.not.toContain("Northshire County Council");
    await expectAccessible(page);
    await screenshot(page, "lead-other-agency-404-320px");
  });
});
