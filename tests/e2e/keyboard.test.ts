import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { arrive, openBrowser, type Session } from "../support/browser";

/** Every journey works with the keyboard alone: here, signing in and answering a page of a return. */
async function tabTo(page: Page, matches: (element: { id: string; text: string; name: string; value: string }) => boolean, limit = 60): Promise<void> {
  for (let step = 0; step < limit; step += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      return { id: element?.id ?? "", text: element?.textContent?.trim() ?? "", name: element?.getAttribute("name") ?? "", value: element?.value ?? "" };
    });
    if (matches(focused)) return;
  }
  throw new Error("The keyboard never reached the element");
}

describe("keyboard user", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(() => session.close());

  it("starts with a skip link to the main content", async () => {
    const { page } = session;
    await page.goto("/login");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Skip to main content");
  });

  it("signs in and answers a question with the keyboard alone", async () => {
    const { page } = session;
    await tabTo(page, (element) => element.id === "email");
    await page.keyboard.type("lead@st-marks.example.org");
    await page.keyboard.press("Tab");
    await page.keyboard.type("demo-password");
    await page.keyboard.press("Enter");
    await arrive(page, /\/returns$/);

    await tabTo(page, (element) => element.text === "Section 11 audit 2026");
    await page.keyboard.press("Enter");
    await arrive(page, /\/returns\/\d+$/);
    await tabTo(page, (element) => element.text.startsWith("1. Leadership"));
    await page.keyboard.press("Enter");
    await arrive(page, /\/pages\/S11-1$/);

    await tabTo(page, (element) => element.name === "s11_1_q1");
    await page.keyboard.press("Space");
    await expect(page.locator('input[name="s11_1_q1"][value="fully"]').isChecked()).resolves.toBe(true);
    await tabTo(page, (element) => element.value === "later" || element.text === "Save and come back later");
    await page.keyboard.press("Enter");
    await arrive(page, /\/returns\/\d+\?saved=/);
    await expect(page.locator(".govuk-task-list__item").first().textContent()).resolves.toContain("In progress");
  });
});
