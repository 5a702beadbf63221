import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedTool } from "../support/answers";
import { openBrowser, screenshot, signIn, type Session } from "../support/browser";

/** The last page of the newest Section 11 tool with a question that may be answered N/A, that question and its reason box. */
const tool = shippedTool("s11");
type Choice = { name: string; title?: string; choices?: { value: string }[] };
const naPage = [...tool.survey.pages]
  .reverse()
  .find((page) => (page.elements as Choice[]).some((element) => element.choices?.some((choice) => choice.value === "na")))!;
const naQuestion = (naPage.elements as Choice[]).find((element) => element.choices?.some((choice) => choice.value === "na"))!;
const naReason = (naPage.elements as Choice[]).find((element) => element.name === `${naQuestion.name}_na`)!;

/**
 * The return works without JavaScript (GOV.UK progressive enhancement): plain form posts, the error
 * summary from the server, and a conditional question that appears once the server has seen the answer.
 * (axe runs inside the page, so it cannot scan with script disabled; the same pages are scanned in the
 * other journeys.)
 */
describe("agency lead without JavaScript", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser({ javaScript: false });
    await signIn(session.page, "lead@community-health.example.org");
  });
  afterAll(() => session.close());

  it("answers a page with plain form posts, guided by the server's error messages", async () => {
    const { page } = session;
    await page.getByRole("link", { name: "Section 11 audit 2026" }).click();
    await page.waitForURL(/\/returns\/\d+$/);
    await page.getByRole("link", { name: naPage.title }).click();
    await page.waitForURL((url) => url.pathname.endsWith(`/pages/${naPage.name}`));

    // Without script there is no live reveal: the reason box is there from the start, saying when to fill it in.
    await expect(page.locator(`textarea[name="${naReason.name}"]`).isVisible()).resolves.toBe(true);
    await expect(page.locator(`[data-question="${naReason.name}"] .app-reveal-hint`).textContent()).resolves.toBe(
      "Answer only if you chose ‘Not applicable’ above.",
    );
    await page.locator(`input[name="${naQuestion.name}"][value="na"]`).check();
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.waitForLoadState("load");
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`/pages/${naPage.name}$`));
    const summary = await page.locator(".govuk-error-summary").textContent();
    expect(summary).toContain(naReason.title);
    // Without script the page title is the server's; the summary still leads the page.
    const reason = page.locator(`textarea[name="${naReason.name}"]`);
    await expect(reason.isVisible()).resolves.toBe(true);
    await expect(page.locator(`input[name="${naQuestion.name}"][value="na"]`).isChecked()).resolves.toBe(true);
    await screenshot(page, "no-js-page-errors");

    await page.getByRole("button", { name: "Save and come back later" }).click();
    await page.waitForURL((url) => url.searchParams.get("saved") === naPage.name);
    await expect(page.locator(".govuk-notification-banner--success").textContent()).resolves.toContain(
      `Your answers have been savedYour answers to ‘${naPage.title}’ are saved.`,
    );
    await expect(page.locator(".govuk-task-list__item", { hasText: naPage.title }).textContent()).resolves.toContain("In progress");
  });
});
