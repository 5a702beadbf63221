import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import type { BaselineReport } from "~/domain/reports/baseline";
import { formatSpread } from "~/domain/reports/spread";
import { formatPercent } from "~/domain/scoring";
import { arrive, baseUrl, openBrowser, sessionCookie, signIn, visit } from "../support/browser";
import { serverDb } from "../support/db";

/**
 * The baseline report end to end: the page and an agency's page in Chromium (axe, charts with
 * their table twins), the page printed to PDF and read back with pdftotext, the workbook converted
 * by LibreOffice and compared with the JSON model sheet by sheet, the Word pack read back, and an
 * anonymised publication that names no agency in any file.
 */

const OUT = path.resolve("test-results/baseline-report");
const COUNCIL = "Northshire County Council";

let db: Db;
let cycleId = 0;
let qaCookie = "";
let model: BaselineReport;

beforeAll(async () => {
  db = serverDb();
  cycleId = (await db("cycles").where({ title: "Section 11 audit 2026" }).first()).id;
  qaCookie = await sessionCookie("qa@example.org");
  model = (await (await download(`/cycles/${cycleId}/baseline/export?format=json`, qaCookie)).json()) as BaselineReport;
  fs.mkdirSync(OUT, { recursive: true });
});
afterAll(() => db.destroy());

function download(url: string, cookie: string): Promise<Response> {
  return fetch(`${baseUrl()}${url}`, { headers: { Cookie: cookie }, redirect: "manual" });
}

async function saveDownload(url: string, cookie: string, name: string): Promise<string> {
  const response = await download(url, cookie);
  expect(response.status, url).toBe(200);
  const file = path.join(OUT, name);
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  return file;
}

/** Text with every run of white space made one space, as pdftotext and Word break lines where they like. */
function squash(text: string): string {
  return text.replace(/\s+/g, " ");
}

/**
 * Every sheet of a workbook as CSV through LibreOffice (filter token 12 = -1: all sheets, one file
 * each, raw values rather than as shown), with its own profile so parallel runs never share one.
 */
function sheetsViaLibreOffice(xlsx: string): Map<string, string[][]> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-lo-out-"));
  const profile = `file:///tmp/lo-${crypto.randomUUID()}`;
  try {
    execFileSync(
      "soffice",
      [
        `-env:UserInstallation=${profile}`,
        "--headless",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1",
        "--outdir",
        outDir,
        xlsx,
      ],
      { stdio: "pipe", timeout: 120_000 },
    );
    const base = path.basename(xlsx, ".xlsx");
    const sheets = new Map<string, string[][]>();
    for (const file of fs.readdirSync(outDir)) {
      const rows = fs
        .readFileSync(path.join(outDir, file), "utf8")
        .split(/\r?\n/)
        .map((line) => parseCsvLine(line));
      sheets.set(file.slice(base.length + 1, -".csv".length), rows);
    }
    return sheets;
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(profile.slice("file://".length), { recursive: true, force: true });
  }
}

function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      fields.push(field);
      field = "";
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** The number LibreOffice wrote (15 significant digits) matches the model's full-precision figure. */
function expectSameNumber(text: string | undefined, value: number | null, what: string): void {
  if (value === null) {
    expect(text, what).toBe("Not scored");
    return;
  }
  expect(Math.abs(Number(text) - value), `${what}: ${text} against ${value}`).toBeLessThan(1e-9);
}

describe("the baseline report page", () => {
  it("shows every view with charts beside tables of the same numbers, accessibly", async () => {
    const session = await openBrowser();
    try {
      await signIn(session.page, "qa@example.org");
      await visit(session.page, `/cycles/${cycleId}/baseline`, "baseline-report");
      const page = session.page;
      for (const heading of [
        "Returns",
        "Overall ratings",
        "Where each agency stands",
        "Each standard across agencies",
        "Sector medians",
        "Self rating against effective rating",
        "Questions most often unmet",
      ]) {
        await expect(page.getByRole("heading", { name: heading, exact: true }).count(), heading).resolves.toBe(1);
      }
      // The dimensions view is there only for a tool with dimensions: the 2026.2 tools have none (decision 016).
      await expect(page.getByRole("heading", { name: "Dimensions", exact: true }).count(), "Dimensions").resolves.toBe(
        model.dimensions.length > 0 ? 1 : 0,
      );
      // Charts are drawn once scripts run, each an image with a text summary, each followed by its table twin.
      const charts = page.locator("canvas[role=img]");
      await charts.first().waitFor();
      expect(await charts.count()).toBe(2);
      for (const label of await charts.evaluateAll((canvases) => canvases.map((canvas) => canvas.getAttribute("aria-label") ?? ""))) {
        expect(label).toMatch(/The same numbers are in the table below\.$/);
      }
      const standards = page.getByRole("table", { name: /^Each standard: agencies by effective band/ });
      const firstStandard = model.perStandard[0];
      const cells = (await standards.locator("tbody tr").first().locator("td").allTextContents()).map(squash);
      const at = model.bands.length + 1;
      expect(cells.slice(at, at + 3)).toEqual([
        formatPercent(firstStandard.spread.median),
        `${formatPercent(firstStandard.spread.q1)} to ${formatPercent(firstStandard.spread.q3)}`,
        String(firstStandard.spread.n),
      ]);
      // The heat map names the source of a moderated rating in words.
      const moderated = model.agencies.flatMap((row) => row.standards).filter((cell) => cell.effectiveSource === "moderated").length;
      expect(await page.locator(".app-heatmap .app-band-source").count()).toBe(moderated);
      // The most often unmet question of the model heads the item table.
      const items = page.getByRole("table", { name: "Questions most often unmet" });
      expect(await items.locator("tbody tr").first().locator("th").textContent()).toBe(model.items.rows[0].question);
    } finally {
      await session.close();
    }
  });

  it("prints to a PDF whose text holds the views and the model's figures, without the download links", async () => {
    const session = await openBrowser();
    try {
      await signIn(session.page, "qa@example.org");
      const page = session.page;
      await page.goto(`/cycles/${cycleId}/baseline`);
      await page.locator("canvas[role=img]").first().waitFor();
      await page.emulateMedia({ media: "print" });
      const pdfFile = path.join(OUT, "baseline.pdf");
      await page.pdf({ path: pdfFile, format: "A4", landscape: true, printBackground: true });
      const text = squash(execFileSync("pdftotext", ["-layout", pdfFile, "-"], { encoding: "utf8" }));
      for (const expected of [
        "Each standard across agencies",
        "Questions most often unmet",
        `Median overall score: ${formatSpread(model.summary.overallSpread)}`,
        COUNCIL,
      ]) {
        expect(text, `PDF text holds "${expected}"`).toContain(expected);
      }
      expect(text).not.toContain("Excel spreadsheet (XLSX)");
    } finally {
      await session.close();
    }
  });

  it("filters the heat map by sector through the address, and refuses a bad page number with a message", async () => {
    const session = await openBrowser();
    try {
      await signIn(session.page, "qa@example.org");
      await session.page.goto(`/cycles/${cycleId}/baseline`);
      const sector = model.agencies[0].agency.sector;
      const expected = model.agencies.filter((row) => row.agency.sector === sector).map((row) => row.agency.name);
      await session.page.getByLabel("Show agencies of").selectOption(sector);
      await session.page.getByRole("button", { name: "Show agencies" }).click();
      await arrive(session.page, (url) => url.searchParams.get("sector") === sector);
      const names = await session.page.locator(".app-heatmap tbody th a").allTextContents();
      expect(names).toEqual(expected);
      expect(await session.page.locator(".app-heatmap caption").textContent()).toContain(
        `agencies 1 to ${expected.length} of ${expected.length}`,
      );
      await visit(session.page, `/cycles/${cycleId}/baseline?sector=${sector}`, "baseline-report-sector");
    } finally {
      await session.close();
    }
    const bad = await download(`/cycles/${cycleId}/baseline?page=two`, qaCookie);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Give the page as a whole number, such as 2");
  });

  it("sends the page one heat-map page and the group views, not the whole model", async () => {
    const html = await (await download(`/cycles/${cycleId}/baseline`, qaCookie)).text();
    // The item view sends its first 10 questions; the model holds all of them.
    expect(model.items.rows.length).toBeGreaterThan(10);
    expect(html).not.toContain(JSON.stringify(model.items.rows[model.items.rows.length - 1].key));
  });
});

describe("an agency's baseline page", () => {
  it("sets the agency's standards beside the partnership and sector medians, with a chart, its table and its actions", async () => {
    const council = model.agencies.find((row) => row.agency.name === COUNCIL)!;
    const session = await openBrowser();
    try {
      await signIn(session.page, "qa@example.org");
      await session.page.goto(`/cycles/${cycleId}/baseline`);
      await session.page.getByRole("link", { name: COUNCIL }).click();
      await arrive(session.page, new RegExp(`/cycles/${cycleId}/baseline/agencies/${council.agency.id}$`));
      await visit(session.page, session.page.url(), "baseline-agency");
      expect(await session.page.getByRole("heading", { level: 1 }).textContent()).toBe(COUNCIL);
      await session.page.locator("canvas[role=img]").waitFor();
      const table = session.page.getByRole("table", { name: `${COUNCIL}: standards against the partnership and sector medians` });
      const first = squash((await table.locator("tbody tr").first().textContent()) ?? "");
      expect(first).toContain(formatPercent(council.standards[0].percent));
      expect(first).toContain(`${formatPercent(model.perStandard[0].spread.median)} (n = ${model.perStandard[0].spread.n})`);
      await expect(session.page.getByRole("heading", { name: "Actions" }).count()).resolves.toBe(1);
    } finally {
      await session.close();
    }
  });

  it("is there for an agency's own lead, at 320px, and is not found for another agency", async () => {
    const police = model.agencies.find((row) => row.agency.name === "Northshire Police");
    const council = model.agencies.find((row) => row.agency.name === COUNCIL)!;
    const lead = await sessionCookie("lead@police.example.org");
    expect((await download(`/cycles/${cycleId}/baseline/agencies/${council.agency.id}`, lead)).status).toBe(404);
    if (!police) return;
    const session = await openBrowser({ width: 320 });
    try {
      await signIn(session.page, "lead@police.example.org");
      await visit(session.page, `/cycles/${cycleId}/baseline/agencies/${police.agency.id}`, "baseline-agency-own-320");
    } finally {
      await session.close();
    }
  });
});

describe("the baseline files", () => {
  it("holds the JSON model's numbers in every sheet of the workbook, as LibreOffice reads it", async () => {
    const xlsx = await saveDownload(`/cycles/${cycleId}/baseline/export?format=xlsx`, qaCookie, "baseline.xlsx");
    const sheets = sheetsViaLibreOffice(xlsx);
    expect([...sheets.keys()].sort()).toEqual([
      "Dimensions",
      "Heat map",
      "Items unmet",
      "Optimism gap",
      "Per standard",
      "Scores",
      "Sector medians",
      "Standards",
      "Summary",
    ]);

    const summary = sheets.get("Summary")!;
    const value = (label: string, column: number) => summary.find((row) => row[0] === label)?.[column];
    expect(value("Agencies in the cycle", 1)).toBe(String(model.summary.assigned));
    expectSameNumber(value("Overall score: median", 2), model.summary.overallSpread.median, "overall median");
    expectSameNumber(value("Overall score: upper quartile", 2), model.summary.overallSpread.q3, "overall upper quartile");

    const perStandard = sheets.get("Per standard")!;
    const bands = model.bands.length;
    for (const entry of model.perStandard) {
      const row = perStandard.find((candidate) => candidate[0] === entry.code)!;
      expect(row.slice(2, 2 + bands), entry.code).toEqual(entry.distribution.map((count) => String(count.count)));
      expect(row[2 + bands + 1]).toBe(String(entry.spread.n));
      expectSameNumber(row[2 + bands + 2], entry.spread.median, `${entry.code} median`);
      expectSameNumber(row[2 + bands + 3], entry.spread.q1, `${entry.code} lower quartile`);
      expectSameNumber(row[2 + bands + 4], entry.spread.q3, `${entry.code} upper quartile`);
    }

    const heatMap = sheets.get("Heat map")!;
    for (const agency of model.agencies)
      expectSameNumber(heatMap.find((row) => row[0] === agency.agency.name)?.[2], agency.overall.percent, `${agency.agency.name} overall`);

    const items = sheets.get("Items unmet")!;
    expect(items.filter((row) => model.items.rows.some((item) => item.key === row[0]))).toHaveLength(model.items.rows.length);
    const top = items.find((row) => row[0] === model.items.rows[0].key)!;
    expect([top[3], top[4]]).toEqual([String(model.items.rows[0].n), String(model.items.rows[0].unmet)]);

    // exceljs agrees with LibreOffice on the view sheets (numbers stored as numbers, not text).
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(
      workbook
        .getWorksheet("Per standard")!
        .getRow(2)
        .getCell(2 + bands + 3).value,
    ).toBe(model.perStandard[0].spread.median);
  });

  it("holds the same numbers in the Word board pack", async () => {
    const docx = await saveDownload(`/cycles/${cycleId}/baseline/export?format=docx`, qaCookie, "baseline.docx");
    const xml = await (await JSZip.loadAsync(fs.readFileSync(docx))).file("word/document.xml")!.async("string");
    const text = squash(
      [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
        .map((match) => match[1])
        .join(" ")
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&"),
    );
    for (const entry of model.perStandard) expect(text, entry.code).toContain(formatSpread(entry.spread));
    const top = model.items.rows[0];
    expect(text).toContain(`${top.unmet} of ${top.n} (${formatPercent(top.unmetPercent)})`);
    expect(text).toContain(COUNCIL);
  });

  it("names no agency anywhere in an anonymised publication, on the board's page or in its files", async () => {
    const published = await fetch(`${baseUrl()}/cycles/${cycleId}/baseline`, {
      method: "POST",
      headers: { Cookie: qaCookie },
      body: new URLSearchParams({ view: "anonymised" }),
      redirect: "manual",
    });
    expect(published.status).toBe(302);
    const publicationId = /\/board\/(\d+)/.exec(published.headers.get("location") ?? "")?.[1];
    const board = await sessionCookie("board@example.org");
    const names = model.agencies.map((row) => row.agency.name);

    const json = await (await download(`/board/${publicationId}/export?format=json`, board)).text();
    const xlsxFile = await saveDownload(`/board/${publicationId}/export?format=xlsx`, board, "anonymised.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxFile);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? "")))));
    const docx = await (
      await JSZip.loadAsync(Buffer.from(await (await download(`/board/${publicationId}/export?format=docx`, board)).arrayBuffer()))
    )
      .file("word/document.xml")!
      .async("string");

    const session = await openBrowser();
    try {
      await signIn(session.page, "board@example.org");
      await visit(session.page, `/board/${publicationId}`, "baseline-board-anonymised");
      const html = await session.page.content();
      for (const [where, text] of Object.entries({ json, xlsx: cells.join("\n"), docx, page: html })) {
        for (const name of names) expect(text, `${name} in the anonymised ${where}`).not.toContain(name);
        expect(text, where).toContain("Agency A");
      }
      expect(await session.page.locator(".app-heatmap a").count()).toBe(0);
    } finally {
      await session.close();
    }
  });
});
