import { describe, expect, it } from "vitest";
import { GIF, JPEG, PDF, PNG, TEXT, WEBP, docx, ole2, otherZip, xlsx } from "../../tests/support/evidence-samples";
import {
  EVIDENCE_MESSAGES,
  MAX_EVIDENCE_BYTES,
  checkEvidenceFile,
  checkEvidenceLink,
  cleanFileName,
  detectEvidenceType,
  formatFileSize,
  zipEntryNames,
} from "./evidence";

describe("detectEvidenceType", () => {
  it("recognises PDFs and images by their first bytes", () => {
    expect(detectEvidenceType(PDF)).toBe("pdf");
    expect(detectEvidenceType(PNG)).toBe("png");
    expect(detectEvidenceType(JPEG)).toBe("jpeg");
    expect(detectEvidenceType(GIF)).toBe("gif");
    expect(detectEvidenceType(WEBP)).toBe("webp");
  });

  it("tells Word from Excel by the parts inside the package", async () => {
    const word = await docx();
    const excel = await xlsx();
    expect(zipEntryNames(word)).toContain("word/document.xml");
    expect(detectEvidenceType(word)).toBe("docx");
    expect(detectEvidenceType(excel)).toBe("xlsx");
  });

  it("refuses a ZIP that is neither Word nor Excel, and a truncated one", async () => {
    const zip = await otherZip();
    expect(detectEvidenceType(zip)).toBeNull();
    expect(detectEvidenceType((await docx()).subarray(0, 200))).toBeNull();
  });

  it("recognises Word and Excel 97–2003 files by their stream names", () => {
    expect(detectEvidenceType(ole2("WordDocument"))).toBe("doc");
    expect(detectEvidenceType(ole2("Workbook"))).toBe("xls");
    expect(detectEvidenceType(ole2("PowerPoint Document"))).toBeNull();
  });

  it("refuses text, HTML and empty content whatever the name", () => {
    expect(detectEvidenceType(TEXT)).toBeNull();
    expect(detectEvidenceType(new TextEncoder().encode("<html><script>alert(1)</script></html>"))).toBeNull();
    expect(detectEvidenceType(new Uint8Array())).toBeNull();
  });
});

describe("checkEvidenceFile", () => {
  it("accepts a PDF and names its type", () => {
    expect(checkEvidenceFile({ name: "Policy.pdf", size: PDF.length, bytes: PDF })).toEqual({
      ok: true,
      type: "pdf",
      mediaType: "application/pdf",
      fileName: "Policy.pdf",
    });
  });

  it("refuses a text file renamed .pdf, by content", () => {
    expect(checkEvidenceFile({ name: "minutes.pdf", size: TEXT.length, bytes: TEXT })).toEqual({
      ok: false,
      message: EVIDENCE_MESSAGES.type,
    });
  });

  it("refuses an empty file, a missing one and one over 10 MB with their own messages", () => {
    expect(checkEvidenceFile({ name: "empty.pdf", size: 0, bytes: new Uint8Array() })).toEqual({
      ok: false,
      message: "The selected file is empty",
    });
    expect(checkEvidenceFile({ name: "", size: 0, bytes: new Uint8Array() })).toEqual({ ok: false, message: "Select a file" });
    expect(checkEvidenceFile({ name: "big.pdf", size: MAX_EVIDENCE_BYTES + 1, bytes: PDF })).toEqual({
      ok: false,
      message: "The selected file must be smaller than 10 MB",
    });
    expect(checkEvidenceFile({ name: "limit.pdf", size: MAX_EVIDENCE_BYTES, bytes: PDF }).ok).toBe(true);
  });
});

describe("cleanFileName", () => {
  it("keeps only the last part of a path, so a name can never point anywhere", () => {
    expect(cleanFileName("../../etc/passwd", "pdf")).toBe("passwd.pdf");
    expect(cleanFileName("..\\..\\windows\\win.ini", "png")).toBe("win.ini.png");
    expect(cleanFileName("...hidden.pdf", "pdf")).toBe("hidden.pdf");
  });

  it("makes the extension match the detected type", () => {
    expect(cleanFileName("photo.html", "png")).toBe("photo.html.png");
    expect(cleanFileName("Scan.JPG", "jpeg")).toBe("Scan.JPG");
    expect(cleanFileName("", "docx")).toBe("evidence.docx");
  });

  it("removes control characters, keeps the rest of the name as the person gave it, and keeps names short", () => {
    expect(cleanFileName("a\u0000b\u001fc\u007fd.pdf", "pdf")).toBe("abcd.pdf");
    expect(cleanFileName('He said "yes": <draft> a=b; c|d?*.pdf', "pdf")).toBe('He said "yes": <draft> a=b; c|d?*.pdf');
    const long = cleanFileName(`${"x".repeat(300)}.xlsx`, "xlsx");
    expect(long).toHaveLength(150);
    expect(long.endsWith(".xlsx")).toBe(true);
  });
});

describe("checkEvidenceLink", () => {
  it("accepts http and https links", () => {
    expect(checkEvidenceLink(" https://intranet.example.org/policy ")).toEqual({ ok: true, url: "https://intranet.example.org/policy" });
    expect(checkEvidenceLink("http://example.org")).toEqual({ ok: true, url: "http://example.org/" });
  });

  it("refuses other schemes, text that is not a link, and nothing at all", () => {
    expect(checkEvidenceLink("javascript:alert(1)")).toEqual({ ok: false, message: EVIDENCE_MESSAGES.linkScheme });
    expect(checkEvidenceLink("file:///etc/passwd")).toEqual({ ok: false, message: EVIDENCE_MESSAGES.linkScheme });
    expect(checkEvidenceLink("www.example.org")).toEqual({ ok: false, message: EVIDENCE_MESSAGES.linkScheme });
    expect(checkEvidenceLink("  ")).toEqual({ ok: false, message: EVIDENCE_MESSAGES.linkMissing });
    expect(checkEvidenceLink(`https://example.org/${"a".repeat(2000)}`)).toEqual({ ok: false, message: EVIDENCE_MESSAGES.linkLength });
  });
});

describe("formatFileSize", () => {
  it("shows bytes, KB and MB as file managers do", () => {
    expect(formatFileSize(1)).toBe("1 byte");
    expect(formatFileSize(850)).toBe("850 bytes");
    expect(formatFileSize(12_800)).toBe("13 KB");
    expect(formatFileSize(3_565_158)).toBe("3.4 MB");
  });
});
