import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getActionsReport } from "~/data/reports/actions.server";
import { getComparisonReport } from "~/data/reports/comparison.server";
import { getTrendReport } from "~/data/reports/trend.server";
import { getCompletionReport } from "~/data/reports/completion.server";
import { getAssuranceReport } from "~/data/reports/assurance.server";
import { getCaseAuditReport } from "~/data/case-audits.server";
import { getScorecardReport } from "~/data/scorecard.server";
import type { Db } from "~/data/db.server";
import { getBaselineReport } from "~/data/reports/baseline.server";
import { seedDemo } from "~/data/seed-demo.server";
import type { Viewer } from "~/domain/permissions";
import { readDocx } from "../tests/support/docx";
import { createTestDb } from "../tests/support/factories";
import { renderReportExport, type ReportModel } from "./report-export";

/*
 * DESIGN §5: numbers are rounded once, at presentation, and no renderer prints more than one decimal
 * ("46.2962962962963" once reached a board pack). Every report kind is built from the demo partnership
 * and written in every file format people read; each is read back and every number checked.
 */

let db: Db;
const models: [string, ReportModel][] = [];
const CONTEXT = { generatedAt: "2026-12-04T10:00:00.000Z" };

/** A run of digits with two or more decimals: "16.66", "46.2962962962963". */
const TOO_PRECISE = /\d\.\d{2,}/;

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db);
  const qaRow = await db("users").where({ email: "qa@example.org" }).first();
  const qa: Viewer = { id: qaRow.id, email: qaRow.email, name: qaRow.name, role: "qa", agencyId: null };
  const later = (await db("cycles").where({ title: "Section 11 audit 2026" }).first()).id;
  const earlier = (await db("cycles").where({ title: "Section 11 audit 2025" }).first()).id;
  const comparison = await getComparisonReport(db, qa, earlier, later);
  if (!comparison?.ok) throw new Error(comparison ? comparison.message : "no comparison");
  models.push(
    ["baseline", (await getBaselineReport(db, qa, later))!],
    ["comparison", comparison.report],
    ["completion", (await getCompletionReport(db, qa, later))!],
    ["actions", (await getActionsReport(db, qa, later))!],
    ["trend", (await getTrendReport(db, qa, later))!],
    ["assurance", (await getAssuranceReport(db, qa, later))!],
    ["scorecard", (await getScorecardReport(db, qa, { theme: null, quadrant: null, owner: null, from: null, to: null }))!],
    ["case-audit", (await getCaseAuditReport(db, qa, (await db("case_audits").first()).id))!],
  );
}, 120_000);

afterAll(async () => {
  await db.destroy();
});

describe("every export of every report kind prints at most one decimal", () => {
  it("covers every report kind", () => {
    expect(models.map(([kind]) => kind)).toEqual([
      "baseline",
      "comparison",
      "completion",
      "actions",
      "trend",
      "assurance",
      "scorecard",
      "case-audit",
    ]);
    for (const [kind, model] of models) expect(model, kind).toBeTruthy();
  });

  it("CSV", async () => {
    for (const [kind, model] of models) {
      const text = String((await renderReportExport(model, "csv", CONTEXT)).body);
      const offending = text.split(/[,\r\n]/).filter((field) => TOO_PRECISE.test(field));
      expect(offending, kind).toEqual([]);
    }
  });

  it("Word", async () => {
    for (const [kind, model] of models) {
      const { paragraphs } = await readDocx((await renderReportExport(model, "docx", CONTEXT)).body as Buffer);
      expect(
        paragraphs.filter((text) => TOO_PRECISE.test(text)),
        kind,
      ).toEqual([]);
    }
  });

  it("Excel: numbers at full precision, but no display format shows more than one decimal, and no text does", async () => {
    for (const [kind, model] of models) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await renderReportExport(model, "xlsx", CONTEXT)).body as unknown as ArrayBuffer);
      const problems: string[] = [];
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            if (typeof cell.value === "number" && !Number.isInteger(cell.value)) {
              const format = cell.numFmt ?? "General";
              const decimals = /0\.(0+)/.exec(format)?.[1].length ?? (format === "General" ? Infinity : 0);
              if (decimals > 1) problems.push(`${sheet.name}!${cell.address} ${cell.value} shown as "${format}"`);
            } else if (typeof cell.value === "string" && TOO_PRECISE.test(cell.value))
              problems.push(`${sheet.name}!${cell.address} "${cell.value}"`);
          }),
        ),
      );
      expect(problems, kind).toEqual([]);
    }
  });
});
