import { describe, expect, it } from "vitest";
import { anonymiseBaseline } from "~/domain/reports/anonymise";
import { BASELINE_CSV_HEADER, renderBaselineCsv } from "./baseline-csv";
import { baselineTestModel } from "./baseline-test-model";

/**
 * A strict RFC 4180 reader for the tests: CRLF records, quoted fields with doubled quotes. It throws on
 * a bare LF or a stray quote, so output that only a lenient parser would accept fails here.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let index = 0;
  let quoted = false;
  while (index < text.length) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
      } else if (char === '"') {
        quoted = false;
        index += 1;
        if (![",", "\r", undefined].includes(text[index])) throw new Error(`Stray character after a closing quote at ${index}`);
      } else {
        field += char;
        index += 1;
      }
    } else if (char === '"') {
      if (field !== "") throw new Error(`Quote inside an unquoted field at ${index}`);
      quoted = true;
      index += 1;
    } else if (char === ",") {
      record.push(field);
      field = "";
      index += 1;
    } else if (char === "\r" && text[index + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      index += 2;
    } else if (char === "\n" || char === "\r") {
      throw new Error(`Bare line break at ${index}`);
    } else {
      field += char;
      index += 1;
    }
  }
  if (quoted) throw new Error("Unclosed quote");
  if (field !== "" || record.length > 0) throw new Error("The last record does not end with CRLF");
  return records;
}

function asObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  for (const row of rows) expect(row).toHaveLength(header.length);
  return rows.map((row) => Object.fromEntries(header.map((name, column) => [name, row[column]])));
}

describe("baseline CSV", () => {
  it("has one row per agency and standard, in report order, under a fixed header", () => {
    const [header, ...rows] = parseCsv(renderBaselineCsv(baselineTestModel()));
    expect(header).toEqual(BASELINE_CSV_HEADER);
    expect(rows.map((row) => `${row[0]}/${row[2]}`)).toEqual([
      "Alpha Police/S1",
      "Alpha Police/S2",
      "Alpha Police/S3",
      "Beta Health/S1",
      "Beta Health/S2",
      "Beta Health/S3",
      "Gamma Homes/S1",
      "Gamma Homes/S2",
      "Gamma Homes/S3",
    ]);
  });

  it("gives percentages to one decimal, leaves unscored ones empty, and gives computed, self, moderated and effective bands as codes", () => {
    const rows = asObjects(renderBaselineCsv(baselineTestModel()));
    expect(rows[4]).toEqual({
      agency: "Beta Health",
      sector: "health",
      standard_code: "S2",
      standard_title: "Safer recruitment",
      percent: "50",
      computed_band: "partly",
      self_rating: "mostly",
      moderated_rating: "not",
      effective_band: "not",
      effective_source: "moderated",
      items_included: "3",
      items_not_applicable: "0",
      items_unanswered: "0",
      overall_percent: "58.3",
      overall_band: "partly",
      overall_capped: "no",
      essential_requirements_not_met: "0",
    });
    expect(rows[3].effective_source).toBe("computed");
    expect(rows[3].percent).toBe("66.7");
    expect(rows[1].percent).toBe("83.3");
    expect(rows[5]).toMatchObject({
      percent: "",
      computed_band: "",
      self_rating: "",
      moderated_rating: "",
      effective_band: "",
      effective_source: "",
      items_included: "0",
      items_not_applicable: "2",
    });
  });

  it("never rounds a percentage up to a band minimum it is below, and says when an unmet essential capped the overall", () => {
    const model = baselineTestModel();
    model.agencies[0].standards[1].percent = 84.96;
    model.agencies[0].overall = { percent: 97.5, band: "mostly", capped: true, unmetEssentials: [{ standard: "S2", item: "s2_q1" }] };
    const rows = asObjects(renderBaselineCsv(model));
    // Fully met starts at 85: 84.96 to one decimal, half up, would be 85.0.
    expect(rows[1].percent).toBe("84.9");
    expect(rows[0]).toMatchObject({
      overall_percent: "97.5",
      overall_band: "mostly",
      overall_capped: "yes",
      essential_requirements_not_met: "1",
    });
  });

  it("quotes fields holding commas, quotes and line breaks so they read back exactly", () => {
    const model = baselineTestModel();
    model.agencies[0].agency.name = 'Smith, Jones & "Partners"';
    model.standards[0].title = "Leadership\r\nand accountability";
    const text = renderBaselineCsv(model);
    expect(text).toContain('"Smith, Jones & ""Partners"""');
    const rows = asObjects(text);
    expect(rows[0].agency).toBe('Smith, Jones & "Partners"');
    expect(rows[0].standard_title).toBe("Leadership\r\nand accountability");
  });

  it("defuses text a spreadsheet would run as a formula with a leading apostrophe, but leaves numbers alone", () => {
    const model = baselineTestModel();
    model.agencies[0].agency.name = '=HYPERLINK("http://example.com","Click")';
    model.agencies[1].agency.name = "+44 Trust";
    model.agencies[2].agency.name = "@Home";
    model.standards[0].title = "-1 standard";
    model.standards[1].title = "\tTabbed";
    const rows = asObjects(renderBaselineCsv(model));
    expect(rows[0].agency).toBe(`'=HYPERLINK("http://example.com","Click")`);
    expect(rows[3].agency).toBe("'+44 Trust");
    expect(rows[6].agency).toBe("'@Home");
    expect(rows[0].standard_title).toBe("'-1 standard");
    expect(rows[1].standard_title).toBe("'\tTabbed");
    expect(rows[0].percent).toBe("100");
  });

  it("writes a withheld sector of an anonymised report as 'withheld', never the sector it hides", () => {
    const rows = asObjects(renderBaselineCsv(anonymiseBaseline(baselineTestModel(), 2)));
    expect(new Set(rows.map((row) => row.agency))).toEqual(new Set(["Agency A", "Agency B", "Agency C"]));
    expect(new Set(rows.map((row) => row.sector))).toEqual(new Set(["withheld"]));
  });
});
