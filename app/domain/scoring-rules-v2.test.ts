import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatPercent, scoreReturn, scoreText, unmetEssentialsText, type Answers } from "./scoring";
import { visibleQuestions } from "./survey-engine";
import { listQuestions } from "./survey-json";
import { checkCurrentRules, validateTool, type ToolDefinition } from "./tool-schema";

/*
 * The four findings that made scoring rules version 2 (DESIGN §5), reproduced on the shipped 2026.1 tools:
 * each gave an answer a QA chair could not defend under v1 and gives the defensible one under v2.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));

function shipped(path: string): ToolDefinition {
  const result = validateTool(JSON.parse(readFileSync(`${root}${path}`, "utf8")));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.tool;
}

/** Every scored item at its best answer: its top-points choice (true for a boolean); a matrix row inside its matrix. */
function bestAnswers(tool: ToolDefinition): Answers {
  const questions = new Set(listQuestions(tool.survey).map((question) => question.name));
  const answers: Answers = {};
  for (const [key, rule] of Object.entries(tool.items)) {
    const top = Object.entries(rule.points ?? {}).sort((a, b) => b[1] - a[1])[0]?.[0];
    if (top === undefined) continue;
    const value = top === "true" ? true : top;
    if (questions.has(key)) answers[key] = value;
    else {
      const matrix = key.slice(0, key.lastIndexOf("."));
      answers[matrix] = { ...((answers[matrix] as object | undefined) ?? {}), [key.slice(key.lastIndexOf(".") + 1)]: value };
    }
  }
  return answers;
}

function scored(tool: ToolDefinition, answers: Answers, rules: "1" | "2" = "2") {
  return scoreReturn(tool, answers, visibleQuestions(tool.survey, answers), rules);
}

describe("scoring rules v2 on the shipped tools", () => {
  const s11 = shipped("surveys/s11/2026.1.json");
  const s175 = shipped("surveys/s175/2026.1.json");
  const labelOf = (tool: ToolDefinition, code: string | null) => tool.bands.find((band) => band.code === code)?.label;

  it("an essential answered not applicable is not met: S11-3 with its safeguarding policy N/A is Not met, not 100% Fully met", () => {
    const answers = {
      s11_3_q1: "na",
      s11_3_q1_na: "We rely on the council's policy.",
      s11_3_q2: "fully",
      s11_3_q3: "fully",
      s11_3_q4: "fully",
      s11_3_q5: "fully",
    };
    const v1 = scored(s11, answers, "1").standards.find((standard) => standard.code === "S11-3")!;
    // v1: the N/A left the essential out: 4 × 3 / 12 = 100%, Fully met.
    expect(v1).toMatchObject({ percent: 100, band: "fully" });
    const v2 = scored(s11, answers).standards.find((standard) => standard.code === "S11-3")!;
    // v2: the policy counts 0 of 3: (0 + 3 + 3 + 3 + 3) / 15 = 80% (Mostly met by %), forced to Not met.
    expect(v2.percent).toBe(80);
    expect(v2).toMatchObject({ band: "not", essentialCap: "lowest" });
  });

  it("unmet essentials reach the overall: a school with no single central record is Mostly met, 1 essential requirement not met", () => {
    const answers = { ...bestAnswers(s175), s175_sc_q1: false };
    const v1 = scored(s175, answers, "1");
    expect(v1.overall.band).toBe("fully");
    const v2 = scored(s175, answers);
    // Eleven standards at 100% and the statutory checklist at 10 of 11 (90.9…%, forced to Not met by its essential):
    // overall (11 × 100 + 90.909…) / 12 = 99.24…%: Fully met by %, capped at Mostly met.
    expect(v2.overall.percent).toBeCloseTo((11 * 100 + 1000 / 11) / 12, 10);
    expect(v2.overall).toMatchObject({ band: "mostly", essentialCap: true });
    expect(v2.unmetEssentials).toEqual([{ standard: "S175-SC", item: "s175_sc_q1", answer: "false" }]);
    expect(`${labelOf(s175, v2.overall.band)}, ${unmetEssentialsText(v2.unmetEssentials.length)}`).toBe(
      "Mostly met, 1 essential requirement not met",
    );
    // docs/scoring.md's second worked example states exactly this, in the words every view uses.
    const shown = scoreText(s175.bands, {
      percent: v2.overall.percent,
      band: v2.overall.band,
      cap: v2.overall.essentialCap,
      unmetEssentials: v2.unmetEssentials.length,
    });
    expect(shown).toBe("Mostly met (99%), capped: 1 essential requirement not met");
    const doc = readFileSync(`${root}docs/scoring.md`, "utf8");
    expect(doc).toContain(`**"${shown}"**`);
    expect(doc).toContain(`**${(v2.overall.percent as number).toFixed(2)}%**`);
  });

  it("rounding never contradicts a band: 84.6% is shown as 84.6%, never 'Mostly met (85%)'", () => {
    expect(formatPercent(1100 / 13, s11.bands)).toBe("84.6%");
    expect(formatPercent(59.7, s11.bands)).toBe("59.7%");
    expect(formatPercent(60, s11.bands)).toBe("60%");
  });

  it("tools published before v2 load and score, and the current rules name what a new version must change", () => {
    const problems = checkCurrentRules(s11);
    expect(problems).toHaveLength(9);
    expect(problems[0]).toMatch(/^items\.s11_1_q1: page "[^"]+", question "[^"]+" is essential but offers not applicable \("na"\)/);
  });
});
