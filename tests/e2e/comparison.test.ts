import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { getComparisonReport } from "~/data/reports/comparison.server";
import type { Viewer } from "~/domain/permissions";
import ExcelJS from "exceljs";
import { getActionsReport } from "~/data/reports/actions.server";
import { getTrendReport } from "~/data/reports/trend.server";
import { formatDelta, type ComparisonReport } from "~/domain/reports/comparison";
import { trendPointText } from "~/domain/reports/trend";
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
  visit,
} from "../support/browser";
import { serverDb } from "../support/db";

/**
 * The comparison report (DESIGN §8) on the demo data: "Section 11 audit 2026" against the closed
 * 2025 baseline. The page must show the numbers of the domain's model for the same data, so the
 * model is built here from the server's database and the page is read against it.
 */
let db: Db;
let later: number;
let earlier: number;

async function viewerFor(email: string): Promise<Viewer> {
  const user = await db("users").where({ email }).first();
  return { id: user.id, email: user.email, name: user.name, role: user.role, agencyId: user.agency_id ?? null };
}

async function modelFor(email: string): Promise<ComparisonReport> {
  const result = await getComparisonReport(db, await viewerFor(email), earlier, later);
  if (!result?.ok) throw new Error("The demo comparison did not build");
  return result.report;
}

beforeAll(async () => {
  db = serverDb();
  later = (await db("cycles").where({ title: "Section 11 audit 2026" }).first()).id;
  earlier = (await db("cycles").where({ title: "Section 11 audit 2025" }).first()).id;
});
afterAll(() => db.destroy());

describe("QA subgroup member comparing two cycles", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, "qa@example.org");
  });
  afterAll(() => session.close());

  it("opens the comparison of 2026 against the 2025 baseline from the cycle page", async () => {
    const { page } = session;
    await visit(page, `/cycles/${later}`, "qa-cycle-with-comparison-link");
    await page.getByRole("link", { name: "compare with an earlier cycle" }).click();
    await arrive(page, new RegExp(`/cycles/${later}/comparison$`));
    await expectAccessible(page);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Comparison report: Section 11 audit 2026");
    // The baseline is offered first; the default threshold is 5 points.
    await expect(page.getByLabel("Compare with").inputValue()).resolves.toBe(String(earlier));
    await expect(page.getByLabel("Threshold for improved or declined").inputValue()).resolves.toBe("5");
    await page.getByRole("button", { name: "Compare" }).click();
    await arrive(page, /against=\d+&threshold=5/);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, "qa-comparison");
  });

  it("shows the model's numbers, with n in every table caption", async () => {
    const { page } = session;
    const model = await modelFor("qa@example.org");
    const summary = await page.locator(".govuk-summary-list").first().textContent();
    expect(summary).toContain(`Agencies in both cycles${model.summary.agenciesInBoth}`);
    expect(summary).toContain(
      `${model.summary.onlyEarlier} in Section 11 audit 2025 only, ${model.summary.onlyLater} in Section 11 audit 2026 only`,
    );
    // Two medians, named so they cannot be read as a contradiction ("53% → 53%, median change +13").
    expect(summary).toContain(
      `Median of each agency's own change${formatDelta(model.partnership.medianDelta)} percentage points (n = ${model.partnership.n})`,
    );
    await expect(page.getByText("The two medians answer different questions.").count()).resolves.toBe(1);

    const captions = await page.locator("caption").allTextContents();
    expect(captions.length).toBeGreaterThanOrEqual(4 + model.agencies.length);
    for (const caption of captions) expect(caption).toMatch(/\(n = \d+/);

    const byStandard = page.getByRole("table", { name: /^Change by standard/ });
    await expect(byStandard.locator("tbody tr").count()).resolves.toBe(model.standards.length);
    const firstStandard = model.standards[0];
    const firstRow = (await byStandard.locator("tbody tr").first().locator("th, td").allTextContents()).map((text) => text.trim());
    expect(firstRow).toEqual([
      `${firstStandard.code} ${firstStandard.title}`,
      String(firstStandard.n),
      expect.stringMatching(/^\d+%$/),
      expect.stringMatching(/^\d+%$/),
      formatDelta(firstStandard.medianDelta),
      String(firstStandard.improved),
      String(firstStandard.stable),
      String(firstStandard.declined),
    ]);

    const improved = page.getByRole("table", { name: /^Most improved standards/ });
    await expect(improved.locator("tbody tr").count()).resolves.toBe(model.mostImproved.length);
    await expect(improved.locator("tbody tr").first().textContent()).resolves.toContain(model.mostImproved[0].code);
  });

  it("gives each agency its change in words: improved, declined, a signed number, band then and now", async () => {
    const { page } = session;
    const model = await modelFor("qa@example.org");
    const police = model.agencies.find((row) => row.agency.name === "Northshire Police")!;
    const table = page.getByRole("table", { name: /^Northshire Police: effective rating by standard/ });
    await expect(table.locator("tbody tr").count()).resolves.toBe(police.standards.length);
    const rows = await table.locator("tbody tr").allTextContents();
    // The demo's police return improved on most standards and declined on at least one.
    expect(rows.some((row) => row.includes("Improved"))).toBe(true);
    expect(rows.some((row) => row.includes("Declined"))).toBe(true);
    for (const [index, cell] of police.standards.entries()) {
      expect(rows[index]).toContain(formatDelta(cell.delta));
      // "→" is hidden from screen readers, which hear the visually hidden "to" instead.
      expect(rows[index]).toMatch(
        /(Fully|Mostly|Partially|Not) met \(\d+%\)(?: \(moderated\))? → +to (Fully|Mostly|Partially|Not) met \(\d+%\)/,
      );
    }
    expect(rows.join(" ")).toMatch(/[+\u2212]\d+/);

    const overall = await page
      .getByRole("table", { name: /^Overall score by agency/ })
      .locator("tbody tr", { hasText: "Northshire Police" })
      .textContent();
    expect(overall).toContain(formatDelta(police.overall.delta));
  });

  it("lists the agencies in one cycle only and says what is comparable", async () => {
    const { page } = session;
    const model = await modelFor("qa@example.org");
    const single = page.getByRole("table", { name: /^Agencies with a submitted return in one cycle only/ });
    await expect(single.locator("tbody tr").count()).resolves.toBe(model.singleCycleAgencies.length);
    // Family Support did not submit in 2025 and did in 2026.
    await expect(single.locator("tbody tr", { hasText: "Family Support Northshire" }).textContent()).resolves.toContain(
      "Section 11 audit 2026",
    );
    // 2025 ran on version 2026.1 and 2026 on 2026.2: the five standards 2026.2 added are listed as not comparable.
    const notComparable = page.getByRole("table", { name: /^Standards not compared/ });
    await expect(notComparable.locator("tbody tr").count()).resolves.toBe(model.notComparable.length);
    expect(model.notComparable.map((entry) => entry.code)).toEqual(["S11-13", "S11-14", "S11-15", "S11-16", "S11-17"]);
  });

  it("refuses a threshold that is not a whole number from 1 to 50 with a GOV.UK error, not a 500", async () => {
    const { page } = session;
    await page.getByLabel("Threshold for improved or declined").fill("0");
    await page.getByRole("button", { name: "Compare" }).click();
    await arrive(page, /threshold=0/);
    await page.locator(".govuk-error-summary").waitFor();
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain(
      "The threshold must be between 1 and 50 percentage points",
    );
    await expect(page.locator("#threshold-error").textContent()).resolves.toContain(
      "The threshold must be between 1 and 50 percentage points",
    );
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.locator("caption").count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, "qa-comparison-threshold-error");

    const response = await page.goto(`/cycles/${later}/comparison?against=${earlier}&threshold=five`);
    expect(response?.status()).toBe(400);
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.locator(".govuk-error-summary a[href='#threshold']").textContent()).resolves.toBe(
      "Enter the threshold as a whole number of percentage points, like 5",
    );
    await expect(page.getByLabel("Threshold for improved or declined").inputValue()).resolves.toBe("five");
    await expectAccessible(page);

    const empty = await page.goto(`/cycles/${later}/comparison?against=${earlier}&threshold=`);
    expect(empty?.status()).toBe(400);
    await expect(page.locator("#threshold-error").textContent()).resolves.toContain("Enter the threshold for improved or declined");
  });

  it("uses the threshold it is given", async () => {
    const { page } = session;
    const response = await page.goto(`/cycles/${later}/comparison?against=${earlier}&threshold=50`);
    expect(response?.status()).toBe(200);
    const summary = await page.locator(".govuk-summary-list").first().textContent();
    expect(summary).toContain("50 percentage points: a change of +50 or more is improved, \u221250 or less is declined");
    await expect(page.getByText("No standard has a median of the agencies' own changes of +50 points or more.").count()).resolves.toBe(1);
  });

  it("refuses a cycle that is not an earlier cycle of this tool", async () => {
    const { page } = session;
    const response = await page.goto(`/cycles/${earlier}/comparison?against=${later}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByText("There is no earlier cycle of this audit tool to compare with yet.").count()).resolves.toBe(1);
    const wrong = await page.goto(`/cycles/${later}/comparison?against=${later}`);
    expect(wrong?.status()).toBe(400);
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain(
      "Select an earlier cycle of this audit tool from the list",
    );
  });

  it("fits 320 pixels wide, wide tables scrolling inside their own regions", async () => {
    const narrow = await openBrowser({ width: 320 });
    try {
      await signIn(narrow.page, "qa@example.org");
      await visit(narrow.page, `/cycles/${later}/comparison`, "qa-comparison-320px");
    } finally {
      await narrow.close();
    }
  });
});

describe("agency lead viewing the comparison", () => {
  it("sees only their own agency", async () => {
    const session = await openBrowser();
    try {
      await signIn(session.page, "lead@police.example.org");
      await visit(session.page, `/cycles/${later}/comparison`, "lead-comparison");
      const { page } = session;
      await expect(page.getByText("This view shows your own agency only.").count()).resolves.toBe(1);
      const agencies = await page
        .getByRole("table", { name: /^Overall score by agency/ })
        .locator("tbody tr")
        .allTextContents();
      expect(agencies).toHaveLength(1);
      expect(agencies[0]).toContain("Northshire Police");
      const text = await page.locator("main").textContent();
      for (const other of ["Northshire County Council", "Family Support Northshire", "Hilltop Academy"]) expect(text).not.toContain(other);
    } finally {
      await session.close();
    }
  });
});

describe("board member", () => {
  it("cannot open the live comparison", async () => {
    const cookie = await sessionCookie("board@example.org");
    const response = await fetch(`${baseUrl()}/cycles/${later}/comparison`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(response.status).toBe(403);
  });
});

describe("trend, actions report and downloads", () => {
  let session: Session;
  let cookie: string;
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, "qa@example.org");
    cookie = await sessionCookie("qa@example.org");
  });
  afterAll(() => session.close());

  it("shows the trend across every S11 cycle as a chart drawn in the browser and a table of the same numbers", async () => {
    const { page } = session;
    await visit(page, `/cycles/${later}/comparison`, "qa-comparison-before-trend");
    await page.getByRole("link", { name: /See the trend across every cycle/ }).click();
    await arrive(page, new RegExp(`/cycles/${later}/trend$`));
    await page.locator(".app-chart canvas").waitFor();
    // Chart.js has drawn: the canvas has a size and the chart instance is attached to it.
    await page.waitForFunction(() => ((document.querySelector(".app-chart canvas") as HTMLCanvasElement | null)?.width ?? 0) > 0);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, "qa-trend");
    const model = (await getTrendReport(db, await viewerFor("qa@example.org"), later))!;
    // Other journeys open S11 cycles of their own on the shared e2e server: the demo's two are among them, oldest first.
    const cycleIds = model.cycles.map((cycle) => cycle.id);
    expect(cycleIds).toEqual(expect.arrayContaining([earlier, later]));
    expect(cycleIds.indexOf(earlier)).toBeLessThan(cycleIds.indexOf(later));
    const partnership = await page
      .getByRole("table", { name: /Median overall score per cycle/ })
      .locator("tbody tr")
      .first()
      .textContent();
    for (const point of model.partnership) expect(partnership).toContain(trendPointText(point));
    const agencies = page.getByRole("table", { name: /Overall score by agency per cycle/ }).locator("tbody tr");
    await expect(agencies.count()).resolves.toBe(model.agencies.length);
    // Agencies in one cycle only are shown, not dropped: Hilltop submitted in 2025 only.
    await expect(agencies.filter({ hasText: "Hilltop Academy" }).count()).resolves.toBe(1);
  });

  it("shows the actions report with the model's counts, the overdue action and the rating an action changed", async () => {
    const { page } = session;
    await visit(page, `/cycles/${later}`, "qa-cycle-report-links");
    await page.getByRole("link", { name: "Actions report" }).click();
    await arrive(page, new RegExp(`/cycles/${later}/actions-report$`));
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, "qa-actions-report");
    const model = (await getActionsReport(db, await viewerFor("qa@example.org"), later))!;
    expect(model.partnership.total).toBeGreaterThanOrEqual(4);
    const summary = await page.locator(".govuk-summary-list").first().textContent();
    expect(summary).toContain(
      `${model.partnership.total} (${model.partnership.open} open, ${model.partnership.inProgress} in progress, ${model.partnership.done} done)`,
    );
    expect(summary).toContain(`${model.partnership.overdue} not done and past their due date`);
    const changed = await page
      .getByRole("table", { name: /re-rated after a done action/ })
      .locator("tbody tr")
      .allTextContents();
    expect(changed).toHaveLength(model.ratingChanges.length);
    // Other journeys may add their own; the demo's hospital re-rating is always among them.
    expect(changed.some((row) => row.includes("Northshire Hospitals NHS Foundation Trust"))).toBe(true);
    const byAgency = page
      .getByRole("table", { name: /Actions by agency/ })
      .locator("tbody tr", { hasText: "Northshire Youth Justice Service" });
    const youth = model.agencies.find((row) => row.agency.name === "Northshire Youth Justice Service")!;
    await expect(byAgency.locator("td").allTextContents()).resolves.toEqual(
      expect.arrayContaining([String(youth.total), String(youth.overdue)]),
    );
  });

  it("shows completion by sector with late submissions and the returns not yet in", async () => {
    const { page } = session;
    await visit(page, `/cycles/${earlier}/completion`, "qa-completion-2025");
    // 2025 is closed: the three agencies that never submitted are missing.
    const all = await page
      .getByRole("table", { name: /Returns by sector/ })
      .locator("tbody tr", { hasText: "All agencies" })
      .locator("td")
      .allTextContents();
    expect(all.map((cell) => cell.trim())).toEqual(["12", "3", "0", "9", "0", "0", "3"]);
    await expect(page.getByText("No return was submitted after the due date.").count()).resolves.toBe(1);
  });

  it("downloads the comparison as a workbook and JSON holding the model's numbers", async () => {
    const json = await fetch(`${baseUrl()}/cycles/${later}/comparison/export?format=json&against=${earlier}&threshold=5`, {
      headers: { Cookie: cookie },
    });
    expect(json.status).toBe(200);
    expect(json.headers.get("content-disposition")).toMatch(
      /attachment; filename="comparison-section-11-audit-2026-vs-section-11-audit-2025-\d{4}-\d{2}-\d{2}\.json"/,
    );
    const model = await modelFor("qa@example.org");
    expect(await json.json()).toEqual(JSON.parse(JSON.stringify(model)));
    const xlsx = await fetch(`${baseUrl()}/cycles/${later}/comparison/export?format=xlsx&against=${earlier}`, {
      headers: { Cookie: cookie },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const agencies = workbook.getWorksheet("Agencies")!;
    for (const [index, row] of model.agencies.entries()) {
      expect(agencies.getRow(index + 2).getCell(1).value).toBe(row.agency.name);
      expect(agencies.getRow(index + 2).getCell(5).value).toBe(row.overall.delta);
    }
    expect(
      (
        await fetch(`${baseUrl()}/cycles/${later}/comparison/export?format=xlsx&against=${earlier}&threshold=0`, {
          headers: { Cookie: cookie },
        })
      ).status,
    ).toBe(400);
    for (const path of [
      `/cycles/${later}/completion/export?format=csv`,
      `/cycles/${later}/actions-report/export?format=docx`,
      `/cycles/${later}/trend/export?format=xlsx`,
    ]) {
      expect((await fetch(`${baseUrl()}${path}`, { headers: { Cookie: cookie } })).status, path).toBe(200);
    }
  });

  it("publishes the comparison anonymised; the board reads it frozen, and nothing live", async () => {
    const { page } = session;
    await page.goto(`/cycles/${later}/comparison?against=${earlier}&threshold=5`);
    await page.getByLabel("Anonymised").check();
    await page.getByRole("button", { name: "Publish to the board" }).click();
    await arrive(page, /\/board\/\d+\?published=1/);
    const publicationId = Number(new URL(page.url()).pathname.split("/")[2]);
    try {
      const board = await openBrowser();
      try {
        await signIn(board.page, "board@example.org");
        await visit(board.page, `/board/${publicationId}`, "board-comparison-anonymised");
        const text = await board.page.locator("main").textContent();
        expect(text).toContain("Agency A");
        expect(text).not.toContain("Northshire County Council");
        await expect(board.page.getByRole("heading", { name: "What changed since Section 11 audit 2025" }).count()).resolves.toBe(1);
        const boardCookie = await sessionCookie("board@example.org");
        expect((await fetch(`${baseUrl()}/board/${publicationId}/export?format=docx`, { headers: { Cookie: boardCookie } })).status).toBe(
          200,
        );
        expect(
          (await fetch(`${baseUrl()}/cycles/${later}/actions-report`, { headers: { Cookie: boardCookie }, redirect: "manual" })).status,
        ).toBe(403);
      } finally {
        await board.close();
      }
    } finally {
      // Other journeys read the board's list of 2026 publications: leave it as it was.
      await db("publications").where({ id: publicationId }).delete();
    }
  });
});
