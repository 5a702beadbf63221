import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { anonymiseBaseline } from "~/domain/reports/anonymise";
import { renderBaselineDocx } from "./baseline-docx";
import { DOCUMENT_TABLE_MAX_ROWS } from "./baseline-format";
import { baselineTestModel, LIVE_CONTEXT, PUBLISHED_CONTEXT } from "./baseline-test-model";

/** The pack's main XML part and its styles, as Word stores them. */
async function readBack(buffer: Buffer): Promise<{ document: string; styles: string }> {
  const zip = await JSZip.loadAsync(buffer);
  const part = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`The package has no ${name}`);
    return file.async("string");
  };
  return { document: await part("word/document.xml"), styles: await part("word/styles.xml") };
}

/** The text of each paragraph, in order (runs joined), so assertions read like the pack. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) =>
    [...match[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((text) => text[1]).join(""),
  );
}

/** The style of the paragraph holding exactly `text`. */
function styleOf(xml: string, text: string): string | undefined {
  const paragraph = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((match) => match[0])
    .find((candidate) => paragraphs(candidate)[0] === text);
  return paragraph?.match(/<w:pStyle w:val="([^"]+)"/)?.[1];
}

describe("baseline board pack", () => {
  it("opens with the report's title as a Word title and its sections as Word headings", async () => {
    const { document, styles } = await readBack(await renderBaselineDocx(baselineTestModel(), LIVE_CONTEXT));
    expect(styleOf(document, "Baseline report: Section 11 audit 2026")).toBe("Title");
    expect(styleOf(document, "Summary")).toBe("Heading1");
    expect(styleOf(document, "Overall ratings")).toBe("Heading1");
    expect(styleOf(document, "Where each agency stands")).toBe("Heading1");
    expect(styles).toContain('w:styleId="Heading1"');
    expect(paragraphs(document)).toContain("Live figures as they stood on 22 November 2026 at 10:05am.");
  });

  it("states the narrative's numbers: submissions of assigned, the overall distribution, the standards most often below the top band", async () => {
    const text = paragraphs((await readBack(await renderBaselineDocx(baselineTestModel(), LIVE_CONTEXT))).document);
    expect(text).toContain("3 of 5 agencies have submitted their return (60% complete).");
    expect(text).toContain("Overall ratings of the submitted returns: 1 Fully met, 1 Partially met and 1 Not met.");
    expect(text).toContain(
      "The standards most often rated below Fully met were S1 Leadership and accountability (2 of 3 agencies) and S2 Safer recruitment (2 of 3 agencies).",
    );
  });

  it("lays the heat map out as a table: each agency, its overall band and rounded score, and every effective band label on its colour", async () => {
    const { document } = await readBack(await renderBaselineDocx(baselineTestModel(), LIVE_CONTEXT));
    const table = [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)]
      .map((match) => match[0])
      .find((candidate) => candidate.includes("Optimism gap"));
    expect(table).toBeDefined();
    const rows = [...table!.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((match) => paragraphs(match[0]));
    expect(rows[0]).toEqual(["Agency", "Overall", "Optimism gap", "S1", "S2", "S3"]);
    expect(rows.slice(1)).toEqual([
      ["Alpha Police", "Police", "Fully met (92%)", "0", "Fully met", "Fully met (moderated)", "Fully met"],
      ["Beta Health", "Health", "Partially met (58%)", "2", "Mostly met", "Not met (moderated)", "Not scored"],
      // 29.5 is below the Partially met minimum of 30: shown as 29.5%, never rounded up to 30% beside Not met.
      ["Gamma Homes", "Housing", "Not met (29.5%)", "1", "Not met", "Partially met", "Not scored"],
    ]);
    expect(table).toContain('w:fill="00703C"');
    expect(table).toContain('w:fill="D4351C"');
    // Header row repeats on each printed page; the heat map sits on a landscape page.
    expect(table).toContain("<w:tblHeader/>");
    expect(document).toContain('w:orient="landscape"');
  });

  it("writes light text on dark bands and dark text on light ones", async () => {
    const { document } = await readBack(await renderBaselineDocx(baselineTestModel(), LIVE_CONTEXT));
    const cellFor = (fill: string) =>
      document.match(new RegExp(`<w:tc>(?:(?!</w:tc>)[\\s\\S])*w:fill="${fill}"[\\s\\S]*?</w:tc>`))?.[0] ?? "";
    expect(cellFor("00703C")).toContain('<w:color w:val="FFFFFF"/>');
    expect(cellFor("F47738")).toContain('<w:color w:val="0B0C0C"/>');
  });

  it("gives the overall distribution with every band, empty ones included", async () => {
    const { document } = await readBack(await renderBaselineDocx(baselineTestModel(), LIVE_CONTEXT));
    const table = [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)]
      .map((match) => match[0])
      .find((candidate) => candidate.includes("Minimum score"));
    const rows = [...table!.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((match) => paragraphs(match[0]));
    expect(rows).toEqual([
      ["Band", "Minimum score", "Agencies"],
      ["Fully met", "85%", "1"],
      ["Mostly met", "60%", "0"],
      ["Partially met", "30%", "1"],
      ["Not met", "0%", "1"],
    ]);
  });

  it("names who published a frozen report and when, and shows only letters in an anonymised one", async () => {
    const { document } = await readBack(await renderBaselineDocx(anonymiseBaseline(baselineTestModel(), 2), PUBLISHED_CONTEXT));
    const text = paragraphs(document);
    expect(text.some((line) => line.startsWith("Published to the board by Sam Quinn on 1 July 2026 at 9:15am"))).toBe(true);
    expect(text).toContain("Agencies are anonymised; sectors with fewer than 2 agencies are not named.");
    expect(text).toContain("Agency A");
    expect(document).not.toContain("Alpha Police");
    expect(document).not.toContain("Beta Health");
  });
});

describe("a heat map too long to read in a document", () => {
  it("leaves the table to the spreadsheet and says so, naming the row count", async () => {
    const model = baselineTestModel();
    const many = {
      ...model,
      agencies: Array.from({ length: DOCUMENT_TABLE_MAX_ROWS + 1 }, (_, index) => ({
        ...model.agencies[index % model.agencies.length],
        agency: { ...model.agencies[0].agency, id: index + 1, name: `Agency ${index + 1}` },
      })),
    };
    const text = paragraphs((await readBack(await renderBaselineDocx(many, LIVE_CONTEXT))).document);
    expect(text).toContain(
      "This table has 1,001 rows, too many to read in a document: it is in full in the spreadsheet (XLSX) and CSV downloads of this report.",
    );
    expect(text).not.toContain("Agency 1001");
    // At the limit the table is still there.
    const atLimit = { ...many, agencies: many.agencies.slice(0, DOCUMENT_TABLE_MAX_ROWS) };
    expect(paragraphs((await readBack(await renderBaselineDocx(atLimit, LIVE_CONTEXT))).document)).toContain("Agency 1000");
  });
});
