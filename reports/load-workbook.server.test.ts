import { describe, expect, it } from "vitest";
import { deflated, xlsxBomb, zipOf } from "../tests/support/zip-bomb";
import { newWorkbook } from "./excel";
import { NotAWorkbookError, WORKBOOK_LIMITS, WorkbookTooLargeError, checkWorkbookBytes, loadWorkbook } from "./load-workbook.server";

async function workbookBytes(rows: number, columns: number): Promise<Uint8Array> {
  const workbook = await newWorkbook();
  const sheet = workbook.addWorksheet("Answers");
  for (let row = 0; row < rows; row += 1) sheet.addRow(Array.from({ length: columns }, (_, column) => `r${row}c${column}`));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a refusal, but the workbook was read");
}

/** A 16 KB inflate chunk is 1,489 of these tags and a bit: the count is exact only if tags split across chunks are counted once. */
const CELL = '<c r="A1"/>';
const CELLS_PER_MB = Math.floor((1 << 20) / CELL.length);

describe("loading a workbook someone gave us", () => {
  it("reads a workbook Excel or exceljs wrote", async () => {
    const workbook = await loadWorkbook(await workbookBytes(3, 2));
    expect(workbook.getWorksheet("Answers")?.getRow(3).getCell(2).value).toBe("r2c1");
  });

  it("refuses a sheet that says it inflates to 450 MB before inflating any of it", async () => {
    const bomb = await xlsxBomb({ megabytes: 450 });
    expect(bomb.length).toBeLessThan(1_000_000);
    const error = await refusal(checkWorkbookBytes(bomb));
    expect(error).toBeInstanceOf(WorkbookTooLargeError);
    expect(error.message).toBe("The spreadsheet is too large to read: it unpacks to more than 50 MB");
  });

  it("stops inflating at the limit when the directory understates a 450 MB sheet as 1 KB", async () => {
    const bomb = await xlsxBomb({ megabytes: 450, declaredSize: 1_000 });
    const heapBefore = process.memoryUsage().heapUsed;
    const error = await refusal(loadWorkbook(bomb));
    expect(error).toBeInstanceOf(WorkbookTooLargeError);
    expect((error as WorkbookTooLargeError).reason).toBe("it unpacks to more than 50 MB");
    // exceljs would hold the 450 MB sheet as a string; the check keeps none of what it inflates.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100_000_000);
  });

  it("counts every cell, even a cell tag split between two inflated chunks", async () => {
    const sheet = await xlsxBomb({ megabytes: 3, fill: CELL });
    const limits = { ...WORKBOOK_LIMITS, maxCells: 3 * CELLS_PER_MB };
    await expect(checkWorkbookBytes(sheet, limits)).resolves.toBeUndefined();
    const error = await refusal(checkWorkbookBytes(sheet, { ...limits, maxCells: limits.maxCells - 1 }));
    expect((error as WorkbookTooLargeError).reason).toBe(`it has more than ${(limits.maxCells - 1).toLocaleString("en-GB")} cells`);
  });

  it("refuses a small file of millions of cells under the default limits", async () => {
    const error = await refusal(loadWorkbook(await xlsxBomb({ megabytes: 12, fill: CELL, declaredSize: 500 })));
    expect((error as WorkbookTooLargeError).reason).toBe("it has more than 250,000 cells");
  });

  it("refuses more rows or cells than the limits in a workbook exceljs wrote", async () => {
    const bytes = await workbookBytes(40, 5);
    await expect(checkWorkbookBytes(bytes, { ...WORKBOOK_LIMITS, maxRows: 40, maxCells: 200 })).resolves.toBeUndefined();
    expect(((await refusal(checkWorkbookBytes(bytes, { ...WORKBOOK_LIMITS, maxRows: 39 }))) as WorkbookTooLargeError).reason).toBe(
      "it has more than 39 rows",
    );
    expect(((await refusal(checkWorkbookBytes(bytes, { ...WORKBOOK_LIMITS, maxCells: 199 }))) as WorkbookTooLargeError).reason).toBe(
      "it has more than 199 cells",
    );
  });

  it("refuses a ZIP of more parts than a workbook has", async () => {
    const parts = Array.from({ length: 1_001 }, (_, index) => ({
      name: `xl/part${index}.xml`,
      deflated: deflated("<a/>"),
      declaredSize: 4,
    }));
    const error = await refusal(checkWorkbookBytes(zipOf(parts)));
    expect((error as WorkbookTooLargeError).reason).toBe("it has more than 1,000 parts");
  });

  it("says a file that is not a ZIP, or a ZIP whose directory points past its end, is not a workbook", async () => {
    expect(await refusal(loadWorkbook(new TextEncoder().encode("agency,question,value\n")))).toBeInstanceOf(NotAWorkbookError);
    const zip = zipOf([{ name: "xl/workbook.xml", deflated: deflated("<workbook/>"), declaredSize: 11 }]);
    // The directory entry's compressed size (at 20 bytes into the entry) now runs past the end of the file.
    const entryAt = zip.length - 22 - 46 - "xl/workbook.xml".length;
    zip.writeUInt32LE(1_000_000, entryAt + 20);
    expect(await refusal(loadWorkbook(zip))).toBeInstanceOf(NotAWorkbookError);
  });
});
