import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser, screenshot, signIn, type Session } from "../support/browser";

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
    await page.getByRole("link", { name: "7. Safer recruitment and workforce" }).click();
    await page.waitForURL(/S11-7$/);

    await page.locator('input[name="s11_7_q1"][value="na"]').check();
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.waitForLoadState("load");
    expect(new URL(page.url()).pathname).toMatch(/\/pages\/S11-7$/);
    const summary = await page.locator(".govuk-error-summary").textContent();
    expect(summary).toContain("Why does this not apply to your agency?");
    // Without script the page title is the server's; the summary still leads the page.
    const reason = page.locator('textarea[name="s11_7_q1_na"]');
    await expect(reason.isVisible()).resolves.toBe(true);
    await expect(page.locator('input[name="s11_7_q1"][value="na"]').isChecked()).resolves.toBe(true);
    await screenshot(page, "no-js-page-errors");

    await page.getByRole("button", { name: "Save and come back later" }).click();
    await page.waitForURL(/saved=S11-7/);
    await expect(page.locator(".govuk-task-list__item", { hasText: "7. Safer recruitment" }).textContent()).resolves.toContain("In progress");
  });
});
