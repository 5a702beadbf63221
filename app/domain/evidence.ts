/**
 * Evidence an agency attaches to its return: files of a few office and image types, or links.
 * A file's type is decided by its content (its first bytes, and for Word and Excel the names inside
 * the ZIP package), never by its name or the type the browser claims, so a renamed file cannot pass
 * as another kind. A file's name is only ever a label: it is cleaned here and never used as a path
 * (files live in the database), and its extension is made to match the detected type so a download
 * can never open as something else.
 */

/** The largest file accepted: enough for a scanned policy or a board report, small enough for the database. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** The longest link accepted (browsers and servers commonly cap URLs near here). */
export const MAX_LINK_LENGTH = 2000;

export const EVIDENCE_MESSAGES = {
  type: "The selected file must be a PDF, Word document, Excel spreadsheet or image (PNG, JPEG, GIF or WebP)",
  size: "The selected file must be smaller than 10 MB",
  empty: "The selected file is empty",
  missing: "Select a file",
  linkMissing: "Enter a link to the evidence, like https://www.example.org/policy.pdf",
  linkScheme: "Enter a link that starts with https:// or http://, like https://www.example.org/policy.pdf",
  linkLength: `The link must be ${MAX_LINK_LENGTH.toLocaleString("en-GB")} characters or fewer`,
} as const;

export interface EvidenceType {
  mediaType: string;
  /** What a person calls it ("PDF", "Word document"). */
  label: string;
  /** Extensions a name of this type may end with; the first is added when a name has none of them. */
  extensions: string[];
}

export const EVIDENCE_TYPES = {
  pdf: { mediaType: "application/pdf", label: "PDF", extensions: ["pdf"] },
  docx: {
    mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    label: "Word document",
    extensions: ["docx"],
  },
  xlsx: {
    mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    label: "Excel spreadsheet",
    extensions: ["xlsx"],
  },
  doc: { mediaType: "application/msword", label: "Word document", extensions: ["doc"] },
  xls: { mediaType: "application/vnd.ms-excel", label: "Excel spreadsheet", extensions: ["xls"] },
  png: { mediaType: "image/png", label: "PNG image", extensions: ["png"] },
  jpeg: { mediaType: "image/jpeg", label: "JPEG image", extensions: ["jpg", "jpeg"] },
  gif: { mediaType: "image/gif", label: "GIF image", extensions: ["gif"] },
  webp: { mediaType: "image/webp", label: "WebP image", extensions: ["webp"] },
} satisfies Record<string, EvidenceType>;

export type EvidenceTypeCode = keyof typeof EVIDENCE_TYPES;

/** For the file chooser only (a convenience): the server decides by content. */
export const EVIDENCE_ACCEPT = Object.values(EVIDENCE_TYPES)
  .flatMap((type) => type.extensions.map((extension) => `.${extension}`))
  .join(",");

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((byte, index) => bytes[at + index] === byte);
}

function ascii(text: string): number[] {
  return Array.from(text, (character) => character.charCodeAt(0));
}

function readUint16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * The names in a ZIP file's central directory (the package index of a .docx or .xlsx), or null when
 * the bytes are not a readable ZIP. Nothing is decompressed: the names are stored as plain bytes.
 */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const END_SIGNATURE = 0x06054b50;
  const ENTRY_SIGNATURE = 0x02014b50;
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end of the file.
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let at = bytes.length - 22; at >= earliest; at -= 1) {
    if (readUint32(bytes, at) === END_SIGNATURE) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = readUint16(bytes, end + 10);
  let at = readUint32(bytes, end + 16);
  const decoder = new TextDecoder("utf-8", { fatal: false });
  const names: string[] = [];
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > bytes.length || readUint32(bytes, at) !== ENTRY_SIGNATURE) return null;
    const nameLength = readUint16(bytes, at + 28);
    const extraLength = readUint16(bytes, at + 30);
    const commentLength = readUint16(bytes, at + 32);
    if (at + 46 + nameLength > bytes.length) return null;
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const pattern = Array.from(text).flatMap((character) => [character.charCodeAt(0), 0]);
  outer: for (let at = 0; at + pattern.length <= bytes.length; at += 1) {
    for (let index = 0; index < pattern.length; index += 1) if (bytes[at + index] !== pattern[index]) continue outer;
    return true;
  }
  return false;
}

/**
 * The evidence type of a file by its content, or null when it is none of the accepted types.
 * PDF by `%PDF-`; images by their signatures; Word and Excel (2007 on) as ZIP packages holding a
 * `word/` or `xl/` part; Word and Excel 97–2003 as OLE2 compound files holding a `WordDocument`
 * or `Workbook`/`Book` stream (the stream names are UTF-16 in the file's directory).
 */
export function detectEvidenceType(bytes: Uint8Array): EvidenceTypeCode | null {
  if (startsWith(bytes, ascii("%PDF-"))) return "pdf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "webp";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(bytes);
    if (!names || !names.includes("[Content_Types].xml")) return null;
    if (names.some((name) => name.startsWith("word/"))) return "docx";
    if (names.some((name) => name.startsWith("xl/"))) return "xlsx";
    return null;
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    if (containsUtf16(bytes, "WordDocument")) return "doc";
    if (containsUtf16(bytes, "Workbook") || containsUtf16(bytes, "Book")) return "xls";
    return null;
  }
  return null;
}

/**
 * A file name fit to show and to offer in a download: the last part of any path, without control
 * characters, no leading dots, at most 150 characters, and ending in an extension of the detected
 * type (added when missing or different). Otherwise it is kept as the person gave it (`He said
 * "yes".pdf`): it is only ever a label, escaped wherever it is shown or sent, never used as a path.
 */
export function cleanFileName(name: string, type: EvidenceTypeCode): string {
  const { extensions } = EVIDENCE_TYPES[type];
  const lastPart = name.split(/[/\\]/).pop() ?? "";
  let cleaned = lastPart
    // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must lose
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+/, "");
  const extension = cleaned.includes(".") ? cleaned.split(".").pop()!.toLowerCase() : "";
  if (!extensions.includes(extension)) cleaned = `${cleaned || "evidence"}.${extensions[0]}`;
  if (cleaned.length > 150) {
    const suffix = cleaned.slice(cleaned.lastIndexOf("."));
    cleaned = `${cleaned.slice(0, 150 - suffix.length).trimEnd()}${suffix}`;
  }
  return cleaned;
}

export type CheckedFile = { ok: true; type: EvidenceTypeCode; mediaType: string; fileName: string } | { ok: false; message: string };

/**
 * Whether an uploaded file may be kept as evidence: present, not empty, within the size limit and of
 * an accepted type by content. `size` is the file's full size (the bytes may be cut short when an
 * upload went over the limit).
 */
export function checkEvidenceFile(input: { name: string; size: number; bytes: Uint8Array }): CheckedFile {
  if (input.name === "" && input.size === 0) return { ok: false, message: EVIDENCE_MESSAGES.missing };
  if (input.size === 0) return { ok: false, message: EVIDENCE_MESSAGES.empty };
  if (input.size > MAX_EVIDENCE_BYTES) return { ok: false, message: EVIDENCE_MESSAGES.size };
  const type = detectEvidenceType(input.bytes);
  if (!type) return { ok: false, message: EVIDENCE_MESSAGES.type };
  return { ok: true, type, mediaType: EVIDENCE_TYPES[type].mediaType, fileName: cleanFileName(input.name, type) };
}

/** A link to evidence held elsewhere (an intranet page, a shared drive): http or https only, so never `javascript:` or `file:`. */
export function checkEvidenceLink(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  const text = raw.trim();
  if (text === "") return { ok: false, message: EVIDENCE_MESSAGES.linkMissing };
  if (text.length > MAX_LINK_LENGTH) return { ok: false, message: EVIDENCE_MESSAGES.linkLength };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: EVIDENCE_MESSAGES.linkScheme };
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.hostname === "")
    return { ok: false, message: EVIDENCE_MESSAGES.linkScheme };
  return { ok: true, url: url.href };
}

/** A file size as people read it: "850 bytes", "12 KB", "3.4 MB" (1 KB = 1,024 bytes, as file managers show). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The label of a stored media type ("PDF"), or the type itself if it is not one of ours. */
export function evidenceTypeLabel(mediaType: string | null): string {
  return Object.values(EVIDENCE_TYPES).find((type) => type.mediaType === mediaType)?.label ?? mediaType ?? "";
}
