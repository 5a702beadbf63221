import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "~/data/db.server";
import { saveIndicator } from "~/data/scorecard.server";
import type { ScorecardReport } from "~/domain/reports/scorecard";
import { IndicatorInputSchema, latestDuePeriod, previousPeriod } from "~/domain/scorecard";
import { runCli } from "../../cli/index";
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
  type Session,
} from "../support/browser";
import { serverDb } from "../support/db";
import { readDocx } from "../support/docx";
import { TEST_PASSWORD, makeAgencyWithPeople, makeUser } from "../support/factories";
import { waitForMail } from "../support/mail";

/*
 * Issue 15's journey in Chromium: the business office defines an indicator on the form and changes its
 * definition (the series breaks); two agencies each enter a quarter, one late and chased by email; a CSV of
 * four quarters imports (after a file with a bad row is refused by row number, writing nothing); a BI feed
 * writes through the API with a write token and is refused with a read token; QA publishes the scorecard
 * and the board's XLSX and DOCX read back the same as its JSON.
 */

const RUN = Date.now().toString(36).toUpperCase();
const CODE_A = `E2E-A-${RUN}`;
const CODE_B = `E2E-B-${RUN}`;
const CODE_C = `E2E-C-${RUN}`;
const today = new Date().toISOString().slice(0, 10);
const LATEST = latestDuePeriod("quarterly", today);
const EARLIER = previousPeriod(LATEST);
const FOUR = [previousPeriod(previousPeriod(EARLIER)), previousPeriod(EARLIER), EARLIER, LATEST];

let db: Db;
let agencyA: Awaited<ReturnType<typeof makeAgencyWithPeople>>;
let agencyB: Awaited<ReturnType<typeof makeAgencyWithPeople>>;
let indicatorB = 0;
let admin: Session;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scorecard-e2e-"));

beforeAll(async () => {
  db = serverDb();
  agencyA = await makeAgencyWithPeople(db, { name: `Scorecard agency A ${RUN}`, sector: "police" });
  agencyB = await makeAgencyWithPeople(db, { name: `Scorecard agency B ${RUN}`, sector: "health" });
  // Agency B's indicator comes from the data layer: the form is exercised once, for agency A's.
  const adminUser = await makeUser(db, "admin");
  const saved = await saveIndicator(
    db,
    adminUser,
    IndicatorInputSchema.parse({
      code: CODE_B,
      title: "Return interviews within 72 hours",
      definition: "Return interviews offered within 72 hours",
      unit: "percent",
      polarity: "higher",
      target: "85",
      greenTolerance: "0",
      amberTolerance: "10",
      frequency: "quarterly",
      quadrant: "better_off",
      theme: "outcomes",
      owner: String(agencyB.agency.id),
      linkedStandards: "",
    }),
    null,
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  indicatorB = saved.id;
  admin = await openBrowser();
  await signIn(admin.page, "admin@example.org");
});

afterAll(async () => {
  await admin?.close();
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    openDb: () => createDb(inject("databaseUrl")),
  });
  return { code, out, err };
}

async function enterFigures(
  session: Session,
  indicatorId: number,
  figures: { period: string; numerator: string; denominator: string },
): Promise<void> {
  const { page } = session;
  await page.goto(`/indicators/${indicatorId}/observations/new`);
  await page.getByLabel("Period").fill(figures.period);
  await page.getByLabel("Numerator", { exact: true }).fill(figures.numerator);
  await page.getByLabel("Denominator", { exact: true }).fill(figures.denominator);
  await submit(page, "Save figures");
  await arrive(page, /saved=observation/);
}

async function fetchOk(url: string, cookie: string): Promise<Response> {
  const response = await fetch(`${baseUrl()}${url}`, { headers: { Cookie: cookie } });
  expect(response.status, url).toBe(200);
  return response;
}

describe("the scorecard", () => {
  let indicatorA = 0;

  it("the business office defines an indicator, and changing its definition breaks the series", async () => {
    const { page } = admin;
    await visit(page, "/indicators/new", "scorecard-indicator-new");
    await submit(page, "Save indicator");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("Enter the indicator's code, like CP-2");
    await expectAccessible(page);
    await page.getByLabel("Code").fill(CODE_A);
    await page.getByLabel("Title").fill("Staff with up-to-date safeguarding training");
    await page.getByLabel("Definition").fill("Staff in child-facing roles trained within three years");
    await page.getByLabel("Percentage (%)").check();
    await page.getByLabel("Higher is better").check();
    await page.getByLabel("Target (optional)").fill("90");
    await page.getByLabel("Green tolerance").fill("0");
    await page.getByLabel("Amber tolerance").fill("5");
    await page.getByLabel("Quarterly").check();
    await page.getByLabel("How well did we do it?").check();
    await page.getByLabel("Theme").selectOption("workforce");
    await page.getByLabel("Owner").selectOption({ label: agencyA.agency.name });
    await page.getByLabel("Linked standards (optional)").fill("S11-6");
    await submit(page, "Save indicator");
    await arrive(page, /\/indicators\/\d+\?saved=created/);
    indicatorA = Number(/indicators\/(\d+)/.exec(page.url())![1]);
    await expectAccessible(page);

    // Agency A's lead enters the earlier quarter under the first definition, on a phone (bad input first).
    const lead = await openBrowser({ width: 320 });
    try {
      await signIn(lead.page, agencyA.lead.email, TEST_PASSWORD);
      await visit(lead.page, `/indicators/${indicatorA}/observations/new`, "scorecard-observation-320");
      await lead.page.getByLabel("Period").fill("2026-09");
      await lead.page.getByLabel("Numerator", { exact: true }).fill("45");
      await submit(lead.page, "Save figures");
      const errors = (await lead.page.locator(".govuk-error-summary").textContent()) ?? "";
      expect(errors).toContain("This indicator is quarterly: enter the period like 2026-Q3, not 2026-09");
      expect(errors).toContain("Enter both the numerator and the denominator, or neither");
      await expectAccessible(lead.page);
      await expectNoSidewaysScroll(lead.page);
      await enterFigures(lead, indicatorA, { period: EARLIER, numerator: "430", denominator: "500" });
      await screenshot(lead.page, "scorecard-indicator-320");
      await expectNoSidewaysScroll(lead.page);
      // Another agency's indicator is not found.
      expect((await lead.page.goto(`/indicators/${indicatorB}`))?.status()).toBe(404);

      await visit(page, `/indicators/${indicatorA}/edit`, "scorecard-indicator-edit");
      await page.getByLabel("Definition").fill("Staff in child-facing roles trained within two years");
      await submit(page, "Save changes");
      await arrive(page, /saved=version/);
      await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain("Definition changed: a new version starts");
      await expectAccessible(page);
      await visit(page, "/indicators", "scorecard-indicators");
      await enterFigures(lead, indicatorA, { period: LATEST, numerator: "470", denominator: "500" });
    } finally {
      await lead.close();
    }
    const versions = await db("observations").where({ indicator_id: indicatorA }).orderBy("period").select("period", "version", "value");
    expect(versions).toEqual([
      { period: EARLIER, version: 1, value: 86 },
      { period: LATEST, version: 2, value: 94 },
    ]);
  });

  it("the other agency enters a quarter, and its late one is chased by email", async () => {
    const lead = await openBrowser();
    try {
      await signIn(lead.page, agencyB.lead.email, TEST_PASSWORD);
      await enterFigures(lead, indicatorB, { period: EARLIER, numerator: "80", denominator: "100" });
      // The latest quarter is past its due date and not in: the business office runs the chase.
      await admin.page.goto("/outbox");
      await admin.page.getByRole("button", { name: "Send reminders now" }).click();
      await arrive(admin.page, /\/outbox/);
      const mail = await waitForMail(
        (candidate) =>
          candidate.to.includes(agencyB.lead.email) && candidate.subject === `Scorecard figures overdue: ${CODE_B} for ${LATEST}`,
      );
      expect(mail.raw).toContain(`/indicators/${indicatorB}/observations/new`);
      await enterFigures(lead, indicatorB, { period: LATEST, numerator: "88", denominator: "100" });
    } finally {
      await lead.close();
    }
  });

  it("imports four quarters from a CSV after refusing a file with a bad row, writing nothing", async () => {
    expect(
      (
        await cli([
          "indicators:import",
          writeFile(
            "indicators.csv",
            `code,title,definition,unit,polarity,target,green,amber,frequency,quadrant,theme,owner\n${CODE_C},LADO referrals resolved within 30 days,Concluded within 30 working days,percent,higher,80,0,10,quarterly,how_well,decisions,\n`,
          ),
        ])
      ).code,
    ).toBe(0);
    const header = "indicator,period,agency,value,numerator,denominator,provisional,commentary";
    const rows = FOUR.map((period, index) => `${CODE_C},${period},,,${20 + index},30,,`);
    const bad = await cli([
      "observations:import",
      writeFile("bad.csv", [header, ...rows.slice(0, 2), `${CODE_C},${FOUR[2]},,,31,30,,`, rows[3]].join("\n")),
    ]);
    expect(bad).toEqual({
      code: 1,
      out: [],
      err: ["bad.csv: nothing imported, 1 problem to fix", "  Row 4: The numerator cannot be more than the denominator for a percentage"],
    });
    const indicatorC = (await db("indicators").where({ code: CODE_C }).first("id")).id;
    expect(await db("observations").where({ indicator_id: indicatorC }).count({ n: "*" }).first()).toEqual({ n: 0 });
    expect(await cli(["observations:import", writeFile("quarters.csv", [header, ...rows].join("\n"))])).toEqual({
      code: 0,
      out: ["Imported quarters.csv: 4 added, 0 replaced"],
      err: [],
    });
  });

  it("a BI feed writes figures with a write token and is refused with a read token", async () => {
    const { page } = admin;
    const tokenOf = async (name: string, scope: string) => {
      await page.goto("/api-tokens");
      await page.getByLabel("Name").fill(name);
      await page.getByLabel(scope).check();
      await submit(page, "Create token");
      return (await page.getByTestId("new-token").textContent())!.trim();
    };
    const writeToken = await tokenOf(`Scorecard feed ${RUN}`, "Read, and write scorecard figures");
    await expectAccessible(page);
    const readToken = await tokenOf(`Scorecard reader ${RUN}`, "Read only");
    const body = JSON.stringify({
      observations: [{ indicator: CODE_C, period: LATEST, value: 90, commentary: "Revised from the case system", provisional: true }],
    });
    const post = (token: string) =>
      fetch(`${baseUrl()}/api/v1/observations`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body,
      });
    const refused = await post(readToken);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { status: 403, message: expect.stringContaining("This token is read-only") } });
    const written = await post(writeToken);
    expect(written.status).toBe(201);
    expect(await written.json()).toMatchObject({ added: 0, replaced: 1 });
    const row = await db("observations")
      .join("indicators", "indicators.id", "observations.indicator_id")
      .where({ code: CODE_C, period: LATEST })
      .first("value", "source", "commentary");
    expect(row).toEqual({ value: 90, source: "api", commentary: "Revised from the case system" });
  });

  it("QA reads the scorecard with its break, publishes it, and the board's XLSX and DOCX say what its JSON says", async () => {
    const qa = await openBrowser();
    let publicationId = 0;
    try {
      await signIn(qa.page, "qa@example.org");
      await visit(qa.page, `/scorecard?owner=${agencyA.agency.id}`, "scorecard-page");
      const main = (await qa.page.locator("main").textContent()) ?? "";
      expect(main).toContain(`${CODE_A}: Staff with up-to-date safeguarding training`);
      expect(main).toContain(`Break in the series at ${LATEST}: the definition changed (version 1 to 2)`);
      expect(main).not.toContain(CODE_B);
      const table = qa.page.getByRole("table", { name: `${CODE_A} by period` });
      await expect(table.textContent()).resolves.toMatch(
        new RegExp(`${EARLIER}86%.*Amber.*${LATEST}Break: definition version 2.*94%.*Green`),
      );
      // The filter works without JavaScript too: the form is a plain GET.
      const noScript = await openBrowser({ width: 320, javaScript: false });
      try {
        await signIn(noScript.page, "qa@example.org");
        // axe needs JavaScript in the page; this visit checks the plain HTML, and the board's 320 px visit below runs axe.
        await noScript.page.goto("/scorecard");
        await screenshot(noScript.page, "scorecard-page-320-no-js");
        await expectNoSidewaysScroll(noScript.page);
        await noScript.page.getByLabel("Theme").selectOption("decisions");
        await noScript.page.getByRole("button", { name: "Show indicators" }).click();
        await noScript.page.waitForURL(/theme=decisions/);
        const text = (await noScript.page.locator("main").textContent()) ?? "";
        expect(text).toContain(CODE_C);
        expect(text).not.toContain(CODE_A);
        await expectNoSidewaysScroll(noScript.page);
      } finally {
        await noScript.close();
      }
      // The demo's assurance view shows the linked indicators' latest RAG; the demo's re-referrals show their earlier definition.
      const cycle = await db("cycles").where({ title: "Section 11 audit 2026" }).first("id");
      await visit(qa.page, `/cycles/${cycle.id}/assurance`, "scorecard-assurance");
      await expect(qa.page.getByRole("table", { name: /latest RAG/ }).textContent()).resolves.toContain(
        "TRN-UTD: Staff with up-to-date safeguarding training",
      );
      const rr = await db("indicators").where({ code: "RR-12" }).first("id");
      await visit(qa.page, `/indicators/${rr.id}`, "scorecard-demo-indicator");
      await expect(qa.page.locator("main").textContent()).resolves.toContain("Earlier definitions");
      await qa.page.goto("/scorecard");
      await qa.page.getByRole("button", { name: "Publish to the board" }).click();
      await arrive(qa.page, /\/board\/\d+\?published=1/);
      publicationId = Number(/board\/(\d+)/.exec(qa.page.url())![1]);
    } finally {
      await qa.close();
    }

    const board = await openBrowser({ width: 320 });
    try {
      await signIn(board.page, "board@example.org");
      await visit(board.page, "/scorecard", "scorecard-board-list");
      await expect(board.page.locator(`main a[href="/board/${publicationId}"]`).textContent()).resolves.toBe("Scorecard");
      await visit(board.page, `/board/${publicationId}`, "scorecard-board");
      await expect(board.page.locator("main").textContent()).resolves.toContain(`${CODE_A}: Staff with up-to-date safeguarding training`);
      expect((await board.page.goto("/scorecard/export?format=csv"))?.status()).toBe(403);
    } finally {
      await board.close();
    }

    const cookie = await sessionCookie("board@example.org");
    const model = JSON.parse(await (await fetchOk(`/board/${publicationId}/export?format=json`, cookie)).text()) as ScorecardReport;
    const series = model.indicators.flatMap((indicator) => indicator.points.map((point) => ({ code: indicator.code, ...point })));
    const ours = series.filter((point) => [CODE_A, CODE_B, CODE_C].includes(point.code));
    expect(ours.map((point) => [point.code, point.period, point.value, point.rag, point.breakBefore])).toEqual([
      [CODE_A, EARLIER, 86, "amber", false],
      [CODE_A, LATEST, 94, "green", true],
      [CODE_B, EARLIER, 80, "amber", false],
      [CODE_B, LATEST, 88, "green", false],
      ...FOUR.map((period, index) => [
        CODE_C,
        period,
        index === 3 ? 90 : ((20 + index) / 30) * 100,
        index === 3 ? "green" : (20 + index) / 30 >= 0.7 ? "amber" : "red",
        false,
      ]),
    ]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetchOk(`/board/${publicationId}/export?format=xlsx`, cookie)).arrayBuffer());
    const sheet = workbook.getWorksheet("Series")!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    const xlsx = sheet
      .getRows(2, sheet.rowCount - 1)!
      .filter((row) => [CODE_A, CODE_B, CODE_C].includes(String(row.getCell(1).value)))
      .map((row) => [
        row.getCell(1).value,
        row.getCell(2).value,
        row.getCell(headers.indexOf("Value")).value,
        row.getCell(headers.indexOf("RAG")).value,
        row.getCell(headers.indexOf("Break")).value,
      ]);
    expect(xlsx).toEqual(
      ours.map((point) => [
        point.code,
        point.period,
        point.value,
        point.rag ? point.rag[0].toUpperCase() + point.rag.slice(1) : "",
        point.breakBefore ? "Yes" : "No",
      ]),
    );

    const docx = await readDocx(Buffer.from(await (await fetchOk(`/board/${publicationId}/export?format=docx`, cookie)).arrayBuffer()));
    const docxRows = docx.rows.filter((row) => [CODE_A, CODE_B, CODE_C].includes(row[0]) && /^\d{4}-Q\d$/.test(row[1] ?? ""));
    expect(docxRows.map((row) => [row[0], row[1], row[6], row[8]])).toEqual(
      ours.map((point) => [
        point.code,
        point.period,
        point.rag ? point.rag[0].toUpperCase() + point.rag.slice(1) : "",
        point.breakBefore ? "Yes" : "No",
      ]),
    );
    expect(docxRows.map((row) => Number(row[2]))).toEqual(ours.map((point) => Number(point.value.toFixed(1))));
  }, 300_000);
});

function writeFile(name: string, content: string): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, content);
  return target;
}
