import { describe, expect, it } from "vitest";
import type { Band, Sector, ToolDefinition } from "../tool-schema";
import type { ComparisonInputReturn } from "./comparison";
import { buildTrendReport } from "./trend";

const bands: Band[] = [
  { code: "green", label: "Fully met", min: 80, colour: "#00703c" },
  { code: "amber", label: "Partially met", min: 50, colour: "#f47738" },
  { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
];

function tool(version: string, codes: string[], comparableTo?: ToolDefinition["comparableTo"]): ToolDefinition {
  return {
    code: "s11",
    version,
    title: "Section 11",
    kind: "s11",
    bands,
    standards: codes.map((code) => ({ code, title: `Standard ${code}` })),
    items: {},
    comparableTo,
    survey: { pages: [] },
  };
}

const alpha = { id: 1, name: "Alpha Police", sector: "police" as Sector };
const beta = { id: 2, name: "Beta Health", sector: "health" as Sector };
const gamma = { id: 3, name: "Gamma Hospital", sector: "health" as Sector };

function scored(who: typeof alpha, overall: number, standards: Record<string, number | null>): ComparisonInputReturn {
  return {
    agency: who,
    status: "submitted",
    score: {
      overallPercent: overall,
      overallBand: bands.find((band) => band.min <= overall)!.code,
      standards: Object.entries(standards).map(([code, percent]) => ({ code, percent, band: null })),
    },
  };
}

/*
 * Three cycles of s11. 2024 and 2025 use version 1 (A, B, OLD); 2026 uses version 2 (A, B2 renamed
 * from B, NEW added; OLD removed).
 *
 *           2024          2025                  2026
 *   Alpha   60 (A 50)     70 (A 60, B 80)       80 (A 70, B2 90)
 *   Beta    40 (A 30)     –  (in progress)      50 (A 40, B2 50)
 *   Gamma   not in cycle  90 (A 90, B 70)       –  (not started)
 *
 *   partnership median:   50 (n 2)   80 (n 2)   65 (n 2)
 *   health median:        40 (n 1)   90 (n 1)   50 (n 1)
 *   A median:             40 (n 2)   75 (n 2)   55 (n 2)
 *   B2 median:            – (n 0: nobody scored B in 2024)   75 (n 2)   70 (n 2)
 *   NEW:                  not comparable, not comparable, 60 (n 1: Beta did not answer)
 */
const v1 = tool("1", ["A", "B", "OLD"]);
const v2 = tool("2", ["A", "B2", "NEW"], { "s11@1": { A: "A", B2: "B" } });
const c2024 = {
  cycle: { id: 10, title: "S11 2024", opensOn: "2024-01-01", dueOn: "2024-03-31" },
  tool: v1,
  returns: [scored(alpha, 60, { A: 50, B: null }), scored(beta, 40, { A: 30, B: null })],
};
const c2025 = {
  cycle: { id: 11, title: "S11 2025", opensOn: "2025-01-01", dueOn: "2025-03-31" },
  tool: v1,
  returns: [
    scored(alpha, 70, { A: 60, B: 80 }),
    { agency: beta, status: "in_progress" as const, score: null },
    scored(gamma, 90, { A: 90, B: 70 }),
  ],
};
const c2026 = {
  cycle: { id: 12, title: "S11 2026", opensOn: "2026-01-01", dueOn: "2026-03-31" },
  tool: v2,
  returns: [
    scored(alpha, 80, { A: 70, B2: 90, NEW: 60 }),
    scored(beta, 50, { A: 40, B2: 50, NEW: null }),
    { agency: gamma, status: "not_started" as const, score: null },
  ],
};
// Given out of order: the trend sorts them by the day they opened.
const report = buildTrendReport({ cycles: [c2026, c2024, c2025] });

describe("buildTrendReport", () => {
  it("puts the cycles oldest first, with the number of scored returns in each", () => {
    expect(report.cycles.map((cycle) => [cycle.id, cycle.toolVersion, cycle.submitted])).toEqual([
      [10, "1", 2],
      [11, "1", 2],
      [12, "2", 2],
    ]);
    expect(report.tool.version).toBe("2");
  });

  it("gives the partnership's and each sector's median overall score per cycle, with n", () => {
    expect(report.partnership.map((entry) => [entry.median, entry.n])).toEqual([
      [50, 2],
      [80, 2],
      [65, 2],
    ]);
    expect(report.sectors.map((row) => [row.sector, row.points.map((entry) => [entry.median, entry.n])])).toEqual([
      [
        "police",
        [
          [60, 1],
          [70, 1],
          [80, 1],
        ],
      ],
      [
        "health",
        [
          [40, 1],
          [90, 1],
          [50, 1],
        ],
      ],
    ]);
  });

  it("follows a renamed standard through comparableTo and marks an added one not comparable before it existed", () => {
    const byCode = Object.fromEntries(
      report.standards.map((row) => [row.code, row.points.map((entry) => [entry.median, entry.n, entry.comparable])]),
    );
    expect(byCode).toEqual({
      A: [
        [40, 2, true],
        [75, 2, true],
        [55, 2, true],
      ],
      B2: [
        [null, 0, true],
        [75, 2, true],
        [70, 2, true],
      ],
      NEW: [
        [null, 0, false],
        [null, 0, false],
        [60, 1, true],
      ],
    });
    // The removed standard is not a line of the trend: the latest version has no such standard.
    expect(report.standards.map((row) => row.code)).toEqual(["A", "B2", "NEW"]);
  });

  it("shows every agency that was scored at least once, with its status where it was not scored", () => {
    expect(report.agencies.map((row) => [row.agency.name, row.cycles, row.points.map((entry) => entry.percent ?? entry.status)])).toEqual([
      ["Alpha Police", 3, [60, 70, 80]],
      ["Beta Health", 2, [40, "in_progress", 50]],
      ["Gamma Hospital", 1, [null, 90, "not_started"]],
    ]);
  });

  it("refuses cycles of different tools", () => {
    expect(() => buildTrendReport({ cycles: [c2024, { ...c2026, tool: { ...v2, code: "s175" } }] })).toThrow(/different instruments/);
  });
});
