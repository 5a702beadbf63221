import { Document, Packer, Paragraph } from "docx";
import ExcelJS from "exceljs";
import JSZip from "jszip";

/**
 * Small real files of each evidence type, for tests of type detection and uploads. Word and Excel files
 * are made by the same libraries the reports use, so they are packages Office itself would open.
 */

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));

export const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
);
/** A 1×1 PNG. */
export const PNG = fromBase64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
/** A 1×1 GIF. */
export const GIF = fromBase64("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
/** A 1×1 lossless WebP. */
export const WEBP = fromBase64("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
/** The start of a JFIF JPEG (detection reads the first bytes only). */
export const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
]);
/** Plain text, as a file renamed to .pdf would hold. */
export const TEXT = new TextEncoder().encode("Minutes of the safeguarding board, 12 March 2026\n");

/** An OLE2 compound file header followed by a directory entry naming the stream (UTF-16LE), as .doc and .xls hold. */
export function ole2(streamName: string): Uint8Array {
  const bytes = new Uint8Array(1024);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  Array.from(streamName).forEach((character, index) => {
    bytes[512 + index * 2] = character.charCodeAt(0);
  });
  return bytes;
}

export async function docx(): Promise<Uint8Array> {
  const document = new Document({ sections: [{ children: [new Paragraph("Safeguarding policy, reviewed March 2026")] }] });
  return new Uint8Array(await Packer.toBuffer(document));
}

export async function xlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Training").addRow(["Staff trained", 42]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A ZIP that is neither Word nor Excel (an OpenDocument-like package, say). */
export async function otherZip(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", "<Types/>");
  zip.file("content/notes.txt", "not an office document");
  return zip.generateAsync({ type: "uint8array" });
}
