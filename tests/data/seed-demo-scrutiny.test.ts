import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getActionsReport } from "~/data/reports/actions.server";
import { getComparisonReport } from "~/data/reports/comparison.server";
import type { Db } from "~/data/db.server";
import type { Viewer } from "~/domain/permissions";
import { demoDatabase } from "../support/factories";

/* The scrutiny demo: two S11 cycles, the later one with moderation, challenges and actions. */

let db: Db;
let qa: Viewer;
let later: number;
let earlier: number;

beforeAll(async () => {
  const demo = await demoDatabase();
  ({ db, qa } = demo);
  later = await demo.cycleIdOf("Section 11 audit 2026");
  earlier = await demo.cycleIdOf("Section 11 audit 2025");
}, 120_000);
afterAll(() => db.destroy());

describe("the demo's QA scrutiny and actions", () => {
  it("moderates and challenges only council, hospitals and youth justice, leaving every return submitted", async () => {
    const touched = async (table: string) =>
      (await db(table).join("returns", "returns.id", `${table}.return_id`).join("agencies", "agencies.id", "returns.agency_id").where("returns.cycle_id", later).distinct("agencies.slug")).map((row: { slug: string }) => row.slug).sort();
    expect(await touched("moderations")).toEqual(["council", "hospitals"]);
    expect(await touched("challenges")).toEqual(["council", "hospitals"]);
    expect(await touched("actions")).toEqual(["hospitals", "youth-justice"]);
    const statuses = await db("returns").where({ cycle_id: later }).whereIn("status", ["returned", "validated"]).count({ n: "*" }).first();
    expect(Number(statuses?.n)).toBe(0);
  });

  it("gives the actions report open, overdue and done actions, a time to close, and a rating an action changed", async () => {
    const report = (await getActionsReport(db, qa, later))!;
    expect(report.partnership).toMatchObject({ total: 4, open: 2, inProgress: 1, done: 1, overdue: 1, timeToClose: { n: 1 } });
    // Written 40 days ago at 10:00 UTC and done at seed time: 40 UK days (41 if seeded late on a summer evening, UK time).
    expect([40, 41]).toContain(report.partnership.timeToClose.medianDays);
    expect(report.ratingChanges).toHaveLength(1);
    expect(report.ratingChanges[0]).toMatchObject({ standardCode: "S11-4", direction: "higher", agency: { name: "Northshire Hospitals NHS Foundation Trust" } });
  });

  it("shows moderated ratings in the comparison with the 2025 baseline", async () => {
    const result = await getComparisonReport(db, qa, earlier, later);
    if (!result?.ok) throw new Error("no comparison");
    const council = result.report.agencies.find((row) => row.agency.name === "Northshire County Council")!;
    expect(council.standards.find((cell) => cell.code === "S11-3")!.later.moderated).toBe(true);
  });
});
