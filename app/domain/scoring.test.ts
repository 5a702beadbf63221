import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SCORING_RULES_VERSION, bandFor, formatPercent, scoreReturn, type Answers, type ReturnScore } from "./scoring";
import { visibleQuestions } from "./survey-engine";
import { listQuestions, type SurveyElementJson } from "./survey-json";
import { validateTool, type Band, type ItemRule, type Standard, type ToolDefinition } from "./tool-schema";

/*
 * One test per rule of DESIGN §5. Every tool below is a literal, valid definition (each is run
 * through validateTool first, so a test can never score a tool the importer would refuse), and
 * every expected number is worked by hand in the comment beside it.
 */

// The shipped S11 bands (surveys/s11/2026.1.json): Fully ≥ 85, Mostly ≥ 60, Partly ≥ 30, Not ≥ 0.
const BANDS: Band[] = [
  { code: "fully", label: "Fully met", min: 85, colour: "#00703c" },
  { code: "mostly", label: "Mostly met", min: 60, colour: "#85994b" },
  { code: "partly", label: "Partially met", min: 30, colour: "#f47738" },
  { code: "not", label: "Not met", min: 0, colour: "#d4351c" },
];

const MET = { fully: 3, mostly: 2, partly: 1, not: 0 };

/** A "how well is this met?" question: the S11 answer scale plus Not applicable. */
function met(name: string): SurveyElementJson {
  return { type: "radiogroup", name, choices: ["fully", "mostly", "partly", "not", "na"] };
}

function yesNo(name: string): SurveyElementJson {
  return { type: "radiogroup", name, choices: ["yes", "no"] };
}

/** A one-page tool with the S11 bands; refuses to build anything validateTool would refuse. */
function toolOf(parts: {
  standards: Standard[];
  items: Record<string, ItemRule>;
  elements: SurveyElementJson[];
  dimensions?: { code: string; title: string }[];
}): ToolDefinition {
  const result = validateTool({
    code: "test",
    version: "2026.1",
    title: "Test tool",
    kind: "custom",
    bands: BANDS,
    ...(parts.dimensions ? { dimensions: parts.dimensions } : {}),
    standards: parts.standards,
    items: parts.items,
    survey: { pages: [{ name: "p1", elements: parts.elements }] },
  });
  if (!result.ok) throw new Error(`test tool is invalid:\n${result.errors.join("\n")}`);
  return result.tool;
}

function allVisible(tool: ToolDefinition): Set<string> {
  return new Set(listQuestions(tool.survey).map((question) => question.name));
}

function score(tool: ToolDefinition, answers: Answers, visible = allVisible(tool)): ReturnScore {
  return scoreReturn(tool, answers, visible);
}

function standardOf(result: ReturnScore, code: string) {
  const found = result.standards.find((standard) => standard.code === code);
  if (!found) throw new Error(`no standard ${code} in the result`);
  return found;
}

/** Two "met" items in standard S1, each worth up to 3. */
const twoItems = toolOf({
  standards: [{ code: "S1", title: "One" }],
  items: {
    q1: { standard: "S1", points: MET, notApplicable: ["na"] },
    q2: { standard: "S1", points: MET, notApplicable: ["na"] },
  },
  elements: [met("q1"), met("q2")],
});

describe("which items count", () => {
  it("gives not-applicable answers no weight", () => {
    const result = score(twoItems, { q1: "fully", q2: "na" });
    // q2 is N/A so only q1 counts: 100 × 3 / 3 = 100 (were N/A scored as 0 it would be 3 / 6 = 50).
    expect(standardOf(result, "S1").percent).toBe(100);
    expect(standardOf(result, "S1")).toMatchObject({ included: 1, notApplicable: 1, unanswered: 0 });
    expect(result.items.find((item) => item.key === "q2")?.status).toBe("not_applicable");
  });

  it("leaves unanswered items out of the score and counts them against completeness instead", () => {
    const result = score(twoItems, { q1: "partly" });
    // Only q1 counts: 100 × 1 / 3 = 33.33… (were unanswered scored as 0 it would be 1 / 6 = 16.67).
    expect(standardOf(result, "S1").percent).toBeCloseTo(100 / 3, 10);
    expect(standardOf(result, "S1")).toMatchObject({ included: 1, unanswered: 1 });
    // Completeness: 1 of the 2 visible scored items answered.
    expect(result.completeness).toEqual({ answered: 1, total: 2 });
  });

  it("treats an empty text or an empty selection as unanswered, but N/A as answered for completeness", () => {
    const result = score(twoItems, { q1: "", q2: "na" });
    // Nothing is included (q1 empty, q2 N/A), so the standard is not scored; q2 still counts as answered.
    expect(standardOf(result, "S1").percent).toBeNull();
    expect(result.completeness).toEqual({ answered: 1, total: 2 });
  });

  it("leaves out questions that are not visible, even when an answer is stored for them", () => {
    const result = score(twoItems, { q1: "fully", q2: "not" }, new Set(["q1"]));
    // q2 is hidden: 100 × 3 / 3 = 100 (were it counted: 3 / 6 = 50). Hidden items are not part of completeness either.
    expect(standardOf(result, "S1").percent).toBe(100);
    expect(result.items.find((item) => item.key === "q2")?.status).toBe("hidden");
    expect(result.completeness).toEqual({ answered: 1, total: 1 });
  });
});

describe("standard %", () => {
  it("weights each item by its weight", () => {
    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: { q1: { standard: "S1", points: MET, weight: 3 }, q2: { standard: "S1", points: MET } },
      elements: [met("q1"), met("q2")].map((element) => ({ ...element, choices: ["fully", "mostly", "partly", "not"] })),
    });
    const result = score(tool, { q1: "fully", q2: "not" });
    // Σw·p = 3·3 + 1·0 = 9; Σw·m = 3·3 + 1·3 = 12; 100 × 9 / 12 = 75 (unweighted it would be 3 / 6 = 50).
    expect(standardOf(result, "S1").percent).toBe(75);
  });

  it("is 100 × Σ(w·p) / Σ(w·m) over the included items", () => {
    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: {
        q1: { standard: "S1", points: { a: 4, b: 2, c: 0 } },
        q2: { standard: "S1", points: { yes: 1, no: 0 }, weight: 2 },
      },
      elements: [{ type: "radiogroup", name: "q1", choices: ["a", "b", "c"] }, yesNo("q2")],
    });
    const result = score(tool, { q1: "b", q2: "yes" });
    // q1: p = 2, m = 4 (largest points), w = 1; q2: p = 1, m = 1, w = 2.
    // Σw·p = 2 + 2·1 = 4; Σw·m = 4 + 2·1 = 6; 100 × 4 / 6 = 66.666…, kept at full precision.
    expect(standardOf(result, "S1").percent).toBeCloseTo(200 / 3, 10);
    expect(standardOf(result, "S1").band).toBe("mostly");
  });

  it("does not score a standard in which no item is included", () => {
    const result = score(twoItems, { q1: "na" });
    // q1 N/A, q2 unanswered: nothing included, so no % and no band (not 0%, not Not met).
    expect(standardOf(result, "S1")).toMatchObject({ percent: null, band: null });
    expect(formatPercent(standardOf(result, "S1").percent)).toBe("Not scored");
  });

  it("does not score a standard whose included items can score nothing (Σ w·m = 0)", () => {
    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: { q1: { standard: "S1", points: { yes: 0, no: 0 } } },
      elements: [yesNo("q1")],
    });
    const result = score(tool, { q1: "yes" });
    // q1 is included, but Σw·m = 1·0 = 0, so 100 × 0 / 0 is undefined: not scored rather than NaN or 0.
    expect(standardOf(result, "S1")).toMatchObject({ percent: null, band: null, included: 1 });
  });
});

describe("overall and dimension %", () => {
  const threeStandards = toolOf({
    dimensions: [
      { code: "setting", title: "Setting quality standards" },
      { code: "improving", title: "Fostering continuous improvement" },
    ],
    standards: [
      { code: "A", title: "A", dimension: "setting" },
      { code: "B", title: "B", dimension: "setting" },
      { code: "C", title: "C", dimension: "improving" },
    ],
    items: {
      a1: { standard: "A", points: { yes: 1, no: 0 } },
      b1: { standard: "B", points: { yes: 1, no: 0 } },
      b2: { standard: "B", points: { yes: 1, no: 0 } },
      b3: { standard: "B", points: { yes: 1, no: 0 } },
      b4: { standard: "B", points: { yes: 1, no: 0 } },
      c1: { standard: "C", points: { yes: 1, no: 0 } },
    },
    elements: ["a1", "b1", "b2", "b3", "b4", "c1"].map(yesNo),
  });

  it("takes the mean of the standard %s, so a standard with many items does not drown the others", () => {
    const result = score(threeStandards, { a1: "yes", b1: "no", b2: "no", b3: "no", b4: "no" });
    // A = 100 × 1/1 = 100; B = 100 × 0/4 = 0; C unanswered, not scored.
    // Overall = (100 + 0) / 2 = 50. Pooling the items instead would give 1/5 = 20.
    expect(result.overall.percent).toBe(50);
    expect(result.overall.band).toBe("partly");
  });

  it("weights each standard by its weight in the overall %", () => {
    const tool = toolOf({
      standards: [
        { code: "A", title: "A", weight: 3 },
        { code: "B", title: "B" },
      ],
      items: { a1: { standard: "A", points: { yes: 1, no: 0 } }, b1: { standard: "B", points: { yes: 1, no: 0 } } },
      elements: [yesNo("a1"), yesNo("b1")],
    });
    const result = score(tool, { a1: "yes", b1: "no" });
    // A = 100 (W 3); B = 0 (W 1). Overall = (3·100 + 1·0) / (3 + 1) = 300 / 4 = 75: Mostly met.
    // Unweighted it would be (100 + 0) / 2 = 50: Partially met.
    expect(result.overall).toEqual({ percent: 75, band: "mostly", essentialCap: false });
  });

  it("leaves standards without a score out of the overall %, and is not scored when none has one", () => {
    const partial = score(threeStandards, { a1: "yes", c1: "no" });
    // A = 100, B not scored (unanswered), C = 0. Overall = (100 + 0) / 2 = 50, not (100 + 0 + 0) / 3.
    expect(partial.overall.percent).toBe(50);
    const empty = score(threeStandards, {});
    expect(empty.overall).toEqual({ percent: null, band: null, essentialCap: false });
  });

  it("computes a dimension % as the weighted mean of that dimension's standards", () => {
    const result = score(threeStandards, { a1: "yes", b1: "yes", b2: "no", b3: "no", b4: "yes", c1: "no" });
    // A = 100; B = 100 × 2/4 = 50; C = 0.
    // setting = (100 + 50) / 2 = 75 (Mostly); improving = 0 / 1 = 0 (Not); overall = (100 + 50 + 0) / 3 = 50 (Partly).
    expect(result.dimensions).toEqual([
      { code: "setting", percent: 75, band: "mostly", essentialCap: false },
      { code: "improving", percent: 0, band: "not", essentialCap: false },
    ]);
    expect(result.overall).toEqual({ percent: 50, band: "partly", essentialCap: false });
  });
});

describe("bands", () => {
  it("gives a score exactly at a band's minimum that band", () => {
    expect(bandFor(BANDS, 85)).toBe("fully");
    expect(bandFor(BANDS, 60)).toBe("mostly");
    expect(bandFor(BANDS, 30)).toBe("partly");
    expect(bandFor(BANDS, 0)).toBe("not");
    expect(bandFor(BANDS, 100)).toBe("fully");
    expect(bandFor(BANDS, null)).toBeNull();

    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: Object.fromEntries(["q1", "q2", "q3", "q4", "q5"].map((name) => [name, { standard: "S1", points: { yes: 1, no: 0 } }])),
      elements: ["q1", "q2", "q3", "q4", "q5"].map(yesNo),
    });
    const result = score(tool, { q1: "yes", q2: "yes", q3: "yes", q4: "no", q5: "no" });
    // 100 × 3 / 5 = 60 exactly: the Mostly met minimum, so Mostly met.
    expect(standardOf(result, "S1")).toMatchObject({ percent: 60, band: "mostly" });
  });

  it("compares at full precision, so 84.999 is not 85", () => {
    expect(bandFor(BANDS, 84.999)).toBe("mostly");
    expect(bandFor(BANDS, 59.999999)).toBe("partly");

    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: {
        q1: { standard: "S1", points: { yes: 1, no: 0 }, weight: 11 },
        q2: { standard: "S1", points: { yes: 1, no: 0 }, weight: 2 },
      },
      elements: [yesNo("q1"), yesNo("q2")],
    });
    const result = score(tool, { q1: "yes", q2: "no" });
    // Σw·p = 11; Σw·m = 11 + 2 = 13; 100 × 11 / 13 = 84.615…: banded Mostly met, so shown "84.6%", never "85%".
    expect(standardOf(result, "S1").percent).toBeCloseTo(1100 / 13, 10);
    expect(standardOf(result, "S1").band).toBe("mostly");
    expect(formatPercent(standardOf(result, "S1").percent, BANDS)).toBe("84.6%");
  });
});

describe("essential items", () => {
  const withEssential = toolOf({
    dimensions: [{ code: "setting", title: "Setting quality standards" }],
    standards: [{ code: "S1", title: "One", dimension: "setting" }],
    items: {
      key: { standard: "S1", points: MET, notApplicable: ["na"], essential: true },
      rest: { standard: "S1", points: MET, weight: 6 },
    },
    elements: [met("key"), { type: "radiogroup", name: "rest", choices: ["fully", "mostly", "partly", "not"] }],
  });

  it("forces the standard into the lowest band when an essential item scores 0", () => {
    const result = score(withEssential, { key: "not", rest: "fully" });
    // Σw·p = 1·0 + 6·3 = 18; Σw·m = 1·3 + 6·3 = 21; 100 × 18 / 21 = 85.71… (Fully met by %), forced to Not met.
    expect(standardOf(result, "S1").percent).toBeCloseTo(600 / 7, 10);
    expect(standardOf(result, "S1")).toMatchObject({ band: "not", essentialCap: "lowest" });
  });

  it("caps the standard at the second-highest band when an essential item scores above 0 but below its maximum", () => {
    const result = score(withEssential, { key: "mostly", rest: "fully" });
    // Σw·p = 1·2 + 6·3 = 20; Σw·m = 21; 100 × 20 / 21 = 95.23… (Fully met by %), capped at Mostly met.
    expect(standardOf(result, "S1").percent).toBeCloseTo(2000 / 21, 10);
    expect(standardOf(result, "S1")).toMatchObject({ band: "mostly", essentialCap: "second" });
  });

  it("never raises a band through the essential cap, and leaves a fully met essential item alone", () => {
    const low = score(withEssential, { key: "partly", rest: "partly" });
    // Σw·p = 1·1 + 6·1 = 7; Σw·m = 21; 100 × 7 / 21 = 33.33… (Partially met): the cap at Mostly met does not lift it.
    expect(standardOf(low, "S1")).toMatchObject({ band: "partly", essentialCap: null });
    const full = score(withEssential, { key: "fully", rest: "fully" });
    // 100 × 21 / 21 = 100: Fully met, no cap.
    expect(standardOf(full, "S1")).toMatchObject({ percent: 100, band: "fully", essentialCap: null });
  });

  it("v2: counts an essential item answered not applicable as not met", () => {
    const result = score(withEssential, { key: "na", rest: "fully" });
    // A duty cannot be not applicable: key counts 0 of 3. Σw·p = 0 + 18 = 18; Σw·m = 3 + 18 = 21; 85.71…, forced to Not met.
    expect(standardOf(result, "S1").percent).toBeCloseTo(600 / 7, 10);
    expect(standardOf(result, "S1")).toMatchObject({ band: "not", essentialCap: "lowest", notApplicable: 0, included: 2 });
    expect(result.unmetEssentials).toEqual([{ standard: "S1", item: "key", answer: "na" }]);
  });

  it("v1 (kept for re-scores): left an essential item answered not applicable out, as published", () => {
    const result = scoreReturn(withEssential, { key: "na", rest: "fully" }, allVisible(withEssential), "1");
    // Only rest counts: 100 × 18 / 18 = 100, Fully met.
    expect(result.rulesVersion).toBe("1");
    expect(standardOf(result, "S1")).toMatchObject({ percent: 100, band: "fully", essentialCap: null });
  });

  it("v2: an essential forcing its standard into the lowest band caps the overall and its dimension at the second-highest band", () => {
    const result = score(withEssential, { key: "not", rest: "fully" });
    // The standard is forced to Not met; overall = dimension = 85.71… (one standard), Fully met by %, capped at Mostly met.
    expect(standardOf(result, "S1").band).toBe("not");
    expect(result.overall.percent).toBeCloseTo(600 / 7, 10);
    expect(result.overall).toMatchObject({ band: "mostly", essentialCap: true });
    expect(result.dimensions).toEqual([{ code: "setting", percent: result.overall.percent, band: "mostly", essentialCap: true }]);
    expect(result.unmetEssentials).toEqual([{ standard: "S1", item: "key", answer: "not" }]);
  });

  it("v2: an essential only partly met caps its standard but not the overall", () => {
    const result = score(withEssential, { key: "mostly", rest: "fully" });
    // 95.23…: the standard is capped at Mostly met; nothing is unmet, so the overall stays Fully met.
    expect(result.overall).toMatchObject({ band: "fully", essentialCap: false });
    expect(result.unmetEssentials).toEqual([]);
  });

  it("v1 (kept for re-scores): did not apply the essential rule to the overall or dimension band", () => {
    const result = scoreReturn(withEssential, { key: "not", rest: "fully" }, allVisible(withEssential), "1");
    expect(result.overall).toMatchObject({ band: "fully", essentialCap: false });
  });

  it("v2: never raises an overall already below the second-highest band", () => {
    const twoStandards = toolOf({
      standards: [
        { code: "S1", title: "One" },
        { code: "S2", title: "Two" },
      ],
      items: { key: { standard: "S1", points: MET, essential: true }, other: { standard: "S2", points: MET } },
      elements: [
        { type: "radiogroup", name: "key", choices: ["fully", "mostly", "partly", "not"] },
        { type: "radiogroup", name: "other", choices: ["fully", "mostly", "partly", "not"] },
      ],
    });
    const result = score(twoStandards, { key: "not", other: "partly" });
    // S1 = 0% (Not met), S2 = 33.3…%; overall = (0 + 33.3…) / 2 = 16.66…: Not met by %, the cap leaves it there.
    expect(result.overall.percent).toBeCloseTo(50 / 3, 10);
    expect(result.overall).toMatchObject({ band: "not", essentialCap: false });
    expect(result.unmetEssentials).toHaveLength(1);
  });
});

describe("points by question type", () => {
  it("scores a checkbox out of the rule's max, keeping the total within 0…max", () => {
    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: { q1: { standard: "S1", points: { policy: 1, training: 1, audit: 2 }, max: 3 } },
      elements: [{ type: "checkbox", name: "q1", choices: ["policy", "training", "audit"] }],
    });
    // All three: 1 + 1 + 2 = 4, kept at the max 3: 100 × 3 / 3 = 100.
    expect(standardOf(score(tool, { q1: ["policy", "training", "audit"] }), "S1").percent).toBe(100);
    // Policy only: 100 × 1 / 3 = 33.33…
    expect(standardOf(score(tool, { q1: ["policy"] }), "S1").percent).toBeCloseTo(100 / 3, 10);
  });

  it("scores a checkbox without max out of the sum of its positive points, never below 0", () => {
    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: { q1: { standard: "S1", points: { policy: 1, training: 1, audit: 2, none: -2 } } },
      elements: [{ type: "checkbox", name: "q1", choices: ["policy", "training", "audit", "none"] }],
    });
    // m = 1 + 1 + 2 = 4 (the −2 is not part of the maximum).
    // Policy + audit: 1 + 2 = 3; 100 × 3 / 4 = 75.
    expect(standardOf(score(tool, { q1: ["policy", "audit"] }), "S1").percent).toBe(75);
    // Policy + none: 1 − 2 = −1, kept at 0; 100 × 0 / 4 = 0 (not −25).
    const penalised = score(tool, { q1: ["policy", "none"] });
    expect(standardOf(penalised, "S1").percent).toBe(0);
    expect(penalised.items[0]).toMatchObject({ points: 0, max: 4 });
  });

  it("scores a rating without points as (value − rateMin) out of (rateMax − rateMin)", () => {
    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: { q1: { standard: "S1" }, q2: { standard: "S1" } },
      elements: [
        { type: "rating", name: "q1", rateMin: 1, rateMax: 5 },
        { type: "rating", name: "q2", rateMin: 0, rateMax: 10 },
      ],
    });
    const fourOfFive = score(tool, { q1: 4 });
    // (4 − 1) / (5 − 1) = 3/4: 100 × 3 / 4 = 75.
    expect(fourOfFive.items[0]).toMatchObject({ points: 3, max: 4 });
    expect(standardOf(fourOfFive, "S1").percent).toBe(75);
    // The lowest point of the scale scores 0, not 1/5: (1 − 1) / 4 = 0.
    expect(standardOf(score(tool, { q1: 1 }), "S1").percent).toBe(0);
    // Both: p = 3 + 7 = 10; m = 4 + 10 = 14; 100 × 10 / 14 = 71.43…
    expect(standardOf(score(tool, { q1: 4, q2: 7 }), "S1").percent).toBeCloseTo(1000 / 14, 10);
  });

  it("scores a rating with points as a single choice, so a reversed 1-is-best scale works", () => {
    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: { q1: { standard: "S1", points: { "1": 3, "2": 2, "3": 1, "4": 0 } } },
      elements: [{ type: "rating", name: "q1", rateMin: 1, rateMax: 4 }],
    });
    // Answer 1 (best): 3 / 3 = 100. Answer 2: 2 / 3 = 66.67. Answer 4 (worst): 0 / 3 = 0.
    expect(standardOf(score(tool, { q1: 1 }), "S1").percent).toBe(100);
    expect(standardOf(score(tool, { q1: 2 }), "S1").percent).toBeCloseTo(200 / 3, 10);
    expect(standardOf(score(tool, { q1: 4 }), "S1").percent).toBe(0);
  });

  it('scores a boolean with the keys "true" and "false", and counts false as an answer', () => {
    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      // A reversed question: "Has a safeguarding concern gone unreported this year?" — "No" is the good answer.
      items: { q1: { standard: "S1", points: { true: 0, false: 2 } } },
      elements: [{ type: "boolean", name: "q1" }],
    });
    // false: 2 / 2 = 100; true: 0 / 2 = 0.
    expect(standardOf(score(tool, { q1: false }), "S1").percent).toBe(100);
    const yes = score(tool, { q1: true });
    expect(standardOf(yes, "S1").percent).toBe(0);
    expect(yes.items[0]).toMatchObject({ status: "included", points: 0, max: 2 });
  });

  it('scores each matrix row as its own item "<question>.<row>"', () => {
    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: {
        "training.dsl": { standard: "S1", points: { yes: 1, no: 0 }, notApplicable: ["na"] },
        "training.staff": { standard: "S1", points: { yes: 1, no: 0 }, notApplicable: ["na"] },
        "training.board": { standard: "S1", points: { yes: 1, no: 0 }, notApplicable: ["na"] },
      },
      elements: [{ type: "matrix", name: "training", rows: ["dsl", "staff", "board"], columns: ["yes", "no", "na"] }],
    });
    const result = score(tool, { training: { dsl: "yes", staff: "no", board: "na" } });
    // dsl 1/1, staff 0/1, board N/A: 100 × (1 + 0) / (1 + 1) = 50.
    expect(standardOf(result, "S1")).toMatchObject({ percent: 50, included: 2, notApplicable: 1 });
    const oneRow = score(tool, { training: { dsl: "yes" } });
    // Only dsl answered: 100 × 1 / 1 = 100; the other two rows are unanswered.
    expect(standardOf(oneRow, "S1")).toMatchObject({ percent: 100, unanswered: 2 });
    // Hiding the matrix hides every row.
    const hidden = score(tool, { training: { dsl: "yes" } }, new Set());
    expect(hidden.items.map((item) => item.status)).toEqual(["hidden", "hidden", "hidden"]);
  });

  it("scores a number by the first band whose min ≤ answer, out of the largest band points", () => {
    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: {
        // % of staff trained: higher is better.
        trained: {
          standard: "S1",
          bands: [
            { min: 90, points: 2 },
            { min: 60, points: 1 },
            { min: 0, points: 0 },
          ],
        },
      },
      elements: [{ type: "text", name: "trained", inputType: "number" }],
    });
    const pointsFor = (answer: number) => score(tool, { trained: answer }).items[0];
    // 95 and 90 (boundary inclusive) fall in the first band: 2 / 2.
    expect(pointsFor(95)).toMatchObject({ points: 2, max: 2 });
    expect(pointsFor(90)).toMatchObject({ points: 2, max: 2 });
    // 89.9 and 60: 1 / 2 = 50%; 59: 0 / 2.
    expect(pointsFor(89.9)).toMatchObject({ points: 1, max: 2 });
    expect(standardOf(score(tool, { trained: 60 }), "S1").percent).toBe(50);
    expect(pointsFor(59)).toMatchObject({ points: 0, max: 2 });
  });

  it("takes a numeric item's maximum from the largest band points, not the first band", () => {
    const tool = toolOf({
      standards: [{ code: "S1", title: "One" }],
      items: {
        // Days to complete a DBS check: lower is better, so the top band scores least.
        days: {
          standard: "S1",
          bands: [
            { min: 30, points: 0 },
            { min: 10, points: 1 },
            { min: 0, points: 2 },
          ],
        },
      },
      elements: [{ type: "text", name: "days", inputType: "number" }],
    });
    // 5 days: band min 0 → 2 points; m = max(0, 1, 2) = 2: 100 × 2 / 2 = 100.
    expect(standardOf(score(tool, { days: 5 }), "S1").percent).toBe(100);
    // 12 days: band min 10 → 1 point: 100 × 1 / 2 = 50. 45 days: band min 30 → 0: 0.
    expect(standardOf(score(tool, { days: 12 }), "S1").percent).toBe(50);
    expect(standardOf(score(tool, { days: 45 }), "S1").percent).toBe(0);
  });
});

describe("presentation and provenance", () => {
  it("rounds half up to a whole number once, at presentation", () => {
    expect(formatPercent(12.5)).toBe("13%");
    expect(formatPercent(200 / 3)).toBe("67%"); // 66.666…
    expect(formatPercent(100 / 3)).toBe("33%"); // 33.333…
    expect(formatPercent(84.5)).toBe("85%");
    expect(formatPercent(0.4999)).toBe("0%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(100)).toBe("100%");
    // Rounding twice (84.45 → 84.5 → 85) would be wrong: once gives 84.
    expect(formatPercent(84.45)).toBe("84%");
    expect(formatPercent(null)).toBe("Not scored");
  });

  it("never rounds a percentage up to a band minimum the full value is below: one decimal, rounded down", () => {
    // Bands 85 / 60 / 30 / 0. 84.96 would round to 85, the Fully met minimum: shown 84.9, not 85.0.
    expect(formatPercent(84.96, BANDS)).toBe("84.9%");
    expect(formatPercent(84.5, BANDS)).toBe("84.5%");
    expect(formatPercent(59.5, BANDS)).toBe("59.5%");
    expect(formatPercent(29.99, BANDS)).toBe("29.9%");
    // Away from a minimum, or at or above it, the whole number stands.
    expect(formatPercent(84.45, BANDS)).toBe("84%");
    expect(formatPercent(85, BANDS)).toBe("85%");
    expect(formatPercent(85.4, BANDS)).toBe("85%");
    expect(formatPercent(60.5, BANDS)).toBe("61%");
    expect(formatPercent(null, BANDS)).toBe("Not scored");
  });

  it("keeps scores at full precision, leaving rounding to presentation", () => {
    const result = score(twoItems, { q1: "mostly", q2: "not" });
    // 100 × 2 / 6 = 33.333…: stored as is, not as 33.
    expect(standardOf(result, "S1").percent).toBeCloseTo(100 / 3, 10);
    expect(Number.isInteger(standardOf(result, "S1").percent)).toBe(false);
  });

  it("picks up the self rating from the standard's selfRating question", () => {
    const tool = toolOf({
      standards: [
        { code: "S1", title: "One", selfRating: "s1_self" },
        { code: "S2", title: "Two" },
      ],
      items: { q1: { standard: "S1", points: MET, notApplicable: ["na"] }, q2: { standard: "S2", points: MET, notApplicable: ["na"] } },
      elements: [met("q1"), met("q2"), { type: "radiogroup", name: "s1_self", choices: ["fully", "mostly", "partly", "not"] }],
    });
    const result = score(tool, { q1: "partly", q2: "fully", s1_self: "fully" });
    expect(standardOf(result, "S1").selfRating).toBe("fully");
    // S2 has no selfRating question.
    expect(standardOf(result, "S2").selfRating).toBeNull();
    // Not answered, or answered but hidden: no self rating.
    expect(standardOf(score(tool, { q1: "partly" }), "S1").selfRating).toBeNull();
    expect(standardOf(score(tool, { q1: "partly", s1_self: "fully" }, new Set(["q1", "q2"])), "S1").selfRating).toBeNull();
  });

  it("records the tool version and scoring-rules version on every score", () => {
    const result = score(twoItems, { q1: "fully" });
    expect(result.toolVersion).toBe("2026.1");
    expect(result.rulesVersion).toBe(SCORING_RULES_VERSION);
    expect(SCORING_RULES_VERSION).toMatch(/^\S+$/);
  });
});

describe("docs/scoring.md", () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const shipped = validateTool(JSON.parse(readFileSync(`${root}surveys/s11/2026.1.json`, "utf8")));
  if (!shipped.ok) throw new Error(shipped.errors.join("\n"));
  const s11 = shipped.tool;
  const labelOf = (code: string | null) => s11.bands.find((band) => band.code === code)?.label;

  it("matches the worked example in docs/scoring.md", () => {
    // The worked example uses the shipped S11 tool: its bands and its 3/2/1/0 points.
    expect(s11.bands).toEqual(BANDS);
    const answers: Answers = {
      // S11-2: essential q1 Mostly met, q2 Fully met, q3 Not applicable, q4 Fully met; self rating Fully met.
      s11_2_q1: "mostly",
      s11_2_q2: "fully",
      s11_2_q3: "na",
      s11_2_q3_na: "The reason the agency gave.",
      s11_2_q4: "fully",
      s11_2_self: "fully",
      // S11-4: essential q1 Fully met, q2 Fully met, q3 Fully met, q4 Mostly met; self rating Fully met.
      s11_4_q1: "fully",
      s11_4_q2: "fully",
      s11_4_q3: "fully",
      s11_4_q4: "mostly",
      s11_4_self: "fully",
      // S11-9: essential q1 Not met, q2 Fully met, q3 Fully met, q4 Mostly met; self rating Not met.
      s11_9_q1: "not",
      s11_9_q2: "fully",
      s11_9_q3: "fully",
      s11_9_q4: "mostly",
      s11_9_self: "not",
    };
    const result = scoreReturn(s11, answers, visibleQuestions(s11.survey, answers));
    const s2 = standardOf(result, "S11-2");
    const s4 = standardOf(result, "S11-4");
    const s9 = standardOf(result, "S11-9");

    // S11-2: (2 + 3 + 3) / (3 + 3 + 3) = 8/9 = 88.89% (Fully met by %), capped at Mostly met by the essential q1.
    expect(s2.percent).toBeCloseTo(800 / 9, 10);
    expect(s2).toMatchObject({ band: "mostly", essentialCap: "second", included: 3, notApplicable: 1, selfRating: "fully" });
    // S11-4: (3 + 3 + 3 + 2) / 12 = 11/12 = 91.67%: Fully met.
    expect(s4.percent).toBeCloseTo(1100 / 12, 10);
    expect(s4).toMatchObject({ band: "fully", essentialCap: null, selfRating: "fully" });
    // S11-9: (0 + 3 + 3 + 2) / 12 = 8/12 = 66.67% (Mostly met by %), forced to Not met by the essential q1 at 0.
    expect(s9.percent).toBeCloseTo(800 / 12, 10);
    expect(s9).toMatchObject({ band: "not", essentialCap: "lowest", selfRating: "not" });
    // The other nine standards are unanswered, so not scored and left out of the overall.
    expect(result.standards.filter((standard) => standard.percent !== null).map((standard) => standard.code)).toEqual([
      "S11-2",
      "S11-4",
      "S11-9",
    ]);
    // Overall: (88.888… + 91.666… + 66.666…) / 3 = 247.222… / 3 = 82.407…%: Mostly met.
    expect(result.overall.percent).toBeCloseTo((800 / 9 + 1100 / 12 + 800 / 12) / 3, 10);
    expect(result.overall.band).toBe("mostly");
    // Rounding the standards first would give (89 + 92 + 67) / 3 = 82.67 → 83%: the document shows why we do not.
    expect(formatPercent(result.overall.percent)).toBe("82%");

    // The document states the same figures, in the form "**89% (Mostly met)**".
    const doc = readFileSync(`${root}docs/scoring.md`, "utf8");
    for (const figure of [s2, s4, s9, result.overall]) {
      expect(doc).toContain(`**${formatPercent(figure.percent)} (${labelOf(figure.band)})**`);
    }
    expect(doc).toContain(`${(result.overall.percent as number).toFixed(2)}%`);
  });
});
