import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCaseGrading, saveAgreedGrades, saveGrades } from "~/data/case-audits.server";
import type { Db } from "~/data/db.server";
import { saveReturnPage, submitReturn } from "~/data/return-edits.server";
import { getToolByRef, type ToolRecord } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { listQuestions } from "~/domain/survey-json";
import {
  arrive,
  baseUrl,
  expectAccessible,
  expectNoSidewaysScroll,
  openBrowser,
  screenshot,
  sessionCookie,
  signIn,
  submit,
  visit,
} from "../support/browser";
import { serverDb } from "../support/db";
import { readDocx } from "../support/docx";
import { SIGNOFF, TEST_PASSWORD, answersFor, makeAgencyWithPeople, makeUser } from "../support/factories";
import { receivedMail, waitForMail, type ReceivedMail } from "../support/mail";

/*
 * Issue 19's journey in Chromium: QA sets up a themed audit of three cases with four agencies; the agencies
 * complete their case returns (one on a 320 px phone, where an NHS number is refused and a date must be
 * confirmed); two panel members grade blind, and neither sees the other's grades before submitting their own;
 * the chair agrees the grades; an immediate concern is raised, answered (its email at the loopback SMTP
 * server) and closed; a recommendation becomes an action; the report publishes and reads back the same in
 * JSON, XLSX and DOCX. One shared set-up; the parts a browser adds nothing to go through the data layer.
 */

const STAMP = Date.now();
const THEME = `Neglect: recognition (journey ${STAMP})`;
const CASES = [`J${STAMP}-C1`, `J${STAMP}-C2`, `J${STAMP}-C3`];
let db: Db;
let tool: ToolRecord;
let agencies: Awaited<ReturnType<typeof makeAgencyWithPeople>>[];
let member: Viewer;
let chair: Viewer;

beforeAll(async () => {
  db = serverDb();
  tool = (await getToolByRef(db, "case-audit", "2026.1"))!;
  agencies = [];
  for (const [index, sector] of (["local_authority", "police", "health", "education"] as const).entries())
    agencies.push(await makeAgencyWithPeople(db, { name: `Case journey agency ${index + 1} ${STAMP}`, sector }));
  member = await makeUser(db, "qa");
  const row = await db("users").where({ email: "qa@example.org" }).first();
  chair = { id: row.id, email: row.email, name: row.name, role: "qa", agencyId: null };
});
afterAll(() => db.destroy());

/** Every answer of a case return, through the data layer as the return pages save them, then the lead's sign-off. */
async function completeCaseReturn(lead: Viewer, returnId: number, skipPages: string[] = []): Promise<void> {
  const answers = { ...answersFor(tool, { choice: "mostly", selfRating: "good" }), involvement: "active" };
  const pageOf = new Map(listQuestions(tool.definition.survey).map((question) => [question.name, question.pageName]));
  for (const page of tool.definition.survey.pages.map((entry) => entry.name).filter((name) => !skipPages.includes(name))) {
    const saved = await saveReturnPage(
      db,
      lead,
      returnId,
      page,
      Object.fromEntries(Object.entries(answers).filter(([name]) => pageOf.get(name) === page)),
    );
    if (!saved.ok) throw new Error(saved.message);
  }
}

async function submitCaseReturn(lead: Viewer, returnId: number): Promise<void> {
  const result = await submitReturn(db, lead, returnId, SIGNOFF);
  if (!result.ok) throw new Error(JSON.stringify(result));
}

async function selectEvery(page: Page, selector: string, value: string): Promise<void> {
  const fields = page.locator(selector);
  const count = await fields.count();
  for (let index = 0; index < count; index += 1) await fields.nth(index).selectOption(value);
}

/** What the business office's "Send reminders now" does: queue what is due and deliver the outbox to the SMTP server. */
/**
 * Runs the outbox (as the business office's "Send reminders now" does) until an email matching `match` has
 * reached the loopback SMTP server. One run sends the 100 oldest pending emails, and on the shared e2e server
 * other files' emails may be queued ahead of ours, so one run is not always enough.
 */
async function deliverUntil(match: (mail: ReceivedMail) => boolean, timeoutMs = 30_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await deliverOutbox();
    const found = receivedMail().find(match);
    if (found) return found;
    if (Date.now() > deadline) return waitForMail(match, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function deliverOutbox(): Promise<void> {
  const cookie = await sessionCookie("admin@example.org");
  const response = await fetch(`${baseUrl()}/outbox`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: "_intent=run",
    redirect: "manual",
  });
  expect(response.status).toBe(302);
}

async function fetchOk(url: string, cookie: string): Promise<Response> {
  const response = await fetch(`${baseUrl()}${url}`, { headers: { Cookie: cookie } });
  expect(response.status, url).toBe(200);
  return response;
}

describe("case audit journey", () => {
  it("is set up, completed, graded blind, agreed, its concern closed, its recommendation an action, and published", async () => {
    // 1. QA sets up the audit.
    const qa = await openBrowser();
    let auditId = 0;
    try {
      await signIn(qa.page, "qa@example.org");
      await visit(qa.page, "/case-audits/new", "case-audit-new");
      await submit(qa.page, "Set up and open the audit");
      await expect(qa.page.locator(".govuk-error-summary").textContent()).resolves.toContain("Enter the theme of the audit");
      await expectAccessible(qa.page);
      await qa.page.getByLabel("Theme").fill(THEME);
      await qa.page.getByLabel("Lines of enquiry").fill("Was neglect recognised early?\nDid agencies act together?");
      await qa.page.getByLabel("S11-9", { exact: true }).check();
      for (const [legend, day] of [
        ["Date the audit opens", "5"],
        ["Date case returns are due", "20"],
        ["Date of the panel", "27"],
      ] as const) {
        const group = qa.page.getByRole("group", { name: legend });
        await group.getByLabel("Day").fill(day);
        await group.getByLabel("Month").fill("1");
        await group.getByLabel("Year").fill("2099");
      }
      for (const agency of agencies) await qa.page.getByLabel(agency.agency.name).check();
      await qa.page.getByLabel("Cases").fill(CASES.join("\n"));
      await qa.page.getByRole("group", { name: "Panel members" }).getByLabel(chair.name).check();
      await qa.page.getByRole("group", { name: "Panel members" }).getByLabel(member.name).check();
      await qa.page.getByLabel("Panel chair").selectOption({ label: chair.name });
      await qa.page.getByRole("button", { name: "Set up and open the audit" }).click();
      await arrive(qa.page, /\/case-audits\/\d+\?created=1/);
      auditId = Number(/case-audits\/(\d+)/.exec(qa.page.url())![1]);
      await expectAccessible(qa.page);
      await screenshot(qa.page, "case-audit-created");
    } finally {
      await qa.close();
    }
    const cases = await db("case_audit_cases").where({ case_audit_id: auditId }).orderBy("id");
    expect(cases.map((entry) => entry.reference)).toEqual(CASES);
    const returnOf = async (caseIndex: number, agencyIndex: number) =>
      (await db("returns").where({ cycle_id: cases[caseIndex].cycle_id, agency_id: agencies[agencyIndex].agency.id }).first()).id as number;

    // 2. The agencies complete their case returns: the first agency's lead finishes one on a phone.
    const first = await returnOf(0, 0);
    await completeCaseReturn(agencies[0].lead, first, ["learning"]);
    const phone = await openBrowser({ width: 320 });
    try {
      await signIn(phone.page, agencies[0].lead.email, TEST_PASSWORD);
      await visit(phone.page, `/case-audits/${auditId}`, "case-audit-agency-320");
      await expect(phone.page.locator("main").textContent()).resolves.not.toContain(agencies[1].agency.name);
      await visit(phone.page, `/returns/${first}/pages/learning`, "case-return-learning-320");
      await expect(phone.page.locator("main").textContent()).resolves.toContain(
        "Do not write names, dates of birth, addresses or NHS numbers",
      );
      await phone.page.getByLabel(/What went well/).fill("Seen by the GP (NHS 943 476 5919) promptly.");
      await phone.page.getByLabel(/What gaps did you find/).fill("The plan was not shared.");
      await submit(phone.page, "Save and return to all sections");
      await expect(phone.page.locator(".govuk-error-summary").textContent()).resolves.toContain("Remove the NHS number (943 476 5919)");
      await phone.page.getByLabel(/What went well/).fill("Seen by the GP on 3/4/2026 promptly.");
      await submit(phone.page, "Save and return to all sections");
      await expect(phone.page.locator(".govuk-error-summary").textContent()).resolves.toContain("Check the date ‘3/4/2026’");
      await expectAccessible(phone.page);
      await expectNoSidewaysScroll(phone.page);
      await screenshot(phone.page, "case-return-flagged-320");
      await phone.page.getByLabel("I have checked: the dates and postcodes flagged above identify nobody").check();
      await phone.page.getByRole("button", { name: "Save and return to all sections" }).click();
      await arrive(phone.page, new RegExp(`/returns/${first}\\?saved=learning`));
    } finally {
      await phone.close();
    }
    await submitCaseReturn(agencies[0].lead, first);
    for (let caseIndex = 0; caseIndex < 3; caseIndex += 1) {
      for (let agencyIndex = 0; agencyIndex < 4; agencyIndex += 1) {
        if (caseIndex === 0 && agencyIndex === 0) continue;
        const id = await returnOf(caseIndex, agencyIndex);
        await completeCaseReturn(agencies[agencyIndex].lead, id);
        await submitCaseReturn(agencies[agencyIndex].lead, id);
      }
    }

    // 3. Two panel members grade case 1 blind: neither sees the other's grades before submitting their own.
    const casePath = `/case-audits/${auditId}/cases/${cases[0].id}`;
    const second = await openBrowser();
    const chairBrowser = await openBrowser();
    try {
      await signIn(second.page, member.email, TEST_PASSWORD);
      await signIn(chairBrowser.page, "qa@example.org");
      await visit(second.page, casePath, "case-grading-blind");
      await expect(second.page.getByRole("heading", { name: "The panel's grades" }).count()).resolves.toBe(0);
      await selectEvery(second.page, 'select[name^="grade:"]', "requires_improvement");
      await submit(second.page, "Save draft");
      await visit(chairBrowser.page, casePath, "case-grading-chair-blind");
      // The chair has not submitted: no spread, and nothing of the member's draft.
      await expect(chairBrowser.page.getByRole("heading", { name: "The panel's grades" }).count()).resolves.toBe(0);
      await selectEvery(chairBrowser.page, 'select[name^="grade:"]', "good");
      await submit(chairBrowser.page, "Submit my grades");
      // The chair now sees the spread, but the member's draft is not in it.
      const chairTable = (await chairBrowser.page.getByRole("table", { name: /Each submitted member's grade/ }).textContent()) ?? "";
      expect(chairTable).toContain("You: Good");
      expect(chairTable).not.toContain(member.name);
      // The member, still blind, does not see the chair's submitted grades.
      await second.page.reload();
      await expect(second.page.getByRole("heading", { name: "The panel's grades" }).count()).resolves.toBe(0);
      await expect(second.page.locator("main").textContent()).resolves.not.toContain(chair.name);
      await submit(second.page, "Submit my grades");
      const memberTable = (await second.page.getByRole("table", { name: /Each submitted member's grade/ }).textContent()) ?? "";
      expect(memberTable).toContain(`${chair.name}: Good`);
      expect(memberTable).toContain("You: Requires improvement");
      await expectAccessible(second.page);
      await screenshot(second.page, "case-grading-spread");

      // 4. The chair agrees the grades of case 1.
      await chairBrowser.page.reload();
      await expect(chairBrowser.page.getByRole("table", { name: /Each submitted member's grade/ }).textContent()).resolves.toContain(
        `${member.name}: Requires improvement`,
      );
      await selectEvery(chairBrowser.page, 'select[name^="agreed:"]', "requires_improvement");
      const reasons = chairBrowser.page.locator('textarea[name^="rationale:"]');
      for (let index = 0; index < (await reasons.count()); index += 1)
        await reasons.nth(index).fill("The plan was not shared with the other agencies.");
      await chairBrowser.page.getByLabel("Agreed overall grade for the case").selectOption("requires_improvement");
      await chairBrowser.page.getByLabel("Reason for the overall grade").fill("Need was recognised; joint working fell short.");
      await chairBrowser.page.getByRole("button", { name: "Record agreed grades" }).click();
      await arrive(chairBrowser.page, /\?agreed=1/);
      await expectAccessible(chairBrowser.page);
      await screenshot(chairBrowser.page, "case-grading-agreed");
    } finally {
      await second.close();
      await chairBrowser.close();
    }
    // Cases 2 and 3 through the data layer: both members grade, the chair agrees.
    for (const entry of cases.slice(1)) {
      const grading = (await getCaseGrading(db, chair, entry.id))!;
      const all = (grade: string) =>
        Object.fromEntries(grading.agencies.flatMap((agency) => grading.domains.map((domain) => [`${agency.id}:${domain.code}`, grade])));
      expect(await saveGrades(db, chair, entry.id, all("good"), true)).toMatchObject({ ok: true });
      expect(await saveGrades(db, member, entry.id, all("outstanding"), true)).toMatchObject({ ok: true });
      const reasons = Object.fromEntries(Object.keys(all("good")).map((key) => [key, "Agreed at the panel."]));
      expect(
        await saveAgreedGrades(db, chair, entry.id, {
          grades: all("good"),
          rationales: reasons,
          overall: "good",
          overallRationale: "Good joint work.",
        }),
      ).toMatchObject({ ok: true });
    }

    // 5. An immediate concern: raised, emailed to the agency lead, answered, closed.
    const panel = await openBrowser();
    try {
      await signIn(panel.page, "qa@example.org");
      await panel.page.goto(`/case-audits/${auditId}`);
      await panel.page.getByLabel("Case", { exact: true }).selectOption({ label: CASES[1] });
      await panel.page.getByLabel("Agency", { exact: true }).selectOption({ label: agencies[1].agency.name });
      await panel.page.getByLabel("The concern").fill("A second missing episode was not shared with children's social care.");
      const group = panel.page.getByRole("group", { name: "Respond by" });
      await group.getByLabel("Day").fill("1");
      await group.getByLabel("Month").fill("1");
      await group.getByLabel("Year").fill("2099");
      await panel.page.getByRole("button", { name: "Raise concern" }).click();
      await arrive(panel.page, /\?concern=raised/);
      const mail = await deliverUntil(
        (entry) => entry.to.includes(agencies[1].lead.email) && entry.subject === `Immediate concern from a case audit: case ${CASES[1]}`,
      );
      expect(mail.raw).not.toContain("missing episode");
      const concernId = (await db("case_audit_concerns").where({ agency_id: agencies[1].agency.id }).first()).id;

      const lead = await openBrowser({ width: 320 });
      try {
        await signIn(lead.page, agencies[1].lead.email, TEST_PASSWORD);
        await visit(lead.page, `/case-audits/concerns/${concernId}`, "case-concern-lead-320");
        await lead.page.getByLabel("Your agency's response").fill("Shared the same day; the safety plan was reviewed.");
        await lead.page.getByRole("button", { name: "Send response" }).click();
        await arrive(lead.page, /\?answered=1/);
        // Another agency's lead finds nothing there.
        const otherCookie = await sessionCookie(agencies[2].lead.email, TEST_PASSWORD);
        expect((await fetch(`${baseUrl()}/case-audits/concerns/${concernId}`, { headers: { Cookie: otherCookie } })).status).toBe(404);
      } finally {
        await lead.close();
      }
      await deliverUntil(
        (entry) =>
          entry.to.includes("qa@example.org") &&
          entry.subject === `${agencies[1].agency.name} has answered the immediate concern about case ${CASES[1]}`,
      );
      await panel.page.goto(`/case-audits/${auditId}`);
      await panel.page.getByRole("button", { name: new RegExp(`^Close the concern about case ${CASES[1]}`) }).click();
      await arrive(panel.page, /\?concern=closed/);
      await expect(panel.page.getByRole("table", { name: "Immediate concerns and their state" }).textContent()).resolves.toContain(
        "Closed",
      );

      // 6. A recommendation becomes an action in the first agency's plan.
      await panel.page.getByLabel("Recommendation", { exact: true }).check();
      await panel.page
        .getByLabel("What the panel learned or recommends")
        .fill("Share every plan with the agencies named in it within five working days.");
      await panel.page.getByLabel("For which agency (recommendations only)").selectOption({ label: agencies[0].agency.name });
      await panel.page.getByRole("button", { name: "Add learning" }).click();
      await arrive(panel.page, /\?learning=added/);
      await panel.page.getByRole("link", { name: /^Make this an action/ }).click();
      await panel.page.getByLabel("Domain").selectOption({ label: "Joint working" });
      await panel.page.getByLabel("Owner").fill("Head of service");
      const due = panel.page.getByRole("group", { name: "Due date" });
      await due.getByLabel("Day").fill("30");
      await due.getByLabel("Month").fill("6");
      await due.getByLabel("Year").fill("2099");
      await panel.page.getByLabel("How the agency will know it has worked").fill("A re-audit finds every plan shared.");
      await panel.page.getByRole("button", { name: "Add to the agency's action plan" }).click();
      await arrive(panel.page, /\?learning=action/);

      // A recommendation for the partnership becomes the partnership's own action, which QA follows up.
      await panel.page.getByLabel("Recommendation", { exact: true }).check();
      await panel.page.getByLabel("What the panel learned or recommends").fill("Agree one neglect screening tool across the partnership.");
      await panel.page.getByRole("button", { name: "Add learning" }).click();
      await arrive(panel.page, /\?learning=added/);
      await panel.page.getByRole("link", { name: "Make this an action for the partnership" }).click();
      await arrive(panel.page, /\/recommendations\/\d+$/);
      await expectAccessible(panel.page);
      await panel.page.getByLabel("Domain").selectOption({ label: "Joint working" });
      await panel.page.getByLabel("Owner").fill("Partnership business manager");
      const partnershipDue = panel.page.getByRole("group", { name: "Due date" });
      await partnershipDue.getByLabel("Day").fill("31");
      await partnershipDue.getByLabel("Month").fill("3");
      await partnershipDue.getByLabel("Year").fill("2099");
      await panel.page.getByLabel("How the partnership will know it has worked").fill("Every agency screens with the same tool.");
      await panel.page.getByRole("button", { name: "Add to the partnership's actions" }).click();
      await arrive(panel.page, /\?learning=action/);
      await visit(panel.page, `/case-audits/${auditId}`, "case-audit-qa");
      const partnershipAction = await db("actions").whereNull("agency_id").where({ case_audit_id: auditId }).first();
      expect(partnershipAction).toMatchObject({
        return_id: null,
        owner: "Partnership business manager",
        due_on: "2099-03-31",
        agreed_by: chair.id,
      });
      await visit(panel.page, "/actions", "actions-with-partnership");
      const listed = panel.page.getByRole("row").filter({ hasText: "Agree one neglect screening tool" });
      await expect(listed.getByRole("cell").first().textContent()).resolves.toBe("Partnership");
      // QA reports its progress (an agency's lead never can: it is not theirs to see).
      await panel.page.getByRole("link", { name: "Agree one neglect screening tool across the partnership." }).click();
      await arrive(panel.page, new RegExp(`/actions/${partnershipAction.id}$`));
      await panel.page.getByLabel("In progress").check();
      await panel.page.getByLabel("At risk").check();
      await panel.page.getByLabel("Progress note").fill("Two tools in use; the subgroup is choosing one.");
      await panel.page.getByRole("button", { name: "Save progress update" }).click();
      await arrive(panel.page, /\?updated=1/);
      await visit(panel.page, `/actions/${partnershipAction.id}`, "partnership-action");
      const narrowAction = await openBrowser({ width: 320 });
      try {
        await signIn(narrowAction.page, "qa@example.org");
        await visit(narrowAction.page, `/actions/${partnershipAction.id}`, "partnership-action-320");
      } finally {
        await narrowAction.close();
      }
      const leadCookie = await sessionCookie(agencies[0].lead.email, TEST_PASSWORD);
      const leadActions = await (await fetchOk("/actions", leadCookie)).text();
      expect(leadActions).toContain("Share every plan with the agencies named in it");
      expect(leadActions).not.toContain("Agree one neglect screening tool");
      expect((await fetch(`${baseUrl()}/actions/${partnershipAction.id}`, { headers: { Cookie: leadCookie } })).status).toBe(404);

      // 7. The report: page, then published to the board.
      await visit(panel.page, `/case-audits/${auditId}/report`, "case-audit-report");
      const narrow = await openBrowser({ width: 320 });
      try {
        await signIn(narrow.page, "qa@example.org");
        await visit(narrow.page, `/case-audits/${auditId}/report`, "case-audit-report-320");
      } finally {
        await narrow.close();
      }
      await panel.page.getByLabel("By name").check();
      await panel.page.getByRole("button", { name: "Publish to the board" }).click();
      await arrive(panel.page, /\/board\/\d+\?published=1/);
    } finally {
      await panel.close();
    }
    const action = await db("actions").where({ agency_id: agencies[0].agency.id, standard_code: "joint_working" }).first();
    expect(action).toMatchObject({ owner: "Head of service", due_on: "2099-06-30" });
    expect(action.agreed_by).toBe(chair.id);

    const publication = await db("publications").where({ kind: "case-audit" }).orderBy("id", "desc").first();
    const board = await openBrowser();
    try {
      await signIn(board.page, "board@example.org");
      await visit(board.page, `/board/${publication.id}`, "case-audit-board");
    } finally {
      await board.close();
    }

    // The published report reads back the same in JSON, XLSX and DOCX.
    const cookie = await sessionCookie("board@example.org");
    const model = JSON.parse(await (await fetchOk(`/board/${publication.id}/export?format=json`, cookie)).text());
    expect(model.summary).toMatchObject({
      cases: 3,
      agencies: 4,
      returnsSubmitted: 12,
      casesAgreed: 3,
      concernsClosed: 1,
      recommendations: 2,
      actions: 2,
    });
    const firstAgency = model.agencies.find((row: { agency: { name: string } }) => row.agency.name === agencies[0].agency.name);
    const joint = firstAgency.domains.find((cell: { code: string }) => cell.code === "joint_working");
    expect(joint).toMatchObject({ worstAgreed: "requires_improvement", cases: 3 });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetchOk(`/board/${publication.id}/export?format=xlsx`, cookie)).arrayBuffer());
    const sheet = workbook.getWorksheet("Grades by agency")!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    const xlsxRows = sheet.getRows(2, sheet.rowCount - 1)!;
    for (const row of model.agencies) {
      for (const cell of row.domains) {
        const title = model.domains.find((domain: { code: string }) => domain.code === cell.code).title;
        const found = xlsxRows.find(
          (candidate) =>
            candidate.getCell(headers.indexOf("Agency")).value === row.agency.name &&
            candidate.getCell(headers.indexOf("Domain")).value === title,
        )!;
        expect(found.getCell(headers.indexOf("Worst agreed")).value).toBe(
          model.bands.find((band: { code: string }) => band.code === cell.worstAgreed).label,
        );
        expect(found.getCell(headers.indexOf("Cases")).value).toBe(cell.cases);
      }
    }

    const docx = await readDocx(Buffer.from(await (await fetchOk(`/board/${publication.id}/export?format=docx`, cookie)).arrayBuffer()));
    for (const row of model.agencies) {
      const jointRow = docx.rows.find((candidate) => candidate[0] === row.agency.name && candidate[2] === "Joint working")!;
      const cell = row.domains.find((entry: { code: string }) => entry.code === "joint_working");
      expect(jointRow[3]).toBe(model.bands.find((band: { code: string }) => band.code === cell.worstAgreed).label);
      expect(jointRow[4]).toBe(String(cell.cases));
    }
  }, 300_000);
});
