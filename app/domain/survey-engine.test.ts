import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkAnswerShapes,
  mergePageAnswers,
  pageStates,
  readPageAnswers,
  validatePage,
  validatePageByModel,
  validateReturn,
  validateReturnByModel,
  visibleQuestions,
} from "./survey-engine";
import type { SurveyJson } from "./survey-json";

/*
 * The server is the authority on a return's answers (DESIGN §3): survey-core decides visibility and
 * required-ness, and posted fields are checked against the definition. One small survey exercises a
 * question-level condition, a conditional panel and a conditional page.
 */
const survey: SurveyJson = {
  pages: [
    {
      name: "policy",
      title: "Policy",
      elements: [
        {
          type: "radiogroup",
          name: "has_policy",
          title: "Does your agency have a safeguarding policy?",
          isRequired: true,
          choices: [
            { value: "yes", text: "Yes" },
            { value: "no", text: "No" },
          ],
        },
        {
          type: "panel",
          name: "policy_details",
          visibleIf: "{has_policy} = 'yes'",
          elements: [
            { type: "text", name: "policy_reviewed", title: "When was the policy last reviewed?", inputType: "date", isRequired: true },
            { type: "text", name: "staff_read", title: "What percentage of staff have read it?", inputType: "number" },
          ],
        },
        {
          type: "comment",
          name: "no_policy_reason",
          title: "Why does your agency not have a policy?",
          visibleIf: "{has_policy} = 'no'",
          isRequired: true,
        },
        { type: "boolean", name: "works_with_schools", title: "Does your agency work with schools?", isRequired: true },
      ],
    },
    {
      name: "training",
      title: "Training",
      elements: [
        {
          type: "matrix",
          name: "trained",
          title: "Who has had safeguarding training this year?",
          isRequired: true,
          rows: [
            { value: "dsl", text: "Designated lead" },
            { value: "staff", text: "Frontline staff" },
          ],
          columns: ["yes", "no"],
        },
        { type: "checkbox", name: "methods", title: "How is training delivered?", choices: ["face_to_face", "online", "shadowing"] },
      ],
    },
    {
      name: "schools",
      title: "Work with schools",
      visibleIf: "{works_with_schools} = true",
      elements: [
        {
          type: "rating",
          name: "school_confidence",
          title: "How confident are schools in your referrals?",
          rateMin: 1,
          rateMax: 5,
          isRequired: true,
        },
      ],
    },
  ],
};

function form(fields: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
}

describe("visibility", () => {
  it("hides a question whose visibleIf is false, the questions of a hidden panel, and the questions of a hidden page", () => {
    expect(visibleQuestions(survey, {})).toEqual(new Set(["has_policy", "works_with_schools", "trained", "methods"]));
    expect(visibleQuestions(survey, { has_policy: "yes", works_with_schools: true })).toEqual(
      new Set(["has_policy", "policy_reviewed", "staff_read", "works_with_schools", "trained", "methods", "school_confidence"]),
    );
    expect(visibleQuestions(survey, { has_policy: "no", works_with_schools: false })).toEqual(
      new Set(["has_policy", "no_policy_reason", "works_with_schools", "trained", "methods"]),
    );
  });

  it("asks for required answers only on visible questions", () => {
    // policy_reviewed (hidden panel) and no_policy_reason (hidden question) are required but not shown.
    expect(validatePage(survey, {}, "policy").map((error) => error.name)).toEqual(["has_policy", "works_with_schools"]);
    expect(validatePage(survey, { has_policy: "no", works_with_schools: false }, "policy").map((error) => error.name)).toEqual([
      "no_policy_reason",
    ]);
    expect(validatePage(survey, { has_policy: "yes", works_with_schools: false }, "policy").map((error) => error.name)).toEqual([
      "policy_reviewed",
    ]);
    // The schools page is hidden unless the agency works with schools, so its required rating is not asked for.
    expect(validatePage(survey, { works_with_schools: false }, "schools")).toEqual([]);
    expect(validatePage(survey, { works_with_schools: true }, "schools").map((error) => error.name)).toEqual(["school_confidence"]);
  });
});

describe("validateReturn", () => {
  it("lists every missing required answer with a GOV.UK-style message", () => {
    expect(validateReturn(survey, {})).toEqual([
      {
        name: "has_policy",
        page: "policy",
        message: "Select an answer for “Does your agency have a safeguarding policy?”",
        kind: "required",
      },
      {
        name: "works_with_schools",
        page: "policy",
        message: "Select an answer for “Does your agency work with schools?”",
        kind: "required",
      },
      {
        name: "trained",
        page: "training",
        message: "Select an answer for “Who has had safeguarding training this year?”",
        kind: "required",
      },
    ]);
    expect(validateReturn(survey, { has_policy: "no", works_with_schools: true, trained: { dsl: "yes", staff: "no" } })).toEqual([
      {
        name: "no_policy_reason",
        page: "policy",
        message: "Enter an answer for “Why does your agency not have a policy?”",
        kind: "required",
      },
      {
        name: "school_confidence",
        page: "schools",
        message: "Select an answer for “How confident are schools in your referrals?”",
        kind: "required",
      },
    ]);
  });

  it("finds nothing missing in a complete return", () => {
    const complete = { has_policy: "yes", policy_reviewed: "2025-04-01", works_with_schools: false, trained: { dsl: "yes", staff: "no" } };
    expect(validateReturn(survey, complete)).toEqual([]);
  });
});

describe("pageStates", () => {
  it("reports each page as not started, in progress or complete", () => {
    expect(pageStates(survey, {}).map(({ name, status, visible }) => ({ name, status, visible }))).toEqual([
      { name: "policy", status: "not_started", visible: true },
      { name: "training", status: "not_started", visible: true },
      { name: "schools", status: "complete", visible: false },
    ]);
    const started = pageStates(survey, { has_policy: "yes", works_with_schools: true, trained: { dsl: "yes", staff: "yes" } });
    // policy: policy_reviewed still missing; training: complete; schools: now shown, nothing answered.
    expect(started.map(({ name, status, problems }) => ({ name, status, problems }))).toEqual([
      { name: "policy", status: "in_progress", problems: 1 },
      { name: "training", status: "complete", problems: 0 },
      { name: "schools", status: "not_started", problems: 1 },
    ]);
    expect(started.find((page) => page.name === "schools")?.visible).toBe(true);
  });
});

describe("readPageAnswers", () => {
  it("reads the page's fields into typed answers", () => {
    const result = readPageAnswers(
      survey,
      "policy",
      form([
        ["has_policy", "yes"],
        ["policy_reviewed", "2025-04-01"],
        ["staff_read", "87.5"],
        ["works_with_schools", "true"],
      ]),
    );
    expect(result).toEqual({
      ok: true,
      answers: {
        has_policy: "yes",
        policy_reviewed: "2025-04-01",
        staff_read: 87.5,
        no_policy_reason: undefined,
        works_with_schools: true,
      },
    });
  });

  it("refuses a field that is not a question on the page", () => {
    expect(
      readPageAnswers(
        survey,
        "policy",
        form([
          ["has_policy", "yes"],
          ["is_admin", "true"],
        ]),
      ),
    ).toEqual({
      ok: false,
      errors: [],
      refused: "“is_admin” is not a question on this page",
    });
    // methods is a real question, but of another page.
    expect(readPageAnswers(survey, "policy", form([["methods", "online"]]))).toMatchObject({
      ok: false,
      refused: "“methods” is not a question on this page",
    });
  });

  it("refuses a value outside the question's choices", () => {
    expect(readPageAnswers(survey, "policy", form([["has_policy", "maybe"]]))).toMatchObject({
      ok: false,
      errors: [
        {
          name: "has_policy",
          page: "policy",
          message: "Select one of the listed answers for “Does your agency have a safeguarding policy?”",
          kind: "invalid",
        },
      ],
    });
    expect(
      readPageAnswers(
        survey,
        "training",
        form([
          ["methods", "online"],
          ["methods", "webinar"],
        ]),
      ),
    ).toMatchObject({
      ok: false,
      errors: [{ name: "methods", message: "Select only the listed answers for “How is training delivered?”" }],
    });
    expect(readPageAnswers(survey, "policy", form([["works_with_schools", "yes"]]))).toMatchObject({
      ok: false,
      errors: [{ name: "works_with_schools", message: "Select yes or no for “Does your agency work with schools?”" }],
    });
  });

  it("refuses a date that does not exist, such as 31 February", () => {
    for (const text of ["2026-02-31", "2025-02-29", "2026-13-01", "2026-4-1", "1 April 2026"]) {
      expect(readPageAnswers(survey, "policy", form([["policy_reviewed", text]]))).toMatchObject({
        ok: false,
        errors: [
          { name: "policy_reviewed", page: "policy", message: "“When was the policy last reviewed?” must be a real date", kind: "invalid" },
        ],
      });
    }
    expect(readPageAnswers(survey, "policy", form([["policy_reviewed", "2024-02-29"]]))).toMatchObject({
      ok: true,
      answers: { policy_reviewed: "2024-02-29" },
    });
    // A spreadsheet cell (the question's own field) may hold the UK's day/month/year; the three GOV.UK fields are read the same. Both store ISO.
    expect(readPageAnswers(survey, "policy", form([["policy_reviewed", "27/03/2026"]]))).toMatchObject({
      ok: true,
      answers: { policy_reviewed: "2026-03-27" },
    });
    expect(
      readPageAnswers(
        survey,
        "policy",
        form([
          ["policy_reviewed-day", "27"],
          ["policy_reviewed-month", "3"],
          ["policy_reviewed-year", "2026"],
        ]),
      ),
    ).toMatchObject({ ok: true, answers: { policy_reviewed: "2026-03-27" } });
    expect(
      readPageAnswers(
        survey,
        "policy",
        form([
          ["policy_reviewed-day", "27"],
          ["policy_reviewed-year", "2026"],
        ]),
      ),
    ).toMatchObject({
      ok: false,
      errors: [{ name: "policy_reviewed", message: "“When was the policy last reviewed?” must include a month", part: "month" }],
    });
  });

  it("refuses two values for a question that takes one, rather than keeping either", () => {
    expect(
      readPageAnswers(
        survey,
        "policy",
        form([
          ["has_policy", "yes"],
          ["has_policy", "no"],
        ]),
      ),
    ).toMatchObject({
      ok: false,
      errors: [
        { name: "has_policy", message: "Give one answer for “Does your agency have a safeguarding policy?”: the form sent more than one" },
      ],
    });
    expect(
      readPageAnswers(
        survey,
        "training",
        form([
          ["trained.dsl", "yes"],
          ["trained.dsl", "no"],
        ]),
      ),
    ).toMatchObject({ ok: false, errors: [{ name: "trained" }] });
    expect(
      readPageAnswers(
        survey,
        "policy",
        form([
          ["staff_read", "1"],
          ["staff_read", "2"],
        ]),
      ),
    ).toMatchObject({ ok: false, errors: [{ name: "staff_read" }] });
  });

  it("refuses text that is not a number for a number question", () => {
    for (const text of ["about half", "12abc", "Infinity"]) {
      expect(readPageAnswers(survey, "policy", form([["staff_read", text]]))).toMatchObject({
        ok: false,
        errors: [{ name: "staff_read", page: "policy", message: "Enter a percentage, like 12 or 87.5", kind: "invalid" }],
      });
    }
  });

  it('accepts a matrix row posted as "<question>.<row>" and refuses a row or column the matrix does not have', () => {
    const result = readPageAnswers(
      survey,
      "training",
      form([
        ["trained.dsl", "yes"],
        ["trained.staff", "no"],
        ["methods", "online"],
        ["methods", "shadowing"],
      ]),
    );
    expect(result).toEqual({ ok: true, answers: { trained: { dsl: "yes", staff: "no" }, methods: ["online", "shadowing"] } });
    expect(readPageAnswers(survey, "training", form([["trained.manager", "yes"]]))).toMatchObject({
      ok: false,
      refused: "“trained.manager” is not a question on this page",
    });
    expect(readPageAnswers(survey, "training", form([["trained.dsl", "sometimes"]]))).toMatchObject({
      ok: false,
      errors: [
        { name: "trained", message: "Select one of the listed answers in each row of “Who has had safeguarding training this year?”" },
      ],
    });
  });

  it('ignores form controls whose names start with "_"', () => {
    const result = readPageAnswers(
      survey,
      "training",
      form([
        ["_csrf", "token"],
        ["_action", "save"],
        ["trained.dsl", "yes"],
      ]),
    );
    expect(result).toEqual({ ok: true, answers: { trained: { dsl: "yes" }, methods: undefined } });
  });
});

describe("mergePageAnswers", () => {
  const stored = { has_policy: "yes", policy_reviewed: "2025-04-01", staff_read: 90, works_with_schools: false, trained: { dsl: "yes" } };

  it("clears the answers of questions that the new answers hide", () => {
    // Changing has_policy to "no" hides the policy details panel: its answers go, the reason question appears.
    const merged = mergePageAnswers(survey, stored, "policy", { has_policy: "no", no_policy_reason: "Being written" });
    expect(merged).toEqual({ has_policy: "no", no_policy_reason: "Being written", works_with_schools: false, trained: { dsl: "yes" } });
  });

  it("removes an answer posted as empty and keeps the other pages' answers", () => {
    const merged = mergePageAnswers(survey, stored, "policy", { staff_read: undefined });
    expect(merged).toEqual({ has_policy: "yes", policy_reviewed: "2025-04-01", works_with_schools: false, trained: { dsl: "yes" } });
  });
});

describe("checkAnswerShapes", () => {
  it("lists stored answers that are not questions of the tool or not allowed answers", () => {
    expect(
      checkAnswerShapes(survey, {
        has_policy: "yes",
        staff_read: 90,
        trained: { dsl: "yes" },
        methods: ["online"],
        works_with_schools: true,
      }),
    ).toEqual([]);
    expect(
      checkAnswerShapes(survey, {
        colour: "red",
        has_policy: "maybe",
        staff_read: "90",
        works_with_schools: "true",
        trained: { manager: "yes" },
      }),
    ).toEqual([
      "colour: not a question of this tool",
      'has_policy: "maybe" is not an allowed answer',
      'staff_read: "90" is not an allowed answer',
      'works_with_schools: "true" is not an allowed answer',
      'trained: {"manager":"yes"} is not an allowed answer',
    ]);
  });
});

describe("part-answered matrices", () => {
  it("ask for every row by name when rows are required and some are missing", () => {
    const matrixSurvey = {
      pages: [
        {
          name: "records",
          elements: [
            {
              type: "matrix",
              name: "rec",
              title: "Record 1",
              isRequired: true,
              isAllRowRequired: true,
              columns: ["yes", "no"],
              rows: ["agreement", "frequency"],
            },
          ],
        },
      ],
    };
    expect(validatePage(matrixSurvey, { rec: { agreement: "yes" } }, "records")).toEqual([
      { name: "rec", page: "records", message: "Answer every row of “Record 1”", kind: "required" },
    ]);
  });
});

describe("visibility without the full survey model", () => {
  it("agrees with survey-core's Model on every shipped tool, for many answer sets", async () => {
    const fs = await import("node:fs");
    const { Model } = await import("survey-core");
    const { listQuestions, choiceValuesOf } = await import("./survey-json");
    const files = fs
      .readdirSync("surveys", { recursive: true })
      .map(String)
      .filter((file) => file.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    let checked = 0;
    for (const file of files) {
      const tool = JSON.parse(fs.readFileSync(`surveys/${file}`, "utf8"));
      const questions = listQuestions(tool.survey);
      const model = new Model(tool.survey);
      for (let seed = 0; seed < 12; seed += 1) {
        // Deterministic varied answers: each question gets a choice (or a value) picked by the seed.
        const answers: Record<string, unknown> = {};
        questions.forEach((question, index) => {
          const choices = choiceValuesOf(question.element);
          const pick = (seed * 7 + index * 3) % 5;
          if (pick === 0) return;
          if (question.type === "checkbox" && choices?.length) answers[question.name] = [choices[pick % choices.length]];
          else if (question.type === "boolean") answers[question.name] = pick % 2 === 0;
          else if (question.type === "matrix") answers[question.name] = {};
          else if (choices?.length) answers[question.name] = choices[pick % choices.length];
          else answers[question.name] = question.element.inputType === "number" ? pick * 10 : "text";
        });
        model.data = answers;
        // survey-core counts html elements as questions; they hold no answer, so they are not ours.
        const expected = new Set(
          model
            .getAllQuestions(false)
            .filter((question) => question.getType() !== "html" && question.isVisible && question.isParentVisible)
            .map((question) => question.name),
        );
        expect(visibleQuestions(tool.survey, answers), `${file}, answer set ${seed}`).toEqual(expected);
        checked += 1;
      }
    }
    expect(checked).toBe(files.length * 12);
  }, 60_000);
});

describe("file questions (evidence)", () => {
  const withFile: SurveyJson = {
    pages: [
      {
        name: "p1",
        elements: [
          { type: "comment", name: "note", title: "Note" },
          { type: "file", name: "policy", title: "Upload your policy", isRequired: true },
        ],
      },
    ],
  };

  it("asks for a file when a required file question has none, and is satisfied by the attached names", () => {
    expect(validateReturn(withFile, {})).toEqual([
      { name: "policy", page: "p1", message: "Upload a file for “Upload your policy”", kind: "required" },
    ]);
    expect(validateReturn(withFile, { policy: ["policy.pdf"] })).toEqual([]);
  });

  it("reads nothing for a file question from the page form, and accepts only lists of names as its answer", () => {
    const form = new FormData();
    form.set("note", "See the policy");
    expect(readPageAnswers(withFile, "p1", form)).toEqual({ ok: true, answers: { note: "See the policy", policy: undefined } });
    expect(checkAnswerShapes(withFile, { policy: ["a.pdf", "b.docx"] })).toEqual([]);
    expect(checkAnswerShapes(withFile, { policy: "a.pdf" })).toEqual(['policy: "a.pdf" is not an allowed answer']);
  });
});

describe("number validators of the shipped school data page (s175 2026.2)", () => {
  it("refuses a count below 0 or with a fraction, and a percentage above 100, saying what is wanted in the question's words", async () => {
    const fs = await import("node:fs");
    const tool = JSON.parse(fs.readFileSync("surveys/s175/2026.2.json", "utf8")) as { survey: SurveyJson };
    const messages = (answers: Record<string, unknown>) =>
      validatePage(tool.survey, answers, "school-data").map((error) => `${error.name}: ${error.message}`);
    expect(messages({ s175_data_roll: 420, s175_data_cp: 0, s175_data_training_pct: 87.5 })).toEqual([]);
    expect(messages({ s175_data_roll: -3, s175_data_cp: 2.5, s175_data_training_pct: 101 })).toEqual([
      "s175_data_roll: Enter a whole number of pupils, 0 or more",
      "s175_data_cp: Enter a whole number of pupils, 0 or more",
      "s175_data_training_pct: Enter a percentage from 0 to 100",
    ]);
  });
});

describe("plain surveys checked from their JSON (decision 027)", () => {
  // Choice and comment questions only, with conditions on a question, a panel and a page, a custom
  // message, a question hidden outright and one with no title: what a practitioner survey may use.
  const plain: SurveyJson = {
    pages: [
      {
        name: "about",
        title: "About you",
        elements: [
          {
            type: "radiogroup",
            name: "supervised",
            title: "I have regular supervision",
            isRequired: true,
            choices: ["agree", "disagree", "dont_know"],
          },
          {
            type: "panel",
            name: "why",
            visibleIf: "{supervised} = 'disagree'",
            elements: [
              { type: "comment", name: "why_not", title: "What gets in the way?", isRequired: true },
              {
                type: "dropdown",
                name: "how_long",
                isRequired: true,
                requiredErrorText: "Say how long it has been",
                choices: [{ value: "months", text: "Months" }, "weeks"],
              },
            ],
          },
          { type: "boolean", name: "trained", title: "I had safeguarding training this year", isRequired: true },
          { type: "radiogroup", name: "never_shown", title: "Hidden", visible: false, isRequired: true, choices: ["a"] },
        ],
      },
      {
        name: "training",
        title: "Training",
        visibleIf: "{trained} = true",
        elements: [
          { type: "radiogroup", name: "useful", title: "The training was useful", isRequired: true, choices: ["agree", "disagree"] },
          { type: "comment", name: "more", title: "Anything else?" },
        ],
      },
    ],
  };
  const answers = fc.record(
    {
      supervised: fc.constantFrom("agree", "disagree", "dont_know", "", undefined),
      why_not: fc.constantFrom("Caseloads", "", "   ", undefined),
      how_long: fc.constantFrom("months", "weeks", undefined),
      trained: fc.constantFrom(true, false, undefined),
      never_shown: fc.constantFrom("a", undefined),
      useful: fc.constantFrom("agree", "", undefined),
      more: fc.constantFrom("text", undefined),
    },
    { requiredKeys: [] },
  );
  const defined = (value: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(value).filter(([, answer]) => answer !== undefined));

  it("find exactly the problems survey-core's model finds, page by page and for the whole response", () => {
    fc.assert(
      fc.property(answers, (raw) => {
        const given = defined(raw);
        for (const page of ["about", "training", "no_such_page"])
          expect(validatePage(plain, given, page)).toEqual(validatePageByModel(plain, given, page));
        expect(validateReturn(plain, given)).toEqual(validateReturnByModel(plain, given));
      }),
      { numRuns: 300 },
    );
  });

  it("agree with the model on the shipped practitioner survey", async () => {
    const fs = await import("node:fs");
    const tool = JSON.parse(fs.readFileSync("surveys/practitioner-s11/2026.1.json", "utf8"));
    const names = Object.keys(tool.items);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("strongly_agree", "agree", "disagree", "dont_know", undefined), {
          minLength: names.length,
          maxLength: names.length,
        }),
        (picks) => {
          const given = defined(Object.fromEntries(names.map((name, index) => [name, picks[index]])));
          expect(validateReturn(tool.survey, given)).toEqual(validateReturnByModel(tool.survey, given));
          for (const page of tool.survey.pages)
            expect(validatePage(tool.survey, given, page.name)).toEqual(validatePageByModel(tool.survey, given, page.name));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("leave a survey with anything else to survey-core (dates, numbers, matrices)", () => {
    // The policy survey above is not plain: a missing date still points at its day field, which only the model's checks add.
    const given = { has_policy: "yes", works_with_schools: false };
    expect(validateReturn(survey, given)).toEqual(validateReturnByModel(survey, given));
    expect(validateReturn(survey, given)).toContainEqual(
      expect.objectContaining({ name: "policy_reviewed", part: "day", kind: "required" }),
    );
  });
});
