import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { listQuestions, toChoices, type SurveyJson } from "./survey-json";
import { parseToolJson, validateTool } from "./tool-schema";

/*
 * DESIGN §4: a tool definition is refused with a clear message naming the JSON path of the problem.
 * Each test breaks one thing in an otherwise valid tool and expects exactly that one message, so a
 * check that stops firing, or starts firing on valid tools, fails here.
 */

/** A small valid tool: two standards in one dimension, a radiogroup, a checkbox, a matrix and a self rating. */
function validTool() {
  return {
    code: "s11",
    version: "2026.1",
    title: "Section 11 self-assessment",
    kind: "s11",
    bands: [
      { code: "green", label: "Fully met", min: 80, colour: "#00703c" },
      { code: "amber", label: "Partially met", min: 50, colour: "#f47738" },
      { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
    ],
    dimensions: [{ code: "setting", title: "Setting quality standards" }],
    standards: [
      { code: "S11-1", title: "Senior management commitment", dimension: "setting", selfRating: "s1_self" },
      { code: "S11-2", title: "Designated safeguarding lead", dimension: "setting" },
    ],
    items: {
      s1_q1: { standard: "S11-1", points: { fully: 3, mostly: 2, partly: 1, not: 0 }, notApplicable: ["na"], essential: true },
      s1_q2: { standard: "S11-1", points: { policy: 1, training: 1, audit: 2 }, max: 3 },
      "s2_q1.dsl": { standard: "S11-2", points: { yes: 1, no: 0 } },
    },
    survey: {
      pages: [
        {
          name: "S11-1",
          elements: [
            { type: "radiogroup", name: "s1_q1", choices: ["fully", "mostly", "partly", "not", "na"] },
            { type: "checkbox", name: "s1_q2", choices: ["policy", "training", "audit"] },
            { type: "comment", name: "s1_evidence" },
            { type: "radiogroup", name: "s1_self", choices: ["green", "amber", "red"] },
          ],
        },
        {
          name: "S11-2",
          elements: [
            {
              type: "panel",
              name: "s2_panel",
              elements: [{ type: "matrix", name: "s2_q1", rows: ["dsl", "deputy"], columns: ["yes", "no"] }],
            },
          ],
        },
      ],
    } as SurveyJson,
  };
}

type Tool = ReturnType<typeof validTool>;

/** The errors validateTool gives for the valid tool after `change`; [] when it is accepted. */
function errorsAfter(change: (tool: Tool) => void): string[] {
  const tool = validTool();
  change(tool);
  const result = validateTool(tool);
  return result.ok ? [] : result.errors;
}

describe("validateTool", () => {
  it("says what is missing and what a wrong value must be, not zod's words", () => {
    const result = validateTool({ code: 5, kind: "s12", version: "2026.1", title: "T", bands: "all", standards: [] });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContain("code: must be text, not a whole number");
    expect(errors).toContain(
      'kind: must be one of "s11", "s175", "supervision", "early_years", "custom", "practitioner", "case_audit", not "s12"',
    );
    expect(errors).toContain("bands: must be a list ([…]), not text");
    expect(errors).toContain("items: is missing");
    expect(errors.join("\n")).not.toMatch(/Invalid input|Invalid option|received undefined/);
  });

  it("accepts a valid tool with every kind of item rule", () => {
    expect(errorsAfter(() => {})).toEqual([]);
  });

  it("refuses an item whose standard code is unknown", () => {
    const errors = errorsAfter((tool) => {
      tool.items.s1_q1.standard = "S11-99";
    });
    expect(errors).toEqual(['items.s1_q1.standard: unknown standard "S11-99"']);
  });

  it("refuses a standard whose dimension code is unknown", () => {
    const errors = errorsAfter((tool) => {
      tool.standards[1].dimension = "achieving";
    });
    expect(errors).toEqual(['standards.1.dimension: unknown dimension "achieving"']);
  });

  it("refuses an item whose name is not a question of the survey", () => {
    const errors = errorsAfter((tool) => {
      (tool.items as Record<string, unknown>).s1_q9 = { standard: "S11-1", points: { yes: 1 } };
    });
    expect(errors).toEqual(['items.s1_q9: "s1_q9" is not a question of the survey']);
  });

  it("refuses an item naming a matrix row the matrix does not have", () => {
    const errors = errorsAfter((tool) => {
      (tool.items as Record<string, unknown>)["s2_q1.manager"] = { standard: "S11-2", points: { yes: 1, no: 0 } };
    });
    expect(errors).toEqual(['items.s2_q1.manager: "manager" is not a row of matrix "s2_q1"']);
  });

  it("refuses an item naming a layout element rather than a question", () => {
    const errors = errorsAfter((tool) => {
      (tool.items as Record<string, unknown>).s2_panel = { standard: "S11-2", points: { yes: 1 } };
    });
    expect(errors).toEqual(['items.s2_panel: "s2_panel" is not a question of the survey']);
  });

  it("refuses points keys that are not choices of the question", () => {
    const errors = errorsAfter((tool) => {
      (tool.items.s1_q1.points as Record<string, number>).sometimes = 1;
    });
    expect(errors).toEqual(['items.s1_q1: points key "sometimes" is not a choice of "s1_q1" (choices: fully, mostly, partly, not, na)']);
  });

  it("refuses a choice of a scored question with neither points nor a place in notApplicable", () => {
    const errors = errorsAfter((tool) => {
      tool.items.s1_q1.notApplicable = [];
    });
    expect(errors).toEqual(['items.s1_q1: choice "na" of "s1_q1" has neither points nor a place in notApplicable']);
  });

  it("refuses a matrix row's points key that is not a column of the matrix", () => {
    const errors = errorsAfter((tool) => {
      tool.items["s2_q1.dsl"].points = { yes: 1, no: 0, maybe: 1 } as (typeof tool.items)["s2_q1.dsl"]["points"];
    });
    expect(errors).toEqual(['items.s2_q1.dsl: points key "maybe" is not a choice of "s2_q1.dsl" (choices: yes, no)']);
  });

  it("accepts negative points on a checkbox choice but refuses them on a single choice", () => {
    expect(
      errorsAfter((tool) => {
        tool.items.s1_q2.points = { policy: 1, training: 1, audit: -2 };
      }),
    ).toEqual([]);
    expect(
      errorsAfter((tool) => {
        tool.items.s1_q1.points.not = -1;
      }),
    ).toEqual(['items.s1_q1: points for "not" of "s1_q1" must be 0 or more (negative points apply to checkbox questions only)']);
  });

  it("refuses a rating scored without points when its scale is a list of rateValues", () => {
    // DESIGN §5 scores a rating without points as (value − rateMin) / (rateMax − rateMin). A scale given as
    // rateValues (e.g. 0, 10, 20 or "low", "high") has no such range: scored that way it would give 475% or NaN.
    const withRating = (rating: Record<string, unknown>) =>
      errorsAfter((tool) => {
        tool.survey.pages[0].elements.push({ type: "rating", name: "s1_q3", ...rating });
        (tool.items as Record<string, unknown>).s1_q3 = { standard: "S11-1" };
      });
    expect(withRating({ rateMin: 0, rateMax: 10 })).toEqual([]);
    expect(withRating({ rateValues: [0, 10, 20] })).toEqual([
      'items.s1_q3: give points for the choices of "s1_q3": a rating whose scale is a list of rateValues cannot be scored from rateMin and rateMax',
    ]);
  });

  it("refuses duplicate standard codes", () => {
    const errors = errorsAfter((tool) => {
      tool.standards[1].code = "S11-1";
      tool.items["s2_q1.dsl"].standard = "S11-1";
    });
    expect(errors).toEqual(['standards: standard code "S11-1" is used more than once']);
  });

  it("refuses duplicate band and dimension codes", () => {
    const errors = errorsAfter((tool) => {
      tool.bands[1].code = "green";
      tool.survey.pages[0].elements[3].choices = ["green", "red"];
      tool.dimensions.push({ code: "setting", title: "Again" });
    });
    expect(errors).toEqual([
      'bands: band code "green" is used more than once',
      'dimensions: dimension code "setting" is used more than once',
    ]);
  });

  it("refuses bands that are not strictly descending", () => {
    expect(
      errorsAfter((tool) => {
        tool.bands[1].min = 80;
      }),
    ).toEqual(["bands.1.min: bands must be listed highest first with strictly falling minimums (80 is not below 80)"]);
    expect(
      errorsAfter((tool) => {
        tool.bands[1].min = 90;
      }),
    ).toEqual(["bands.1.min: bands must be listed highest first with strictly falling minimums (90 is not below 80)"]);
  });

  it("refuses bands that do not end at 0", () => {
    const errors = errorsAfter((tool) => {
      tool.bands[2].min = 10;
    });
    expect(errors).toEqual(["bands.2.min: the lowest band must start at 0"]);
  });

  it("refuses a selfRating question whose choices are not band codes", () => {
    const errors = errorsAfter((tool) => {
      tool.survey.pages[0].elements[3].choices = ["green", "amber", "red", "unsure"];
    });
    expect(errors).toEqual(['standards.0.selfRating: the choices of "s1_self" must be band codes (green, amber, red); not bands: unsure']);
  });

  it("refuses a selfRating that names no question", () => {
    const errors = errorsAfter((tool) => {
      tool.standards[0].selfRating = "s1_rating";
    });
    expect(errors).toEqual(['standards.0.selfRating: "s1_rating" is not a question of the survey']);
  });

  it("refuses an unsupported element type, naming the element, its type and its path", () => {
    const errors = errorsAfter((tool) => {
      tool.survey.pages[0].elements.push({ type: "paneldynamic", name: "contacts", templateElements: [] });
      tool.survey.pages[1].elements[0].elements?.push({ type: "signaturepad", name: "signature" });
    });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^survey\.pages\.0\.elements\.4: element "contacts" has type "paneldynamic", which is not supported/);
    expect(errors[1]).toMatch(
      /^survey\.pages\.1\.elements\.0\.elements\.1: element "signature" has type "signaturepad", which is not supported/,
    );
  });

  it("names the JSON path of a shape error", () => {
    const errors = errorsAfter((tool) => {
      tool.bands[0].colour = "green";
    });
    expect(errors).toEqual(["bands.0.colour: Give the colour as #rrggbb"]);
  });
});

describe("parseToolJson", () => {
  it("reports text that is not JSON as such", () => {
    const result = parseToolJson('{ "code": "s11", ');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^The file is not valid JSON: /)]);
  });

  it("validates JSON text like validateTool", () => {
    expect(parseToolJson(JSON.stringify(validTool())).ok).toBe(true);
    const tool = validTool();
    tool.standards[1].dimension = "achieving";
    expect(parseToolJson(JSON.stringify(tool))).toEqual({ ok: false, errors: ['standards.1.dimension: unknown dimension "achieving"'] });
  });
});

describe("shipped tools", () => {
  const surveys = fileURLToPath(new URL("../../surveys/", import.meta.url));
  const files = readdirSync(surveys, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".json"));

  it("every shipped tool in surveys/ validates", () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const result = parseToolJson(readFileSync(`${surveys}${file}`, "utf8"));
      // The file name in the message says which tool broke; the errors say where.
      expect({ file, errors: result.ok ? [] : result.errors }).toEqual({ file, errors: [] });
      if (result.ok) expect(file.replace(/\\/g, "/")).toBe(`${result.tool.code}/${result.tool.version}.json`);
    }
  });
});

describe("the 2026.2 tools and the early years tool", () => {
  const FILES = ["s11/2026.2.json", "s175/2026.2.json", "s11-vcs/2026.2.json", "supervision/2026.2.json", "early_years/2026.1.json"];
  const root = fileURLToPath(new URL("../../surveys/", import.meta.url));
  const load = (file: string) => {
    const result = parseToolJson(readFileSync(`${root}${file}`, "utf8"));
    if (!result.ok) throw new Error(`${file}: ${result.errors.join("; ")}`);
    return result.tool;
  };

  it("never offer not applicable on an essential item", () => {
    for (const file of FILES) {
      const offending = Object.entries(load(file).items)
        .filter(([, rule]) => rule.essential && (rule.notApplicable ?? []).length > 0)
        .map(([name]) => name);
      expect({ file, offending }).toEqual({ file, offending: [] });
    }
  });

  it("describe every point of every scored scale (each choice of a scored question, each column of a scored matrix)", () => {
    for (const file of FILES) {
      const tool = load(file);
      const byName = new Map(listQuestions(tool.survey).map((question) => [question.name, question]));
      const undescribed = new Set<string>();
      for (const key of Object.keys(tool.items)) {
        const question = byName.get(key) ?? byName.get(key.slice(0, key.lastIndexOf(".")));
        const raw = question?.type === "matrix" ? question.element.columns : question?.element.choices;
        for (const choice of toChoices(raw)) if (!choice.description) undescribed.add(`${question?.name}: ${choice.value}`);
      }
      expect({ file, undescribed: [...undescribed] }).toEqual({ file, undescribed: [] });
    }
  });

  it("have no dimensions, and map their standards to the 2026.1 version", () => {
    for (const file of FILES) {
      const tool = load(file);
      expect(tool.dimensions).toBeUndefined();
      if (tool.code === "early_years") continue;
      const mapping = tool.comparableTo?.[`${tool.code}@2026.1`] ?? {};
      expect(Object.keys(mapping).sort()).toEqual(tool.standards.map((standard) => standard.code).sort());
    }
  });
});
