import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import type { Viewer } from "~/domain/permissions";
import {
  arrive,
  baseUrl,
  expectAccessible,
  expectNoSidewaysScroll,
  openBrowser,
  screenshot,
  signIn,
  submit,
  visit,
  type Session,
} from "../support/browser";
import { serverDb } from "../support/db";
import { TEST_PASSWORD, importS11, makeAgencyWithPeople, makeCycle, makeUser } from "../support/factories";
import { waitForMail, type ReceivedMail } from "../support/mail";
import { signInOver } from "../support/server";

/**
 * The business office runs people, passwords and agencies on the web, in Chromium: a person
 * resets a forgotten password from the sign-in page (without JavaScript), the business office sends one
 * a reset link, deactivates a person whose open session is refused on the next request, replaces a
 * departing lead, and imports a 450-row agency file after a preview that names a bad row. Its own
 * agency and people (made here), so no other journey's demo logins change.
 */

let db: Db;
let agency: { id: number; name: string };
let lead: Viewer;
let member: Viewer;
let colleague: Viewer;
let admin: Session;
const RUN = Date.now().toString(36);

/** The one-time link in a reset email (quoted-printable soft line breaks undone). */
function resetLinkIn(mail: ReceivedMail): string {
  const body = mail.raw.replace(/=\r?\n/g, "");
  const match = /(https?:\/\/[^\s"]+\/reset-password\/[A-Za-z0-9_-]{43})/.exec(body);
  if (!match) throw new Error(`No reset link in the email:\n${mail.raw}`);
  return match[1];
}

async function answersWithSession(cookie: string): Promise<number> {
  const response = await fetch(`${baseUrl()}/returns`, { headers: { Cookie: cookie }, redirect: "manual" });
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  db = serverDb();
  const people = await makeAgencyWithPeople(db, { name: `People journey agency ${RUN}` });
  agency = people.agency;
  lead = people.lead;
  member = people.member;
  colleague = await makeUser(db, "agency_member", agency.id);
  // An open return: the agency must keep an active lead while it has one.
  await makeCycle(db, await importS11(db), { agencyIds: [agency.id] });
  admin = await openBrowser();
  await signIn(admin.page, "admin@example.org");
});

afterAll(async () => {
  await admin?.close();
  await db?.destroy();
});

describe("people and passwords", () => {
  it("lets a person reset a forgotten password by email, without JavaScript; the link works once and ends their other sessions", async () => {
    const elsewhere = await signInOver(baseUrl(), member.email, TEST_PASSWORD);
    expect(await answersWithSession(elsewhere)).toBe(200);
    const session = await openBrowser({ javaScript: false });
    try {
      const { page } = session;
      await page.goto("/login");
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.waitForURL(/\/forgot-password$/);
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("Enter your email address");
      await page.getByLabel("Email address").fill(member.email.toUpperCase());
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.locator("h1").textContent()).resolves.toBe("Check your email");
      await screenshot(page, "forgot-password-sent");

      // An address with no account gets the same page, and no email.
      await page.goto("/forgot-password");
      await page.getByLabel("Email address").fill(`nobody-${RUN}@test.example.org`);
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.locator("h1").textContent()).resolves.toBe("Check your email");

      const link = resetLinkIn(
        await waitForMail((mail) => mail.to.includes(member.email) && mail.subject.startsWith("Reset your password")),
      );
      await page.goto(link);
      await page.getByLabel("New password", { exact: true }).fill("qwerty123456");
      await page.getByLabel("Enter the new password again").fill("qwerty123456");
      await page.getByRole("button", { name: "Set password and sign in" }).click();
      await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("This password is too common");
      await page.getByLabel("New password", { exact: true }).fill("quiet river lantern");
      await page.getByLabel("Enter the new password again").fill("quiet river lantern");
      await page.getByRole("button", { name: "Set password and sign in" }).click();
      await page.waitForURL(/\/returns$/);

      // Used once; the other session has ended; the new password signs in.
      const again = await fetch(link);
      expect(again.status).toBe(404);
      expect(await answersWithSession(elsewhere)).toBe(302);
      expect(await answersWithSession(await signInOver(baseUrl(), member.email, "quiet river lantern"))).toBe(200);
    } finally {
      await session.close();
    }
  });

  it("lets the business office find a person and email them a reset link that works once", async () => {
    const { page } = admin;
    await visit(page, `/users?search=${encodeURIComponent(lead.email)}`, "users-search");
    await expect(page.locator("tbody tr").count()).resolves.toBe(1);
    await page.getByRole("link", { name: lead.name }).click();
    await arrive(page, new RegExp(`/users/${lead.id}$`));
    await expectAccessible(page);
    await screenshot(page, "user-page");
    await submit(page, "Send a password reset link");
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain(
      `A password reset link has been emailed to ${lead.email}`,
    );
    await expectAccessible(page);

    const link = resetLinkIn(await waitForMail((mail) => mail.to.includes(lead.email) && mail.subject.startsWith("Reset your password")));
    const person = await openBrowser();
    try {
      await visit(person.page, link, "reset-password");
      await person.page.getByLabel("New password", { exact: true }).fill("copper kettle morning");
      await person.page.getByLabel("Enter the new password again").fill("copper kettle morning");
      await person.page.getByRole("button", { name: "Set password and sign in" }).click();
      await person.page.waitForURL(/\/returns$/);
    } finally {
      await person.close();
    }
    expect((await fetch(link)).status).toBe(404);
    const audit = await db("audit_log")
      .where({ entity_type: "user", entity_id: String(lead.id) })
      .orderBy("id")
      .pluck("action");
    expect(audit).toEqual(expect.arrayContaining(["user.password_reset_issued", "user.password_reset"]));
  });

  it("deactivates a person: their open session is refused on the next request and sign-in is refused neutrally", async () => {
    const cookie = await signInOver(baseUrl(), member.email, "quiet river lantern");
    expect(await answersWithSession(cookie)).toBe(200);
    const { page } = admin;
    await visit(page, `/users/${member.id}`, "user-page-before-deactivate");
    await submit(page, `Deactivate ${member.name}`);
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain(
      `${member.name} has been deactivated and signed out`,
    );
    await expect(page.locator(".govuk-summary-list").textContent()).resolves.toContain("Deactivated");
    await expectAccessible(page);
    expect(await answersWithSession(cookie)).toBe(302);
    const attempt = await fetch(`${baseUrl()}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: member.email, password: "quiet river lantern" }),
      redirect: "manual",
    });
    expect(attempt.status).toBe(401);
    expect(await attempt.text()).toContain("Enter the email address and password for your account");
  });

  it("refuses to leave an agency with open returns without a lead, and replaces the departing lead in one step", async () => {
    const { page } = admin;
    await visit(page, `/users/${lead.id}`, "user-page-lead");
    await submit(page, `Deactivate ${lead.name}`);
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain(
      "has open returns and this would leave it without an active agency lead",
    );

    await visit(page, `/agencies/${agency.id}`, "agency-page-people");
    await page.getByRole("link", { name: "Replace the agency lead" }).click();
    await arrive(page, /\/lead$/);
    await expectAccessible(page);
    await page.getByLabel(colleague.name).check();
    await page.getByLabel("Deactivate them").check();
    await screenshot(page, "replace-lead");
    await submit(page, "Replace the lead");
    await arrive(page, /leadReplaced=1/);
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain("Lead replaced");
    await expectAccessible(page);
    const rows = await db("users").whereIn("id", [lead.id, colleague.id]).orderBy("id").select("id", "role", "disabled_at");
    expect(rows).toEqual([
      { id: lead.id, role: "agency_lead", disabled_at: expect.any(String) },
      { id: colleague.id, role: "agency_lead", disabled_at: null },
    ]);
  });

  it("previews a 450-row agency file, names a bad row, then imports the corrected workbook, all at 320 px too", async () => {
    const { page } = admin;
    const names = Array.from({ length: 450 }, (_, index) => `Import school ${RUN} ${index + 1}`);
    const csv = [
      "name,sector,contact email",
      ...names.map((name, index) => `${name},${index === 6 ? "schools" : "education"},dsl${index + 1}@school.example.org`),
    ].join("\n");
    await visit(page, "/agencies", "agencies-list");
    await page.getByRole("button", { name: "Import agencies from a spreadsheet" }).click();
    await arrive(page, /\/agencies\/import$/);
    await expectAccessible(page);
    await page.getByLabel("Agencies file").setInputFiles({ name: "schools.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await submit(page, "Upload and check");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain('row 8: "schools" is not a sector');
    await expectAccessible(page);
    await screenshot(page, "agency-import-problem");

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Agencies");
    sheet.addRow(["Name", "Sector", "Contact email"]);
    names.forEach((name, index) => sheet.addRow([name, "education", `dsl${index + 1}@school.example.org`]));
    sheet.addRow([agency.name, "police", "safeguarding@people.example.org"]);
    await page.getByLabel("Agencies file").setInputFiles({
      name: "schools.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    await submit(page, "Upload and check");
    // Checking 451 rows can take the page a moment to render after the answer arrives on a busy machine: wait for it.
    await page.locator("h1", { hasText: "Check the import" }).waitFor();
    await expect(page.locator("h1").textContent()).resolves.toBe("Check the import");
    await expect(page.locator("main").textContent()).resolves.toContain("450 agencies to add, 1 agency to update");
    await expect(page.locator("tbody tr", { hasText: agency.name }).textContent()).resolves.toMatch(
      /Sector: Health → Police; Safeguarding contact: .+ → safeguarding@people\.example\.org/,
    );
    expect(await db("agencies").whereIn("name", names.slice(0, 3)).count({ n: "*" }).first()).toMatchObject({ n: 0 });
    await expectAccessible(page);
    await page.setViewportSize({ width: 320, height: 900 });
    await expectNoSidewaysScroll(page);
    await screenshot(page, "agency-import-preview-320");
    await page.setViewportSize({ width: 1100, height: 900 });

    await submit(page, "Import 451 agencies");
    await arrive(page, /\/agencies\?imported=/);
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain("450 added, 1 updated, 0 unchanged");
    expect(Number((await db("agencies").whereIn("name", names).count({ n: "*" }).first())?.n)).toBe(450);
    await expectAccessible(page);
  });

  it("shows the people pages at 320 px without sideways scrolling", async () => {
    const { page } = admin;
    await page.setViewportSize({ width: 320, height: 900 });
    try {
      for (const [url, name] of [
        ["/users", "users-320"],
        [`/users/${colleague.id}`, "user-page-320"],
        [`/users/${colleague.id}/edit`, "user-edit-320"],
        [`/agencies/${agency.id}/lead`, "replace-lead-320"],
        ["/agencies/import", "agency-import-320"],
      ] as const) {
        await visit(page, url, name);
      }
    } finally {
      await page.setViewportSize({ width: 1100, height: 900 });
    }
    const anonymous = await openBrowser({ width: 320 });
    try {
      await visit(anonymous.page, "/forgot-password", "forgot-password-320");
    } finally {
      await anonymous.close();
    }
  });
});
