import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { demoQuarters } from "~/data/seed-demo-scorecard.server";
import { getScorecardReport } from "~/data/scorecard.server";
import { getAssuranceReport } from "~/data/reports/assurance.server";
import type { Viewer } from "~/domain/permissions";
import { THEMES } from "~/domain/scorecard";
import { demoDatabase } from "../support/factories";

/* The demo's scorecard: the five DfE themes, four quarters, a break in RR-12, and one agency's quarter missing. */

let db: Db;
let qa: Viewer;

beforeAll(async () => {
  ({ db, qa } = await demoDatabase());
});
afterAll(() => db.destroy());

describe("the demo's scorecard", () => {
  it("takes the last four complete quarters", () => {
    expect(demoQuarters("2026-12-04")).toEqual(["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]);
    expect(demoQuarters("2026-01-01")).toEqual(["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
  });

  it("covers the five themes, with four quarters of figures and a break in re-referrals", async () => {
    const report = (await getScorecardReport(db, qa, { theme: null, quadrant: null, owner: null, from: null, to: null }))!;
    expect(new Set(report.indicators.map((indicator) => indicator.theme))).toEqual(new Set(THEMES));
    const quarters = demoQuarters(new Date().toISOString().slice(0, 10));
    const rr = report.indicators.find((indicator) => indicator.code === "RR-12")!;
    expect(rr.points.map((point) => point.period)).toEqual(quarters);
    // 118/560 = 21.1% green; 131/575 = 22.8% amber (within 3 of 22); 162/590 = 27.5% red; 150/602 = 24.9% amber.
    expect(rr.points.map((point) => [point.rag, point.version, point.breakBefore])).toEqual([
      ["green", 1, false],
      ["amber", 1, false],
      ["red", 2, true],
      ["amber", 2, false],
    ]);
    expect(rr.direction).toBe("improving");
    expect(rr.owner?.name).toBe("Northshire County Council");
    const training = report.indicators.find((indicator) => indicator.code === "TRN-UTD")!;
    expect(training.points.map((point) => point.period)).toEqual(quarters.slice(0, 3));
    expect(training.owner?.name).toBe("Northshire Police");
  });

  it("shows each linked standard's indicators with their latest RAG in the assurance view", async () => {
    const cycleId = (await db("cycles").where({ title: "Section 11 audit 2026" }).first()).id;
    const report = (await getAssuranceReport(db, qa, cycleId))!;
    const quarters = demoQuarters(new Date().toISOString().slice(0, 10));
    const linked = Object.fromEntries(report.standards.filter((standard) => (standard.indicators ?? []).length > 0).map((standard) => [standard.code, standard.indicators]));
    // TRN-UTD's latest is its third quarter: 1790/1880 = 95.2%, green against 95. LADO-30: 29/34 = 85.3%, green against 80.
    expect(linked["S11-6"]).toEqual([{ code: "TRN-UTD", title: "Staff with up-to-date safeguarding training", rag: "green", period: quarters[2] }]);
    expect(linked["S11-7"]).toEqual([{ code: "LADO-30", title: "LADO referrals resolved within 30 days", rag: "green", period: quarters[3] }]);
    expect(linked["S11-9"]).toEqual(linked["S11-7"]);
    // RI-72: 110/128 = 85.9%, green against 85. RR-12 (S11-10): 24.9% amber.
    expect(linked["S11-10"]).toEqual([{ code: "RR-12", title: "Re-referrals within 12 months", rag: "amber", period: quarters[3] }]);
  });
});
