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
  it("is open on the 2026 Section 11 cycle with a link for every agency", async () => {
    const survey = await db("practitioner_surveys").where({ cycle_id: cycleId }).first();
    expect(survey).toBeTruthy();
    expect(await db("practitioner_links").where({ survey_id: survey.id }).count({ n: "*" }).first()).toEqual({ n: 12 });
    expect(await db("practitioner_responses").where({ survey_id: survey.id }).count({ n: "*" }).first()).toEqual({ n: 14 + 12 + 22 + 11 + 5 + 6 });
  });

  it("shows agencies past ten, withholds the small ones, and has a staff-evidence gap at the council", async () => {
    const report = (await getAssuranceReport(db, qa, cycleId))!;
    const staffOf = (name: string) => report.agencies.find((row) => row.agency.name === name)!.standards[0].staff;
    expect(staffOf("Northshire County Council")).toMatchObject({ n: 14 });
    expect(staffOf("Northshire Police")).toMatchObject({ n: 12 });
    expect(staffOf("Northshire Hospitals NHS Foundation Trust")).toMatchObject({ n: 22 });
    expect(staffOf("Probation Service, Northshire region")).toEqual({ suppressed: true });
    expect(staffOf("Northshire Youth Justice Service")).toEqual({ suppressed: true });
    const council = report.agencies.find((row) => row.agency.name === "Northshire County Council")!;
    expect(council.standards.filter((cell) => cell.gaps.includes("staff")).map((cell) => cell.code)).toEqual(expect.arrayContaining(["S11-9"]));
    expect(report.summary.staffGaps).toBeGreaterThanOrEqual(1);
  });
});
