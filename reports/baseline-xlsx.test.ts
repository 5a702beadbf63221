import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { anonymiseBaseline } from "~/domain/reports/anonymise";
import { PERCENT_FORMAT, renderBaselineXlsx, WHOLE_NUMBER_FORMAT } from "./baseline-xlsx";
import { baselineTestModel, LIVE_CONTEXT, PUBLISHED_CONTEXT } from "./baseline-test-model";

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`No sheet called ${name}`);
  return found;
}

/** The row whose first cell is `text`, so the tests do not depend on row numbers. */
function rowStarting(worksheet: ExcelJS.Worksheet, text: string): ExcelJS.Row {
  for (let number = 1; number <= worksheet.rowCount; number += 1) {
    const row = worksheet.getRow(number);
    if (row.getCell(1).value === text) return row;
  }
  throw new Error(`No row starts with "${text}" in ${worksheet.name}`);
}

function fillOf(cell: ExcelJS.Cell): string | undefined {
  return cell.fill?.type === "pattern" ? cell.fill.fgColor?.argb : undefined;
}

describe("baseline workbook", () => {
  it("has a Summary, Heat map, Scores and Standards sheet and one sheet per view, each with its header row frozen", async () => {
    const workbook = await readBack(await renderBaselineXlsx(baselineTestModel(), LIVE_CONTEXT));
    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual([
      "Summary",
      "Heat map",
      "Scores",
      "Standards",
      "Per standard",
      "Sector medians",
      "Dimensions",
      "Optimism gap",
      "Items unmet",
    ]);
    for (const worksheet of workbook.worksheets) {
      expect(worksheet.views[0], worksheet.name).toMatchObject({ state: "frozen", ySplit: 1 });
    }
    expect(sheet(workbook, "Heat map").views[0]).toMatchObject({ xSplit: 1 });
    expect(sheet(workbook, "Heat map").getColumn(1).width).toBe(40);
    expect(sheet(workbook, "Standards").getColumn(2).width).toBe(60);
  });

  it("puts the overall percentage in the heat map as an unrounded number shown as a whole percent", async () => {
    const heatMap = sheet(await readBack(await renderBaselineXlsx(baselineTestModel(), LIVE_CONTEXT)), "Heat map");
    expect(heatMap.getRow(1).values).toEqual([
      undefined,
      "Agency",
      "Sector",
      "Overall (%)",
      "Overall band",
      "Optimism gap",
      "S1",
      "S2",
      "S3",
      "Essential requirements not met",
    ]);
    const gamma = rowStarting(heatMap, "Gamma Homes");
    expect(gamma.getCell(2).value).toBe("Housing");
    // 29.5 would show as "30%" beside Not met (Partially met starts at 30): one decimal instead.
    expect(gamma.getCell(3).value).toBe(29.5);
    expect(gamma.getCell(3).numFmt).toBe('0.0"%"');
    expect(rowStarting(heatMap, "Alpha Police").getCell(3).numFmt).toBe(PERCENT_FORMAT);
    expect(gamma.getCell(4).value).toBe("Not met");
    expect(gamma.getCell(5).value).toBe(1);
    expect(rowStarting(heatMap, "Alpha Police").getCell(3).value).toBe(91.66666666666667);
  });

  it("prints the heat map legibly: A3 landscape one page wide, its print area set, header row and agency column on every page", async () => {
    const heatMap = sheet(await readBack(await renderBaselineXlsx(baselineTestModel(), LIVE_CONTEXT)), "Heat map");
    expect(heatMap.pageSetup).toMatchObject({
      orientation: "landscape",
      paperSize: 8,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "1:1",
      printTitlesColumn: "A:A",
    });
    expect(heatMap.pageSetup.printArea).toBe("A1:I4");
  });

  it("writes each standard's effective band label on the band's colour, with text that reads on it", async () => {
    const heatMap = sheet(await readBack(await renderBaselineXlsx(baselineTestModel(), LIVE_CONTEXT)), "Heat map");
    const beta = rowStarting(heatMap, "Beta Health");
    // S1 computed Mostly met; S2 computed Partially met but moderated to Not met; S3 not scored.
    expect([beta.getCell(6).value, beta.getCell(7).value, beta.getCell(8).value]).toEqual([
      "Mostly met",
      "Not met (moderated)",
      "Not scored",
    ]);
    expect(fillOf(beta.getCell(6))).toBe("FF85994B");
    expect(beta.getCell(6).font?.color?.argb).toBe("FF0B0C0C");
    expect(fillOf(beta.getCell(7))).toBe("FFD4351C");
    expect(beta.getCell(7).font?.color?.argb).toBe("FFFFFFFF");
    expect(fillOf(beta.getCell(8))).toBeUndefined();
    // Alpha's S2 was moderated up: the effective Fully met wins over the computed Mostly met.
    expect(rowStarting(heatMap, "Alpha Police").getCell(7).value).toBe("Fully met (moderated)");
    expect(heatMap.getRow(1).getCell(7).note).toBe("Safer recruitment");
  });

  it("gives computed percentages as numbers with a whole-number display format, and 'Not scored' where there is none", async () => {
    const scores = sheet(await readBack(await renderBaselineXlsx(baselineTestModel(), LIVE_CONTEXT)), "Scores");
    const beta = rowStarting(scores, "Beta Health");
    expect([beta.getCell(3).value, beta.getCell(4).value, beta.getCell(5).value, beta.getCell(6).value]).toEqual([
      58.333333333333336,
      66.66666666666667,
      50,
      "Not scored",
    ]);
    expect(beta.getCell(4).numFmt).toBe(WHOLE_NUMBER_FORMAT);
    // The computed S2 score, not the moderated band: the Scores sheet shows what the answers gave.
    expect(rowStarting(scores, "Alpha Police").getCell(5).value).toBe(83.33333333333333);
  });

  it("sums the cycle up: tool and version, returns by status, completion as a number and the overall distribution", async () => {
    const summary = sheet(await readBack(await renderBaselineXlsx(baselineTestModel(), LIVE_CONTEXT)), "Summary");
    expect(summary.getRow(1).getCell(1).value).toBe("Baseline report: Section 11 audit 2026");
    expect(rowStarting(summary, "Cycle").getCell(2).value).toBe("Section 11 audit 2026");
    expect(rowStarting(summary, "Tool version").getCell(2).value).toBe("s11@2026.1");
    expect(rowStarting(summary, "Generated").getCell(2).value).toBe("22 November 2026 at 10:05am");
    expect(rowStarting(summary, "Agencies in the cycle").getCell(2).value).toBe(5);
    expect(rowStarting(summary, "Not started").getCell(2).value).toBe(1);
    const completion = rowStarting(summary, "Completion").getCell(2);
    expect(completion.value).toBe(60);
    expect(completion.numFmt).toBe(PERCENT_FORMAT);
    const notMet = rowStarting(summary, "Not met");
    expect([notMet.getCell(2).value, notMet.getCell(3).value]).toEqual([0, 1]);
    expect(fillOf(notMet.getCell(1))).toBe("FFD4351C");
    expect(rowStarting(summary, "Mostly met").getCell(3).value).toBe(0);
    const note = String(summary.getRow(rowStarting(summary, "How to read this report").number + 1).getCell(1).value);
    expect(note).toContain("moderated rating");
    expect(note).toContain("rounded to whole numbers");
  });

  it("says when and by whom a published report was frozen, and withholds small sectors of an anonymised one", async () => {
    const model = anonymiseBaseline(baselineTestModel(), 2);
    const workbook = await readBack(await renderBaselineXlsx(model, PUBLISHED_CONTEXT));
    const summary = sheet(workbook, "Summary");
    expect(rowStarting(summary, "Published").getCell(2).value).toBe("1 July 2026 at 9:15am by Sam Quinn");
    const heatMap = sheet(workbook, "Heat map");
    // Every sector has one agency, below the minimum of 2; figures are rounded as shown (91.67 → 92), never exact.
    expect(rowStarting(heatMap, "Agency A").getCell(2).value).toBe("Sector not shown (small group)");
    expect([2, 3, 4].map((number) => heatMap.getRow(number).getCell(3).value).sort()).toEqual([29.5, 58, 92]);
    const names = [2, 3, 4].map((number) => heatMap.getRow(number).getCell(1).value);
    expect(names).toEqual(["Agency A", "Agency B", "Agency C"]);
  });
});
