import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreReturn, type Answers, type ReturnScore } from "./scoring";
import { checkAnswerShapes, readPageAnswers, type PostedFields } from "./survey-engine";
import { listQuestions } from "./survey-json";
import { parseToolJson, validateTool, type ToolDefinition } from "./tool-schema";

/*
 * Property tests (fast-check): rules that must hold for every input, not just the hand-worked ones beside
 * each module. Run counts are modest so the unit project stays fast; a failure prints the smallest input.
 */

const RUNS = { numRuns: 100 };
/** Validating a whole real tool is slower (survey-core reads it): fewer runs. */
const FEW = { numRuns: 40 };
const S11_TEXT = readFileSync(fileURLToPath(new URL("../../surveys/s11/2026.1.json", import.meta.url)), "utf8");
const S11 = (() => {
  const result = parseToolJson(S11_TEXT);
  if (!result.ok) throw new Error(result.errors.join("; "));
  return result.tool;
})();

/** "path: message", the validator's contract for every problem it lists. */
const PROBLEM = /^\S.*: \S/;

function expectValidation(result: ReturnType<typeof validateTool>): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) expect(error).toMatch(PROBLEM);
}

/** A copy of `value` with the thing at a random path replaced by `replacement` (or deleted when undefined). */
function mutate(value: unknown, choices: number[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let node: unknown = copy;
  for (let depth = 0; depth < choices.length; depth += 1) {
    if (node === null || typeof node !== "object") break;
    const keys = Object.keys(node as object);
    if (keys.length === 0) break;
    const key = keys[choices[depth] % keys.length];
    const child = (node as Record<string, unknown>)[key];
    const last = depth === choices.length - 1 || child === null || typeof child !== "object";
    if (last) {
      if (replacement === undefined && !Array.isArray(node)) delete (node as Record<string, unknown>)[key];
      else (node as Record<string, unknown>)[key] = replacement;
      break;
    }
    node = child;
  }
  return copy;
}

describe("the tool-definition validator, on any input", () => {
  it("never throws on any value, and lists each problem with its path", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true }), (value) => {
        expectValidation(validateTool(value));
      }),
      RUNS,
    );
  });

  it("never throws on any text, valid JSON or not", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 }), fc.string({ unit: "grapheme", maxLength: 200 })),
        (text) => {
          const result = parseToolJson(text);
          if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
        },
      ),
      FEW,
    );
  });

  it("answers a damaged copy of a real tool with ok or path-named problems, never an exception", () => {
    const original = JSON.parse(S11_TEXT) as unknown;
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 7 }),
        fc.option(fc.jsonValue(), { nil: undefined }),
        (path, replacement) => {
          expectValidation(validateTool(mutate(original, path, replacement)));
        },
      ),
      FEW,
    );
  });
});

/** A posted form (multi-valued, as FormData) from a list of [name, value] pairs. */
function form(entries: [string, string][]): PostedFields {
  return {
    get: (name) => entries.find(([key]) => key === name)?.[1] ?? null,
    getAll: (name) => entries.filter(([key]) => key === name).map(([, value]) => value),
    keys: () => [...new Set(entries.map(([key]) => key))],
  };
}

describe("reading posted answers, whatever is posted", () => {
  const pages = S11.survey.pages.map((page) => page.name);

  it("never throws; keeps only this page's questions, in shapes the tool allows; names each problem's question", () => {
    const pageArbitrary = fc.constantFrom(...pages);
    fc.assert(
      fc.property(
        pageArbitrary.chain((pageName) => {
          const questions = listQuestions(S11.survey).filter((question) => question.pageName === pageName);
          const names = questions.flatMap((question) => (question.type === "matrix" ? [] : [question.name]));
          const values = fc.oneof(
            fc.constantFrom("fully", "mostly", "partly", "not", "na", "true", "false", "", " ", "3", "-1", "1e309"),
            fc.string(),
            fc.string({ unit: "grapheme", maxLength: 50 }),
          );
          const key = fc.oneof(
            { weight: 8, arbitrary: fc.constantFrom(...names) },
            { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
            { weight: 1, arbitrary: fc.constant("_next") },
          );
          return fc.tuple(fc.constant(pageName), fc.array(fc.tuple(key, values), { maxLength: 12 }));
        }),
        ([pageName, entries]) => {
          const onPage = new Set(
            listQuestions(S11.survey)
              .filter((question) => question.pageName === pageName)
              .map((question) => question.name),
          );
          const result = readPageAnswers(S11.survey, pageName, form(entries));
          if (result.ok) {
            for (const name of Object.keys(result.answers)) expect(onPage.has(name), `${name} is on ${pageName}`).toBe(true);
            const given = Object.fromEntries(Object.entries(result.answers).filter(([, value]) => value !== undefined));
            expect(checkAnswerShapes(S11.survey, given)).toEqual([]);
          } else if (result.refused) {
            expect(result.refused.length).toBeGreaterThan(0);
          } else {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const error of result.errors) {
              expect(onPage.has(error.name), `${error.name} is a question on ${pageName}`).toBe(true);
              expect(error.message.length).toBeGreaterThan(0);
            }
          }
        },
      ),
      RUNS,
    );
  });
});

/* Scoring (DESIGN §5, docs/scoring.md) on generated tools: any number of standards and items, any points and weights. */

interface GeneratedItem {
  points: number[];
  weight?: number;
}

const itemArbitrary: fc.Arbitrary<GeneratedItem> = fc.record(
  { points: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 5 }), weight: fc.constantFrom(0.5, 1, 2, 3) },
  { requiredKeys: ["points"] },
);
const toolArbitrary = fc.array(
  fc.record({
    items: fc.array(itemArbitrary, { minLength: 1, maxLength: 5 }),
    weight: fc.option(fc.constantFrom(0.5, 1, 2), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 4 },
);

function buildTool(standards: { items: GeneratedItem[]; weight?: number }[]): ToolDefinition {
  const items: Record<string, unknown> = {};
  const pages = standards.map((standard, s) => ({
    name: `P${s + 1}`,
    elements: standard.items.map((item, i) => {
      const name = `q${s + 1}_${i + 1}`;
      const choices = item.points.map((_, c) => `c${c}`);
      items[name] = {
        standard: `S${s + 1}`,
        points: Object.fromEntries(item.points.map((p, c) => [`c${c}`, p])),
        notApplicable: ["na"],
        ...(item.weight ? { weight: item.weight } : {}),
      };
      return { type: "radiogroup", name, title: name, choices: [...choices, "na"] };
    }),
  }));
  const result = validateTool({
    code: "generated",
    version: "1",
    title: "Generated tool",
    kind: "custom",
    bands: [
      { code: "fully", label: "Fully met", min: 80, colour: "#00703c" },
      { code: "mostly", label: "Mostly met", min: 60, colour: "#1d70b8" },
      { code: "partly", label: "Partly met", min: 40, colour: "#f47738" },
      { code: "not", label: "Not met", min: 0, colour: "#d4351c" },
    ],
    standards: standards.map((standard, s) => ({
      code: `S${s + 1}`,
      title: `Standard ${s + 1}`,
      ...(standard.weight ? { weight: standard.weight } : {}),
    })),
    items,
    survey: { pages },
  });
  if (!result.ok) throw new Error(`The generated tool is invalid: ${result.errors.join("; ")}`);
  return result.tool;
}

/** A tool with answers for it: each item answered with one of its choices, "na", or left blank. */
const scenario = toolArbitrary.chain((shape) => {
  const tool = buildTool(shape);
  const keys = Object.keys(tool.items);
  const answer = (key: string) => fc.option(fc.constantFrom(...Object.keys(tool.items[key].points!), "na"), { nil: undefined });
  return fc.tuple(
    fc.constant(tool),
    fc
      .tuple(...keys.map(answer))
      .map((values) => Object.fromEntries(keys.map((key, n) => [key, values[n]]).filter(([, value]) => value !== undefined)) as Answers),
  );
});

function score(tool: ToolDefinition, answers: Answers): ReturnScore {
  // Every question visible: these properties are about the arithmetic, not about conditions.
  return scoreReturn(tool, answers, new Set(Object.keys(tool.items)));
}

const percentOf = (result: ReturnScore, code: string) => result.standards.find((standard) => standard.code === code)!.percent;

describe("scoring, for any tool and any answers", () => {
  it("gives every standard and the overall a percentage within 0–100, or null (not scored) exactly when nothing counts", () => {
    fc.assert(
      fc.property(scenario, ([tool, answers]) => {
        const result = score(tool, answers);
        for (const standard of result.standards) {
          const counted = result.items.filter((item) => item.standard === standard.code && item.status === "included");
          const denominator = counted.reduce((sum, item) => sum + item.weight * item.max, 0);
          if (denominator === 0) expect(standard.percent).toBeNull();
          else {
            expect(standard.percent).not.toBeNull();
            expect(standard.percent!).toBeGreaterThanOrEqual(0);
            expect(standard.percent!).toBeLessThanOrEqual(100);
          }
          expect(standard.band === null).toBe(standard.percent === null);
        }
        const scored = result.standards.filter((standard) => standard.percent !== null);
        if (scored.length === 0) expect(result.overall.percent).toBeNull();
        else {
          expect(result.overall.percent!).toBeGreaterThanOrEqual(Math.min(...scored.map((s) => s.percent!)) - 1e-9);
          expect(result.overall.percent!).toBeLessThanOrEqual(Math.max(...scored.map((s) => s.percent!)) + 1e-9);
        }
      }),
      RUNS,
    );
  });

  it("treats Not applicable as no answer at all: it is left out of the denominator and changes no percentage", () => {
    fc.assert(
      fc.property(scenario, ([tool, answers]) => {
        const withoutNa = Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== "na"));
        const a = score(tool, answers);
        const b = score(tool, withoutNa);
        expect(a.standards.map((s) => s.percent)).toEqual(b.standards.map((s) => s.percent));
        expect(a.overall.percent).toEqual(b.overall.percent);
      }),
      RUNS,
    );
  });

  it("never lowers a standard's percentage when one more item is fully met, and leaves other standards alone", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ([tool, answers], pick) => {
        const keys = Object.keys(tool.items);
        const key = keys[pick % keys.length];
        const points = tool.items[key].points!;
        const best = Object.keys(points).reduce((a, b) => (points[b] > points[a] ? b : a));
        const before = score(tool, answers);
        const after = score(tool, { ...answers, [key]: best });
        const standard = tool.items[key].standard;
        const was = percentOf(before, standard);
        const now = percentOf(after, standard);
        if (was !== null && now !== null) expect(now).toBeGreaterThanOrEqual(was - 1e-9);
        for (const other of before.standards.filter((s) => s.code !== standard))
          expect(percentOf(after, other.code)).toEqual(other.percent);
      }),
      RUNS,
    );
  });

  it("never lowers a standard's percentage when one answer moves to a choice worth at least as much", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat(), ([tool, answers], pick, choice) => {
        const answered = Object.keys(answers).filter((key) => answers[key] !== "na");
        if (answered.length === 0) return;
        const key = answered[pick % answered.length];
        const points = tool.items[key].points!;
        const better = Object.keys(points).filter((value) => points[value] >= points[answers[key] as string]);
        const next = better[choice % better.length];
        const standard = tool.items[key].standard;
        const was = percentOf(score(tool, answers), standard);
        const now = percentOf(score(tool, { ...answers, [key]: next }), standard);
        // The same items count either way, so a scored standard stays scored (null only when every counted item is worth 0).
        expect(now === null).toBe(was === null);
        if (was !== null) expect(now!).toBeGreaterThanOrEqual(was - 1e-9);
      }),
      RUNS,
    );
  });
});
