import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCycle, openCycle } from "~/data/cycles.server";
import type { Db } from "~/data/db.server";
import { getToolByRef } from "~/data/tools.server";
import { arrive, expectAccessible, menuLink, openBrowser, screenshot, signIn, submit, type Session, visit } from "../support/browser";
import { serverDb } from "../support/db";
import { receivedMail, waitForMail } from "../support/mail";

/**
 * The chase end to end, on a cycle of its own: Northshire Youth Justice Service and
 * Northshire County Council, opened 40 days ago and due 10 days ago. The business office extends
 * the council's due date with a reason (bad input first), runs the reminders from the Outbox page,
 * and the overdue chase for youth justice arrives at the loopback SMTP server while the council,
 * whose extended date is still ahead, is not chased. The agency lead reads it under Notifications.
 */

const TITLE = `Chase audit ${Date.now()}`;
const YOUTH_JUSTICE_LEAD = "lead@youth-justice.example.org";
const COUNCIL_LEAD = "lead@council.example.org";

let db: Db;
let cycleId = 0;
let councilReturn = 0;
let youthJusticeReturn = 0;
let admin: Session;

/** YYYY-MM-DD `days` from today (UTC; the e2e dates are days away from any midnight edge). */
function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function parts(iso: string): { day: string; month: string; year: string } {
  const [year, month, day] = iso.split("-");
  return { day: String(Number(day)), month: String(Number(month)), year };
}

function ukDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

async function fillDate(session: Session, iso: { day: string; month: string; year: string }): Promise<void> {
  await session.page.getByLabel("Day").fill(iso.day);
  await session.page.getByLabel("Month").fill(iso.month);
  await session.page.getByLabel("Year").fill(iso.year);
}

beforeAll(async () => {
  db = serverDb();
  const tool = await getToolByRef(db, "s11", "2026.1");
  const agencies = await db("agencies").whereIn("slug", ["youth-justice", "council"]).select("id", "slug");
  const adminUser = await db("users").where({ email: "admin@example.org" }).first("id");
  cycleId = await createCycle(db, adminUser.id, {
    toolId: tool!.id,
    title: TITLE,
    opensOn: isoDay(-40),
    dueOn: isoDay(-10),
    finalDeadlineOn: null,
    selection: { agencyIds: agencies.map((agency: { id: number }) => agency.id) },
  });
  const opened = await openCycle(db, adminUser.id, cycleId);
  if (!opened.ok) throw new Error(opened.message);
  const idOf = async (slug: string) =>
    (
      await db("returns")
        .join("agencies", "agencies.id", "returns.agency_id")
        .where({ "returns.cycle_id": cycleId, "agencies.slug": slug })
        .first("returns.id")
    ).id as number;
  councilReturn = await idOf("council");
  youthJusticeReturn = await idOf("youth-justice");
  admin = await openBrowser();
  await signIn(admin.page, "admin@example.org");
});

afterAll(async () => {
  await admin.close();
  await db.destroy();
});

describe("the business office extends one agency's due date", () => {
  it("shows each agency's due date on the cycle page, with a way to change it", async () => {
    const { page } = admin;
    await visit(page, `/cycles/${cycleId}`, "chase-cycle");
    const row = page.getByRole("table").locator("tbody tr", { hasText: "Northshire County Council" });
    await expect(row.textContent()).resolves.toContain(ukDate(isoDay(-10)));
    await page.getByRole("link", { name: "Change the due date for Northshire County Council" }).click();
    await arrive(page, new RegExp(`/returns/${councilReturn}/due-date$`));
    await expectAccessible(page);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Change the due date for Northshire County Council");
    await screenshot(page, "chase-due-date");
  });

  it("asks for the date and the reason when both are missing", async () => {
    const { page } = admin;
    await submit(page, "Save the new due date");
    const summary = await page.locator(".govuk-error-summary").textContent();
    expect(summary).toContain("Enter the new due date");
    expect(summary).toContain("Enter the reason for the new due date");
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.locator("#reason-error").textContent()).resolves.toContain("Enter the reason for the new due date");
    await expect(page.locator(".govuk-error-summary a").first().getAttribute("href")).resolves.toBe("#dueOn-day");
    await expectAccessible(page);
    await screenshot(page, "chase-due-date-errors");
  });

  it("refuses a date that is not a real date, then one before the cycle opened, keeping the reason", async () => {
    const { page } = admin;
    const reason = "Council restructure; agreed with the partnership chair on 3 November";
    await page.getByLabel("Reason").fill(reason);
    await fillDate(admin, { day: "31", month: "2", year: "2027" });
    await submit(page, "Save the new due date");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("The new due date must be a real date");
    await expect(page.getByLabel("Reason").inputValue()).resolves.toBe(reason);
    await fillDate(admin, { day: "next", month: "week", year: "2027" });
    await submit(page, "Save the new due date");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("The new due date must be a real date");
    await fillDate(admin, parts(isoDay(-41)));
    await submit(page, "Save the new due date");
    const summary = await page.locator(".govuk-error-summary").textContent();
    expect(summary).toContain(`The new due date must be the same as or after the opening date, ${ukDate(isoDay(-40))}`);
    expect(summary).not.toContain("reason");
    await expectAccessible(page);
    expect(await db("returns").where({ id: councilReturn }).first("due_on_override")).toEqual({ due_on_override: null });
  });

  it("saves a new date with its reason: shown on the cycle, counted from, and in the return's history", async () => {
    const { page } = admin;
    await fillDate(admin, parts(isoDay(20)));
    await page.getByRole("button", { name: "Save the new due date" }).click();
    await arrive(page, new RegExp(`/cycles/${cycleId}\\?extended=${councilReturn}$`));
    await expectAccessible(page);
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain(
      "Due date changed for Northshire County Council",
    );
    const row = page.getByRole("table").locator("tbody tr", { hasText: "Northshire County Council" });
    await expect(row.textContent()).resolves.toContain(`${ukDate(isoDay(20))} (extended)`);
    await screenshot(page, "chase-cycle-extended");
    expect(await db("returns").where({ id: councilReturn }).first("due_on_override", "due_on_override_reason")).toEqual({
      due_on_override: isoDay(20),
      due_on_override_reason: "Council restructure; agreed with the partnership chair on 3 November",
    });
    await visit(page, `/returns/${councilReturn}/history`, "chase-history-extension");
    const history = await page.getByRole("table").locator("tbody tr").allTextContents();
    expect(history[0]).toContain("Due date changed");
    expect(history[0]).toContain(`From ${ukDate(isoDay(-10))} to ${ukDate(isoDay(20))}. Reason: Council restructure`);
  });
});

describe("the overdue chase", () => {
  it("emails the overdue agency when the business office sends the reminders, and not the extended one", async () => {
    const { page } = admin;
    await visit(page, "/outbox", "chase-outbox-before");
    await page.getByRole("button", { name: "Send reminders now" }).click();
    await arrive(page, /\/outbox\?queued=/);
    await expectAccessible(page);
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toMatch(
      /\d+ new notifications queued, \d+ emails sent/,
    );
    await screenshot(page, "chase-outbox-after");

    const chase = await waitForMail((mail) => mail.to.includes(YOUTH_JUSTICE_LEAD) && mail.subject === `${TITLE}: your return is overdue`);
    expect(chase.from).toBe("audit@northshire.example.org");
    expect(chase.raw).toContain("It is 10 days overdue.");
    expect(chase.raw).toContain(`/returns/${youthJusticeReturn}`);
    // The council's extended date is 20 days ahead: no chase, though it heard that the cycle opened.
    const toCouncil = receivedMail().filter((mail) => mail.to.includes(COUNCIL_LEAD) && mail.subject.startsWith(TITLE));
    expect(toCouncil.map((mail) => mail.subject)).toEqual([`${TITLE} is open for Northshire County Council`]);
    // The outbox lists it as sent.
    const sentRow = page
      .getByRole("table")
      .locator("tbody tr", { hasText: `${TITLE}: your return is overdue` })
      .filter({ hasText: YOUTH_JUSTICE_LEAD });
    await expect(sentRow.textContent()).resolves.toContain("Sent");
  });

  it("sends nothing twice when the reminders run again", async () => {
    const { page } = admin;
    const before = receivedMail().filter((mail) => mail.subject.startsWith(TITLE)).length;
    await page.getByRole("button", { name: "Send reminders now" }).click();
    await arrive(page, /\/outbox\?queued=/);
    expect(receivedMail().filter((mail) => mail.subject.startsWith(TITLE)).length).toBe(before);
    expect(await db("notifications").where("subject", `${TITLE}: your return is overdue`).count({ n: "*" }).first()).toEqual({ n: 1 });
  });

  it("records the chase in the return's history", async () => {
    await visit(admin.page, `/returns/${youthJusticeReturn}/history`, "chase-history-reminder");
    const history = await admin.page.getByRole("table").locator("tbody tr").allTextContents();
    expect(history[0]).toContain("Reminder sent");
    expect(history[0]).toContain(`Return overdue (due ${ukDate(isoDay(-10))}), to 1 person at the agency`);
  });
});

describe("the agency reads its notifications", () => {
  it("shows the unread count in the header, lists the chase, and marks it read", async () => {
    const lead = await openBrowser({ width: 320 });
    try {
      const { page } = lead;
      await signIn(page, YOUTH_JUSTICE_LEAD);
      const link = await menuLink(page, /^Notifications/);
      const unreadBefore = Number(/(\d+) unread/.exec((await link.textContent()) ?? "")?.[1] ?? 0);
      expect(unreadBefore).toBeGreaterThanOrEqual(2);
      await link.click();
      await arrive(page, /\/notifications$/);
      await expectAccessible(page);
      await screenshot(page, "chase-notifications-320");
      const item = page.locator(".app-notifications__item", { hasText: `${TITLE}: your return is overdue` });
      await expect(item.textContent()).resolves.toContain(`was due on ${ukDate(isoDay(-10))}`);
      await expect(item.getByRole("link", { name: /Go to the return/ }).getAttribute("href")).resolves.toBe(
        `/returns/${youthJusticeReturn}`,
      );
      await item.getByRole("button", { name: /Mark as read/ }).click();
      await arrive(page, /\/notifications\?read=1$/);
      await expectAccessible(page);
      const unreadAfter = Number(
        /(\d+) unread/.exec(
          (await page
            .getByRole("navigation", { name: "Menu" })
            .getByRole("link", { name: /^Notifications/, includeHidden: true })
            .textContent()) ?? "",
        )?.[1] ?? 0,
      );
      expect(unreadAfter).toBe(unreadBefore - 1);
      await expect(
        page
          .locator(".app-notifications__item", { hasText: `${TITLE}: your return is overdue` })
          .getByRole("button", { name: /Mark as read/ })
          .count(),
      ).resolves.toBe(0);
    } finally {
      await lead.close();
    }
  });

  it("shows the council its extended due date and the reason on its return", async () => {
    const lead = await openBrowser();
    try {
      await signIn(lead.page, COUNCIL_LEAD);
      await visit(lead.page, `/returns/${councilReturn}`, "chase-return-extended");
      await expect(lead.page.locator(".govuk-summary-list").first().textContent()).resolves.toContain(
        `${ukDate(isoDay(20))} (extended from ${ukDate(isoDay(-10))}: Council restructure; agreed with the partnership chair on 3 November)`,
      );
    } finally {
      await lead.close();
    }
  });
});
