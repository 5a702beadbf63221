import { describe, expect, it } from "vitest";
import { groupToolProblems } from "./tool-problems";

const definition = {
  survey: {
    pages: [
      {
        name: "p1",
        title: "Leadership",
        elements: [
          { type: "radiogroup", name: "q1", title: "Is there a named lead?" },
          { type: "panel", name: "panel", elements: [{ type: "radiogroup", name: "q2", title: "Is it reviewed?" }] },
        ],
      },
      { name: "p2", elements: [{ type: "slider", name: "q3", title: "How sure?" }] },
    ],
  },
};

describe("groupToolProblems", () => {
  it("groups one message repeated across questions into one problem naming each page and question", () => {
    const lines = [
      'items.q1.standard: unknown standard "S11-3"',
      'items.q2.standard: unknown standard "S11-3"',
      'survey.pages.1.elements.0.type: unsupported element type "slider"',
    ];
    expect(groupToolProblems(lines, definition)).toEqual([
      {
        message: 'unknown standard "S11-3"',
        places: [
          { where: "Leadership › Is there a named lead?", path: "items.q1.standard" },
          { where: "Leadership › Is it reviewed?", path: "items.q2.standard" },
        ],
      },
      { message: 'unsupported element type "slider"', places: [{ where: "p2 › How sure?", path: "survey.pages.1.elements.0.type" }] },
    ]);
  });

  it("keeps a line without a path as a problem with no places, and a path to no question without a title", () => {
    expect(groupToolProblems(["The file is not valid JSON: Unexpected token", "bands: must end at 0"], {})).toEqual([
      { message: "The file is not valid JSON: Unexpected token", places: [] },
      { message: "must end at 0", places: [{ where: null, path: "bands" }] },
    ]);
  });
});
