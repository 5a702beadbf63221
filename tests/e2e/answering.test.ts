import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAction } from "~/data/actions.server";
import type { Db } from "~/data/db.server";
import {
  arrive,
  expectAccessible,
  expectNoSidewaysScroll,
  openBrowser,
  screenshot,
  signIn,
  submit,
  type Session,
} from "../support/browser";
import { serverDb } from "../support/db";
import {
  TEST_PASSWORD,
  TYPED_PAGE,
  importS11,
  importTypedAnswersTool,
  makeAgencyWithPeople,
  makeCycle,
  returnIdOf,
  submitFullReturn,
} from "../support/factories";

/**
 * Journey: a school answers a page of typed questions as a person would. A GOV.UK date input (day,
 * month, year) stored as ISO; email and telephone fields the browser can autofill; numbers checked
 * against the tool's own rules in the question's words, every problem of the page in one round, and
 * the good answers saved beside the bad; long text with a character count; a grid's blank rows
 * counted; "Save and come back later" confirmed. Then the same on a 320 px screen, where the menu
 * folds behind a button, and an overdue action reads the same everywhere.
 */

let db: Db;
let returnId: number;
let lead: { email: string };
let actionId: number;

const pageUrl = () => `/returns/${returnId}/pages/${TYPED_PAGE}`;
const stored = async () => JSON.parse((await db("returns").where({ id: returnId }).first("answers")).answers) as Record<string, unknown>;

beforeAll(async () => {
  db = serverDb();
  const people = await makeAgencyWithPeople(db, { name: `Answering journey school ${Date.now()}`, sector: "education" });
  lead = people.lead;
  const tool = await importTypedAnswersTool(db);
  returnId = await returnIdOf(db, await makeCycle(db, tool, { agencyIds: [people.agency.id] }), people.agency.id);
  // An action past its due date that the agency last reported on track.
  const s11 = await importS11(db);
  const doneReturn = await returnIdOf(db, await makeCycle(db, s11, { agencyIds: [people.agency.id] }), people.agency.id);
  await submitFullReturn(db, people.lead, s11, doneReturn);
  const action = await createAction(db, people.lead, doneReturn, {
    standardCode: s11.definition.standards[0].code,
    description: "Refresh the safeguarding training",
    owner: "Training lead",
    dueOn: "2099-01-31",
    successMeasure: "All staff trained",
  });
  if (!action.ok) throw new Error(`Writing the action failed: ${JSON.stringify(action)}`);
  actionId = action.id;
  await db("actions").where({ id: actionId }).update({ due_on: "2026-01-05", rag: "on_track" });
});

describe("answering typed questions, with JavaScript", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, lead.email, TEST_PASSWORD);
  });
  afterAll(() => session.close());

  it("renders a GOV.UK date input, email and telephone fields, and a character count", async () => {
    const { page } = session;
    await page.goto(pageUrl());
    const date = page.getByRole("group", { name: "When was the policy last reviewed?" });
    await expect(date.getByLabel("Day").getAttribute("name")).resolves.toBe("ta_reviewed-day");
    await expect(date.getByLabel("Month").getAttribute("inputmode")).resolves.toBe("numeric");
    await expect(date.getByLabel("Year").count()).resolves.toBe(1);
    const email = page.getByLabel("Designated safeguarding lead's email address");
    expect([await email.getAttribute("type"), await email.getAttribute("autocomplete"), await email.getAttribute("spellcheck")]).toEqual([
      "email",
      "email",
      "false",
    ]);
    const phone = page.getByLabel("Designated safeguarding lead's telephone number");
    expect([await phone.getAttribute("type"), await phone.getAttribute("autocomplete")]).toEqual(["tel", "tel"]);
    await expect(page.getByLabel("How many pupils are on roll?").getAttribute("inputmode")).resolves.toBe("numeric");

    const notes = page.getByLabel("Anything that helps us understand these figures");
    const count = page.locator(".govuk-character-count", { has: page.locator("#q-ta_notes") }).locator(".govuk-character-count__status");
    await expect(count.textContent()).resolves.toBe("You have 20,000 characters remaining");
    await notes.fill("Numbers from the MIS");
    await expect(count.textContent()).resolves.toBe("You have 19,980 characters remaining");
    // The reason for "Not applicable" appears only when chosen (with script), with no hint needed.
    await expect(page.getByLabel("Why does this not apply?").isVisible()).resolves.toBe(false);
    await page.getByLabel("Not applicable").check();
    // The server says what shows (a live condition check), so wait for its answer.
    await page.getByLabel("Why does this not apply?").waitFor({ state: "visible" });
    await page.getByLabel("Yes", { exact: true }).first().check();
    await page.getByLabel("Why does this not apply?").waitFor({ state: "hidden" });
    await expectAccessible(page);
    await screenshot(page, "answering-typed-page");
  });

  it("reports every problem of the page in one round and saves the good answers beside them", async () => {
    const { page } = session;
    await page.goto(pageUrl());
    const date = page.getByRole("group", { name: "When was the policy last reviewed?" });
    await date.getByLabel("Day").fill("31");
    await date.getByLabel("Month").fill("2");
    await date.getByLabel("Year").fill("2026");
    await page.getByLabel("Designated safeguarding lead's email address").fill("dsl@school.sch.uk");
    await page.getByLabel("Designated safeguarding lead's telephone number").fill("01632 960 001");
    await page.getByLabel("How many pupils are on roll?").fill("1e3");
    await page.getByLabel("What percentage of staff have in-date safeguarding training?").fill("150");
    await page.getByLabel("Anything that helps us understand these figures").fill("Numbers from the MIS");
    await submit(page, "Save and come back later");

    const summary = page.locator(".govuk-error-summary");
    const links = await summary.getByRole("link").allTextContents();
    expect(links).toEqual([
      "“When was the policy last reviewed?” must be a real date",
      "Enter a whole number of pupils, 0 or more",
      "Enter a percentage from 0 to 100",
    ]);
    // The date's link lands on the field that is wrong; only that field is marked.
    await expect(summary.getByRole("link").first().getAttribute("href")).resolves.toBe("#q-ta_reviewed-day");
    await expect(page.locator("#q-ta_reviewed-day").getAttribute("class")).resolves.toContain("govuk-input--error");
    await expect(page.locator("#q-ta_reviewed-month").getAttribute("class")).resolves.not.toContain("govuk-input--error");
    // What was typed comes back to be corrected.
    await expect(page.getByLabel("How many pupils are on roll?").inputValue()).resolves.toBe("1e3");
    await expect(page.locator("#q-ta_reviewed-day").inputValue()).resolves.toBe("31");
    const answers = await stored();
    expect(answers).toMatchObject({ ta_email: "dsl@school.sch.uk", ta_phone: "01632 960 001", ta_notes: "Numbers from the MIS" });
    expect(answers).not.toHaveProperty("ta_roll");
    expect(answers).not.toHaveProperty("ta_trained");
    expect(answers).not.toHaveProperty("ta_reviewed");
    await expectAccessible(page);
    await screenshot(page, "answering-every-problem");
  });

  it("stores the corrected date as ISO, confirms the save, and counts a grid's blank rows", async () => {
    const { page } = session;
    const date = page.getByRole("group", { name: "When was the policy last reviewed?" });
    await date.getByLabel("Day").fill("27");
    await date.getByLabel("Month").fill("3");
    await page.getByLabel("How many pupils are on roll?").fill("1,250");
    await page.getByLabel("What percentage of staff have in-date safeguarding training?").fill("87.5");
    for (let row = 1; row <= 6; row += 1) await page.getByLabel(`Record ${row}: Yes`).check();
    await page.getByRole("button", { name: "Save and come back later" }).click();
    await arrive(page, (url) => url.searchParams.get("saved") === TYPED_PAGE);

    const banner = page.locator(".govuk-notification-banner--success");
    await expect(banner.textContent()).resolves.toMatch(
      /Your answers have been saved.*Your answers to ‘School data’ are saved\. You, or anyone else in your agency, can come back/,
    );
    expect(await stored()).toMatchObject({ ta_reviewed: "2026-03-27", ta_roll: 1250, ta_trained: 87.5 });
    await expect(page.locator(".govuk-task-list__item", { hasText: "School data" }).textContent()).resolves.toContain(
      "4 rows need an answer",
    );
    await expectAccessible(page);
    await screenshot(page, "answering-saved-banner");

    // Back on the page, the stored ISO date fills the three fields.
    await page.goto(pageUrl());
    expect(await Promise.all(["day", "month", "year"].map((part) => page.locator(`#q-ta_reviewed-${part}`).inputValue()))).toEqual([
      "27",
      "3",
      "2026",
    ]);
  });

  it("shows an overdue action as overdue, with the RAG last reported, never as on track", async () => {
    const { page } = session;
    await page.goto("/actions");
    const row = page.getByRole("row", { name: /Refresh the safeguarding training/ });
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("OverdueLast reported: On track");
    await expect(row.locator(".govuk-tag", { hasText: "On track" }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, "answering-actions-overdue");
    await page.goto(`/actions/${actionId}`);
    await expect(page.locator(".govuk-summary-list").textContent()).resolves.toContain("Last reported: On track");
    await expectAccessible(page);
  });
});

describe("answering on a 320 px screen", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser({ width: 320 });
    await signIn(session.page, lead.email, TEST_PASSWORD);
  });
  afterAll(() => session.close());

  it("folds the menu behind a button, and the page's errors, date input and count fit the screen", async () => {
    const { page } = session;
    await page.goto(pageUrl());
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu.getAttribute("aria-expanded")).resolves.toBe("false");
    await expect(page.getByRole("link", { name: "Your returns", exact: true }).isVisible()).resolves.toBe(false);
    // Folded, the service navigation is one line of name and button, not ~350 px of links.
    const folded = await page.locator(".govuk-service-navigation").boundingBox();
    expect(folded!.height).toBeLessThan(120);
    await screenshot(page, "answering-320-menu-folded");
    await menu.click();
    await expect(menu.getAttribute("aria-expanded")).resolves.toBe("true");
    await expect(page.getByRole("link", { name: "Your returns", exact: true }).isVisible()).resolves.toBe(true);
    await screenshot(page, "answering-320-menu-open");
    await menu.click();

    await page.getByLabel("How many pupils are on roll?").fill("-5");
    await page.locator("#q-ta_reviewed-year").fill("");
    await page.locator("#q-ta_reviewed-month").fill("");
    await submit(page, "Save and come back later");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain(
      "“When was the policy last reviewed?” must include a month and year",
    );
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, "answering-320-errors");
  });
});

describe("answering without JavaScript", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser({ javaScript: false, width: 320 });
    await signIn(session.page, lead.email, TEST_PASSWORD);
  });
  afterAll(() => session.close());

  it("lists the menu's links, shows the reason box with its hint, and counts characters by the limit alone", async () => {
    const { page } = session;
    await page.goto(pageUrl());
    await expect(page.getByRole("button", { name: "Menu" }).isVisible()).resolves.toBe(false);
    await expect(page.getByRole("link", { name: "Your returns", exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel("Why does this not apply?").isVisible()).resolves.toBe(true);
    await expect(page.getByText("Answer only if you chose ‘Not applicable’ above.").isVisible()).resolves.toBe(true);
    await expect(page.locator("#q-ta_notes-info").textContent()).resolves.toBe("You can enter up to 20,000 characters");
    await screenshot(page, "answering-no-js-320");

    await page.getByLabel("Not applicable").check();
    await page.getByLabel("Why does this not apply?").fill("The school is a pupil referral unit with no policy of its own.");
    await page.getByRole("button", { name: "Save and come back later" }).click();
    await page.waitForURL((url) => url.searchParams.get("saved") === TYPED_PAGE);
    await expect(page.locator(".govuk-notification-banner--success").textContent()).resolves.toContain("Your answers have been saved");
    expect(await stored()).toMatchObject({
      ta_policy: "na",
      ta_policy_na: "The school is a pupil referral unit with no policy of its own.",
    });
  });
});

describe("the QA cycle dashboard on a 320 px screen", () => {
  it("scrolls the returns table inside its own region, the agency column staying in view", async () => {
    const session = await openBrowser({ width: 320 });
    try {
      const { page } = session;
      await signIn(page, "qa@example.org");
      const cycle = await db("cycles").where({ title: "Section 11 audit 2026" }).first("id");
      await page.goto(`/cycles/${cycle.id}`);
      const region = page.getByRole("region", { name: "Returns", exact: true });
      await expect(region.getAttribute("tabindex")).resolves.toBe("0");
      const widths = await region.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
      expect(widths.scroll).toBeGreaterThan(widths.client);
      const firstCell = region.locator("tbody th[scope='row']").first();
      await expect(firstCell.evaluate((element) => getComputedStyle(element).position)).resolves.toBe("sticky");
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
      await screenshot(page, "answering-dashboard-320");
      // Scrolled to the far side, the agency's name is still where it was.
      const before = await firstCell.boundingBox();
      await region.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
      const after = await firstCell.boundingBox();
      expect(after!.x).toBe(before!.x);
      await screenshot(page, "answering-dashboard-320-scrolled");
    } finally {
      await session.close();
    }
  });
});
