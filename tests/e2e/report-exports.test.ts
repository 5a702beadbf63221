import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import type { BaselineReport } from "~/domain/reports/baseline";
import { formatPercent } from "~/domain/scoring";
import { baseUrl, openBrowser, sessionCookie, signIn, visit } from "../support/browser";
import { serverDb } from "../support/db";

/**
 * Journey: downloading the baseline report as files over HTTP, as QA (the live cycle), as an agency
 * lead (their own agency only) and as a board member (a publication, never the live cycle), and
 * printing the page to PDF. The spreadsheet must hold the same figure the page shows.
 */

const PDF_DIR = path.resolve("test-results/report-exports");
const COUNCIL = "Northshire County Council";

let db: Db;
let cycleId = 0;
let qaCookie = "";

beforeAll(async () => {
  db = serverDb();
  cycleId = (await db("cycles").where({ title: "Section 11 audit 2026" }).first()).id;
  qaCookie = await sessionCookie("qa@example.org");
});
afterAll(() => db.destroy());

function download(url: string, cookie: string): Promise<Response> {
  return fetch(`${baseUrl()}${url}`, { headers: { Cookie: cookie }, redirect: "manual" });
}

async function readWorkbook(response: Response): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

/** The overall % cell of an agency's row on the Heat map sheet. */
function overallOf(workbook: ExcelJS.Workbook, agency: string): unknown {
  const heatMap = workbook.getWorksheet("Heat map")!;
  const rowNumber = (heatMap.getColumn(1).values as unknown[]).indexOf(agency);
  expect(rowNumber, `${agency} on the Heat map sheet`).toBeGreaterThan(1);
  return heatMap.getRow(rowNumber).getCell(3).value;
}

const DATED_NAME = (extension: string) =>
  new RegExp(`^attachment; filename="baseline-section-11-audit-2026-\\d{4}-\\d{2}-\\d{2}\\.${extension}"$`);

describe("baseline downloads", () => {
  it("gives QA every format of the live report with its content type and file name", async () => {
    const expected = {
      xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      csv: "text/csv; charset=utf-8",
      json: "application/json; charset=utf-8",
    };
    for (const [format, contentType] of Object.entries(expected)) {
      const response = await download(`/cycles/${cycleId}/baseline/export?format=${format}`, qaCookie);
      expect(response.status, format).toBe(200);
      expect(response.headers.get("content-type")).toBe(contentType);
      expect(response.headers.get("content-disposition")).toMatch(DATED_NAME(format));
      const body = Buffer.from(await response.arrayBuffer());
      if (format === "docx") {
        const xml = await (await JSZip.loadAsync(body)).file("word/document.xml")!.async("string");
        expect(xml).toContain(COUNCIL);
        expect(xml).toContain("Where each agency stands");
      }
      if (format === "csv")
        expect(
          body
            .toString("utf8")
            .split("\r\n")
            .some((line) => line.startsWith(`${COUNCIL},local_authority,S11-1,`)),
        ).toBe(true);
      if (format === "json")
        expect((JSON.parse(body.toString("utf8")) as BaselineReport).agencies.map((row) => row.agency.name)).toContain(COUNCIL);
    }
  });

  it("puts the same overall score in the spreadsheet as the page shows, unrounded", async () => {
    const workbook = await readWorkbook(await download(`/cycles/${cycleId}/baseline/export?format=xlsx`, qaCookie));
    const overall = overallOf(workbook, COUNCIL);
    expect(typeof overall).toBe("number");
    const model = (await (await download(`/cycles/${cycleId}/baseline/export?format=json`, qaCookie)).json()) as BaselineReport;
    expect(overall).toBe(model.agencies.find((row) => row.agency.name === COUNCIL)?.overall.percent);

    const session = await openBrowser();
    try {
      await signIn(session.page, "qa@example.org");
      await visit(session.page, `/cycles/${cycleId}/baseline`, "qa-baseline-downloads");
      const row = await session.page
        .getByRole("table", { name: /Effective rating/ })
        .locator("tbody tr", { hasText: COUNCIL })
        .textContent();
      const shown = row?.match(/\((\d+%)\)/)?.[1];
      expect(shown).toBe(formatPercent(overall as number));

      const links = session.page.locator(".app-downloads").getByRole("link");
      expect(await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href")))).toEqual(
        ["xlsx", "docx", "csv", "json"].map((format) => `/cycles/${cycleId}/baseline/export?format=${format}`),
      );
    } finally {
      await session.close();
    }
  });

  it("answers an unknown format with 400 and a plain message", async () => {
    for (const query of ["?format=pdf", ""]) {
      const response = await download(`/cycles/${cycleId}/baseline/export${query}`, qaCookie);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response.text()).toBe("Choose a format: xlsx, docx, csv or json");
    }
  });

  it("gives an agency lead their own agency's rows only", async () => {
    const cookie = await sessionCookie("lead@police.example.org");
    const response = await download(`/cycles/${cycleId}/baseline/export?format=csv`, cookie);
    expect(response.status).toBe(200);
    const agencies = new Set(
      (await response.text())
        .trimEnd()
        .split("\r\n")
        .slice(1)
        .map((line) => line.split(",")[0]),
    );
    expect(agencies).toEqual(new Set(["Northshire Police"]));
  });

  it("lets a board member download a publication but not the live cycle", async () => {
    const published = await fetch(`${baseUrl()}/cycles/${cycleId}/baseline`, {
      method: "POST",
      headers: { Cookie: qaCookie },
      body: new URLSearchParams({ view: "named" }),
      redirect: "manual",
    });
    expect(published.status).toBe(302);
    const publicationId = /\/board\/(\d+)/.exec(published.headers.get("location") ?? "")?.[1];
    expect(publicationId).toBeDefined();

    const boardCookie = await sessionCookie("board@example.org");
    expect((await download(`/cycles/${cycleId}/baseline/export?format=xlsx`, boardCookie)).status).toBe(403);

    const response = await download(`/board/${publicationId}/export?format=xlsx`, boardCookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(DATED_NAME("xlsx"));
    const workbook = await readWorkbook(response);
    const live = await readWorkbook(await download(`/cycles/${cycleId}/baseline/export?format=xlsx`, qaCookie));
    expect(overallOf(workbook, COUNCIL)).toBe(overallOf(live, COUNCIL));
    const summary = workbook.getWorksheet("Summary")!;
    const publishedRow = (summary.getColumn(1).values as unknown[]).indexOf("Published");
    expect(String(summary.getRow(publishedRow).getCell(2).value)).toMatch(/ by /);

    expect((await download(`/board/${publicationId}/export?format=docx`, boardCookie)).status).toBe(200);
    expect((await download("/board/999999/export?format=csv", boardCookie)).status).toBe(404);
    const lead = await sessionCookie("lead@council.example.org");
    expect((await download(`/board/${publicationId}/export?format=csv`, lead)).status).toBe(403);
  });

  it("prints the baseline page to a PDF without the download links", async () => {
    const session = await openBrowser();
    try {
      await signIn(session.page, "qa@example.org");
      await session.page.goto(`/cycles/${cycleId}/baseline`);
      await session.page.emulateMedia({ media: "print" });
      expect(await session.page.getByRole("heading", { name: "Download" }).isVisible()).toBe(false);
      expect(await session.page.getByRole("table", { name: /Effective rating/ }).isVisible()).toBe(true);
      fs.mkdirSync(PDF_DIR, { recursive: true });
      const pdf = await session.page.pdf({
        path: path.join(PDF_DIR, "baseline.pdf"),
        format: "A4",
        landscape: true,
        printBackground: true,
      });
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const pages = pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? [];
      expect(pages.length).toBeGreaterThan(0);
    } finally {
      await session.close();
    }
  });
});
