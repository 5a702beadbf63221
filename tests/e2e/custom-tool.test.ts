import { shippedTool } from "../support/answers";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  arrive,
  baseUrl,
  expectAccessible,
  expectNoSidewaysScroll,
  openBrowser,
  screenshot,
  type Session,
  sessionCookie,
  signIn,
  submit,
  visit,
} from "../support/browser";
import { serverDb } from "../support/db";

/**
 * Journey: the business office uploads its own tool. A broken file is refused with every problem
 * named by its JSON path; a file that is not JSON is refused by its content; a good file becomes a
 * draft, previewed as agencies will see it (tool HTML sanitised), then published and offered for cycles.
 * Every tool here has a code starting "custom-e2e": the browser journeys share one database.
 */

const CODE = "custom-e2e";
const TITLE = "Early help audit (journey test)";

function validTool(version = "1.0") {
  return {
    code: CODE,
    version,
    title: TITLE,
    kind: "custom",
    description: "A short check of how partner agencies offer early help.",
    sectors: ["voluntary", "early_years"],
    bands: [
      { code: "good", label: "Good", min: 75, colour: "#00703c" },
      { code: "fair", label: "Fair", min: 40, colour: "#f47738" },
      { code: "poor", label: "Poor", min: 0, colour: "#d4351c" },
    ],
    dimensions: [{ code: "setting", title: "Setting quality standards" }],
    standards: [
      {
        code: "EH-1",
        title: "Early help offer",
        dimension: "setting",
        reference: "Working Together 2023, ch. 1",
        guidance: "Families can find and use your early help offer.",
      },
      { code: "EH-2", title: "Staff confidence" },
    ],
    items: {
      eh_offer: { standard: "EH-1", points: { yes: 2, partly: 1, no: 0 }, notApplicable: ["na"] },
      eh_channels: { standard: "EH-1", points: { website: 1, leaflet: 1, none: 0 }, max: 2 },
      eh_lead: { standard: "EH-1", points: { true: 1, false: 0 } },
      eh_confidence: { standard: "EH-2" },
      "eh_training.new_staff": { standard: "EH-2", points: { always: 2, sometimes: 1, never: 0 } },
      "eh_training.managers": { standard: "EH-2", points: { always: 2, sometimes: 1, never: 0 } },
    },
    comparableTo: { [`${CODE}@0.9`]: { "EH-1": "EH-1", "EH-2": null } },
    survey: {
      pages: [
        {
          name: "EH-1",
          title: "Early help offer",
          elements: [
            {
              type: "html",
              name: "eh_intro",
              html: "<p>Read the <strong>partnership early help guidance</strong> before you answer.</p><script>window.customE2eInjected = true;</script>",
            },
            {
              type: "radiogroup",
              name: "eh_offer",
              title: "Does your agency publish its early help offer?",
              isRequired: true,
              choices: [
                { value: "yes", text: "Yes, in full" },
                { value: "partly", text: "Partly" },
                { value: "no", text: "No" },
                { value: "na", text: "Not applicable" },
              ],
            },
            {
              type: "checkbox",
              name: "eh_channels",
              title: "Where is the offer published?",
              choices: [
                { value: "website", text: "On our website" },
                { value: "leaflet", text: "In a leaflet" },
                { value: "none", text: "Nowhere yet" },
              ],
            },
            { type: "boolean", name: "eh_lead", title: "Is there a named early help lead?" },
            { type: "comment", name: "eh_na_reason", title: "Why does the offer not apply?", visibleIf: "{eh_offer} = 'na'" },
          ],
        },
        {
          name: "EH-2",
          title: "Staff confidence",
          elements: [
            {
              type: "rating",
              name: "eh_confidence",
              title: "How confident are staff to offer early help?",
              rateMin: 1,
              rateMax: 5,
              minRateDescription: "Not confident",
              maxRateDescription: "Very confident",
            },
            {
              type: "matrix",
              name: "eh_training",
              title: "Who receives early help training?",
              columns: [
                { value: "always", text: "Always" },
                { value: "sometimes", text: "Sometimes" },
                { value: "never", text: "Never" },
              ],
              rows: [
                { value: "new_staff", text: "New staff" },
                { value: "managers", text: "Managers" },
              ],
            },
          ],
        },
      ],
    },
  };
}

/** Two mistakes at once: an item scoring towards a standard that does not exist, and an unsupported element type. */
function brokenTool() {
  const tool = validTool();
  tool.items.eh_lead.standard = "EH-9";
  (tool.survey.pages[0].elements as unknown[]).push({ type: "signaturepad", name: "eh_signature", title: "Sign here" });
  return tool;
}

const SUPPORTED = "radiogroup, checkbox, boolean, rating, dropdown, text, comment, matrix, panel, html, file";

/** Waits until Remix has hydrated the page, so a submission goes through the router and its effects (error title, focus) run. */
async function hydrated(page: Session["page"]): Promise<void> {
  await page.waitForFunction(() => "__remixRouter" in window);
}

/**
 * Waits until the page shows this text in this element. Remix renders a new page in a React
 * transition, so the address can change a moment before the page does.
 */
async function shown(page: Session["page"], selector: string, text: string): Promise<void> {
  await page.locator(selector, { hasText: text }).first().waitFor();
}

async function storedVersions(): Promise<string[]> {
  const db = serverDb();
  try {
    return await db("tools").where("code", "like", `${CODE}%`).orderBy("version").pluck("version");
  } finally {
    await db.destroy();
  }
}

describe("business office uploading a custom tool", () => {
  let session: Session;
  let dir: string;
  let toolUrl: string;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "custom-tool-e2e-"));
    fs.writeFileSync(file("broken-tool.json"), JSON.stringify(brokenTool(), null, 2));
    fs.writeFileSync(file("early-help.json"), JSON.stringify(validTool(), null, 2));
    fs.writeFileSync(file("early-help-1.1.json"), JSON.stringify(validTool("1.1"), null, 2));
    session = await openBrowser();
    await signIn(session.page, "admin@example.org");
  });
  afterAll(async () => {
    await session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("asks for a file, then lists every problem of a broken file with its page, question and JSON path", async () => {
    const { page } = session;
    await visit(page, "/tools", "custom-tool-list");
    await page.getByRole("button", { name: "Upload a tool" }).click();
    await arrive(page, /\/tools\/new$/);
    await expectAccessible(page);
    await screenshot(page, "custom-tool-upload");
    await hydrated(page);

    await submit(page, "Upload and check");
    await shown(page, ".govuk-error-summary", "Select a tool file");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("Select a tool file");
    await expect(page.locator("#toolFile-error").textContent()).resolves.toContain("Select a tool file");

    await page.getByLabel("Tool file").setInputFiles(file("broken-tool.json"));
    await submit(page, "Upload and check");
    await shown(page, ".govuk-error-summary", "signaturepad");
    // Each problem names its page and question, then its JSON path beneath.
    const unsupported = `element "eh_signature" has type "signaturepad", which is not supported (supported: ${SUPPORTED})`;
    const unknownStandard = 'unknown standard "EH-9"';
    const summary = await page.locator(".govuk-error-summary__list li").allTextContents();
    expect(summary).toHaveLength(2);
    expect(summary[0]).toMatch(new RegExp(` › .+: ${unsupported.replace(/[()]/g, "\\$&")}$`));
    expect(summary[1]).toMatch(/ › .+: unknown standard "EH-9"$/);
    await expect(page.getByRole("heading", { name: "2 problems in broken-tool.json" }).count()).resolves.toBe(1);
    const listed = await page.locator("main .app-tool-problem").allTextContents();
    expect(listed[0]).toContain(unsupported);
    expect(listed[0]).toContain("survey.pages.0.elements.5");
    expect(listed[1]).toContain(unknownStandard);
    expect(listed[1]).toContain("items.eh_lead.standard");
    await expect(page.locator("#toolFile-error").textContent()).resolves.toContain(
      "Correct the 2 problems in the file and upload it again",
    );
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).resolves.toBe(true);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, "custom-tool-upload-problems");
    expect(await storedVersions()).toEqual([]);
  });

  it("refuses a file that is not JSON by its content, and one of 2 MB or more, without JavaScript", async () => {
    const noScript = await openBrowser({ javaScript: false });
    try {
      const { page } = noScript;
      await signIn(page, "admin@example.org");
      await page.goto("/tools/new");
      // Named .json, but a PDF inside: the content decides.
      await page.getByLabel("Tool file").setInputFiles({
        name: "minutes.json",
        mimeType: "application/json",
        buffer: Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n"),
      });
      await page.getByRole("button", { name: "Upload and check" }).click();
      await page.waitForLoadState("load");
      await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain(
        "The selected file must be a JSON tool definition",
      );
      await expect(page.locator("#toolFile-error").textContent()).resolves.toContain("The selected file must be a JSON tool definition");
      await screenshot(page, "custom-tool-upload-not-json");

      await page
        .getByLabel("Tool file")
        .setInputFiles({ name: "huge.json", mimeType: "application/json", buffer: Buffer.from(`{"padding": "${"x".repeat(2_100_000)}"}`) });
      await page.getByRole("button", { name: "Upload and check" }).click();
      await page.waitForLoadState("load");
      await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("The file must be smaller than 2 MB");
      await expect(page.locator("h1").textContent()).resolves.toBe("Upload a tool");
    } finally {
      await noScript.close();
    }
    expect(await storedVersions()).toEqual([]);
  });

  it("stores a valid file as a draft and previews every page as agencies will see it, without the script", async () => {
    const { page } = session;
    await page.goto("/tools/new");
    await page.getByLabel("Tool file").setInputFiles(file("early-help.json"));
    await submit(page, "Upload and check");
    await arrive(page, /\/tools\/\d+\?uploaded=created$/);
    await shown(page, "h1", TITLE);
    toolUrl = new URL(page.url()).pathname;
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain("Tool uploaded as a draft");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(TITLE);
    await expect(page.locator(".govuk-summary-list").textContent()).resolves.toContain("Draft");
    await expect(page.locator(".govuk-summary-list").textContent()).resolves.toContain("Voluntary and community, Early years");
    const rows = page.locator('[aria-label="Standards"] tbody tr');
    await expect(rows.nth(0).locator("th, td").allTextContents()).resolves.toEqual([
      "EH-1",
      "Early help offer",
      "Setting quality standards",
      "Working Together 2023, ch. 1",
      "3",
    ]);
    await expect(rows.nth(1).locator("th, td").allTextContents()).resolves.toEqual(["EH-2", "Staff confidence", "None", "None given", "3"]);
    await expect(page.locator(`[aria-label="Standards compared with ${CODE}@0.9"]`).textContent()).resolves.toContain("Not comparable");

    // Every question type of the file, in the survey's own words, on its page.
    const preview = page.locator("main section");
    await expect(preview.count()).resolves.toBe(2);
    const shows = async (section: number, text: string) =>
      expect(await preview.nth(section).getByText(text, { exact: true }).isVisible(), text).toBe(true);
    const asks = async (section: number, title: string) =>
      expect(await preview.nth(section).locator("legend", { hasText: title }).isVisible(), title).toBe(true);
    await asks(0, "Does your agency publish its early help offer?");
    await shows(0, "Yes, in full");
    await asks(0, "Where is the offer published?");
    await shows(0, "On our website");
    await asks(0, "Is there a named early help lead?");
    await asks(1, "How confident are staff to offer early help?");
    await shows(1, "Not confident to Very confident");
    await asks(1, "Who receives early help training?");
    await shows(1, "Managers");
    // A question shown only after an answer is not shown before it.
    await expect(page.getByText("Why does the offer not apply?").isVisible()).resolves.toBe(false);

    // The tool's HTML keeps its formatting and loses its script.
    const intro = preview.nth(0).locator(".app-survey-html");
    await expect(intro.textContent()).resolves.toBe("Read the partnership early help guidance before you answer.");
    await expect(intro.locator("p strong").textContent()).resolves.toBe("partnership early help guidance");
    await expect(intro.innerHTML()).resolves.not.toContain("script");
    // Neither the page nor the data it was built from carries the tool's raw HTML.
    await page.reload();
    await expect(page.content()).resolves.not.toContain("customE2eInjected");
    await expect(page.evaluate(() => (window as unknown as { customE2eInjected?: boolean }).customE2eInjected)).resolves.toBeUndefined();

    // Read-only: every control of the preview is disabled.
    const controls = page.locator("main section input");
    expect(await controls.count()).toBe(4 + 3 + 2 + 5 + 6);
    expect(await page.locator("main section :is(input, textarea, select):enabled").count()).toBe(0);

    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, "custom-tool-preview");

    // A draft is not offered for cycles.
    await visit(page, "/cycles/new", "custom-tool-cycle-new-draft");
    await expect(page.getByLabel("Audit tool").textContent()).resolves.not.toContain(TITLE);
  });

  it("lets QA read tools and their previews, but not publish them", async () => {
    const qa = await openBrowser();
    try {
      const { page } = qa;
      await signIn(page, "qa@example.org");
      await visit(page, toolUrl, "custom-tool-qa-draft");
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(TITLE);
      await expect(page.getByRole("button", { name: "Publish this version" }).count()).resolves.toBe(0);
      await expect(page.getByRole("button", { name: "Upload a tool" }).count()).resolves.toBe(0);

      // A shipped tool: every one of its sections previewed, accessible, nothing sideways.
      await visit(page, "/tools", "custom-tool-qa-list");
      await expect(page.getByRole("button", { name: "Upload a tool" }).count()).resolves.toBe(0);
      // Every shipped version is listed: open the newest, by its version number.
      const s11 = shippedTool("s11") as ReturnType<typeof shippedTool> & { version: string; title: string };
      await page.locator("tbody tr", { hasText: s11.version }).getByRole("link", { name: s11.title, exact: true }).click();
      await arrive(page, /\/tools\/\d+$/);
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await expect(page.locator(".govuk-summary-list").first().textContent()).resolves.toContain(s11.version);
      await expect(page.locator("main section").count()).resolves.toBe(s11.survey.pages.length);
      await screenshot(page, "custom-tool-qa-s11");
    } finally {
      await qa.close();
    }
    const cookie = await sessionCookie("qa@example.org");
    const publish = await fetch(`${baseUrl()}${toolUrl}`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ _intent: "publish" }),
      redirect: "manual",
    });
    expect(publish.status).toBe(403);
    const db = serverDb();
    try {
      expect(await db("tools").where({ code: CODE, version: "1.0" }).first("status")).toEqual({ status: "draft" });
    } finally {
      await db.destroy();
    }
  });

  it("publishes the draft, which is then offered for cycles and never changes", async () => {
    const { page } = session;
    await page.goto(toolUrl);
    await submit(page, "Publish this version");
    await arrive(page, /\?published=1$/);
    await shown(page, ".govuk-notification-banner", "is published");
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain("Version 1.0 is published");
    await expect(page.locator(".govuk-summary-list").textContent()).resolves.toContain("Published");
    await expect(page.getByRole("button", { name: "Publish this version" }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, "custom-tool-published");

    await visit(page, "/cycles/new", "custom-tool-cycle-new");
    await expect(page.getByLabel("Audit tool").textContent()).resolves.toContain(`${TITLE} (${CODE}, version 1.0)`);

    // The same version with a change is refused; a new version is a new draft.
    const changed = validTool();
    changed.title = "Early help audit (renamed)";
    await page.goto("/tools/new");
    await page
      .getByLabel("Tool file")
      .setInputFiles({ name: "renamed.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(changed)) });
    await submit(page, "Upload and check");
    await shown(page, ".govuk-error-summary", "is already published and cannot change");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain(
      `version: ${CODE}@1.0 is already published and cannot change`,
    );
  });

  it("refuses to delete a published version, saying why", async () => {
    const cookie = await sessionCookie("admin@example.org");
    const response = await fetch(`${baseUrl()}${toolUrl}`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ _intent: "delete" }),
    });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain("A published version cannot be deleted: cycles may rely on it");
    const unknown = await fetch(`${baseUrl()}${toolUrl}`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ _intent: "rename" }),
    });
    expect(unknown.status).toBe(400);
    expect(await storedVersions()).toEqual(["1.0"]);
  });

  it("deletes a draft the business office no longer wants", async () => {
    const { page } = session;
    await page.goto("/tools/new");
    await page.getByLabel("Tool file").setInputFiles(file("early-help-1.1.json"));
    await submit(page, "Upload and check");
    await arrive(page, /\/tools\/\d+\?uploaded=created$/);
    await shown(page, ".govuk-summary-list", "1.1");
    expect(await storedVersions()).toEqual(["1.0", "1.1"]);
    await submit(page, "Delete this draft");
    await arrive(page, /\/tools\?deleted=/);
    await shown(page, ".govuk-notification-banner", "deleted");
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain(`Draft ${CODE}@1.1 deleted`);
    await expectAccessible(page);
    expect(await storedVersions()).toEqual(["1.0"]);
    const row = page.locator("tbody tr", { hasText: TITLE });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.textContent()).resolves.toContain("Published");
  });
});
