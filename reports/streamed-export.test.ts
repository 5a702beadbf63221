import ExcelJS from "exceljs";
import type { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { anonymiseBaseline } from "~/domain/reports/anonymise";
import { renderBaselineCsv } from "./baseline-csv";
import { streamBaselineExport } from "./baseline-export";
import { baselineTestModel, LIVE_CONTEXT, PUBLISHED_CONTEXT } from "./baseline-test-model";
import { fillBaselineWorkbook } from "./baseline-xlsx";
import { downloadHeaders } from "./export-format";
import { jsonPieces, streamBytes, textStream, workbookStream } from "./export-stream";
import { fillLayoutWorkbook, renderCsv, streamCsv, streamLayoutXlsx, type ReportLayout } from "./layout-writers";

/*
 * The downloads are sent as they are made (docs/decisions/024-streamed-exports.md). These tests hold the
 * streamed files to what the whole-file writers made before: the same bytes for CSV and JSON, and for XLSX
 * the same sheets, cells, formats, fills, frozen panes and print set-up as the in-memory workbook.
 */

async function chunksOf(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks;
}

/** The baseline test model with `count` agencies (copies of the test agencies, renamed), to make files of many chunks. */
function bigBaseline(count: number) {
  const model = baselineTestModel();
  const pattern = model.agencies;
  model.agencies = Array.from({ length: count }, (_, index) => {
    const source = structuredClone(pattern[index % pattern.length]);
    source.agency = { ...source.agency, id: index + 1, name: `${source.agency.name} ${index + 1}` };
    return source;
  });
  return model;
}

function layoutWithRows(count: number): ReportLayout {
  return {
    title: "Comparison report",
    subtitle: "Two cycles compared.",
    narrativeHeading: "In brief",
    narrative: ["Things improved.", "=SUM(A1) is text here"],
    facts: [
      ["Agencies in both cycles", count],
      ["Median change", 2.3456],
    ],
    notes: ["Points are percentage points."],
    tables: [
      {
        name: "Each agency's change",
        caption: "One row per agency.",
        columns: [
          { header: "Agency", width: 40 },
          { header: "Earlier", format: "percent" },
          { header: "Change", format: "points" },
          { header: "Returns", format: "number" },
          { header: "Mean", format: "decimal" },
          { header: "Note" },
        ],
        rows: Array.from({ length: count }, (_, index) => [
          `Agency, "${index + 1}"`,
          (index * 37) % 101,
          (index % 15) - 7,
          index,
          index / 3,
          index % 5 === 0 ? null : "+ note",
        ]),
      },
      { name: "Empty", caption: "Nothing.", columns: [{ header: "Agency" }], rows: [], empty: "None." },
    ],
  };
}

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** Everything a reader sees in a workbook: sheets, their panes, print set-up, widths, merges and every cell's value and look. */
function contents(workbook: ExcelJS.Workbook) {
  return workbook.worksheets.map((sheet) => {
    const { orientation, paperSize, fitToPage, fitToWidth, fitToHeight, printTitlesRow, printTitlesColumn, printArea, margins } =
      sheet.pageSetup;
    const cells: unknown[] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      cells.push({ number, height: row.height });
      row.eachCell({ includeEmpty: false }, (cell) => {
        cells.push({
          address: cell.address,
          value: cell.value,
          numFmt: cell.numFmt,
          fill: cell.fill,
          font: cell.font,
          alignment: cell.alignment,
          note: cell.note,
          merged: cell.isMerged,
        });
      });
    });
    return {
      name: sheet.name,
      views: sheet.views,
      page: { orientation, paperSize, fitToPage, fitToWidth, fitToHeight, printTitlesRow, printTitlesColumn, printArea, margins },
      widths: sheet.columns?.map((column) => column.width) ?? [],
      merges: sheet.model.merges,
      cells,
    };
  });
}

/** The workbook as the in-memory writer made it before streaming: the yardstick for the streamed one. */
async function inMemory(fill: (workbook: ExcelJS.Workbook) => Promise<void>): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await fill(workbook);
  return readBack(new Uint8Array(await workbook.xlsx.writeBuffer()));
}

describe("streamed CSV and JSON", () => {
  it("writes JSON byte for byte as JSON.stringify(model, null, 2) did, in several chunks for a large model", async () => {
    for (const model of [baselineTestModel(), anonymiseBaseline(baselineTestModel()), bigBaseline(1500)]) {
      const streamed = await streamBaselineExport(model, "json", LIVE_CONTEXT);
      const chunks = await chunksOf(streamed.body);
      expect(Buffer.concat(chunks).toString("utf8")).toBe(`${JSON.stringify(model, null, 2)}\n`);
    }
    expect((await chunksOf((await streamBaselineExport(bigBaseline(1500), "json", LIVE_CONTEXT)).body)).length).toBeGreaterThan(5);
  });

  it("follows JSON.stringify's rules for values with no JSON form, empty containers, toJSON and deep nesting", () => {
    const awkward = {
      a: undefined,
      b: [1, undefined, () => 1, { c: [], d: {} }],
      when: new Date("2026-11-22T10:05:00.000Z"),
      nested: { deeper: { deepest: [{ text: 'line\nbreak "quoted" \u2212' }] }, empty: [] },
      list: [[], {}, [[1, 2], { e: null }]],
      f: () => 2,
    };
    expect([...jsonPieces(awkward)].join("")).toBe(`${JSON.stringify(awkward, null, 2)}\n`);
    for (const value of [[], {}, null, 3, "text", [undefined]])
      expect([...jsonPieces(value)].join("")).toBe(`${JSON.stringify(value, null, 2)}\n`);
    // Compact, as the API sends it.
    expect([...jsonPieces(awkward, 0, "")].join("")).toBe(JSON.stringify(awkward));
    const api = { apiVersion: 1, report: bigBaseline(50) };
    expect([...jsonPieces(api, 0, "")].join("")).toBe(JSON.stringify(api));
  });

  it("writes the baseline CSV as the whole-file writer does, split across chunks without breaking a character", async () => {
    const model = bigBaseline(3000);
    model.agencies[0].agency.name = "Ysgol Gymraeg \u201cPont\u201d \u2014 ".repeat(20);
    const chunks = await chunksOf((await streamBaselineExport(model, "csv", LIVE_CONTEXT)).body);
    expect(chunks.length).toBeGreaterThan(5);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(renderBaselineCsv(model));
    expect(renderBaselineCsv(model).split("\r\n")).toHaveLength(1 + 3000 * model.standards.length + 1);
  });

  it("writes a layout's CSV as the whole-file writer does", async () => {
    const { columns, rows } = layoutWithRows(4000).tables[0];
    const header = columns.map((column) => column.header.toLowerCase());
    const streamed = Buffer.from(await streamBytes(streamCsv(header, rows))).toString("utf8");
    expect(streamed).toBe(renderCsv(header, rows));
    expect(streamed.startsWith('agency,earlier,change,returns,mean,note\r\n"Agency, ""1""",0,-7,0,0,\r\n')).toBe(true);
    expect(Buffer.from(await streamBytes(textStream(() => [])))).toHaveLength(0);
  });

  it("sends a streamed download without a Content-Length, keeping the attachment name and the private cache policy", async () => {
    const headers = downloadHeaders(await streamBaselineExport(baselineTestModel(), "csv", LIVE_CONTEXT));
    expect(headers.get("Content-Length")).toBeNull();
    expect(headers.get("Content-Disposition")).toBe('attachment; filename="baseline-section-11-audit-2026-2026-11-22.csv"');
    expect(headers.get("Cache-Control")).toBe("private, no-store");
  });
});

describe("streamed workbooks", () => {
  it("hold the same sheets, cells, formats, fills, panes and print set-up as the in-memory baseline workbook", async () => {
    for (const [model, context] of [
      [baselineTestModel(), LIVE_CONTEXT],
      [anonymiseBaseline(baselineTestModel()), PUBLISHED_CONTEXT],
      [bigBaseline(400), LIVE_CONTEXT],
    ] as const) {
      const streamed = await readBack(await streamBytes((await streamBaselineExport(model, "xlsx", context)).body));
      const expected = await inMemory((workbook) => fillBaselineWorkbook(workbook, model, context, () => undefined));
      expect(contents(streamed)).toEqual(contents(expected));
      expect(streamed.definedNames.model).toEqual(expected.definedNames.model);
      expect(streamed.title).toBe(expected.title);
    }
  });

  it("print the heat map over every agency's row and keep the agency count in the file", async () => {
    const streamed = await readBack(await streamBytes((await streamBaselineExport(bigBaseline(400), "xlsx", LIVE_CONTEXT)).body));
    const heatMap = streamed.getWorksheet("Heat map")!;
    expect(heatMap.rowCount).toBe(401);
    expect(heatMap.getCell("A401").value).toMatch(/ 400$/);
    expect(heatMap.pageSetup.printArea).toMatch(/^A1:[A-Z]+401$/);
  });

  it("hold the same as the in-memory layout workbook, with each table's rows in full", async () => {
    const layout = layoutWithRows(2500);
    const context = LIVE_CONTEXT;
    const streamed = await readBack(await streamBytes(streamLayoutXlsx(layout, context)));
    const expected = await inMemory((workbook) => fillLayoutWorkbook(workbook, layout, context, () => undefined));
    expect(contents(streamed)).toEqual(contents(expected));
    expect(streamed.definedNames.model).toEqual(expected.definedNames.model);
    const table = streamed.getWorksheet("Each agency's change")!;
    expect(table.rowCount).toBe(2501);
    expect(table.getCell("B3").numFmt).toBe('0"%"');
    expect(table.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 1 });
  });

  it("wait for a slow reader instead of piling the file up in memory", async () => {
    const total = 60_000;
    let written = 0;
    const stream = workbookStream(async (workbook, pace) => {
      const sheet = workbook.addWorksheet("Rows");
      for (let index = 0; index < total; index++) {
        sheet.addRow([`Agency ${index}`, Math.random(), Math.random().toString(36)]).commit();
        written += 1;
        await pace();
      }
      sheet.commit();
    });
    // Nobody reads for a while: the writer must stop once the stream is full, not go on writing rows.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const writtenWhileNobodyRead = written;
    expect((await streamBytes(stream)).length).toBeGreaterThan(1_000_000);
    expect(written).toBe(total);
    expect(writtenWhileNobodyRead).toBeLessThan(total / 2);
  });

  it("end the stream with the error when the workbook cannot be written, rather than a truncated file", async () => {
    const layout = layoutWithRows(3);
    // A row that cannot be read, part-way through the file.
    Object.defineProperty(layout.tables[0].rows, 2, {
      get() {
        throw new Error("This row cannot be read");
      },
    });
    await expect(streamBytes(streamLayoutXlsx(layout, LIVE_CONTEXT))).rejects.toThrow("This row cannot be read");
  });
});
