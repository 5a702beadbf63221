import type ExcelJS from "exceljs";

/**
 * A new exceljs workbook. exceljs (with its zip and XML libraries) is loaded the first time a workbook is
 * made or read, not when the server starts: a process that never exports a spreadsheet saves about 30 MB
 * of memory and a third of a second of start-up (docs/PERFORMANCE.md).
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: exceljs } = await import("exceljs");
  return new exceljs.Workbook();
}
