import { describe, expect, it } from "vitest";
import { baselineFileName, renderBaselineExport } from "./baseline-export";
import { CONTENT_TYPES, downloadHeaders, ExportFormatSchema } from "./export-format";
import { baselineTestModel, LIVE_CONTEXT, PUBLISHED_CONTEXT } from "./baseline-test-model";

describe("baseline exports", () => {
  it("gives the JSON download as the model itself, percents unrounded (DESIGN §9)", async () => {
    const rendered = await renderBaselineExport(baselineTestModel(), "json", LIVE_CONTEXT);
    expect(rendered.contentType).toBe("application/json; charset=utf-8");
    const parsed = JSON.parse(Buffer.from(rendered.body).toString("utf8"));
    expect(parsed).toEqual(baselineTestModel());
    expect(parsed.agencies[1].standards[0]).toMatchObject({
      code: "S1",
      percent: 66.66666666666667,
      band: "mostly",
      selfRating: "fully",
      moderatedRating: null,
      effectiveBand: "mostly",
    });
    // Version 2 added fields beside these (effectiveSource, items); it never removed or renamed one.
    expect(parsed.reportVersion).toBe(2);
  });

  it("names files after the cycle and the day they were made, or for a publication the day it was frozen, in UK time", () => {
    expect(baselineFileName(baselineTestModel(), "xlsx", LIVE_CONTEXT)).toBe("baseline-section-11-audit-2026-2026-11-22.xlsx");
    expect(baselineFileName(baselineTestModel(), "docx", PUBLISHED_CONTEXT)).toBe("baseline-section-11-audit-2026-2026-07-01.docx");
    // 23:30 UTC on 30 June is already 1 July in London (BST).
    expect(baselineFileName(baselineTestModel(), "csv", { generatedAt: "2026-06-30T23:30:00.000Z" })).toBe(
      "baseline-section-11-audit-2026-2026-07-01.csv",
    );
    const model = baselineTestModel();
    model.cycle.title = 'Schools "s175" — Spring/Summer 2027';
    expect(baselineFileName(model, "json", LIVE_CONTEXT)).toBe("baseline-schools-s175-spring-summer-2027-2026-11-22.json");
  });

  it("sends every format as an attachment with its content type and a private cache policy", async () => {
    for (const format of ["xlsx", "docx", "csv", "json"] as const) {
      const rendered = await renderBaselineExport(baselineTestModel(), format, LIVE_CONTEXT);
      const headers = downloadHeaders(rendered);
      expect(headers.get("Content-Type")).toBe(CONTENT_TYPES[format]);
      expect(headers.get("Content-Disposition")).toBe(`attachment; filename="baseline-section-11-audit-2026-2026-11-22.${format}"`);
      expect(headers.get("Content-Length")).toBe(String(rendered.body.length));
      expect(headers.get("Cache-Control")).toBe("private, no-store");
    }
    // Office files are zip packages ("PK").
    expect(Buffer.from((await renderBaselineExport(baselineTestModel(), "xlsx", LIVE_CONTEXT)).body.subarray(0, 2)).toString()).toBe("PK");
  });

  it("accepts only the four formats, with a message saying which", () => {
    expect(ExportFormatSchema.safeParse("xlsx").success).toBe(true);
    for (const bad of ["pdf", "", null, "XLSX"]) {
      const result = ExportFormatSchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].message).toBe("Choose a format: xlsx, docx, csv or json");
    }
  });
});
