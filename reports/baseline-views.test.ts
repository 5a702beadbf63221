import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { anonymiseBaseline } from "~/domain/reports/anonymise";
import { renderBaselineCsv } from "./baseline-csv";
import { renderBaselineDocx } from "./baseline-docx";
import { renderBaselineExport } from "./baseline-export";
import { PERCENT_FORMAT, renderBaselineXlsx } from "./baseline-xlsx";
import { baselineTestModel, LIVE_CONTEXT, PUBLISHED_CONTEXT } from "./baseline-test-model";

/*
 * The per-view parts of the files. In the test model S1 scores 100, 66.67 and 20 (median 66.67;
 * quartiles by linear interpolation: h = 0.5 → 20 + 0.5 × 46.67 = 43.33, h = 1.5 → 83.33) and S2
 * 83.33, 50 and 39 (median 50, quartiles 44.5 and 66.67).
 */

async function workbookOf(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

function rows(sheet: ExcelJS.Worksheet): unknown[][] {
  const found: unknown[][] = [];
  sheet.eachRow((row) => found.push((row.values as unknown[]).slice(1)));
  return found;
}

async function documentText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file("word/document.xml")!.async("string");
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join(" ");
}

/** Every cell's text of every sheet, so a test can look for a name anywhere in the workbook. */
function workbookText(workbook: ExcelJS.Workbook): string {
  const parts: string[] = [];
  workbook.eachSheet((sheet) => {
    parts.push(sheet.name);
    sheet.eachRow((row) => row.eachCell((cell) => parts.push(String(cell.value ?? ""), String(cell.note ?? ""))));
  });
  return parts.join("\n");
}

describe("baseline workbook views", () => {
  it("gives each standard's band counts, median and quartiles as real numbers with their n and exclusions", async () => {
    const sheet = (await workbookOf(await renderBaselineXlsx(baselineTestModel(), LIVE_CONTEXT))).getWorksheet("Per standard")!;
    const [header, s1, s2, s3] = rows(sheet);
    expect(header.slice(0, 13)).toEqual([
      "Code",
      "Title",
      "Fully met (agencies)",
      "Mostly met (agencies)",
      "Partially met (agencies)",
      "Not met (agencies)",
      "Not rated",
      "n scored",
      "Median (%)",
      "Lower quartile (%)",
      "Upper quartile (%)",
      "Not scored",
      "Items N/A",
    ]);
    // S1 effective: Alpha Fully, Beta Mostly, Gamma Not met.
    expect(s1.slice(0, 8)).toEqual(["S1", "Leadership and accountability", 1, 1, 0, 1, 0, 3]);
    expect(s1[8]).toBeCloseTo(66.6667, 4);
    expect(s1[9]).toBeCloseTo(43.3333, 4);
    expect(s1[10]).toBeCloseTo(83.3333, 4);
    expect(sheet.getRow(2).getCell(9).numFmt).toBe(PERCENT_FORMAT);
    expect(s2.slice(8, 11)).toEqual([50, 44.5, expect.closeTo(66.6667, 4)]);
    // S3: scored for Alpha only; Beta and Gamma not scored, each with 2 questions N/A.
    expect(s3.slice(6, 13)).toEqual([2, 1, 91.66666666666667, 91.66666666666667, 91.66666666666667, 2, 4]);
  });

  it("lists sector medians with n, dimensions with their spread, each agency's optimism gap and every question with its unmet count", async () => {
    const workbook = await workbookOf(await renderBaselineXlsx(baselineTestModel(), LIVE_CONTEXT));
    expect(rows(workbook.getWorksheet("Sector medians")!).slice(1, 4)).toEqual([
      ["S1", "Police", 1, 100],
      ["S1", "Health", 1, 66.66666666666667],
      ["S1", "Housing", 1, 20],
    ]);
    // Dimension "setting": 100, 66.67, 20 → median 66.67.
    expect(rows(workbook.getWorksheet("Dimensions")!)[1].slice(0, 7)).toEqual(["Setting quality standards", "S1", 1, 1, 0, 1, 3]);
    expect(
      rows(workbook.getWorksheet("Optimism gap")!)
        .slice(1)
        .map((row) => row.slice(0, 4)),
    ).toEqual([
      ["Alpha Police", "Police", 0, 2],
      ["Beta Health", "Health", 2, 2],
      ["Gamma Homes", "Housing", 1, 1],
    ]);
    expect(rows(workbook.getWorksheet("Items unmet")!)[1]).toEqual(["s2_q1", "Are DBS checks renewed?", "S2", 2, 1, 50, 2, 25, 0, 0]);
  });
});

describe("baseline board pack views", () => {
  it("has a table per view with medians, their spread and n, and the questions most often unmet", async () => {
    const text = await documentText(await renderBaselineDocx(baselineTestModel(), LIVE_CONTEXT));
    for (const heading of [
      "Each standard across agencies",
      "Sector medians",
      "Dimensions",
      "Self rating against effective rating",
      "Optimism gap by agency",
      "Questions most often unmet",
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain("67% (middle half 43% to 83%, n = 3)");
    expect(text).toContain("50% (middle half 45% to 67%, n = 3)");
    expect(text).toContain("Are DBS checks renewed?");
    expect(text).toContain("1 of 2 (50%)");
  });
});

describe("an anonymised publication", () => {
  it("names no agency in its JSON, CSV, workbook or board pack", async () => {
    const model = anonymiseBaseline(baselineTestModel(), 5);
    const json = Buffer.from((await renderBaselineExport(model, "json", PUBLISHED_CONTEXT)).body).toString("utf8");
    const csv = renderBaselineCsv(model);
    const xlsx = workbookText(await workbookOf(await renderBaselineXlsx(model, PUBLISHED_CONTEXT)));
    const docx = await documentText(await renderBaselineDocx(model, PUBLISHED_CONTEXT));
    for (const [format, text] of Object.entries({ json, csv, xlsx, docx })) {
      for (const name of ["Alpha", "Beta", "Gamma", "Police", "Homes"]) expect(text, `${name} in the ${format}`).not.toContain(name);
      expect(text, format).toContain("Agency A");
    }
  });

  it("shows no sector median of a group smaller than the minimum size", async () => {
    // Every sector of the test model has one agency: all are withheld at the default minimum of 5.
    const model = anonymiseBaseline(baselineTestModel(), 5);
    expect(model.perStandard.every((entry) => entry.sectors.length === 0)).toBe(true);
    const sectorSheet = rows((await workbookOf(await renderBaselineXlsx(model, PUBLISHED_CONTEXT))).getWorksheet("Sector medians")!);
    // A table whose every row would say "not shown" is one sentence instead.
    expect(sectorSheet.slice(1).map((row) => row[0])).toEqual(["No sector has enough agencies to be shown without identifying them."]);
    expect(await documentText(await renderBaselineDocx(model, PUBLISHED_CONTEXT))).toContain(
      "No sector has enough agencies to be shown without identifying them.",
    );
  });
});
