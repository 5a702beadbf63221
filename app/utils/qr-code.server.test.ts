import { describe, expect, it } from "vitest";
import qrcode from "qrcode-generator";
import { qrCodeSvg } from "./qr-code.server";

describe("qrCodeSvg", () => {
  it("draws every dark module of the code, inside a quiet zone, with a label for screen readers", () => {
    const url = "https://audit.example.org/p/AbCdEfGhIjKlMnOpQrStUv";
    const svg = qrCodeSvg(url, "QR code for <the> link");
    const code = qrcode(0, "M");
    code.addData(url, "Byte");
    code.make();
    const count = code.getModuleCount();
    let dark = 0;
    for (let row = 0; row < count; row += 1) for (let col = 0; col < count; col += 1) if (code.isDark(row, col)) dark += 1;
    expect(svg).toContain(`viewBox="0 0 ${count + 8} ${count + 8}"`);
    expect(svg.match(/h1v1h-1z/g)).toHaveLength(dark);
    // The top-left finder pattern's corner module sits just inside the quiet zone.
    expect(svg).toContain("M4 4h1v1h-1z");
    expect(svg).toContain('aria-label="QR code for &lt;the&gt; link"');
  });
});
