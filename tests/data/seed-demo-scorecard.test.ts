import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { demoQuarters } from "~/data/seed-demo-scorecard.server";
import { getScorecardReport } from "~/data/scorecard.server";
import { seedDemo } from "~/data/seed-demo.server";
import type { Viewer } from "~/domain/permissions";
import { THEMES } from "~/domain/scorecard";
import { createTestDb } from "../support/factories";

/* The demo's scorecard: the five DfE themes, four quarters, a break in RR-12, and one agency's quarter missing. */

let db: Db;
let qa: Viewer;

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db);
  const row = await db("users").where({ email: "qa@example.org" }).first();
  qa = { id: row.id, email: row.email, name: row.name, role: "qa", agencyId: null };
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
});
