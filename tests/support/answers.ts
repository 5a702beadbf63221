import fs from "node:fs";
import type { Page } from "playwright-core";
import type { SurveyElementJson } from "~/domain/survey-json";

/**
 * Answers a survey page in the browser the way a careful agency lead would: every question shown
 * (hidden, conditional ones are left alone), a middling choice for ratings, real words for evidence,
 * numbers within the tool's limits, every row of a record matrix. Works with script on or off.
 */
export interface ShippedTool {
  code: string;
  standards: { code: string; title: string }[];
  survey: { pages: { name: string; title: string; elements: SurveyElementJson[] }[] };
}

/** The newest shipped version of a tool: the one the demo's 2026 cycles run on. */
export function latestToolFile(code: string): string {
  const versions = fs
    .readdirSync(`surveys/${code}`)
    .filter((file) => file.endsWith(".json"))
    .sort((a, b) => b.localeCompare(a, "en", { numeric: true }));
  return `surveys/${code}/${versions[0]}`;
}

export function shippedTool(code: string): ShippedTool {
  return JSON.parse(fs.readFileSync(latestToolFile(code), "utf8")) as ShippedTool;
}

function questionsOf(elements: SurveyElementJson[]): SurveyElementJson[] {
  return elements.flatMap((element) =>
    element.type === "panel" ? questionsOf(element.elements ?? []) : element.type === "html" ? [] : [element],
  );
}

function valuesOf(raw: unknown): string[] {
  return Array.isArray(raw)
    ? raw.map((choice) => String(typeof choice === "object" && choice !== null ? (choice as { value: unknown }).value : choice))
    : [];
}

/**
 * Waits until the page's live conditions have answered: with script on, choosing an answer asks the
 * server which questions it shows (a fetcher), and a revealed question appears only after that.
 */
async function conditionsSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const router = (
      window as unknown as { __remixRouter?: { state: { navigation: { state: string }; fetchers: Map<string, { state: string }> } } }
    ).__remixRouter;
    return (
      !router ||
      (router.state.navigation.state === "idle" && [...router.state.fetchers.values()].every((fetcher) => fetcher.state === "idle"))
    );
  });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))));
}

export async function answerShownQuestions(
  page: Page,
  tool: ShippedTool,
  pageName: string,
  choice = "mostly",
  javaScript = true,
): Promise<number> {
  const { elements } = tool.survey.pages.find((candidate) => candidate.name === pageName)!;
  const done = new Set<string>();
  // An answer can reveal questions (a "yes" to "is this in scope?"): go round again until nothing new is shown.
  for (let round = 0; round < 5; round += 1) {
    const before = done.size;
    for (const element of questionsOf(elements)) {
      if (done.has(element.name)) continue;
      const holder = page.locator(`[data-question="${element.name}"]`);
      if (!(await holder.isVisible())) continue;
      if (await answerOne(page, element, choice)) done.add(element.name);
    }
    // Without script nothing changes until the page is saved (and the page cannot be asked).
    if (done.size === before || !javaScript) break;
    await conditionsSettled(page);
  }
  return done.size;
}

async function answerOne(page: Page, element: SurveyElementJson, choice: string): Promise<boolean> {
  switch (element.type) {
    case "radiogroup": {
      const values = valuesOf(element.choices);
      const value = values.includes(choice) ? choice : (values.find((candidate) => candidate !== "na") ?? values[0]);
      await page.locator(`input[name="${element.name}"][value="${value}"]`).check();
      return true;
    }
    case "boolean":
      await page.locator(`input[name="${element.name}"][value="true"]`).check();
      return true;
    case "checkbox":
      await page.locator(`input[name="${element.name}"]`).first().check();
      return true;
    case "dropdown":
      await page.locator(`select[name="${element.name}"]`).selectOption(valuesOf(element.choices)[0]);
      return true;
    case "matrix": {
      const first = valuesOf(element.columns)[0];
      for (const row of valuesOf(element.rows)) await page.locator(`input[name="${element.name}.${row}"][value="${first}"]`).check();
      return true;
    }
    case "text":
      if (element.inputType === "date") {
        // A GOV.UK date input: day, month and year fields.
        for (const [part, value] of [
          ["day", "27"],
          ["month", "3"],
          ["year", "2026"],
        ])
          await page.locator(`input[name="${element.name}-${part}"]`).fill(value);
        return true;
      }
      await page
        .locator(`input[name="${element.name}"]`)
        .fill(element.inputType === "number" ? "42" : "Senior practitioner, children's team");
      return true;
    case "comment":
      await page
        .locator(`textarea[name="${element.name}"]`)
        .fill("Safeguarding policy reviewed by the governing body, March 2026; training records; audit report to the board.");
      return true;
    default:
      return false;
  }
}
