import { shippedTool } from "../support/answers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrive, expectAccessible, openBrowser, screenshot, signIn, submit, visit, type Session } from "../support/browser";
import { returnIdOf, serverDb } from "../support/db";

/**
 * Contributors (DESIGN §7): the hospital trust's lead invites a colleague, who sets a
 * password from the one-time link and helps with the supervision return but cannot sign it off;
 * then the lead removes their access. Only the demo's "Supervision audit 2026" return of the
 * hospitals is edited, which no other journey uses.
 */
const EMAIL = "alex.morgan@hospitals.example.org";
const PASSWORD = "three long words together";

/** The supervision audit's first question on a rating scale (the first question may be yes/no). */
const supervision = shippedTool("supervision");
const rated = supervision.survey.pages[0].elements.find(
  (element) => Array.isArray(element.choices) && element.choices.some((choice) => (choice as { value?: string }).value === "mostly"),
)!;

describe("contributors", () => {
  let lead: Session;
  let member: Session;
  let link = "";
  beforeAll(async () => {
    lead = await openBrowser();
    member = await openBrowser();
    await signIn(lead.page, "lead@hospitals.example.org");
  });
  afterAll(async () => {
    await lead.close();
    await member.close();
  });

  it("lets the lead invite a colleague and gives the link to send", async () => {
    const { page } = lead;
    await page.getByRole("link", { name: "People" }).click();
    await arrive(page, /\/people$/);
    await expectAccessible(page);
    await screenshot(page, "people");
    await expect(page.locator("tbody tr").first().textContent()).resolves.toContain("Agency lead");

    await submit(page, "Create invitation");
    const errors = await page.locator(".govuk-error-summary").textContent();
    expect(errors).toContain("Enter the person's full name");
    expect(errors).toContain("Enter the person's email address");
    await expectAccessible(page);

    await page.getByLabel("Full name").fill("Alex Morgan");
    await page.getByLabel("Email address").fill(EMAIL);
    await submit(page, "Create invitation");
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain("Invitation created for Alex Morgan");
    link = (await page.locator(".app-invitation-link code").textContent()) ?? "";
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await expect(page.locator("tbody tr", { hasText: "Alex Morgan" }).textContent()).resolves.toContain("Invited");
    await expect(page.getByText("it works once and for 7 days").count()).resolves.toBe(1);
    await expect(page.getByLabel("Full name").inputValue()).resolves.toBe("");
    await expectAccessible(page);
    await screenshot(page, "people-invited");
  });

  it("lets the colleague choose a password from the link, once", async () => {
    const { page } = member;
    await visit(page, link, "invite-accept");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Enter the password again").fill("different");
    await submit(page, "Set password and sign in");
    const errors = await page.locator(".govuk-error-summary").textContent();
    expect(errors).toContain("Your password must be 12 characters or more");
    expect(errors).toContain("The passwords do not match");
    await expectAccessible(page);
    await screenshot(page, "invite-accept-errors");

    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Enter the password again").fill(PASSWORD);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await arrive(page, /\/returns$/);
    await expect(page.getByRole("link", { name: "People" }).count()).resolves.toBe(0);
    expect((await page.goto("/people"))?.status()).toBe(403);
    const again = await openBrowser();
    try {
      expect((await again.page.goto(link))?.status()).toBe(404);
    } finally {
      await again.close();
    }
  });

  it("lets the colleague edit the return but not sign it off", async () => {
    const { page } = member;
    await page.goto("/returns");
    await page.getByRole("link", { name: "Supervision audit 2026" }).click();
    await arrive(page, /\/returns\/\d+$/);
    await expect(page.getByText("Only your agency lead can sign off and submit this return.").count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: "Continue to sign off" }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, "contributor-overview");
    const overview = new URL(page.url()).pathname;
    await page.locator(".govuk-task-list__link").first().click();
    await arrive(page, (url) => url.pathname.endsWith(`/pages/${supervision.survey.pages[0].name}`));
    await page.locator(`input[name="${rated.name}"][value="mostly"]`).check();
    await page.getByRole("button", { name: "Save and come back later" }).click();
    await arrive(page, /\/returns\/\d+\?saved=/);
    await page.goto(`${overview}/submit`);
    expect(new URL(page.url()).pathname).toBe(overview);

    const db = serverDb();
    try {
      const row = await db("returns")
        .where({ id: await returnIdOf(db, "hospitals", "Supervision audit 2026") })
        .first();
      const user = await db("users").where({ email: EMAIL }).first();
      expect(row.status).toBe("in_progress");
      expect(row.updated_by).toBe(user.id);
      expect(JSON.parse(row.answers)[rated.name]).toBe("mostly");
    } finally {
      await db.destroy();
    }
  });

  it("lets the lead remove the colleague's access, ending their session", async () => {
    await lead.page.goto("/people");
    await expect(lead.page.locator("tbody tr", { hasText: "Alex Morgan" }).textContent()).resolves.toContain("Active");
    await lead.page.getByRole("button", { name: "Remove access for Alex Morgan" }).click();
    await arrive(lead.page, /removed=/);
    await expect(lead.page.locator(".govuk-notification-banner").textContent()).resolves.toContain("Alex Morgan can no longer sign in");
    await expect(lead.page.locator("tbody tr", { hasText: "Alex Morgan" }).textContent()).resolves.toContain("Access removed");
    await expectAccessible(lead.page);
    await screenshot(lead.page, "people-removed");

    await member.page.goto("/returns");
    expect(new URL(member.page.url()).pathname).toBe("/login");
    await member.page.getByLabel("Email address").fill(EMAIL);
    await member.page.getByLabel("Password").fill(PASSWORD);
    await member.page.getByRole("button", { name: "Sign in" }).click();
    await member.page.waitForLoadState("load");
    await expect(member.page.locator(".govuk-error-summary").textContent()).resolves.toContain(
      "Enter the email address and password for your account",
    );

    const db = serverDb();
    try {
      const user = await db("users").where({ email: EMAIL }).first();
      const actions = (
        await db("audit_log")
          .where({ entity_type: "user", entity_id: String(user.id) })
          .orderBy("id")
      ).map((row) => row.action);
      expect(actions).toEqual(["user.invite", "user.accept_invitation", "user.remove_access"]);
    } finally {
      await db.destroy();
    }
  });
});
