import { describe, expect, it } from "vitest";
import { carryForwardAnswers } from "./carry-forward";
import type { ToolDefinition } from "./tool-schema";

/*
 * Carry forward: last cycle's answers prefill the new return where the new version still
 * asks the same question and still allows the answer; everything else is dropped and listed.
 */
const BANDS = [
  { code: "green", label: "Fully met", min: 80, colour: "#00703c" },
  { code: "amber", label: "Partially met", min: 50, colour: "#f47738" },
  { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
];
const MET = [
  { value: "fully", text: "Fully met" },
  { value: "partly", text: "Partly met" },
  { value: "not", text: "Not met" },
];

const v1: ToolDefinition = {
  code: "s11",
  version: "2025.1",
  title: "Section 11",
  kind: "s11",
  bands: BANDS,
  standards: [
    { code: "S-1", title: "Leadership", selfRating: "s1_self" },
    { code: "S-2", title: "Training" },
  ],
  items: {
    s1_q1: { standard: "S-1", points: { fully: 2, partly: 1, not: 0 } },
    s2_q1: { standard: "S-2", points: { fully: 2, partly: 1, not: 0 } },
  },
  survey: {
    pages: [
      {
        name: "S-1",
        elements: [
          { type: "radiogroup", name: "s1_q1", choices: MET },
          { type: "comment", name: "s1_evidence" },
          { type: "radiogroup", name: "s1_self", choices: BANDS.map((band) => ({ value: band.code, text: band.label })) },
          { type: "text", name: "s1_staff", inputType: "number" },
          { type: "file", name: "s1_file" },
        ],
      },
      {
        name: "S-2",
        elements: [
          { type: "radiogroup", name: "s2_q1", choices: MET },
          { type: "comment", name: "s2_retired" },
        ],
      },
    ],
  },
};

/** 2026.1: s1_q1 loses "partly"; the self rating is renamed; staff numbers are now at most 500; S-2 asks a follow-up only when not met. */
const v2: ToolDefinition = {
  ...v1,
  version: "2026.1",
  standards: [
    { code: "S-1", title: "Leadership", selfRating: "leadership_self" },
    { code: "S-2", title: "Training" },
  ],
  items: { s1_q1: { standard: "S-1", points: { fully: 1, not: 0 } }, s2_q1: { standard: "S-2", points: { fully: 2, partly: 1, not: 0 } } },
  comparableTo: { "s11@2025.1": { "S-1": "S-1", "S-2": "S-2" } },
  survey: {
    pages: [
      {
        name: "S-1",
        elements: [
          { type: "radiogroup", name: "s1_q1", choices: [MET[0], MET[2]] },
          { type: "comment", name: "s1_evidence" },
          { type: "radiogroup", name: "leadership_self", choices: BANDS.map((band) => ({ value: band.code, text: band.label })) },
          { type: "text", name: "s1_staff", inputType: "number", validators: [{ type: "numeric", minValue: 0, maxValue: 500 }] },
          { type: "file", name: "s1_file" },
        ],
      },
      {
        name: "S-2",
        elements: [
          { type: "radiogroup", name: "s2_q1", choices: MET },
          { type: "comment", name: "s2_why", visibleIf: "{s2_q1} = 'not'" },
        ],
      },
    ],
  },
};

describe("carryForwardAnswers", () => {
  it("carries every answer of the same version, in question order, except uploaded evidence", () => {
    const answers = {
      s2_q1: "partly",
      s1_q1: "partly",
      s1_evidence: "Board minutes",
      s1_self: "amber",
      s1_staff: 120,
      s1_file: [{ name: "policy.pdf" }],
    };
    const result = carryForwardAnswers({ definition: v1, answers }, v1);
    expect(result.carried).toEqual(["s1_q1", "s1_evidence", "s1_self", "s1_staff", "s2_q1"]);
    expect(result.answers).toEqual({ s1_q1: "partly", s1_evidence: "Board minutes", s1_self: "amber", s1_staff: 120, s2_q1: "partly" });
    expect(result.dropped).toEqual(["s1_file: evidence files stay with the earlier return"]);
  });

  it("across versions keeps same-named questions whose answer is still allowed, and follows the standard mapping for a renamed self rating", () => {
    const answers = {
      s1_q1: "partly",
      s1_evidence: "Board minutes",
      s1_self: "green",
      s1_staff: 120,
      s2_q1: "fully",
      s2_retired: "Old text",
    };
    const result = carryForwardAnswers({ definition: v1, answers }, v2);
    expect(result.answers).toEqual({ s1_evidence: "Board minutes", leadership_self: "green", s1_staff: 120, s2_q1: "fully" });
    expect(result.carried).toEqual(["s1_evidence", "leadership_self", "s1_staff", "s2_q1"]);
    expect(result.dropped).toEqual(
      expect.arrayContaining([
        "s1_self: not a question of version 2026.1",
        "s2_retired: not a question of version 2026.1",
        "s1_q1: no longer an allowed answer",
      ]),
    );
    expect(result.dropped).toHaveLength(3);
  });

  it("drops an answer that breaks a validator of the new version", () => {
    const result = carryForwardAnswers({ definition: v1, answers: { s1_staff: 900, s1_evidence: "Policy" } }, v2);
    expect(result.answers).toEqual({ s1_evidence: "Policy" });
    expect(result.dropped).toEqual(["s1_staff: breaks a rule of the new version"]);
  });

  it("drops an answer the carried answers hide, and one that depended on a dropped answer", () => {
    const old = { ...v2, version: "2025.9", comparableTo: undefined };
    // s2_why shows only when s2_q1 is "not"; "fully" came across, so the reason is not asked.
    expect(carryForwardAnswers({ definition: old, answers: { s2_q1: "fully", s2_why: "No budget" } }, v2)).toEqual({
      answers: { s2_q1: "fully" },
      carried: ["s2_q1"],
      dropped: ["s2_why: not asked given the other answers"],
    });
    // "not" carries, so the reason is asked and carries with it.
    expect(carryForwardAnswers({ definition: old, answers: { s2_q1: "not", s2_why: "No budget" } }, v2).carried).toEqual([
      "s2_q1",
      "s2_why",
    ]);
  });

  it("carries nothing between different tool codes", () => {
    expect(carryForwardAnswers({ definition: v1, answers: { s1_q1: "fully" } }, { ...v2, code: "s175" })).toEqual({
      answers: {},
      carried: [],
      dropped: [],
    });
  });
});
