import { describe, expect, it } from "vitest";
import { shippedTool } from "../support/answers";
import { arrive, openBrowser, signIn } from "../support/browser";

const third = shippedTool("s11").survey.pages[2];
const question = third.elements[0] as unknown as { name: string; choices: { value: string }[] };

/**
 * Regression: choosing an answer fires a live-conditions check; saving at once used to race with the
 * reload that check triggered, leaving the overview blank. Repeated because it was intermittent.
 */
describe("saving straight after choosing an answer", () => {
  it("always reaches the overview with its sections listed", async () => {
    const session = await openBrowser();
    try {
      const { page } = session;
      await signIn(page, "lead@riverside-primary.example.org");
      await page.getByRole("link", { name: "Section 11 audit 2026" }).click();
      const overview = new URL(page.url()).pathname;
      const failures: number[] = [];
      for (let attempt = 0; attempt < 12; attempt += 1) {
        await page.goto(`${overview}/pages/${third.name}`);
        await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter);
        await page.locator(`input[name="${question.name}"][value="${question.choices[attempt % 2].value}"]`).check();
        await page.getByRole("button", { name: "Save and come back later" }).click();
        try {
          await arrive(page, /saved=/, { timeout: 5000 });
          await page.locator(".govuk-task-list__item").first().waitFor({ timeout: 5000 });
        } catch {
          failures.push(attempt);
        }
      }
      expect(failures).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
