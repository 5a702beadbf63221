import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import type ExcelJS from "exceljs";

/**
 * The pieces that let a report file be sent as it is made rather than held whole: text (CSV, JSON) is
 * generated a line or an element at a time and sent in chunks of about 64 KB; a workbook is written by
 * exceljs's streaming writer, each row leaving memory once committed (docs/decisions/024-streamed-exports.md).
 */

const CHUNK_BYTES = 64 * 1024;

/** Text pieces joined into byte chunks of about 64 KB, made only as the reader asks for them. */
export function textStream(pieces: () => Iterable<string>): Readable {
  return Readable.from(
    (function* () {
      let buffered: string[] = [];
      let length = 0;
      for (const piece of pieces()) {
        buffered.push(piece);
        length += piece.length;
        if (length >= CHUNK_BYTES) {
          yield Buffer.from(buffered.join(""), "utf8");
          buffered = [];
          length = 0;
        }
      }
      if (buffered.length > 0) yield Buffer.from(buffered.join(""), "utf8");
    })(),
    { objectMode: false },
  );
}

/**
 * The same text as `JSON.stringify(value, null, space)` (plus `end`), made piece by piece: objects and arrays
 * are opened and written a property or an element at a time down to STREAMED_DEPTH; deeper values are small
 * (one agency's standard) and are written whole, indented to where they sit. `space` 0 is compact JSON.
 */
export function* jsonPieces(value: unknown, space: 0 | 2 = 2, end = "\n"): Generator<string> {
  yield* jsonValue(value, "", 0, space ? " ".repeat(space) : "");
  yield end;
}

/** Top level, its properties, an array's elements, their properties: enough for a report's big arrays. */
const STREAMED_DEPTH = 3;

function* jsonValue(input: unknown, indent: string, depth: number, space: string): Generator<string> {
  const value = hasToJson(input) ? input.toJSON() : input;
  if (depth >= STREAMED_DEPTH || value === null || typeof value !== "object") {
    const text = JSON.stringify(value, null, space) ?? "null";
    yield space ? text.replace(/\n/g, `\n${indent}`) : text;
    return;
  }
  const newline = space ? "\n" : "";
  const inner = `${indent}${space}`;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield "[]";
      return;
    }
    yield "[";
    for (let index = 0; index < value.length; index++) {
      yield `${index === 0 ? "" : ","}${newline}${inner}`;
      // As JSON.stringify does, an element that has no JSON form (undefined, a function) is written as null.
      const element: unknown = value[index];
      yield* jsonValue(
        element === undefined || typeof element === "function" || typeof element === "symbol" ? null : element,
        inner,
        depth + 1,
        space,
      );
    }
    yield `${newline}${indent}]`;
    return;
  }
  // As JSON.stringify does, a property that has no JSON form is left out.
  const entries = Object.entries(value).filter(
    ([, entry]) => entry !== undefined && typeof entry !== "function" && typeof entry !== "symbol",
  );
  if (entries.length === 0) {
    yield "{}";
    return;
  }
  yield "{";
  for (const [index, [key, entry]] of entries.entries()) {
    yield `${index === 0 ? "" : ","}${newline}${inner}${JSON.stringify(key)}:${space ? " " : ""}`;
    yield* jsonValue(entry, inner, depth + 1, space);
  }
  yield `${newline}${indent}}`;
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function";
}

/**
 * Called between rows while a workbook is written: lets the writer compress and send what it has, and waits
 * while the reader is behind, so neither the sheet's XML nor the zip's output piles up in memory.
 */
export type Pace = () => Promise<void>;

/** For a workbook filled in memory (tests): nothing to wait for. */
export const NO_PAUSE: Pace = () => Promise.resolve();

const ROWS_BETWEEN_PAUSES = 250;

/**
 * A workbook written by exceljs's streaming writer into a stream the caller reads. `fill` adds the sheets
 * (committing rows and sheets as it goes, and calling `pace` after each row); a failure part-way ends the
 * stream with that error, so a download breaks off rather than ending as a truncated file that looks complete.
 */
export function workbookStream(fill: (workbook: ExcelJS.stream.xlsx.WorkbookWriter, pace: Pace) => Promise<void>): Readable {
  const output = new PassThrough();
  let rows = 0;
  const pace: Pace = async () => {
    rows += 1;
    if (rows % ROWS_BETWEEN_PAUSES !== 0) return;
    await new Promise((resolve) => setImmediate(resolve));
    while (output.writableNeedDrain && !output.destroyed) await Promise.race([once(output, "drain"), once(output, "close")]);
    if (output.destroyed) throw new Error("The download was closed before the workbook was finished");
  };
  void (async () => {
    const { default: exceljs } = await import("exceljs");
    // Inline strings rather than a shared-strings table, which would stay in memory until the end.
    const workbook = new exceljs.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
    await fill(workbook, pace);
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error as Error));
  return output;
}

/** A stream read to its end as one byte array (tests, the bench, and callers that need the whole file). */
export async function streamBytes(stream: Readable): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : (chunk as Buffer));
  const whole = Buffer.concat(chunks);
  const bytes = new Uint8Array(whole.length);
  bytes.set(whole);
  return bytes;
}
