import qrcode from "qrcode-generator";

/**
 * A QR code as an SVG string, drawn on the server from qrcode-generator's modules: one path of dark
 * squares with a quiet zone of four modules (the QR standard's minimum), so it prints sharp at any size
 * and needs no script or image request. Error correction M: survives a creased or smudged poster.
 */
export function qrCodeSvg(text: string, label: string): string {
  const code = qrcode(0, "M");
  code.addData(text, "Byte");
  code.make();
  const count = code.getModuleCount();
  const quiet = 4;
  const size = count + quiet * 2;
  let path = "";
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (code.isDark(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const escaped = label.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" aria-label="${escaped}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#ffffff"/><path d="${path}" fill="#0b0c0c"/></svg>`;
}
