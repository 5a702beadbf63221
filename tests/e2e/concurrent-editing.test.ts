import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Db } from "~/data/db.server";
import { createUser } from "~/data/users.server";
import { arrive, DEMO_PASSWORD, expectAccessible, openBrowser, screenshot, type Session, signIn, submit, visit } from "../support/browser";
import { returnIdOf, serverDb } from "../support/db";

/**
 * DESIGN §6 and §10 ("Nothing lost"): the agency lead and a contributor of Hilltop Academy have the
 * same page of their Section 11 return open. Answers to different questions merge; where both changed
 * the same question the first answer stays and the second person is told, with both answers named;
 * answers autosave, and a failed autosave keeps what was typed. (No other journey uses this return.)
 */
const LEAD = "lead@hilltop-academy.example.org";
const MEMBER = "member@hilltop-academy.example.org";
const PAGE = "S11-5";

let db: Db;
let lead: Session;
let member: Session;
let pageUrl = "";

async function storedAnswers(): Promise<Record<string, unknown>> {
  const row = await db("returns")
    .where({ id: await returnIdOf(db, "hilltop-academy") })
    .first();
  return JSON.parse(row.answers);
}

/** Opens the page, checks it with axe, and waits until its script runs (autosave and live conditions). */
async function openPage(page: Page, name: string): Promise<void> {
  await visit(page, pageUrl, name);
  await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter);
}

async function saveAndLeave(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Save and come back later" }).click();
  await arrive(page, /saved=S11-5/);
}

function radio(page: Page, name: string, value: string) {
  return page.locator(`input[name="${name}"][value="${value}"]`);
}

function autosaveStatus(page: Page) {
  return page.getByRole("status");
}

beforeAll(async () => {
  db = serverDb();
  const agency = await db("agencies").where({ slug: "hilltop-academy" }).first();
  if (!(await db("users").where({ email: MEMBER }).first())) {
    await createUser(db, null, {
      email: MEMBER,
      name: "Alex Morgan (Hilltop Academy)",
      role: "agency_member",
      agencyId: agency.id,
      password: DEMO_PASSWORD,
    });
  }
  pageUrl = `/returns/${await returnIdOf(db, "hilltop-academy")}/pages/${PAGE}`;
  lead = await openBrowser();
  member = await openBrowser();
  await signIn(lead.page, LEAD);
  await signIn(member.page, MEMBER);
});

afterAll(async () => {
  await lead?.close();
  await member?.close();
  await db.destroy();
});

describe("two people editing the same page", () => {
  it("keeps both people's answers to different questions: a stale page does not revert a colleague's", async () => {
    await openPage(member.page, "concurrent-member-opened");
    await openPage(lead.page, "concurrent-lead-opened");

    await radio(member.page, "s11_5_q1", "fully").check();
    await saveAndLeave(member.page);
    // The lead's page still shows question 1 unanswered; she answers question 2 only.
    await radio(lead.page, "s11_5_q2", "partly").check();
    await saveAndLeave(lead.page);

    expect(await storedAnswers()).toMatchObject({ s11_5_q1: "fully", s11_5_q2: "partly" });
  });

  it("shows a conflict naming both answers when both change the same question, keeping the first saved", async () => {
    await openPage(member.page, "concurrent-member-reopened");
    await openPage(lead.page, "concurrent-lead-reopened");

    await radio(member.page, "s11_5_q3", "mostly").check();
    await saveAndLeave(member.page);
    await radio(lead.page, "s11_5_q3", "fully").check();
    await submit(lead.page, "Save and come back later");

    const { page } = lead;
    expect(new URL(page.url()).pathname).toBe(pageUrl);
    const summary = page.locator(".govuk-error-summary");
    await expect(summary.locator(".govuk-error-summary__title").textContent()).resolves.toBe(
      "Someone else changed these answers while you were editing",
    );
    await expect(summary.textContent()).resolves.toContain("‘Mostly met’: yours was ‘Fully met’");
    await expect(page.locator(`[data-question="s11_5_q3"] .govuk-error-message`).textContent()).resolves.toContain(
      "Someone else in your agency changed this answer to ‘Mostly met’ since you opened the page. Your answer was ‘Fully met’. Choose the answer to keep and save again.",
    );
    // The page now shows the answer that is stored: the contributor's.
    await expect(radio(page, "s11_5_q3", "mostly").isChecked()).resolves.toBe(true);
    await expect(page.title()).resolves.toMatch(/^Error: /);
    expect(await storedAnswers()).toMatchObject({ s11_5_q1: "fully", s11_5_q2: "partly", s11_5_q3: "mostly" });
    await expectAccessible(page);
    await screenshot(page, "concurrent-conflict");

    // Having seen both, the lead chooses her answer again and saves: now hers is kept.
    await radio(page, "s11_5_q3", "fully").check();
    await saveAndLeave(page);
    expect(await storedAnswers()).toMatchObject({ s11_5_q1: "fully", s11_5_q2: "partly", s11_5_q3: "fully" });
  });
});

describe("autosave", () => {
  it("saves a change shortly after it is made, without a button, and keeps it after a reload", async () => {
    const { page } = lead;
    await openPage(page, "autosave-opened");
    await radio(page, "s11_5_q4", "partly").check();
    await page.locator('textarea[name="s11_5_evidence"]').fill("Pupil voice survey, spring term 2026; school council minutes.");
    await autosaveStatus(page)
      .getByText(/^Saved at \d{1,2}:\d{2}(am|pm)$/)
      .waitFor();
    await expect
      .poll(storedAnswers)
      .toMatchObject({ s11_5_q4: "partly", s11_5_evidence: "Pupil voice survey, spring term 2026; school council minutes." });
    await expectAccessible(page);
    await screenshot(page, "autosave-saved");

    await page.reload();
    await expect(radio(page, "s11_5_q4", "partly").isChecked()).resolves.toBe(true);
    await expect(page.locator('textarea[name="s11_5_evidence"]').inputValue()).resolves.toBe(
      "Pupil voice survey, spring term 2026; school council minutes.",
    );
  });

  it("merges autosaves too: shows a colleague's newer answers and a conflict beside the question both changed", async () => {
    await openPage(member.page, "autosave-member-opened");
    await openPage(lead.page, "autosave-lead-opened");

    await radio(member.page, "s11_5_q5", "mostly").check();
    await radio(member.page, "s11_5_self", "mostly").check();
    await autosaveStatus(member.page)
      .getByText(/^Saved at/)
      .waitFor();

    const { page } = lead;
    await radio(page, "s11_5_q5", "not").check();
    await autosaveStatus(page)
      .getByText(/apart from 1 answer someone else in your agency changed/)
      .waitFor();
    await expect(page.locator(`[data-question="s11_5_q5"] .govuk-error-message`).textContent()).resolves.toContain(
      "Someone else in your agency changed this answer to ‘Mostly met’ since you opened the page. Your answer was ‘Not met’.",
    );
    await expect(radio(page, "s11_5_q5", "mostly").isChecked()).resolves.toBe(true);
    // The self rating the lead did not touch now shows the contributor's newer answer.
    await expect(radio(page, "s11_5_self", "mostly").isChecked()).resolves.toBe(true);
    expect(await storedAnswers()).toMatchObject({ s11_5_q5: "mostly", s11_5_self: "mostly" });
    await expectAccessible(page);
    await screenshot(page, "autosave-conflict");

    await radio(page, "s11_5_q5", "not").check();
    await autosaveStatus(page)
      .getByText(/^Saved at \d{1,2}:\d{2}(am|pm)$/)
      .waitFor();
    await expect(page.locator(`[data-question="s11_5_q5"] .govuk-error-message`).count()).resolves.toBe(0);
    expect(await storedAnswers()).toMatchObject({ s11_5_q5: "not", s11_5_self: "mostly" });
  });

  it("keeps typed text and says it is not saved yet when the server cannot be reached, then saves on the next change", async () => {
    const { page } = lead;
    await openPage(page, "autosave-offline-opened");
    const evidence = page.locator('textarea[name="s11_5_evidence"]');
    const typed = "Pupil voice survey, spring term 2026; school council minutes; feedback box reviewed monthly.";
    await page.route("**/*", (route) => (route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue()));
    await evidence.fill(typed);
    await autosaveStatus(page).getByText("Your latest changes are not saved yet").waitFor();
    await expect(page.locator("h1").textContent()).resolves.toBe("5. Voice of the child and service development");
    await expect(evidence.inputValue()).resolves.toBe(typed);
    expect((await storedAnswers()).s11_5_evidence).toBe("Pupil voice survey, spring term 2026; school council minutes.");
    await expectAccessible(page);
    await screenshot(page, "autosave-failed");

    await page.unroute("**/*");
    await evidence.press("End");
    await evidence.pressSequentially(" Action plan agreed.");
    await autosaveStatus(page)
      .getByText(/^Saved at/)
      .waitFor();
    expect((await storedAnswers()).s11_5_evidence).toBe(`${typed} Action plan agreed.`);
  });
});

describe("without JavaScript", () => {
  let noScript: Session;
  beforeAll(async () => {
    noScript = await openBrowser({ javaScript: false });
    await signIn(noScript.page, MEMBER);
  });
  afterAll(() => noScript?.close());

  // axe runs inside the page, so it cannot scan with script disabled; the same page is scanned above.
  it("merges a plain form post as well: a stale page saves its own change and keeps the colleague's", async () => {
    await noScript.page.goto(pageUrl);
    await lead.page.goto(pageUrl);
    await lead.page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter);
    await radio(lead.page, "s11_5_q1", "partly").check();
    await saveAndLeave(lead.page);

    // The page without script still shows question 1 as "Fully met"; the contributor answers question 2.
    await expect(radio(noScript.page, "s11_5_q1", "fully").isChecked()).resolves.toBe(true);
    await radio(noScript.page, "s11_5_q2", "not").check();
    // A plain form post: the browser loads the next page itself (arrive() waits on script, which is off here).
    await noScript.page.getByRole("button", { name: "Save and come back later" }).click();
    await noScript.page.waitForURL(/saved=S11-5/);
    expect(await storedAnswers()).toMatchObject({ s11_5_q1: "partly", s11_5_q2: "not" });
  });
});
