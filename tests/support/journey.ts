import { expect } from "vitest";
import type { Page } from "playwright-core";
import { answerShownQuestions, type ShippedTool } from "./answers";
import { arrive, expectAccessible, screenshot } from "./browser";

/**
 * An agency lead's whole journey through one return: from the return's
 * overview, every section answered and saved in turn, then signed off and submitted. With script
 * on each page is scanned with axe; with it off (`javaScript: false`) the same steps are plain form
 * posts, waited for by address (axe runs inside the page, so it cannot scan then).
 */
export async function completeAndSubmit(
  page: Page,
  tool: ShippedTool,
  options: { javaScript: boolean; shots: string; role: string },
): Promise<void> {
  const overview = new URL(page.url()).pathname;
  const go = async (click: () => Promise<void>, to: (url: URL) => boolean) => {
    await click();
    if (options.javaScript) await arrive(page, to);
    else {
      await page.waitForURL(to);
      await page.waitForLoadState("load");
    }
  };
  await go(
    () => page.locator(".govuk-task-list__link").first().click(),
    (url) => url.pathname.includes("/pages/"),
  );
  for (let step = 0; step < tool.survey.pages.length; step += 1) {
    const here = new URL(page.url()).pathname;
    const pageName = decodeURIComponent(here.split("/pages/")[1]);
    const answered = await answerShownQuestions(page, tool, pageName, undefined, options.javaScript);
    expect(answered, `questions answered on ${pageName}`).toBeGreaterThan(0);
    if (options.javaScript) await expectAccessible(page);
    if (step === 0 || pageName.startsWith("REC-1") || pageName === "S175-SC" || pageName === "school-data")
      await screenshot(page, `${options.shots}-page-${pageName}`);
    const next = page.getByRole("button", { name: "Save and continue" });
    if (!options.javaScript && (await next.count()) > 0) {
      const posted = page.waitForResponse((response) => response.request().method() === "POST");
      await next.click();
      if ((await posted).status() === 400) {
        // Without script a condition is decided by the server: the save keeps the lead on the page,
        // showing the questions an answer revealed with an error beside each; they answer and save again.
        await page.waitForLoadState("load");
        await expect(page.locator(".govuk-error-summary").count()).resolves.toBe(1);
        const revealed = await answerShownQuestions(page, tool, pageName, undefined, false);
        expect(revealed, `questions revealed on ${pageName}`).toBeGreaterThan(answered);
        await go(
          () => next.click(),
          (url) => url.pathname !== here,
        );
      } else
        await go(
          async () => {},
          (url) => url.pathname !== here,
        );
      expect(new URL(page.url()).pathname, `left ${pageName} for the next section`).toContain("/pages/");
    } else if ((await next.count()) > 0) {
      await go(
        () => next.click(),
        (url) => url.pathname !== here,
      );
      expect(new URL(page.url()).pathname, `left ${pageName} for the next section`).toContain("/pages/");
    } else {
      await go(
        () => page.getByRole("button", { name: "Save and return to all sections" }).click(),
        (url) => url.pathname === overview,
      );
      break;
    }
  }
  expect(new URL(page.url()).pathname).toBe(overview);
  const statuses = await page.locator(".govuk-task-list__status").allTextContents();
  expect(statuses.map((text) => text.trim())).toEqual(tool.survey.pages.map(() => "Completed"));
  if (options.javaScript) await expectAccessible(page);
  await screenshot(page, `${options.shots}-complete`);

  await go(
    () => page.getByRole("button", { name: "Continue to sign off" }).click(),
    (url) => url.pathname.endsWith("/submit"),
  );
  if (options.javaScript) await expectAccessible(page);
  await page.getByLabel("Their role").fill(options.role);
  await page.getByLabel(/I confirm this return is accurate/).check();
  await screenshot(page, `${options.shots}-signoff`);
  await go(
    () => page.getByRole("button", { name: "Submit return" }).click(),
    (url) => url.searchParams.has("submitted"),
  );
  await expect(page.locator(".govuk-panel__title").textContent()).resolves.toBe("Return submitted");
  if (options.javaScript) await expectAccessible(page);
  await screenshot(page, `${options.shots}-submitted`);
}
