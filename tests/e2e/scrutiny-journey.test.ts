import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCycle, openCycle } from "~/data/cycles.server";
import type { Db } from "~/data/db.server";
import { submitReturn } from "~/data/return-edits.server";
import { getTool } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import {
  arrive,
  baseUrl,
  expectAccessible,
  openBrowser,
  screenshot,
  type Session,
  sessionCookie,
  signIn,
  submit,
  visit,
} from "../support/browser";
import { serverDb } from "../support/db";
import { readDocx } from "../support/docx";
import { SIGNOFF, answerReturn } from "../support/factories";

/**
 * QA scrutiny, panels and the chase as one journey on a cycle of its own (so the demo returns other journeys use
 * stay as they are): the hospitals trust and the council submit; on the cycle dashboard QA filters and
 * sorts; QA moderates, challenges and returns the hospitals' return; the agency answers and resubmits;
 * QA validates; the agency writes an action, QA agrees it, the agency marks it done and QA re-rates; a
 * challenge panel meets both agencies and its feedback letter (page and Word) holds the ratings the
 * agency's own return page shows. Throughout, the council never sees the hospitals' moderation,
 * challenges, actions or letter, and the board sees none of them.
 */

const TITLE = `Scrutiny journey ${Date.now()}`;
const HOSPITALS = "Northshire Hospitals NHS Foundation Trust";
const COUNCIL = "Northshire County Council";
const RATIONALE = "Training records for the designated lead were not provided.";
const QUESTION = "Please send the designated lead's training record and job description.";
const ACTION = "Book the designated lead onto level 4 safeguarding training";

let db: Db;
let cycleId = 0;
let hospitalsReturn = 0;
let councilReturn = 0;
let hospitalsId = 0;
let councilId = 0;
let actionId = 0;
let panelId = 0;
let qa: Session;
let lead: Session;

async function viewerOf(email: string): Promise<Viewer> {
  const user = await db("users").where({ email }).first();
  return { id: user.id, email: user.email, name: user.name, role: user.role, agencyId: user.agency_id };
}

function dateParts(days: number): { day: string; month: string; year: string } {
  const date = new Date(Date.now() + days * 86_400_000);
  return { day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()) };
}

async function download(path: string, cookie: string): Promise<Response> {
  return fetch(`${baseUrl()}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
}

/** A table's body rows as cell texts (the row header first), trimmed. */
async function tableRows(session: Session, name: string | RegExp): Promise<string[][]> {
  return session.page
    .getByRole("table", { name })
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("th, td")].map((cell) => (cell.textContent ?? "").trim())));
}

beforeAll(async () => {
  db = serverDb();
  const admin = await db("users").where({ email: "admin@example.org" }).first();
  const toolRow = await db("tools").where({ code: "s11" }).orderBy("id").first();
  const tool = (await getTool(db, toolRow.id))!;
  hospitalsId = (await db("agencies").where({ slug: "hospitals" }).first()).id;
  councilId = (await db("agencies").where({ slug: "council" }).first()).id;
  cycleId = await createCycle(db, admin.id, {
    toolId: tool.id,
    title: TITLE,
    opensOn: "2026-01-05",
    dueOn: "2099-03-31",
    finalDeadlineOn: null,
    selection: { agencyIds: [hospitalsId, councilId] },
  });
  const opened = await openCycle(db, admin.id, cycleId);
  if (!opened.ok) throw new Error(opened.message);
  hospitalsReturn = (await db("returns").where({ cycle_id: cycleId, agency_id: hospitalsId }).first()).id;
  councilReturn = (await db("returns").where({ cycle_id: cycleId, agency_id: councilId }).first()).id;
  for (const [email, returnId, choice] of [
    ["lead@hospitals.example.org", hospitalsReturn, "mostly"],
    ["lead@council.example.org", councilReturn, "fully"],
  ] as const) {
    const viewer = await viewerOf(email);
    await answerReturn(db, viewer, tool, returnId, { choice, selfRating: "fully" });
    const submitted = await submitReturn(db, viewer, returnId, SIGNOFF);
    if (!submitted.ok) throw new Error(`Submitting ${email}'s return failed`);
  }
  qa = await openBrowser();
  lead = await openBrowser();
  await signIn(qa.page, "qa@example.org");
  await signIn(lead.page, "lead@hospitals.example.org");
});

afterAll(async () => {
  await qa?.close();
  await lead?.close();
  await db.destroy();
});

describe("the cycle dashboard", () => {
  it("lists both returns with counts by status, sortable headings and the self vs moderated columns", async () => {
    await visit(qa.page, `/cycles/${cycleId}`, "journey-dashboard");
    const rows = await tableRows(qa, /^Returns, sorted by agency/);
    expect(rows.map((row) => row[0])).toEqual([HOSPITALS, COUNCIL].sort());
    const hospitals = rows.find((row) => row[0] === HOSPITALS)!;
    // Status, overall, moderated "0 of 12", self-rated above moderated 12 (every standard self-rated fully, computed mostly).
    expect(hospitals[2]).toBe("Submitted");
    expect(hospitals.slice(6)).toEqual(["0 of 12", "12", "0", "0"]);
    await expect(qa.page.getByRole("list", { name: "Returns by status" }).textContent()).resolves.toContain("2 submitted");
    await expect(qa.page.locator('th[aria-sort="ascending"]').textContent()).resolves.toContain("Agency");
  });

  it("sorts by a column heading link, saying so with aria-sort", async () => {
    await qa.page.getByRole("link", { name: "Overall score" }).click();
    await arrive(qa.page, /sort=overall&order=desc/);
    await expect(qa.page.locator('th[aria-sort="descending"]').textContent()).resolves.toContain("Overall score");
    expect((await tableRows(qa, /^Returns, sorted by overall score/)).map((row) => row[0])).toEqual([COUNCIL, HOSPITALS]);
    await expectAccessible(qa.page);
  });

  it("filters by sector without JavaScript, keeping the sort", async () => {
    const plain = await openBrowser({ javaScript: false });
    try {
      await signIn(plain.page, "qa@example.org");
      await plain.page.goto(`/cycles/${cycleId}?sort=overall&order=desc`);
      await plain.page.getByText("Filter returns").click();
      await plain.page.getByLabel("Health").check();
      await plain.page.getByRole("button", { name: "Apply filters" }).click();
      await plain.page.waitForURL(/sector=health/);
      expect(plain.page.url()).toContain("sort=overall");
      expect((await tableRows(plain, /^Returns, sorted by/)).map((row) => row[0])).toEqual([HOSPITALS]);
      await expect(plain.page.getByRole("status").first().textContent()).resolves.toContain("Showing 1 to 1 of 1 matching returns");
      await screenshot(plain.page, "journey-dashboard-filtered-no-js");
    } finally {
      await plain.close();
    }
    // axe needs JavaScript, so the filtered page is checked again in the ordinary browser.
    await visit(qa.page, `/cycles/${cycleId}?sector=health&sort=overall&order=desc`, "journey-dashboard-filtered");
  });
});

describe("moderation, challenge and return for changes", () => {
  it("QA moderates S11-2, raises a challenge and returns the hospitals' return", async () => {
    const { page } = qa;
    await visit(page, `/returns/${hospitalsReturn}/review/S11-2`, "journey-review-standard");
    await page.getByLabel("Not met").check();
    await page.getByLabel("Reason").fill(RATIONALE);
    await page.getByRole("button", { name: "Record moderated rating" }).click();
    await arrive(page, /moderated=1/);
    await page.getByLabel("Raise a challenge").fill(QUESTION);
    await page.getByRole("button", { name: "Send challenge to the agency" }).click();
    await arrive(page, /challenged=1/);
    await page.goto(`/returns/${hospitalsReturn}/review`);
    await page.getByLabel("Return to the agency for changes").fill("Answer our question on standard 2.");
    await page.getByRole("button", { name: "Return for changes" }).click();
    await arrive(page, /returned=1/);
    expect((await db("returns").where({ id: hospitalsReturn }).first()).status).toBe("returned");
  });

  it("the agency answers the challenge and resubmits", async () => {
    const { page } = lead;
    await visit(page, `/returns/${hospitalsReturn}`, "journey-lead-returned");
    await page.getByLabel("Your answer").fill("Training record and job description added to the evidence.");
    await page.getByRole("button", { name: "Send answer" }).click();
    await arrive(page, /answered=1/);
    await page.getByRole("button", { name: "Continue to sign off" }).click();
    await page.getByLabel("Their role").fill("Chief Nurse");
    await page.getByLabel(/I confirm this return is accurate/).check();
    await page.getByRole("button", { name: "Submit return" }).click();
    await arrive(page, /submitted=1/);
    expect((await db("returns").where({ id: hospitalsReturn }).first()).status).toBe("submitted");
  });

  it("QA closes the challenge with its outcome and validates", async () => {
    const { page } = qa;
    await page.goto(`/returns/${hospitalsReturn}/review/S11-2`);
    await page.getByLabel("Rating revised").check();
    await page.getByLabel("Note (optional)").fill("Rating stays at not met until the training is done.");
    await page.getByRole("button", { name: "Close challenge" }).click();
    await arrive(page, /closed=1/);
    await page.goto(`/returns/${hospitalsReturn}/review`);
    await page.getByRole("button", { name: "Validate return" }).click();
    await page.getByRole("button", { name: "Yes, validate the return" }).click();
    await arrive(page, /validated=1/);
    expect((await db("returns").where({ id: hospitalsReturn }).first()).status).toBe("validated");
  });
});

describe("the action plan", () => {
  it("the agency writes an action for S11-2 and QA agrees it", async () => {
    const { page } = lead;
    await page.goto(`/returns/${hospitalsReturn}`);
    await page.getByRole("button", { name: "Write an action" }).click();
    await arrive(page, /\/actions\/new$/);
    await page.locator('input[name="standardCode"][value="S11-2"]').check();
    await page.getByLabel("What will be done").fill(ACTION);
    await page.getByLabel("Owner").fill("Sam Patel, Named Nurse");
    const due = dateParts(120);
    await page.getByLabel("Day").fill(due.day);
    await page.getByLabel("Month").fill(due.month);
    await page.getByLabel("Year").fill(due.year);
    await page.getByLabel("Success measure").fill("Certificate on file");
    await page.getByRole("button", { name: "Save action" }).click();
    await arrive(page, /\/actions\/\d+\?created=1$/);
    actionId = Number(new URL(page.url()).pathname.split("/").pop());

    await qa.page.goto(`/actions/${actionId}`);
    await qa.page.getByRole("button", { name: "Agree this action" }).click();
    await arrive(qa.page, /agreed=1/);
  });

  it("the agency marks it done and QA re-rates the standard", async () => {
    const { page } = lead;
    await page.goto(`/actions/${actionId}`);
    await page.getByLabel("Done", { exact: true }).check();
    await page.getByLabel("Evidence that the action is done").fill("Level 4 certificate dated this month, held by HR.");
    await page.getByRole("button", { name: "Save progress update" }).click();
    await arrive(page, /done=1/);

    await qa.page.goto(`/actions/${actionId}`);
    await qa.page.getByLabel("Fully met").check();
    await qa.page.getByLabel("Reason").fill("Certificate seen.");
    await qa.page.getByRole("button", { name: "Record new moderated rating" }).click();
    await arrive(qa.page, /rerated=1/);
    const moderation = await db("moderations")
      .where({ return_id: hospitalsReturn, standard_code: "S11-2" })
      .whereNull("superseded_at")
      .first();
    expect(moderation).toMatchObject({ band: "fully", rationale: "After action: Certificate seen." });
  });

  it("shows the hospitals' return validated on the dashboard with one standard moderated and nothing open", async () => {
    await qa.page.goto(`/cycles/${cycleId}?status=validated`);
    const rows = await tableRows(qa, /^Returns, sorted by agency/);
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe(HOSPITALS);
    expect(rows[0][2]).toBe("Validated");
    // S11-2 now moderated fully met, as self-rated: 11 standards remain self-rated above.
    expect(rows[0].slice(6)).toEqual(["1 of 12", "11", "0", "0"]);
  });
});

describe("the challenge panel", () => {
  it("refuses a panel without a date, time, place or agencies, saying what to do", async () => {
    const { page } = qa;
    await visit(page, "/panels", "journey-panels-empty-or-list");
    await page.getByRole("button", { name: "Schedule a panel" }).click();
    await page.getByLabel("Which cycle's returns will the panel test?").selectOption({ label: TITLE });
    await page.getByRole("button", { name: "Continue" }).click();
    await arrive(page, /\/panels\/new\?cycle=\d+/);
    await expectAccessible(page);
    await submit(page, "Schedule panel");
    const summary = await page.locator(".govuk-error-summary").textContent();
    for (const message of [
      "Enter the date of the panel",
      "Enter the start time",
      "Enter where the panel meets",
      "Select the agencies the panel will meet",
    ])
      expect(summary).toContain(message);
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectAccessible(page);
    await screenshot(page, "journey-panel-new-errors");
  });

  it("schedules the panel for both agencies", async () => {
    const { page } = qa;
    await page.getByLabel("Day").fill("3");
    await page.getByLabel("Month").fill("3");
    await page.getByLabel("Year").fill("2027");
    await page.getByLabel("Start time").fill("14:30");
    await page.getByLabel("Location").fill("Committee Room 2, County Hall");
    await page.getByLabel(HOSPITALS).check();
    await page.getByLabel(COUNCIL).check();
    await page.getByRole("button", { name: "Schedule panel" }).click();
    await arrive(page, /\/panels\/\d+\?created=1$/);
    panelId = Number(new URL(page.url()).pathname.split("/").pop());
    await expectAccessible(page);
    await screenshot(page, "journey-panel");
    expect(await db("panel_agencies").where({ panel_id: panelId }).count({ n: "*" }).first()).toEqual({ n: 2 });
  });

  it("records attendance per agency, asking who attended, and completes only when all are recorded", async () => {
    const { page } = qa;
    const hospitals = page.locator(`#agency-${hospitalsId}`);
    await hospitals.getByLabel("Yes", { exact: true }).check();
    await submit(page, /Save the record for Northshire Hospitals/);
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("Enter who attended for the agency");
    await expectAccessible(page);
    await page.locator(`#agency-${hospitalsId}`).getByLabel("Who attended").fill("Chief Nurse; Named Nurse for safeguarding");
    await page
      .locator(`#agency-${hospitalsId}`)
      .getByLabel("Outcome")
      .fill("Ratings agreed as moderated; the training action is complete.");
    await page.getByRole("button", { name: /Save the record for Northshire Hospitals/ }).click();
    await arrive(page, /saved=/);

    await submit(page, "Mark panel complete");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain(
      `Record whether ${COUNCIL} attended before marking the panel complete`,
    );

    await page.locator(`#agency-${councilId}`).getByLabel("No", { exact: true }).check();
    await page.getByRole("button", { name: /Save the record for Northshire County Council/ }).click();
    await arrive(page, new RegExp(`saved=${councilId}`));
    await page.getByRole("button", { name: "Mark panel complete" }).click();
    await arrive(page, /completed=1/);
    await expectAccessible(page);
    await screenshot(page, "journey-panel-complete");
    const audit = await db("audit_log")
      .where({ entity_type: "panel", entity_id: String(panelId) })
      .orderBy("id")
      .pluck("action");
    expect(audit).toEqual(["panel.create", "panel.record", "panel.record", "panel.complete"]);
  });
});

describe("the feedback letter", () => {
  let screen: string[][] = [];

  it("shows QA the letter with every standard's ratings, the challenge and the agreed action", async () => {
    await visit(qa.page, `/panels/${panelId}/letters/${hospitalsId}`, "journey-letter");
    screen = await tableRows(qa, "Ratings by standard");
    expect(screen).toHaveLength(12);
    const s2 = screen.find((row) => row[0].startsWith("S11-2 "))!;
    expect(s2.slice(3)).toEqual(["Fully met", "Fully met", "After action: Certificate seen.", "Fully met"]);
    const challenges = await tableRows(qa, "Challenges and their outcomes");
    expect(challenges[0]).toEqual([
      expect.stringMatching(/^S11-2 /),
      QUESTION,
      "Training record and job description added to the evidence.",
      "Rating revised: Rating stays at not met until the training is done.",
    ]);
    const actions = await tableRows(qa, "Agreed actions");
    expect(actions[0].slice(1, 3)).toEqual([ACTION, "Sam Patel, Named Nurse"]);
  });

  it("prints without the service's navigation", async () => {
    await qa.page.emulateMedia({ media: "print" });
    await expect(qa.page.locator(".govuk-service-navigation").isVisible()).resolves.toBe(false);
    await expect(qa.page.getByRole("link", { name: /Download this letter as Word/ }).isVisible()).resolves.toBe(false);
    await expect(qa.page.getByRole("table", { name: "Ratings by standard" }).isVisible()).resolves.toBe(true);
    await screenshot(qa.page, "journey-letter-print");
    await qa.page.emulateMedia({ media: "screen" });
  });

  it("opens as Word holding the same ratings the agency's own return page shows", async () => {
    const cookie = await sessionCookie("lead@hospitals.example.org");
    const response = await download(`/panels/${panelId}/letters/${hospitalsId}/letter.docx`, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const docx = await readDocx(await response.arrayBuffer());
    expect(docx.paragraphs[0]).toBe(`Challenge panel feedback: ${HOSPITALS}`);
    const docxRows = docx.rows.filter((row) => /^S11-\d+ /.test(row[0]) && row.length === 7);
    expect(docxRows).toEqual(screen);

    // The agency's own return page: Standard, Score, Computed band, Self rating, Moderated rating.
    await visit(lead.page, `/returns/${hospitalsReturn}`, "journey-lead-return-validated");
    const returnRows = (await tableRows(lead, "Scores by standard")).map((row) => [
      row[0],
      row[1],
      row[2].replace("Limited by an essential question", ""),
      row[3],
      row[4],
    ]);
    expect(docxRows.map((row) => row.slice(0, 5))).toEqual(returnRows);
    expect(docx.rows).toContainEqual([expect.stringMatching(/^S11-2 /), ACTION, "Sam Patel, Named Nurse", expect.any(String), "Done"]);
  });

  it("lists the letter for the hospitals' lead, who reads it on screen", async () => {
    await visit(lead.page, "/panels", "journey-lead-letters");
    await lead.page.getByRole("link", { name: new RegExp(TITLE) }).click();
    await arrive(lead.page, new RegExp(`/panels/${panelId}/letters/${hospitalsId}$`));
    await expectAccessible(lead.page);
    await expect(lead.page.locator("h1").textContent()).resolves.toBe(`Challenge panel feedback: ${HOSPITALS}`);
  });
});

describe("on a 320px screen", () => {
  it("shows the dashboard, the panel and the letter without sideways scrolling", async () => {
    const narrow = await openBrowser({ width: 320 });
    try {
      await signIn(narrow.page, "qa@example.org");
      await visit(narrow.page, `/cycles/${cycleId}`, "journey-dashboard-320px");
      await visit(narrow.page, `/panels/${panelId}`, "journey-panel-320px");
      await visit(narrow.page, `/panels/${panelId}/letters/${hospitalsId}`, "journey-letter-320px");
      await visit(narrow.page, "/panels/new", "journey-panel-new-320px");
    } finally {
      await narrow.close();
    }
  });
});

describe("who sees what", () => {
  it("never shows the council the hospitals' moderation, challenges, actions or letter", async () => {
    const council = await sessionCookie("lead@council.example.org");
    const forbidden: [string, number][] = [
      [`/returns/${hospitalsReturn}`, 404],
      [`/returns/${hospitalsReturn}/review`, 403],
      [`/returns/${hospitalsReturn}/review/S11-2`, 403],
      [`/actions/${actionId}`, 404],
      [`/panels/${panelId}`, 403],
      [`/panels/${panelId}/letters/${hospitalsId}`, 404],
      [`/panels/${panelId}/letters/${hospitalsId}/letter.docx`, 404],
    ];
    for (const [path, status] of forbidden) {
      const response = await download(path, council);
      expect(response.status, path).toBe(status);
      const body = await response.text();
      for (const secret of [RATIONALE, QUESTION, ACTION, "Certificate seen"]) expect(body, path).not.toContain(secret);
    }
    // The council's own view of the cycle it takes part in (DESIGN §7): its own return, nothing of the hospitals'.
    for (const path of ["/actions", "/panels", `/panels/${panelId}/letters/${councilId}`, `/cycles/${cycleId}`]) {
      const response = await download(path, council);
      expect(response.status, path).toBe(200);
      const body = await response.text();
      for (const secret of [RATIONALE, QUESTION, ACTION, "Certificate seen", HOSPITALS]) expect(body, path).not.toContain(secret);
    }
  });

  it("shows the board none of them", async () => {
    const board = await sessionCookie("board@example.org");
    for (const [path, status] of [
      [`/returns/${hospitalsReturn}`, 404],
      [`/returns/${hospitalsReturn}/review`, 403],
      // The board reads actions only as published: a live action is not found (DESIGN §7).
      [`/actions/${actionId}`, 404],
      ["/panels", 403],
      [`/panels/${panelId}`, 403],
      [`/panels/${panelId}/letters/${hospitalsId}`, 404],
      [`/panels/${panelId}/letters/${hospitalsId}/letter.docx`, 404],
      [`/cycles/${cycleId}`, 403],
    ] as const) {
      const response = await download(path, board);
      expect(response.status, path).toBe(status);
      const body = await response.text();
      for (const secret of [RATIONALE, QUESTION, ACTION]) expect(body, path).not.toContain(secret);
    }
  });
});
