import { describe, expect, it } from "vitest";
import { readDocx } from "../tests/support/docx";
import { DOCUMENT_TABLE_MAX_ROWS } from "./baseline-format";
import { renderLayoutDocx, type ReportLayout } from "./layout-writers";

function layoutWithRows(count: number): ReportLayout {
  return {
    title: "Comparison report",
    subtitle: "Two cycles compared.",
    narrativeHeading: "In brief",
    narrative: ["Things improved."],
    facts: [["Agencies in both cycles", count]],
    notes: [],
    tables: [
      {
        name: "Each agency's change",
        caption: "One row per agency.",
        columns: [{ header: "Agency" }, { header: "Change", format: "points" }],
        rows: Array.from({ length: count }, (_, index) => [`Agency ${index + 1}`, index % 7]),
      },
    ],
  };
}

describe("Word board packs from a report layout", () => {
  it("lays a table out in full up to the limit", async () => {
    const { rows } = await readDocx(
      await renderLayoutDocx(layoutWithRows(DOCUMENT_TABLE_MAX_ROWS), { generatedAt: "2026-11-22T10:05:00.000Z" }),
    );
    expect(rows.filter((row) => row[0].startsWith("Agency ") && row[0] !== "Agency")).toHaveLength(DOCUMENT_TABLE_MAX_ROWS);
  });

  it("leaves a longer table to the spreadsheet and says so under its heading", async () => {
    const { paragraphs, rows } = await readDocx(
      await renderLayoutDocx(layoutWithRows(DOCUMENT_TABLE_MAX_ROWS + 500), { generatedAt: "2026-11-22T10:05:00.000Z" }),
    );
    const heading = paragraphs.indexOf("Each agency's change");
    expect(heading).toBeGreaterThan(0);
    expect(paragraphs.slice(heading + 1, heading + 3)).toEqual([
      "One row per agency.",
      "This table has 1,500 rows, too many to read in a document: it is in full in the spreadsheet (XLSX) and CSV downloads of this report.",
    ]);
    expect(rows.some((row) => row[0] === "Agency 1")).toBe(false);
  });
});
