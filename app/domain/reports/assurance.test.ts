import { describe, expect, it } from "vitest";
import { baselineTestModel, TEST_BANDS } from "../../../reports/baseline-test-model";
import { buildPractitionerResults, type Tally } from "../practitioner";
import { anonymiseAssurance, buildAssuranceReport } from "./assurance";

/**
 * Staff results on standards S1 and S2 for Alpha (12 people), Beta (4: withheld), a surveyed agency without a
 * return (7: withheld; with Beta's 4 it covers Beta against subtraction, so Alpha stays shown) and Gamma (15).
 */
function staffResults() {
  const tally = (agencyId: number, standard: string, responses: number, points: number, max: number): Tally => ({
    agencyId,
    roleGroup: "frontline",
    standard,
    responses,
    points,
    max,
  });
  const baseline = baselineTestModel();
  return buildPractitionerResults({
    minGroup: 10,
    bands: TEST_BANDS,
    standards: [
      { code: "S1", title: "Leadership and accountability" },
      { code: "S2", title: "Safer recruitment" },
    ],
    perResponseMax: { S1: 1, S2: 1 },
    agencies: [
      ...baseline.agencies.map((row) => ({ ...row.agency, sector: "police" as const })),
      { id: 99, name: "Delta Housing", sector: "police" as const },
    ],
    // Alpha: S1 6 of 12 agree (50%, Partially met); S2 12 of 12 (100%).
    tallies: [
      tally(1, "S1", 12, 6, 12),
      tally(1, "S2", 12, 12, 12),
      tally(2, "S1", 4, 4, 4),
      tally(2, "S2", 4, 4, 4),
      tally(3, "S1", 15, 15, 15),
      tally(3, "S2", 15, 3, 15),
      tally(99, "S1", 7, 7, 7),
      tally(99, "S2", 7, 7, 7),
    ],
  });
}

describe("buildAssuranceReport", () => {
  const report = buildAssuranceReport({ baseline: baselineTestModel(), staff: staffResults(), minGroup: 10 });
  const alpha = report.agencies.find((row) => row.agency.name === "Alpha Police")!;

  it("marks a staff-evidence gap where the self rating is above the staff band, and only there", () => {
    // Alpha rated S1 Fully met; its staff are at 50% (Partially met).
    expect(alpha.standards[0]).toMatchObject({
      code: "S1",
      selfRating: "fully",
      computedBand: "fully",
      staff: { percent: 50, band: "partly", n: 12 },
      caseAudit: null,
      gaps: ["staff"],
    });
    // S2: staff 100% (Fully met) is not below the self rating.
    expect(alpha.standards[1].gaps).toEqual([]);
    // S3 is not in the survey: no staff figure, no gap.
    expect(alpha.standards[2]).toMatchObject({ staff: null, gaps: [] });
  });

  it("keeps a withheld agency withheld, and withheld evidence is never a gap", () => {
    const beta = report.agencies.find((row) => row.agency.name === "Beta Health")!;
    expect(beta.standards[0]).toMatchObject({ staff: { suppressed: true }, gaps: [] });
    expect(report.summary.staffWithheld).toBe(2);
    // Surveyed without a return: listed, with no ratings.
    expect(report.agencies.at(-1)).toMatchObject({ agency: { name: "Delta Housing" }, status: null });
  });

  it("counts gaps and carries the minimum group size", () => {
    expect(report.minGroup).toBe(10);
    expect(report.summary.staffGaps).toBe(report.agencies.flatMap((row) => row.standards).filter((cell) => cell.gaps.length > 0).length);
    expect(report.sources).toEqual({ practitioner: { surveyed: true, standards: ["S1", "S2"], heldUntilClose: false }, caseAudit: false });
    expect(report.summary.caseGaps).toBe(0);
  });

  it("without a survey has no staff column and no gaps", () => {
    const bare = buildAssuranceReport({ baseline: baselineTestModel(), staff: null, minGroup: 10 });
    expect(bare.agencies.flatMap((row) => row.standards).every((cell) => cell.staff === null && cell.gaps.length === 0)).toBe(true);
  });

  it("marks a case-evidence gap where a case audit agreed Requires improvement or worse beside a top-band self or moderated rating", () => {
    const grades = [
      { code: "outstanding", label: "Outstanding", min: 85, colour: "#00703c" },
      { code: "good", label: "Good", min: 60, colour: "#85994b" },
      { code: "requires_improvement", label: "Requires improvement", min: 35, colour: "#f47738" },
      { code: "inadequate", label: "Inadequate", min: 0, colour: "#d4351c" },
    ];
    const cases = {
      bands: grades,
      byAgency: new Map([
        // Alpha: S1 self-rated Fully met, agreed Requires improvement in 2 cases → gap; S3 graded Good → no gap.
        [
          1,
          new Map([
            ["S1", { grade: "requires_improvement", cases: 2 }],
            ["S3", { grade: "good", cases: 1 }],
          ]),
        ],
        // Beta: S1 self-rated Fully met, agreed Inadequate → gap; S2 self-rated Mostly, moderated Not met → no gap.
        [
          2,
          new Map([
            ["S1", { grade: "inadequate", cases: 1 }],
            ["S2", { grade: "inadequate", cases: 1 }],
          ]),
        ],
        // Gamma: S1 self-rated Partially met: Inadequate is no gap against it.
        [3, new Map([["S1", { grade: "inadequate", cases: 3 }]])],
      ]),
    };
    const withCases = buildAssuranceReport({ baseline: baselineTestModel(), staff: null, minGroup: 10, cases });
    const [alphaRow, betaRow, gammaRow] = withCases.agencies;
    expect(alphaRow.standards[0]).toMatchObject({ code: "S1", caseAudit: { grade: "requires_improvement", cases: 2 }, gaps: ["case"] });
    expect(alphaRow.standards[2]).toMatchObject({ code: "S3", caseAudit: { grade: "good", cases: 1 }, gaps: [] });
    expect(alphaRow.standards[1]).toMatchObject({ code: "S2", caseAudit: null, gaps: [] });
    expect(betaRow.standards[0].gaps).toEqual(["case"]);
    expect(betaRow.standards[1].gaps).toEqual([]);
    expect(gammaRow.standards[0].gaps).toEqual([]);
    expect(withCases.summary.caseGaps).toBe(2);
    expect(withCases.sources.caseAudit).toBe(true);
    expect(withCases.caseGrades.map((grade) => grade.code)).toEqual(["outstanding", "good", "requires_improvement", "inadequate"]);
  });

  it("anonymises agencies by letter in order of gaps, never by name", () => {
    const anonymous = anonymiseAssurance(report, 5);
    expect(anonymous.agencies[0].agency).toMatchObject({ id: 0, name: "Agency A" });
    expect(anonymous.agencies[0].staffGaps).toBe(Math.max(...report.agencies.map((row) => row.staffGaps)));
    expect(JSON.stringify(anonymous)).not.toContain("Alpha Police");
  });
});
