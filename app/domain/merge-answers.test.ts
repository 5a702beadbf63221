import { describe, expect, it } from "vitest";
import { mergeAnswers, sameAnswer } from "./merge-answers";

/*
 * Hand-worked cases for the page merge. The story behind most of them: Alex (an agency contributor)
 * and Bea (the agency lead) both open page S11-3, which then holds q1 = "mostly" and nothing else.
 */
const OPENED = { q1: "mostly" };

describe("sameAnswer", () => {
  it("treats every kind of no answer as the same", () => {
    for (const empty of [undefined, null, "", [], {}, { row1: "" }]) {
      expect(sameAnswer(empty, undefined), JSON.stringify(empty)).toBe(true);
    }
    expect(sameAnswer(undefined, "fully")).toBe(false);
    expect(sameAnswer([], ["policy"])).toBe(false);
  });

  it("compares checkbox answers as sets: order and repeats do not matter", () => {
    expect(sameAnswer(["policy", "training"], ["training", "policy"])).toBe(true);
    expect(sameAnswer(["policy", "policy"], ["policy"])).toBe(true);
    expect(sameAnswer(["policy", "training"], ["policy"])).toBe(false);
    expect(sameAnswer(["policy"], ["policy", "audit"])).toBe(false);
  });

  it("compares matrix answers row by row, whatever order the rows were written in", () => {
    expect(sameAnswer({ dsl: "yes", staff: "no" }, { staff: "no", dsl: "yes" })).toBe(true);
    expect(sameAnswer({ dsl: "yes", staff: "no" }, { dsl: "yes", staff: "yes" })).toBe(false);
    // A row with no choice is the same as a row left out.
    expect(sameAnswer({ dsl: "yes", staff: "" }, { dsl: "yes" })).toBe(true);
    expect(sameAnswer({ dsl: "yes" }, { dsl: "yes", staff: "no" })).toBe(false);
  });

  it("compares single values as text, so a rating read from a form equals the stored number", () => {
    expect(sameAnswer(3, "3")).toBe(true);
    expect(sameAnswer(true, "true")).toBe(true);
    expect(sameAnswer(3, 4)).toBe(false);
    expect(sameAnswer("policy", ["policy"])).toBe(false);
    expect(sameAnswer({ dsl: "yes" }, "yes")).toBe(false);
  });
});

describe("mergeAnswers", () => {
  it("keeps their answer to a question I did not change, so my stale form does not revert it", () => {
    // Alex saved q1 = "fully"; Bea's form still shows "mostly" and she changed only q2.
    const result = mergeAnswers(OPENED, { q1: "mostly", q2: "partly" }, { q1: "fully" });
    expect(result).toEqual({ answers: { q1: "fully", q2: "partly" }, written: ["q2"], conflicts: [] });
  });

  it("writes my answer to a question only I changed, including clearing it", () => {
    const result = mergeAnswers({ q1: "mostly", q2: "not" }, { q1: "fully", q2: undefined }, { q1: "mostly", q2: "not", q3: "na" });
    expect(result).toEqual({ answers: { q1: "fully", q2: undefined }, written: ["q1", "q2"], conflicts: [] });
  });

  it("accepts a question both changed to the same answer without a conflict", () => {
    const result = mergeAnswers(OPENED, { q1: "fully" }, { q1: "fully" });
    expect(result).toEqual({ answers: { q1: "fully" }, written: ["q1"], conflicts: [] });
  });

  it("reports a question both changed to different answers as a conflict and keeps their answer", () => {
    // Alex saved q1 = "partly" first; Bea then saves q1 = "fully" and q2 = "not".
    const result = mergeAnswers(OPENED, { q1: "fully", q2: "not" }, { q1: "partly" });
    expect(result).toEqual({
      answers: { q1: "partly", q2: "not" },
      written: ["q2"],
      conflicts: [{ name: "q1", mine: "fully", theirs: "partly" }],
    });
  });

  it("reports a conflict when they cleared an answer I changed, and when I cleared one they changed", () => {
    expect(mergeAnswers(OPENED, { q1: "fully" }, {}).conflicts).toEqual([{ name: "q1", mine: "fully", theirs: undefined }]);
    expect(mergeAnswers(OPENED, { q1: undefined }, { q1: "partly" })).toEqual({
      answers: { q1: "partly" },
      written: [],
      conflicts: [{ name: "q1", mine: undefined, theirs: "partly" }],
    });
  });

  it("compares checkboxes as sets and matrices by row when deciding who changed what", () => {
    const base = { tools: ["policy", "training"], grid: { dsl: "yes", staff: "no" } };
    // My form lists the same boxes in another order and the same rows: I changed nothing, so their changes stand.
    const mine = { tools: ["training", "policy"], grid: { staff: "no", dsl: "yes" } };
    const theirs = { tools: ["policy", "training", "audit"], grid: { dsl: "yes", staff: "yes" } };
    expect(mergeAnswers(base, mine, theirs)).toEqual({ answers: theirs, written: [], conflicts: [] });
    // One more box ticked on my side while they ticked another: both changed the question differently.
    expect(mergeAnswers(base, { ...mine, tools: ["policy", "training", "supervision"] }, theirs).conflicts).toEqual([
      { name: "tools", mine: ["policy", "training", "supervision"], theirs: ["policy", "training", "audit"] },
    ]);
  });

  it("leaves questions that are not in my save to their stored answers", () => {
    const result = mergeAnswers({ q1: "mostly", q2: "not" }, { q1: "fully" }, { q1: "mostly", q2: "partly" });
    expect(result.answers).toEqual({ q1: "fully" });
  });

  describe("when the base is not known", () => {
    it("takes my answer where nobody has answered yet, and changes nothing where we agree", () => {
      const result = mergeAnswers(null, { q1: "fully", q2: "not", q3: undefined }, { q2: "not" });
      expect(result).toEqual({ answers: { q1: "fully", q2: "not", q3: undefined }, written: ["q1"], conflicts: [] });
    });

    it("treats a different stored answer as a conflict rather than replacing or clearing it unseen", () => {
      const result = mergeAnswers(null, { q1: "fully", q2: undefined }, { q1: "mostly", q2: "partly" });
      expect(result).toEqual({
        answers: { q1: "mostly", q2: "partly" },
        written: [],
        conflicts: [
          { name: "q1", mine: "fully", theirs: "mostly" },
          { name: "q2", mine: undefined, theirs: "partly" },
        ],
      });
    });
  });
});
