import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import {
  arrive,
  baseUrl,
  expectAccessible,
  menuLink,
  openBrowser,
  screenshot,
  type Session,
  sessionCookie,
  signIn,
  submit,
  visit,
} from "../support/browser";
import { createAction } from "~/data/actions.server";
import { publishReport } from "~/data/publications.server";
import { returnIdOf, serverDb } from "../support/db";
import {
  importS11,
  makeAgencyWithPeople,
  makeCycle,
  makeUser,
  returnIdOf as factoryReturnIdOf,
  submitFullReturn,
} from "../support/factories";

/**
 * Action plans end to end: the agency lead writes an action for a standard rated below the
 * top band, QA agrees it, the agency reports progress and marks it done with evidence, QA sees it
 * among every agency's actions and re-rates the standard. Other agencies never see it; the board sees
 * actions only in the actions reports published to it (DESIGN §7).
 * Works on the demo Family Support return (submitted), which no other journey touches.
 */
const DESCRIPTION = "Give every team manager refresher training from the designated safeguarding lead";
const LEAD = "lead@family-support.example.org";

let db: Db;
let returnId = 0;
let actionId = 0;
let standardCode = "";
let lead: Session;
let qa: Session;

/** A date `days` from now as the three GOV.UK date-input parts. */
function dateParts(days: number): { day: string; month: string; year: string } {
  const date = new Date(Date.now() + days * 86_400_000);
  return { day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()) };
}

beforeAll(async () => {
  db = serverDb();
  returnId = await returnIdOf(db, "family-support");
  lead = await openBrowser();
  qa = await openBrowser();
  await signIn(lead.page, LEAD);
  await signIn(qa.page, "qa@example.org");
});
afterAll(async () => {
  await lead.close();
  await qa.close();
  await db.destroy();
});

describe("the agency lead writes an action", () => {
  it("starts from the return's action plan and sees the suggested standards with their ratings", async () => {
    const { page } = lead;
    await visit(page, `/returns/${returnId}`, "actions-return-plan");
    await expect(page.getByRole("heading", { name: "Action plan" }).count()).resolves.toBe(1);
    await page.getByRole("button", { name: "Write an action" }).click();
    await arrive(page, /\/actions\/new$/);
    await expectAccessible(page);
    const radios = page.locator('input[name="standardCode"]');
    expect(await radios.count()).toBeGreaterThan(0);
    const hints = await page.locator(".govuk-radios__hint").allTextContents();
    expect(hints.length).toBe(await radios.count());
    // Suggested means below the top band: the rating shown is never "Fully met".
    expect(hints.every((hint) => /^(Moderated rating|Rating): (Mostly met|Partially met|Not met)/.test(hint))).toBe(true);
    standardCode = (await radios.first().getAttribute("value")) ?? "";
    expect(standardCode).toMatch(/^S11-\d+$/);
    await screenshot(page, "actions-new");
  });

  it("shows GOV.UK errors for an empty form", async () => {
    const { page } = lead;
    await submit(page, "Save action");
    const summary = await page.locator(".govuk-error-summary").textContent();
    for (const message of [
      "Select the standard the action is for",
      "Enter what will be done",
      "Enter the name of the person who owns the action",
      "Enter the due date",
      "Enter how you will know the action has worked",
    ]) {
      expect(summary).toContain(message);
    }
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.locator("#description-error").textContent()).resolves.toContain("Enter what will be done");
    await expectAccessible(page);
    await screenshot(page, "actions-new-errors");
  });

  it("refuses a due date in the past, keeping the answers", async () => {
    const { page } = lead;
    await page.locator(`input[name="standardCode"][value="${standardCode}"]`).check();
    await page.getByLabel("What will be done").fill(DESCRIPTION);
    await page.getByLabel("Owner").fill("Priya Shah, Head of Safeguarding");
    await page.getByLabel("Day").fill("1");
    await page.getByLabel("Month").fill("1");
    await page.getByLabel("Year").fill("2020");
    await page.getByLabel("Success measure").fill("Every manager's training record shows the refresher by the due date");
    await submit(page, "Save action");
    const summary = await page.locator(".govuk-error-summary").textContent();
    expect(summary).toContain("The due date must be today or in the future");
    expect(summary).not.toContain("Enter what will be done");
    await expect(page.getByLabel("What will be done").inputValue()).resolves.toBe(DESCRIPTION);
    await expectAccessible(page);
    expect(await db("actions").where({ description: DESCRIPTION }).count({ n: "*" }).first()).toEqual({ n: 0 });
  });

  it("saves the action with a due date in the future: open, on track, not yet agreed", async () => {
    const { page } = lead;
    const due = dateParts(90);
    await page.getByLabel("Day").fill(due.day);
    await page.getByLabel("Month").fill(due.month);
    await page.getByLabel("Year").fill(due.year);
    await page.getByRole("button", { name: "Save action" }).click();
    await arrive(page, /\/actions\/\d+\?created=1$/);
    actionId = Number(new URL(page.url()).pathname.split("/").pop());
    await expectAccessible(page);
    const summary = await page.locator(".govuk-summary-list").textContent();
    expect(summary).toContain(DESCRIPTION);
    expect(summary).toContain("Not yet agreed by the QA subgroup");
    await screenshot(page, "actions-created");
    const row = await db("actions").where({ id: actionId }).first();
    expect(row).toMatchObject({ return_id: returnId, standard_code: standardCode, status: "open", rag: "on_track", agreed_at: null });
    expect(row.due_on).toBe(`${due.year}-${due.month.padStart(2, "0")}-${due.day.padStart(2, "0")}`);
  });
});

describe("QA agrees and the agency reports progress", () => {
  it("lets QA agree the action, recording who and when", async () => {
    const { page } = qa;
    await visit(page, `/actions/${actionId}`, "actions-qa-to-agree");
    await page.getByRole("button", { name: "Agree this action" }).click();
    await arrive(page, /agreed=1/);
    await expectAccessible(page);
    await expect(page.locator(".govuk-summary-list").textContent()).resolves.toContain("Agreed by Dr Tom Reilly");
    await expect(page.getByRole("button", { name: "Agree this action" }).count()).resolves.toBe(0);
    const row = await db("actions").where({ id: actionId }).first();
    const qaUser = await db("users").where({ email: "qa@example.org" }).first();
    expect(row.agreed_by).toBe(qaUser.id);
    expect(row.agreed_at).not.toBeNull();
  });

  it("records the lead's update to in progress and at risk, with a dated note in the history", async () => {
    const { page } = lead;
    await visit(page, `/actions/${actionId}`, "actions-lead-progress");
    await page.getByLabel("In progress", { exact: true }).check();
    await page.getByLabel("At risk").check();
    await page.getByLabel("Progress note").fill("Two of six managers trained; the trainer is off sick until March.");
    await page.getByRole("button", { name: "Save progress update" }).click();
    await arrive(page, /updated=1/);
    await expectAccessible(page);
    const history = await page
      .getByRole("table", { name: /Progress history/ })
      .locator("tbody tr")
      .allTextContents();
    expect(history).toHaveLength(1);
    expect(history[0]).toContain("In progress");
    expect(history[0]).toContain("At risk");
    expect(history[0]).toContain("Two of six managers trained");
    await expect(page.getByLabel("Progress note").inputValue()).resolves.toBe("");
  });

  it("refuses to mark the action done without an evidence note", async () => {
    const { page } = lead;
    await page.getByLabel("Done", { exact: true }).check();
    await submit(page, "Save progress update");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("Enter the evidence that the action is done");
    await expect(page.locator("#evidenceNote-error").textContent()).resolves.toContain("Enter the evidence that the action is done");
    // The last update's success banner does not linger beside the error.
    await expect(page.locator(".govuk-notification-banner").count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, "actions-done-without-evidence");
    expect((await db("actions").where({ id: actionId }).first()).status).toBe("in_progress");
  });

  it("marks it done with the evidence, closing it to further updates", async () => {
    const { page } = lead;
    await page.getByLabel("Evidence that the action is done").fill("Training register signed by all six managers, held by HR.");
    await page.getByRole("button", { name: "Save progress update" }).click();
    await arrive(page, /done=1/);
    await expectAccessible(page);
    const summary = await page.locator(".govuk-summary-list").textContent();
    expect(summary).toContain("StatusDone");
    expect(summary).toContain("Training register signed by all six managers");
    await expect(page.getByRole("button", { name: "Save progress update" }).count()).resolves.toBe(0);
    await screenshot(page, "actions-done");
    const row = await db("actions").where({ id: actionId }).first();
    expect(row).toMatchObject({ status: "done", evidence_note: "Training register signed by all six managers, held by HR." });
    expect(await db("action_updates").where({ action_id: actionId }).orderBy("id").pluck("status")).toEqual(["in_progress", "done"]);
  });

  it("lists the action on the agency's own actions page", async () => {
    const { page } = lead;
    await visit(page, "/actions", "actions-agency-list");
    const row = await page
      .getByRole("table", { name: /Your agency's actions/ })
      .locator("tbody tr", { hasText: DESCRIPTION })
      .textContent();
    expect(row).toContain("Done");
    expect(row).toContain("Agreed");
  });
});

describe("QA follows up", () => {
  it("sees the action among every agency's, with the agency's name", async () => {
    const { page } = qa;
    await visit(page, "/actions", "actions-qa-list");
    const table = page.getByRole("table", { name: "Every agency's actions, then the partnership's" });
    await expect(table.locator("thead th").first().textContent()).resolves.toBe("Agency");
    const cells = await table.locator("tbody tr", { hasText: DESCRIPTION }).locator("td").allTextContents();
    expect(cells[0]).toBe("Family Support Northshire");
    expect(cells).toContain("Done");
    expect(cells).toContain("Agreed");
  });

  it("is sent to the review page to re-rate while the return is submitted", async () => {
    const { page } = qa;
    await page.goto(`/actions/${actionId}`);
    const link = page.getByRole("link", { name: "Re-rate the standard on the review page" });
    await expect(link.getAttribute("href")).resolves.toBe(`/returns/${returnId}/review/${standardCode}`);
    await expect(page.getByRole("button", { name: "Record new moderated rating" }).count()).resolves.toBe(0);
    await link.click();
    await arrive(page, new RegExp(`/review/${standardCode}$`));
    await expectAccessible(page);
  });

  it("re-rates the standard after the action once the return is validated, keeping the history", async () => {
    const { page } = qa;
    await page.goto(`/returns/${returnId}/review`);
    await page.getByRole("button", { name: "Validate return" }).click();
    await page.getByRole("button", { name: "Yes, validate the return" }).click();
    await arrive(page, /validated=1/);

    await visit(page, `/actions/${actionId}`, "actions-qa-rerate");
    await submit(page, "Record new moderated rating");
    const errors = await page.locator(".govuk-error-summary").textContent();
    expect(errors).toContain("Select the new moderated rating");
    expect(errors).toContain("Enter the reason for the new rating");
    await expectAccessible(page);
    await page.getByLabel("Fully met").check();
    await page.getByLabel("Reason").fill("Training register seen: every manager trained.");
    await page.getByRole("button", { name: "Record new moderated rating" }).click();
    await arrive(page, /rerated=1/);
    await expectAccessible(page);
    const rating = await page.locator(".govuk-summary-list__row", { hasText: "Standard's rating now" }).textContent();
    expect(rating).toContain("Fully met");
    expect(rating).toContain("Moderated");
    await screenshot(page, "actions-rerated");

    const moderation = await db("moderations")
      .where({ return_id: returnId, standard_code: standardCode })
      .whereNull("superseded_at")
      .first();
    expect(moderation).toMatchObject({ band: "fully", rationale: "After action: Training register seen: every manager trained." });
    const audit = await db("audit_log")
      .where({ entity_type: "return", entity_id: String(returnId), action: "return.moderate" })
      .orderBy("id", "desc")
      .first();
    expect(JSON.parse(audit.summary)).toMatchObject({ standard: standardCode, after: { band: "fully" }, afterAction: actionId });

    await visit(page, `/returns/${returnId}/review/${standardCode}`, "actions-review-after-rerate");
    await expect(page.locator(".govuk-summary-list").first().textContent()).resolves.toContain("After action: Training register seen");
  });
});

describe("isolation", () => {
  it("gives another agency's lead 404 for the action and never lists it", async () => {
    const police = await openBrowser();
    try {
      await signIn(police.page, "lead@police.example.org");
      await visit(police.page, "/actions", "actions-other-agency-list");
      await expect(police.page.getByText(DESCRIPTION).count()).resolves.toBe(0);
      await expect(police.page.getByText("Family Support Northshire").count()).resolves.toBe(0);
      const response = await police.page.goto(`/actions/${actionId}`);
      expect(response?.status()).toBe(404);
      await expect(police.page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Page not found");
      await expectAccessible(police.page);
    } finally {
      await police.close();
    }
    const cookie = await sessionCookie("lead@police.example.org");
    const before = await db("action_updates").where({ action_id: actionId }).count({ n: "*" }).first();
    const posts: [string, Record<string, string>][] = [
      [`/actions/${actionId}`, { _intent: "progress", status: "done", rag: "", note: "tampering", evidenceNote: "tampering" }],
      [
        `/returns/${returnId}/actions/new`,
        {
          standardCode,
          description: "tampering",
          owner: "x",
          "dueOn-day": "1",
          "dueOn-month": "1",
          "dueOn-year": "2099",
          successMeasure: "x",
        },
      ],
    ];
    for (const [path, body] of posts) {
      const response = await fetch(`${baseUrl()}${path}`, {
        method: "POST",
        headers: { Cookie: cookie },
        body: new URLSearchParams(body),
        redirect: "manual",
      });
      expect(response.status, path).toBe(404);
    }
    const page = await fetch(`${baseUrl()}/returns/${returnId}/actions/new`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(page.status).toBe(404);
    expect(await db("action_updates").where({ action_id: actionId }).count({ n: "*" }).first()).toEqual(before);
    expect(await db("actions").where({ description: "tampering" }).count({ n: "*" }).first()).toEqual({ n: 0 });
  });

  it("gives the board actions only as published: a live action is not found, /actions lists the published actions reports", async () => {
    const cookie = await sessionCookie("board@example.org");
    const live = await fetch(`${baseUrl()}/actions/${actionId}`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(live.status).toBe(404);
    expect(await live.text()).not.toContain(DESCRIPTION);

    // An actions report published to the board, of a cycle of this test's own (the demo's publications are left alone).
    const tool = await importS11(db);
    const { agency, lead: ownLead } = await makeAgencyWithPeople(db, { name: `Board actions agency ${Date.now()}` });
    const cycleId = await makeCycle(db, tool, { agencyIds: [agency.id] });
    const ownReturnId = await factoryReturnIdOf(db, cycleId, agency.id);
    await submitFullReturn(db, ownLead, tool, ownReturnId);
    const written = await createAction(db, ownLead, ownReturnId, {
      standardCode: tool.definition.standards[0].code,
      description: "Board-published action",
      owner: "Training lead",
      dueOn: "2099-01-31",
      successMeasure: "All staff trained",
    });
    expect(written.ok).toBe(true);
    const published = await publishReport(db, await makeUser(db, "qa"), cycleId, { kind: "actions", anonymise: false });
    if (!published.ok) throw new Error(published.message);

    const list = await fetch(`${baseUrl()}/actions`, { headers: { Cookie: cookie }, redirect: "manual" });
    const html = await list.text();
    expect(list.status).toBe(200);
    expect(html).toContain(`href="/board/${published.id}"`);
    expect(html).not.toContain(DESCRIPTION);
    expect(html).not.toMatch(/href="\/actions\/\d+"/);

    const board = await openBrowser({ width: 320 });
    try {
      await signIn(board.page, "board@example.org");
      await (await menuLink(board.page, "Actions")).click();
      await arrive(board.page, "**/actions");
      await visit(board.page, "/actions", "board-published-actions-320px");
      await expect(board.page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Actions");
      await board.page
        .getByRole("link", { name: /^Actions report: Section 11 audit/ })
        .first()
        .click();
      await arrive(board.page, /\/board\/\d+$/);
      await expect(board.page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/^Actions report: /);
    } finally {
      await board.close();
    }
  });
});
