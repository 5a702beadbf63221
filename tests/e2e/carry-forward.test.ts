import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCycle, openCycle } from "~/data/cycles.server";
import { arrive, expectAccessible, openBrowser, screenshot, signIn, type Session } from "../support/browser";
import { returnIdOf, serverDb } from "../support/db";

/**
 * Carry forward: a new Section 11 cycle for the council, whose 2026 return is submitted in
 * the demo. The lead starts from last cycle's answers; each is tagged "From last cycle: review"
 * until its section is saved, and sign-off waits until then. The cycle is this test's own.
 */
const CYCLE = "Carry-forward check 2027";
let previousAnswers: Record<string, unknown>;

beforeAll(async () => {
  const db = serverDb();
  try {
    // The next cycle runs on the version the 2026 cycle runs on (the newest), so every answer can come across.
    const tool = await db("tools")
      .join("cycles", "cycles.tool_id", "tools.id")
      .where({ "cycles.title": "Section 11 audit 2026" })
      .first("tools.id");
    const council = await db("agencies").where({ slug: "council" }).first();
    const today = new Date().toISOString().slice(0, 10);
    const cycleId = await createCycle(db, null, {
      toolId: tool.id,
      title: CYCLE,
      opensOn: today,
      dueOn: "2099-03-31",
      finalDeadlineOn: null,
      selection: { agencyIds: [council.id] },
    });
    const opened = await openCycle(db, null, cycleId);
    if (!opened.ok) throw new Error(opened.message);
    previousAnswers = JSON.parse(
      (
        await db("returns")
          .where({ id: await returnIdOf(db, "council") })
          .first()
      ).answers,
    );
  } finally {
    await db.destroy();
  }
});

describe("carry forward", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, "lead@council.example.org");
  });
  afterAll(() => session.close());

  it("offers last cycle's answers on a return nobody has started", async () => {
    const { page } = session;
    await page.goto("/returns");
    await page.getByRole("link", { name: CYCLE }).click();
    await arrive(page, /\/returns\/\d+$/);
    await expect(page.locator(".govuk-inset-text").first().textContent()).resolves.toContain(
      "Your agency submitted a return to Section 11 audit 2026",
    );
    await expectAccessible(page);
    await screenshot(page, "carry-forward-offer");
    await page.getByRole("button", { name: "Start from last cycle's answers" }).click();
    await arrive(page, /carried=\d+/);
    const copied = Object.keys(previousAnswers).length;
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain(
      `${copied} answers copied from your last return`,
    );
    await expect(page.getByText(`${copied} answers from last cycle are still to review`).count()).resolves.toBe(1);
    await expect(page.locator(".govuk-task-list__item").first().textContent()).resolves.toMatch(/\d+ from last cycle to review/);
    await expect(page.getByRole("button", { name: "Continue to sign off" }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, "carry-forward-overview");
  });

  it("tags each carried answer until its section is saved", async () => {
    const { page } = session;
    const overview = new URL(page.url()).pathname;
    await page.locator(".govuk-task-list__link").first().click();
    await arrive(page, /\/pages\/S11-1$/);
    const tags = page.locator(".app-carried .govuk-tag");
    const onPage = Object.keys(previousAnswers).filter((name) => name.startsWith("s11_1_")).length;
    await expect(tags.count()).resolves.toBe(onPage);
    await expect(tags.first().textContent()).resolves.toBe("From last cycle: review");
    await expect(page.locator(`input[name="s11_1_q1"][value="${previousAnswers.s11_1_q1}"]`).isChecked()).resolves.toBe(true);
    await expectAccessible(page);
    await screenshot(page, "carry-forward-page");

    await page.getByRole("button", { name: "Save and continue" }).click();
    await arrive(page, /\/pages\/S11-2$/);
    await expect(page.locator(".app-carried .govuk-tag").count()).resolves.toBeGreaterThan(0);
    await page.goto(overview);
    await expect(page.locator(".govuk-task-list__item").first().textContent()).resolves.not.toContain("from last cycle");
    await expect(
      page.getByText(`${Object.keys(previousAnswers).length - onPage} answers from last cycle are still to review`).count(),
    ).resolves.toBe(1);
  });

  it("holds sign-off until every carried answer is reviewed", async () => {
    const { page } = session;
    const id = new URL(page.url()).pathname.split("/")[2];
    await page.goto(`/returns/${id}/submit`);
    const summary = await page.locator(".govuk-error-summary").textContent();
    expect(summary).toContain("Review the answers carried from last cycle first:");
    expect(summary).toContain("2. Designated safeguarding lead: ");
    expect(summary).not.toContain("1. Leadership and accountability");
    await expect(page.getByRole("button", { name: "Submit return" }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, "carry-forward-signoff-held");
  });
});
