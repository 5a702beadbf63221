import zlib from "node:zlib";

/**
 * Hostile .xlsx files made at test time (nothing large is committed): a ZIP whose sheet inflates to
 * hundreds of MB from a few hundred KB, and the same with a central directory that understates the
 * sheet's size. The ZIP is written here byte by byte, so a test can make the directory lie. CRCs are
 * left at 0: exceljs's ZIP reader does not check them, so the bombs reach it as a real one would.
 */

export interface ZipPart {
  name: string;
  /** Deflated bytes (method 8). */
  deflated: Buffer;
  /** The inflated size the directory declares (a lie, if the test wants one). */
  declaredSize: number;
}

/** `text` repeated until `megabytes` MB between `head` and `tail`, deflated as a stream (the whole is never in memory). */
export async function deflatedRepeat(text: string, megabytes: number, head = "", tail = ""): Promise<Buffer> {
  const block = Buffer.alloc(1 << 20, text);
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  deflate.write(head);
  for (let written = 0; written < megabytes; written += 1) {
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end(tail);
  await ended;
  return Buffer.concat(chunks);
}

export function deflated(text: string): ZipPart["deflated"] {
  return zlib.deflateRawSync(Buffer.from(text));
}

/** A ZIP of the parts, each deflated, with the directory saying what each part declares. */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.deflated.length, 18);
    local.writeUInt32LE(part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(part.deflated.length, 20);
    entry.writeUInt32LE(part.declaredSize, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, part.deflated);
    directory.push(entry, name);
    offset += local.length + name.length + part.deflated.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>';

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = "</sheetData></worksheet>";
/** One row of one cell, 51 bytes: 450 MB of them is 9 million cells. */
export const BOMB_ROW = '<row><c t="inlineStr"><is><t>bomb</t></is></c></row>';

/**
 * An .xlsx-shaped ZIP whose one sheet's `<sheetData>` holds `megabytes` MB of `fill` repeated: spaces by
 * default, or `BOMB_ROW` for millions of cells, which exceljs would build in memory one by one.
 * `declaredSize` is what the directory says the sheet inflates to: the truth by default, or a lie.
 */
export async function xlsxBomb(options: { megabytes: number; fill?: string; declaredSize?: number }): Promise<Buffer> {
  const fill = options.fill ?? " ";
  const text = (value: string): ZipPart => ({ name: "", deflated: deflated(value), declaredSize: Buffer.byteLength(value) });
  const sheet = await deflatedRepeat(fill, options.megabytes, SHEET_HEAD, SHEET_TAIL);
  return zipOf([
    { ...text(CONTENT_TYPES), name: "[Content_Types].xml" },
    { ...text(WORKBOOK), name: "xl/workbook.xml" },
    {
      name: "xl/worksheets/sheet1.xml",
      deflated: sheet,
      declaredSize: options.declaredSize ?? options.megabytes * (1 << 20) + SHEET_HEAD.length + SHEET_TAIL.length,
    },
  ]);
}
