import JSZip from "jszip";

/**
 * Reads a .docx back as Word stores it: the text of each paragraph of word/document.xml, in order
 * (runs joined, entities decoded), and each table row as its cells' text, so assertions read like
 * the document.
 */
export async function readDocx(buffer: Buffer | ArrayBuffer): Promise<{ xml: string; paragraphs: string[]; rows: string[][] }> {
  const zip = await JSZip.loadAsync(buffer);
  const file = zip.file("word/document.xml");
  if (!file) throw new Error("The package has no word/document.xml");
  const xml = await file.async("string");
  const decode = (text: string) =>
    text
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  const textOf = (part: string) => decode([...part.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((text) => text[1]).join(""));
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) => textOf(match[0]));
  const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cellMatch) => textOf(cellMatch[0])),
  );
  return { xml, paragraphs, rows };
}
