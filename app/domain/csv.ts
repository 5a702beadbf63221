/**
 * Reads CSV text (RFC 4180: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF
 * or LF). A leading byte-order mark, which Excel writes, is ignored. Returns rows of fields; blank
 * lines are dropped. Throws on an unterminated quote, naming the line it began on.
 */
export function parseCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  for (let index = 0; index < input.length; index += 1) {
    const char = input[index];
    if (quoted) {
      if (char === '"' && input[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else {
        if (char === "\n") line += 1;
        field += char;
      }
    } else if (char === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && input[index + 1] === "\n") index += 1;
      row.push(field);
      if (row.some((value) => value.trim() !== "")) rows.push(row);
      row = [];
      field = "";
      line += 1;
    } else field += char;
  }
  if (quoted) throw new Error(`A quoted field that starts on line ${quoteLine} is never closed`);
  row.push(field);
  if (row.some((value) => value.trim() !== "")) rows.push(row);
  return rows;
}
