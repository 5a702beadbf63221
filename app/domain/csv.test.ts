import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";

describe("CSV reading", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, ignoring a BOM and blank lines", () => {
    const text = '\ufeffname,sector\r\n"Smith, Jones & Co","say ""hi"""\r\n\r\n"Two\nlines",police\n';
    expect(parseCsv(text)).toEqual([
      ["name", "sector"],
      ["Smith, Jones & Co", 'say "hi"'],
      ["Two\nlines", "police"],
    ]);
  });

  it("names the line of a quote that is never closed", () => {
    expect(() => parseCsv('name\n"open,police\n')).toThrow("A quoted field that starts on line 2 is never closed");
  });
});
