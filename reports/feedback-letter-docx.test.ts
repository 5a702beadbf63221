import { describe, expect, it } from "vitest";
import { buildFeedbackLetter, type FeedbackLetterInput } from "~/domain/feedback-letter";
import { readDocx } from "../tests/support/docx";
import { feedbackLetterFileName, renderFeedbackLetterDocx } from "./feedback-letter-docx";

const INPUT: FeedbackLetterInput = {
  partnershipName: "Northshire Safeguarding Children Partnership",
  agency: { name: "Northshire Police" },
  cycle: { title: "Section 11 audit 2026", toolTitle: "Section 11 self-assessment", toolVersion: "2026.1" },
  panel: { heldOn: "2027-03-03", startsAt: "14:30", location: "Room 2, County Hall", status: "scheduled" },
  record: { attended: true, attendees: "DCI Amy Lee", notes: null, outcome: "Ratings agreed & actions set" },
  bands: [
    { code: "green", label: "Fully met", min: 80, colour: "#00703c" },
    { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
  ],
  standards: [
    { code: "S1", title: "Leadership" },
    { code: "S2", title: "Training" },
  ],
  score: {
    overallPercent: 70.5,
    overallBand: "red",
    standards: [
      { code: "S1", percent: 84.5, band: "green", selfRating: "green" },
      { code: "S2", percent: 56.2, band: "red", selfRating: "green" },
    ],
  },
  moderations: { S1: { band: "red", rationale: "No minutes" } },
  challenges: [
    { standardCode: "S1", status: "closed", question: "Minutes?", answer: "Lost", outcome: "rating_revised", outcomeNote: null },
  ],
  actions: [
    {
      standardCode: "S1",
      description: "Minute every meeting",
      owner: "Chief of staff",
      dueOn: "2027-06-30",
      status: "open",
      agreedAt: "2027-03-04T09:00:00.000Z",
    },
  ],
};

describe("feedback letter as Word", () => {
  it("lays out the letter model's words and figures: headings, the ratings table, challenges and agreed actions", async () => {
    const letter = buildFeedbackLetter(INPUT);
    const { xml, paragraphs, rows } = await readDocx(await renderFeedbackLetterDocx(letter));
    expect(paragraphs[0]).toBe("Challenge panel feedback: Northshire Police");
    expect(xml).toContain('<w:pStyle w:val="Title"/>');
    expect(paragraphs).toContain("Draft: the panel is scheduled, not yet complete");
    expect(paragraphs).toContain("Ratings agreed & actions set");
    expect(paragraphs).toContain("Overall score: 71% (Not met).");
    expect(rows).toContainEqual(["Standard", "Score", "Computed band", "Self rating", "Moderated rating", "Reason", "Effective rating"]);
    expect(rows).toContainEqual(["S1 Leadership", "85%", "Fully met", "Fully met", "Not met", "No minutes", "Not met"]);
    expect(rows).toContainEqual(["S2 Training", "56%", "Not met", "Fully met", "Not moderated", "", "Not met"]);
    expect(rows).toContainEqual(["S1 Leadership", "Minutes?", "Lost", "Rating revised"]);
    expect(rows).toContainEqual(["S1 Leadership", "Minute every meeting", "Chief of staff", "30 June 2027", "Open"]);
  });

  it("names the file after the letter", () => {
    expect(feedbackLetterFileName(buildFeedbackLetter(INPUT))).toBe("challenge-panel-feedback-northshire-police.docx");
  });
});
