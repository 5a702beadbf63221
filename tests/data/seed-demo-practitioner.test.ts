import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAssuranceReport } from "~/data/reports/assurance.server";
import type { Db } from "~/data/db.server";
import type { Viewer } from "~/domain/permissions";
import { demoDatabase } from "../support/factories";

/* The demo's practitioner survey: agencies past ten shown, small ones withheld, and a staff-evidence gap. */

let db: Db;
let qa: Viewer;
let cycleId: number;

beforeAll(async () => {
  const demo = await demoDatabase();
  ({ db, qa } = demo);
  cycleId = await demo.cycleIdOf("Section 11 audit 2026");
});
afterAll(() => db.destroy());

describe("the demo's practitioner survey", () => {
  it("has closed on the 2026 Section 11 cycle with its answers, and a second is open with a link for every agency", async () => {
    const [closed, running] = await db("practitioner_surveys").where({ cycle_id: cycleId }).orderBy("id");
    expect(closed.closes_on < new Date().toISOString().slice(0, 10)).toBe(true);
    expect(await db("practitioner_links").where({ survey_id: closed.id }).count({ n: "*" }).first()).toEqual({ n: 12 });
    expect(await db("practitioner_responses").where({ survey_id: closed.id }).count({ n: "*" }).first()).toEqual({ n: 14 + 12 + 22 + 11 + 5 + 6 });
    expect(running.closes_on > new Date().toISOString().slice(0, 10)).toBe(true);
    expect(running.closed_at).toBeNull();
    expect(await db("practitioner_links").where({ survey_id: running.id }).count({ n: "*" }).first()).toEqual({ n: 12 });
  });

  it("shows agencies past ten, withholds the small ones, and has a staff-evidence gap at the council", async () => {
    const report = (await getAssuranceReport(db, qa, cycleId))!;
    const staffOf = (name: string, code = "S11-2") => report.agencies.find((row) => row.agency.name === name)!.standards.find((cell) => cell.code === code)!.staff;
    expect(staffOf("Northshire County Council")).toMatchObject({ n: 14 });
    expect(staffOf("Northshire Police")).toMatchObject({ n: 12 });
    expect(staffOf("Northshire Hospitals NHS Foundation Trust")).toMatchObject({ n: 22 });
    expect(staffOf("Probation Service, Northshire region")).toEqual({ suppressed: true });
    expect(staffOf("Northshire Youth Justice Service")).toEqual({ suppressed: true });
    // Leadership (S11-1, one statement): at the police too many of the twelve said "don't know" to show it.
    expect(staffOf("Northshire Police", "S11-1")).toEqual({ suppressed: true });
    const council = report.agencies.find((row) => row.agency.name === "Northshire County Council")!;
    expect(council.standards.filter((cell) => cell.gaps.includes("staff")).map((cell) => cell.code)).toEqual(expect.arrayContaining(["S11-9"]));
    expect(report.summary.staffGaps).toBeGreaterThanOrEqual(1);
  });
});
