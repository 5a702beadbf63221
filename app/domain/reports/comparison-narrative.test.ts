import { describe, expect, it } from "vitest";
import type { Band, Sector, ToolDefinition } from "../tool-schema";
import { buildComparisonReport, type ComparisonInputReturn } from "./comparison";
import { buildComparisonNarrative } from "./comparison-narrative";

const bands: Band[] = [
  { code: "green", label: "Fully met", min: 80, colour: "#00703c" },
  { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
];
const tool = (version: string, codes: string[], comparableTo?: ToolDefinition["comparableTo"]): ToolDefinition => ({
  code: "s11",
  version,
  title: "S11",
  kind: "s11",
  bands,
  standards: codes.map((code) => ({ code, title: `Standard ${code}` })),
  items: {},
  comparableTo,
  survey: { pages: [] },
});
const agency = (id: number, name: string, sector: Sector) => ({ id, name, sector });
const scored = (who: ReturnType<typeof agency>, overall: number, standards: Record<string, number>): ComparisonInputReturn => ({
  agency: who,
  status: "submitted",
  score: {
    overallPercent: overall,
    overallBand: overall >= 80 ? "green" : "red",
    standards: Object.entries(standards).map(([code, percent]) => ({ code, percent, band: percent >= 80 ? "green" : "red" })),
  },
});

/*
 * Version 2 renames A to A2 and adds N; B is gone (removed).
 *   Alpha  50 → 70 (+20, improved)   A 40 → 60 (+20)
 *   Beta   80 → 78 (−2, stable)      A 90 → 70 (−20)
 *   Gamma  in 2026 only
 * Partnership median 65 → 74 (median of +20 and −2 = +9). Standard A2: median change of +20 and −20 = 0.
 */
const alpha = agency(1, "Alpha", "police");
const beta = agency(2, "Beta", "health");
const gamma = agency(3, "Gamma", "health");
const report = buildComparisonReport({
  earlier: {
    cycle: { id: 1, title: "2025", opensOn: "2025-01-01", dueOn: "2025-03-31" },
    tool: tool("1", ["A", "B"]),
    returns: [scored(alpha, 50, { A: 40, B: 10 }), scored(beta, 80, { A: 90, B: 10 })],
  },
  later: {
    cycle: { id: 2, title: "2026", opensOn: "2026-01-01", dueOn: "2026-03-31" },
    tool: tool("2", ["A2", "N"], { "s11@1": { A2: "A" } }),
    returns: [scored(alpha, 70, { A2: 60, N: 50 }), scored(beta, 78, { A2: 70, N: 50 }), scored(gamma, 90, { A2: 90, N: 90 })],
  },
});

describe("buildComparisonNarrative", () => {
  it("says what changed since the baseline in the model's own numbers", () => {
    expect(buildComparisonNarrative(report)).toEqual([
      "Of 2 agencies with a scored return in both 2025 and 2026, 1 improved overall by 5 points or more, 1 stayed within 5 points and 0 declined by 5 points or more.",
      "The median overall score moved from 65% to 74%; the median of the agencies' own changes is +9 points.",
      "Standard by standard, across those agencies: 1 improved, 0 stable and 1 declined (0 not scored in both cycles).",
      "No standard improved by a median of 5 points or more.",
      "No standard declined by a median of 5 points or more.",
      "0 agencies submitted in 2025 only and 1 agency in 2026 only; they are listed but not in the medians.",
      "2 standards are not comparable between the two tool versions (1 added, 1 removed).",
    ]);
  });

  it("says so when no agency took part in both cycles", () => {
    const empty = buildComparisonReport({
      earlier: { cycle: { id: 1, title: "2025", opensOn: "2025-01-01", dueOn: "2025-03-31" }, tool: tool("1", ["A"]), returns: [] },
      later: { cycle: { id: 2, title: "2026", opensOn: "2026-01-01", dueOn: "2026-03-31" }, tool: tool("1", ["A"]), returns: [] },
    });
    expect(buildComparisonNarrative(empty)[0]).toBe(
      "No agency has a submitted return in both 2025 and 2026, so nothing can be compared yet.",
    );
  });
});
