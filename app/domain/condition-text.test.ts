import { describe, expect, it } from "vitest";
import { conditionText } from "./condition-text";
import type { SurveyJson } from "./survey-json";

const survey: SurveyJson = {
  pages: [
    {
      name: "p",
      elements: [
        {
          type: "radiogroup",
          name: "q1",
          title: "Is there a policy?",
          choices: [
            { value: "yes", text: "Yes" },
            { value: "na", text: "Not applicable" },
          ],
        },
        { type: "boolean", name: "b1", title: "Checks done?" },
        { type: "boolean", name: "b2", title: "Records kept?", labelFalse: "Not kept" },
        { type: "comment", name: "why", title: "Why?" },
      ],
    },
  ],
};

describe("conditionText", () => {
  it("names the question by its title and the choice by its label", () => {
    expect(conditionText("{q1} = 'na'", survey)).toBe("“Is there a policy?” is ‘Not applicable’");
  });

  it("reads booleans with their labels and joins clauses with and/or", () => {
    expect(conditionText("{b1} = false or {b2} = false", survey)).toBe("“Checks done?” is ‘No’ or “Records kept?” is ‘Not kept’");
    expect(conditionText("{q1} <> 'yes' and {why} notempty", survey)).toBe("“Is there a policy?” is not ‘Yes’ and you answered “Why?”");
  });

  it("leaves an expression it does not understand as written", () => {
    expect(conditionText("{q1} anyof ['yes', 'na']", survey)).toBe("{q1} anyof ['yes', 'na']");
    expect(conditionText("age({dob}) > 18", survey)).toBe("age({dob}) > 18");
  });
});
