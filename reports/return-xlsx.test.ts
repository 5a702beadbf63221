import fs from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { buildReturnSheet, readReturnUpload } from "~/domain/return-sheet";
import { validateTool, type ToolDefinition } from "~/domain/tool-schema";
import { readReturnXlsx, renderReturnXlsx } from "./return-xlsx";

/* The return spreadsheet laid out in Excel and read back: the shipped Section 11 tool, answers as labels. */

function shippedTool(code: string): ToolDefinition {
  const result = validateTool(JSON.parse(fs.readFileSync(`surveys/${code}/2026.1.json`, "utf8")));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.tool;
}

const s11 = shippedTool("s11");
const answers = { s11_1_q1: "na", s11_1_q1_na: "We are a small team", s11_1_q2: "mostly" };
const model = buildReturnSheet(s11, answers, { agencyName: "Northshire Homes", cycleTitle: "Section 11 audit 2026" });

describe("renderReturnXlsx", () => {
  it("lays out instructions, one protected sheet per section with frozen headers, drop-downs and the answers", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderReturnXlsx(model)).buffer);
    const visible = workbook.worksheets.filter((sheet) => sheet.state === "visible").map((sheet) => sheet.name);
    expect(visible[0]).toBe("Instructions");
    expect(visible).toHaveLength(1 + s11.survey.pages.length);
    const first = workbook.getWorksheet(visible[1])!;
    expect(first.name).toBe("1. Leadership and accountabili…");
    expect(first.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    expect(first.getRow(3).values).toEqual([
      undefined,
      "Reference",
      "Question",
      "Allowed answers",
      "Your answer",
      "Reason if not applicable",
      "Notes",
    ]);
    expect(first.getRow(4).values).toEqual([
      undefined,
      "s11_1_q1",
      "Does a named member of your board or senior leadership team hold accountability for safeguarding children?\nFully met: the lead is named in writing, the role is part of their objectives, and staff know who it is.",
      "One of: Fully met; Mostly met; Partially met; Not met; Not applicable",
      "Not applicable",
      "We are a small team",
      "Needed before sign-off.",
    ]);
    expect(first.getCell("D4").dataValidation).toMatchObject({ type: "list", formulae: ["'_lists'!$A$1:$A$5"] });
    expect(first.getCell("D4").protection).toMatchObject({ locked: false });
    expect(first.getCell("B4").protection?.locked).not.toBe(false);
    expect((first as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
  });
});

describe("readReturnXlsx", () => {
  it("reads back what was written: the format mark, the tool, the answers as downloaded and every row with its cells", async () => {
    const upload = await readReturnXlsx(await renderReturnXlsx(model));
    expect(upload).toMatchObject({ format: "return-sheet/1", toolCode: "s11", toolVersion: "2026.1", base: answers });
    expect(upload.rows).toHaveLength(model.pages.reduce((sum, page) => sum + page.rows.length, 0));
    expect(upload.rows[1]).toEqual({
      sheet: "1. Leadership and accountabili…",
      reference: "s11_1_q2",
      answer: { address: "D5", value: "Mostly met" },
      reason: { address: "E5", value: null },
    });
    expect(readReturnUpload(s11, upload, answers)).toMatchObject({
      ok: true,
      answers: { s11_1_q1: "na", s11_1_q1_na: "We are a small team", s11_1_q2: "mostly", s11_1_q3: undefined },
    });
  });

  it("finds no format mark in a workbook made elsewhere, so the upload is refused as a whole", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Sheet1").addRow(["Reference", "Question", "Your answer"]);
    const upload = await readReturnXlsx(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    expect(upload.format).toBeNull();
    expect(readReturnUpload(s11, upload, {})).toEqual({
      ok: false,
      refused: expect.stringContaining("not a return spreadsheet from this website"),
    });
  });

  it("refuses a spreadsheet of another tool version by name", async () => {
    const upload = await readReturnXlsx(await renderReturnXlsx({ ...model, toolVersion: "2025.1" }));
    expect(readReturnUpload(s11, upload, {})).toEqual({
      ok: false,
      refused:
        "The spreadsheet is for s11 version 2025.1, but this return uses Section 11 self-assessment version 2026.1: download the questions again and copy your answers across",
    });
  });

  it("throws on bytes that are not a workbook at all", async () => {
    await expect(readReturnXlsx(new TextEncoder().encode("name,sector\n"))).rejects.toThrow();
  });
});
