import { shippedTool } from "../support/answers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { arrive, openBrowser, type Session } from "../support/browser";

/** Every journey works with the keyboard alone: here, signing in and answering a page of a return. */
async function tabTo(
  page: Page,
  matches: (element: { id: string; text: string; name: string; value: string }) => boolean,
  limit = 60,
): Promise<void> {
  for (let step = 0; step < limit; step += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      return {
        id: element?.id ?? "",
        text: element?.textContent?.trim() ?? "",
        name: element?.getAttribute("name") ?? "",
        value: element?.value ?? "",
      };
    });
    if (matches(focused)) return;
  }
  throw new Error("The keyboard never reached the element");
}

const firstPage = shippedTool("s11").survey.pages[0];
const firstQuestion = firstPage.elements[0] as unknown as { name: string; choices: { value: string }[] };

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
    await tabTo(page, (element) => element.text === firstPage.title);
    await page.keyboard.press("Enter");
    await arrive(page, (url) => url.pathname.endsWith(`/pages/${firstPage.name}`));

    // Space on a question's first radio chooses its first answer.
    await tabTo(page, (element) => element.name === firstQuestion.name);
    await page.keyboard.press("Space");
    await expect(page.locator(`input[name="${firstQuestion.name}"][value="${firstQuestion.choices[0].value}"]`).isChecked()).resolves.toBe(
      true,
    );
    await tabTo(page, (element) => element.value === "later" || element.text === "Save and come back later");
    await page.keyboard.press("Enter");
    await arrive(page, /\/returns\/\d+\?saved=/);
    await expect(page.locator(".govuk-task-list__item").first().textContent()).resolves.toContain("In progress");
  });
});
