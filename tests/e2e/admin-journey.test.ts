import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrive, expectAccessible, openBrowser, screenshot, type Session, signIn, submit, visit } from "../support/browser";

/** Journey 1: the business office sets up agencies and people, then creates and opens a cycle. */
describe("partnership administrator", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, "admin@example.org");
  });
  afterAll(() => session.close());

  it("sees the demo agencies across sectors", async () => {
    const { page } = session;
    await visit(page, "/agencies", "admin-agencies");
    // 50 a page in name order: other journeys on this server may have added agencies before ours.
    expect(await page.locator("tbody tr").count()).toBeGreaterThanOrEqual(12);
    await expect(page.locator("tbody tr").count()).resolves.toBeLessThanOrEqual(50);
  });

  it("finds agencies by part of the name and by sector", async () => {
    const { page } = session;
    await page.goto("/agencies");
    await page.getByLabel("Agency name contains").fill("northshire p");
    await page.getByRole("button", { name: "Find agencies" }).click();
    await arrive(page, /search=northshire/);
    await expect(page.locator("tbody tr").allTextContents()).resolves.toEqual([expect.stringContaining("Northshire Police")]);
    await expect(page.locator("caption").textContent()).resolves.toBe("1 agency matching your filters");
    await page.getByLabel("Sector").selectOption("health");
    await page.getByRole("button", { name: "Find agencies" }).click();
    await arrive(page, /sector=health/);
    await page.getByText("No agencies match. Check the spelling, or clear the filters.").waitFor();
    await visit(page, "/agencies?sector=education", "admin-agencies-filtered");
    const schools = await page.locator("tbody tr th").allTextContents();
    expect(schools.length).toBeGreaterThanOrEqual(2);
    await page.getByRole("link", { name: "Clear filters" }).click();
    await arrive(page, (url) => url.pathname === "/agencies" && url.search === "");
  });

  it("sees the users, tools and cycles pages", async () => {
    const { page } = session;
    await visit(page, "/users", "admin-users");
    await expect(page.locator("tbody tr").count()).resolves.toBeGreaterThanOrEqual(16);
    await visit(page, "/tools", "admin-tools");
    await expect(page.locator("tbody").textContent()).resolves.toContain("Section 11 self-assessment");
    await visit(page, "/cycles", "admin-cycles");
  });

  it("adds an agency, refusing an empty form with GOV.UK error messages", async () => {
    const { page } = session;
    await visit(page, "/agencies/new", "admin-agency-new");
    await submit(page, "Add agency");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("Enter the agency's name");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("Select the agency's sector");
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).resolves.toBe(true);
    await expectAccessible(page);
    await screenshot(page, "admin-agency-new-errors");

    await page.getByLabel("Agency name").fill("Northshire Scouts");
    await page.getByLabel("Sector").selectOption("voluntary");
    await page.getByLabel("Safeguarding contact email (optional)").fill("not-an-email");
    await submit(page, "Add agency");
    await expect(page.locator("#contactEmail-error").textContent()).resolves.toContain(
      "Enter the contact email address in the correct format",
    );
    await expect(page.getByLabel("Agency name").inputValue()).resolves.toBe("Northshire Scouts");

    await page.getByLabel("Safeguarding contact email (optional)").fill("safeguarding@scouts.example.org");
    await submit(page, "Add agency");
    await arrive(page, /\/agencies\/\d+\?created=1/);
    // The address changes a moment before the new page renders: wait for the page itself.
    await page.getByRole("heading", { level: 1, name: "Northshire Scouts" }).waitFor();
  });

  it("refuses a second agency with the same name", async () => {
    const { page } = session;
    await page.goto("/agencies/new");
    await page.getByLabel("Agency name").fill("northshire scouts");
    await page.getByLabel("Sector").selectOption("voluntary");
    await submit(page, "Add agency");
    await expect(page.locator("#name-error").textContent()).resolves.toContain("already exists");
  });

  it("edits an agency's details", async () => {
    const { page } = session;
    await page.goto("/agencies?search=Northshire%20Scouts");
    await page.getByRole("link", { name: "Northshire Scouts" }).click();
    await page.getByRole("link", { name: /Change/ }).click();
    await expectAccessible(page);
    await page.getByLabel("Agency name").fill("Northshire Scouts and Guides");
    await page.getByRole("button", { name: "Save changes" }).click();
    await arrive(page, /updated=1/);
    await page.getByRole("heading", { level: 1, name: "Northshire Scouts and Guides" }).waitFor();
    await screenshot(page, "admin-agency");
  });

  it("adds an agency lead to the agency", async () => {
    const { page } = session;
    await page.getByRole("button", { name: "Add a person to this agency" }).click();
    await expectAccessible(page);
    await submit(page, "Add user");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("Enter the person's full name");
    await page.getByLabel("Full name").fill("Jo Brown");
    await page.getByLabel("Email address").fill("jo.brown@scouts.example.org");
    await page.getByLabel("Agency lead").check();
    await page.getByLabel("Temporary password").fill("scouts-temporary-1");
    await submit(page, "Add user");
    await arrive(page, /userCreated=1/);
    await expect(page.locator("table").textContent()).resolves.toContain("jo.brown@scouts.example.org");
  });

  it("creates a cycle for chosen sectors and opens it, creating one return per agency", async () => {
    const { page } = session;
    await visit(page, "/cycles/new", "admin-cycle-new");
    await submit(page, "Create cycle");
    const errors = await page.locator(".govuk-error-summary").textContent();
    expect(errors).toContain("Select the audit tool");
    expect(errors).toContain("Enter the opening date");
    expect(errors).toContain("Select which agencies take part");
    await expectAccessible(page);
    await screenshot(page, "admin-cycle-new-errors");

    await page.getByLabel("Audit tool").selectOption({ label: "Section 11 self-assessment (s11, version 2026.1)" });
    await page.getByLabel("Title").fill("Voluntary sector Section 11 check 2026");
    for (const [field, [day, month, year]] of Object.entries({ opensOn: ["1", "12", "2026"], dueOn: ["30", "11", "2026"] })) {
      await page.locator(`#${field}-day`).fill(day);
      await page.locator(`#${field}-month`).fill(month);
      await page.locator(`#${field}-year`).fill(year);
    }
    await page.getByLabel("Agencies in chosen sectors").check();
    await page.getByLabel("Voluntary and community").check();
    await submit(page, "Create cycle");
    await expect(page.locator("#dueOn-error").textContent()).resolves.toContain(
      "The due date must be the same as or after the opening date",
    );

    await page.locator("#dueOn-month").fill("1");
    await page.locator("#dueOn-year").fill("2027");
    await submit(page, "Create cycle");
    await arrive(page, /\/cycles\/\d+\?created=1/);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Open this cycle" }).click();
    await arrive(page, /opened=/);
    // Two demo voluntary agencies plus the one added above.
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain("3 returns created");
    await expect(page.locator("tbody tr").count()).resolves.toBe(3);
    await screenshot(page, "admin-cycle-opened");
  });

  it("lets the new agency lead sign in and find the return", async () => {
    const lead = await openBrowser();
    try {
      await signIn(lead.page, "jo.brown@scouts.example.org", "scouts-temporary-1");
      await visit(lead.page, "/returns", "new-lead-returns");
      await expect(lead.page.getByRole("link", { name: "Voluntary sector Section 11 check 2026" }).count()).resolves.toBe(1);
    } finally {
      await lead.close();
    }
  });

  it("closes the cycle and sees its unsubmitted returns as missing in the completion report", async () => {
    const { page } = session;
    await page.goto("/cycles");
    await page.getByRole("link", { name: "Voluntary sector Section 11 check 2026" }).click();
    await page.getByRole("button", { name: "Close this cycle" }).click();
    await arrive(page, /closed=1/);
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain("Cycle closed");
    await page.getByRole("link", { name: "Completion and late returns" }).click();
    await expectAccessible(page);
    await screenshot(page, "admin-completion");
    const all = await page.locator("tbody tr", { hasText: "All agencies" }).locator("td").allTextContents();
    // Assigned, not started, in progress, on time, late, overdue, missing: three returns, none submitted.
    expect(all[0]).toBe("3");
    expect(all[6]).toBe("3");
  });
});
