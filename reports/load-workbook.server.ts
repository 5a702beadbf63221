import zlib from "node:zlib";
import type ExcelJS from "exceljs";
import { newWorkbook } from "./excel";

/**
 * Reading an .xlsx workbook someone gave us: the one way the app and the CLI open a spreadsheet.
 *
 * An .xlsx file is a ZIP of XML, and exceljs inflates every part into memory before it looks at any.
 * A 5 MB file can hold a sheet that inflates to gigabytes (a "zip bomb"), which would fill the heap
 * and end the process. So before exceljs sees the bytes, the ZIP's directory is read (how many parts,
 * their declared sizes) and then every part is inflated as a stream, counting the bytes that really
 * come out, and the rows and cells of each sheet; reading stops at the first limit passed, so a
 * directory that understates a part's size is caught as it inflates. Nothing inflated is kept.
 *
 * The directory is read as exceljs's ZIP reader (JSZip) reads it: the last end-of-directory record,
 * its entries while their signature holds, each part's data where its local header says, for the
 * compressed length the directory gives. Whatever that reader would inflate, this counts first.
 * ZIP64, encryption, data prepended to the ZIP and compression other than deflate are not things
 * Excel writes; they are refused as "not a workbook" rather than read a second way.
 */

export interface WorkbookLimits {
  /** Parts in the ZIP (an Excel workbook has a few dozen). */
  maxEntries: number;
  /** Inflated bytes of all parts together. */
  maxInflatedBytes: number;
  /** Rows over every sheet. */
  maxRows: number;
  /** Cells over every sheet. */
  maxCells: number;
}

/**
 * Enough for the largest spreadsheet the platform reads (a county past-returns import: 600 agencies ×
 * 60 questions is 36,000 rows of three cells, ~5 MB of XML, ~90 MB of exceljs heap), with room to
 * spare; small enough that exceljs's copy stays near 200 MB of heap (measured: a million cells took 780 MB).
 */
export const WORKBOOK_LIMITS: WorkbookLimits = { maxEntries: 1_000, maxInflatedBytes: 50_000_000, maxRows: 100_000, maxCells: 250_000 };

/** The bytes are not an Excel workbook we can read (not a ZIP, or a ZIP in a form Excel does not write). */
export class NotAWorkbookError extends Error {}

/** The workbook is bigger than any we read: `reason` says how, in words for the person who gave it. */
export class WorkbookTooLargeError extends Error {
  constructor(readonly reason: string) {
    super(`The spreadsheet is too large to read: ${reason}`);
  }
}

// Signatures as numbers, not buffers: route modules import this file's error classes, and module-level
// Buffer calls would run (and fail) in the browser bundle.
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;
const STORED = 0;
const DEFLATED = 8;
const SHEET_PART = /^\/?xl\/worksheets\/[^/]+\.xml$/i;
// A row or cell element, with or without a namespace prefix (`<row `, `<x:c>`): not `<cols>` or `<rowBreaks>`.
const ROW_TAG = /<(?:[A-Za-z_][\w.-]*:)?row[\s/>]/g;
const CELL_TAG = /<(?:[A-Za-z_][\w.-]*:)?c[\s/>]/g;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  dataStart: number;
}

const count = (value: number) => value.toLocaleString("en-GB");
const megabytes = (bytes: number) => `${count(Math.round(bytes / 1_000_000))} MB`;

function notAWorkbook(why: string): never {
  throw new NotAWorkbookError(`Not an Excel workbook: ${why}`);
}

/** The parts of the ZIP, from its central directory, checked against the limits before anything is inflated. */
function readDirectory(bytes: Buffer, limits: WorkbookLimits): Entry[] {
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== END_OF_DIRECTORY) end -= 1;
  if (end < 0) notAWorkbook("no ZIP directory");
  const declaredEntries = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  const directoryStart = bytes.readUInt32LE(end + 16);
  if ([bytes.readUInt16LE(end + 4), bytes.readUInt16LE(end + 6), bytes.readUInt16LE(end + 8), declaredEntries].includes(MAX_16))
    notAWorkbook("ZIP64");
  if (directorySize === MAX_32 || directoryStart === MAX_32 || (end >= 20 && bytes.readUInt32LE(end - 20) === ZIP64_LOCATOR))
    notAWorkbook("ZIP64");
  if (directoryStart + directorySize !== end) notAWorkbook("the ZIP directory is not where its end record says");
  if (declaredEntries > limits.maxEntries) throw new WorkbookTooLargeError(`it has more than ${count(limits.maxEntries)} parts`);

  const entries: Entry[] = [];
  let declaredTotal = 0;
  for (let at = directoryStart; at + 46 <= bytes.length && bytes.readUInt32LE(at) === DIRECTORY_ENTRY;) {
    if (entries.length === limits.maxEntries) throw new WorkbookTooLargeError(`it has more than ${count(limits.maxEntries)} parts`);
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const declaredSize = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localOffset = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    if (flags & 1) notAWorkbook(`${name} is encrypted`);
    if (method !== STORED && method !== DEFLATED) notAWorkbook(`${name} uses compression ${method}`);
    if ([compressedSize, declaredSize, localOffset].includes(MAX_32)) notAWorkbook("ZIP64");
    if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== LOCAL_HEADER)
      notAWorkbook(`${name} is not where the directory says`);
    const dataStart = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > bytes.length) notAWorkbook(`${name} is cut short`);
    declaredTotal += declaredSize;
    if (declaredTotal > limits.maxInflatedBytes)
      throw new WorkbookTooLargeError(`it unpacks to more than ${megabytes(limits.maxInflatedBytes)}`);
    entries.push({ name, method, compressedSize, dataStart });
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (entries.length === 0 || entries.length < declaredEntries) notAWorkbook("the ZIP directory is incomplete");
  return entries;
}

/**
 * Checks the bytes of an .xlsx file against the limits without keeping what it inflates. Throws
 * `WorkbookTooLargeError` at the first limit passed and `NotAWorkbookError` for bytes that are not
 * a ZIP we would read; returns when exceljs may safely load them.
 */
export async function checkWorkbookBytes(input: Uint8Array, limits: WorkbookLimits = WORKBOOK_LIMITS): Promise<void> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const entries = readDirectory(bytes, limits);
  const totals = { inflated: 0, rows: 0, cells: 0 };
  for (const entry of entries) await inflateCounting(bytes, entry, limits, totals);
}

/** Inflates one part as a stream, adding its real bytes (and a sheet's rows and cells) to `totals`; stops at a limit. */
function inflateCounting(
  bytes: Buffer,
  entry: Entry,
  limits: WorkbookLimits,
  totals: { inflated: number; rows: number; cells: number },
): Promise<void> {
  const compressed = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const isSheet = SHEET_PART.test(entry.name);
  // A tag can straddle two chunks: the text from the last `<` waits for the next chunk (a tag holds no
  // other `<`, so every tag before it is whole). Tags are ASCII, so latin1 reads them exactly.
  let carry = "";
  const countTags = (text: string) => {
    totals.rows += text.match(ROW_TAG)?.length ?? 0;
    totals.cells += text.match(CELL_TAG)?.length ?? 0;
  };
  const take = (chunk: Buffer): WorkbookTooLargeError | null => {
    totals.inflated += chunk.length;
    if (totals.inflated > limits.maxInflatedBytes)
      return new WorkbookTooLargeError(`it unpacks to more than ${megabytes(limits.maxInflatedBytes)}`);
    if (!isSheet) return null;
    const text = carry + chunk.toString("latin1");
    let cut = text.lastIndexOf("<");
    // Far past the last `<`, its tag's name is long over: nothing needs to wait.
    if (cut < 0 || text.length - cut > 256) cut = text.length;
    countTags(text.slice(0, cut));
    carry = text.slice(cut);
    return tooManyCells(limits, totals);
  };
  const finish = () => {
    if (!isSheet) return null;
    countTags(carry);
    return tooManyCells(limits, totals);
  };
  if (entry.method === STORED) {
    const refused = take(compressed) ?? finish();
    return refused ? Promise.reject(refused) : Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const inflate = zlib.createInflateRaw();
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      if (error) reject(error);
      else resolve();
    };
    inflate.on("data", (chunk: Buffer) => {
      const refused = take(chunk);
      if (refused) settle(refused);
    });
    inflate.on("end", () => settle(finish()));
    inflate.on("error", () => settle(new NotAWorkbookError(`Not an Excel workbook: ${entry.name} does not inflate`)));
    inflate.end(compressed);
  });
}

function tooManyCells(limits: WorkbookLimits, totals: { rows: number; cells: number }): WorkbookTooLargeError | null {
  if (totals.rows > limits.maxRows) return new WorkbookTooLargeError(`it has more than ${count(limits.maxRows)} rows`);
  if (totals.cells > limits.maxCells) return new WorkbookTooLargeError(`it has more than ${count(limits.maxCells)} cells`);
  return null;
}

/**
 * An .xlsx file's workbook, read by exceljs only after `checkWorkbookBytes` has passed it. Throws
 * `WorkbookTooLargeError` for a workbook over the limits and `NotAWorkbookError` for anything that is
 * not an Excel workbook (including one exceljs cannot read).
 */
export async function loadWorkbook(bytes: Uint8Array, limits: WorkbookLimits = WORKBOOK_LIMITS): Promise<ExcelJS.Workbook> {
  await checkWorkbookBytes(bytes, limits);
  const workbook = await newWorkbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new NotAWorkbookError(`Not an Excel workbook: ${(error as Error).message}`);
  }
  return workbook;
}
