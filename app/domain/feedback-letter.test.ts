import { describe, expect, it } from "vitest";
import { buildFeedbackLetter, type FeedbackLetterInput } from "./feedback-letter";
import { canReadLetter, completionProblem, PanelInputSchema, PanelRecordSchema } from "./panels";
import type { Viewer } from "./permissions";

const BANDS = [
  { code: "green", label: "Fully met", min: 80, colour: "#00703c" },
  { code: "amber", label: "Partially met", min: 50, colour: "#f47738" },
  { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
];

const input = (overrides: Partial<FeedbackLetterInput> = {}): FeedbackLetterInput => ({
  partnershipName: "Northshire Safeguarding Children Partnership",
  agency: { name: "Northshire Police" },
  cycle: { title: "Section 11 audit 2026", toolTitle: "Section 11 self-assessment", toolVersion: "2026.1" },
  panel: { heldOn: "2027-03-03", startsAt: "14:30", location: "Room 2, County Hall", status: "complete" },
  record: {
    attended: true,
    attendees: "DCI Amy Lee (safeguarding lead)",
    notes: "Good discussion",
    outcome: "Ratings agreed as moderated",
  },
  bands: BANDS,
  standards: [
    { code: "S1", title: "Leadership" },
    { code: "S2", title: "Training" },
    { code: "S3", title: "Recruitment" },
  ],
  score: {
    overallPercent: 66.5,
    overallBand: "amber",
    standards: [
      { code: "S1", percent: 84.4, band: "green", selfRating: "green" },
      { code: "S2", percent: 62.5, band: "amber", selfRating: "green" },
      { code: "S3", percent: 52.6, band: "amber", selfRating: "green" },
    ],
  },
  moderations: { S3: { band: "red", rationale: "No DBS checks seen" }, S1: { band: "green", rationale: "Confirmed at panel" } },
  challenges: [
    {
      standardCode: "S3",
      status: "closed",
      question: "Where are the DBS records?",
      answer: "Being collated",
      outcome: "rating_revised",
      outcomeNote: "Lowered to not met",
    },
    { standardCode: "S2", status: "answered", question: "Who was trained?", answer: "All staff", outcome: null, outcomeNote: null },
    { standardCode: "S2", status: "open", question: "Any refreshers?", answer: null, outcome: null, outcomeNote: null },
  ],
  actions: [
    {
      standardCode: "S3",
      description: "Audit every DBS record",
      owner: "HR director",
      dueOn: "2027-06-30",
      status: "in_progress",
      agreedAt: "2027-03-04T10:00:00.000Z",
    },
    { standardCode: "S2", description: "Refresher training", owner: "L&D lead", dueOn: "2027-05-01", status: "open", agreedAt: null },
  ],
  ...overrides,
});

describe("buildFeedbackLetter", () => {
  it("lists every standard with its rounded score, computed band, self rating, moderated rating and reason, and effective rating", () => {
    const letter = buildFeedbackLetter(input());
    expect(letter.standards).toEqual([
      {
        code: "S1",
        title: "Leadership",
        score: "84%",
        computedBand: "Fully met",
        selfRating: "Fully met",
        moderatedRating: "Fully met",
        rationale: "Confirmed at panel",
        effectiveRating: "Fully met",
        effectiveBandCode: "green",
      },
      {
        code: "S2",
        title: "Training",
        score: "63%",
        computedBand: "Partially met",
        selfRating: "Fully met",
        moderatedRating: "Not moderated",
        rationale: "",
        effectiveRating: "Partially met",
        effectiveBandCode: "amber",
      },
      {
        code: "S3",
        title: "Recruitment",
        score: "53%",
        computedBand: "Partially met",
        selfRating: "Fully met",
        moderatedRating: "Not met",
        rationale: "No DBS checks seen",
        effectiveRating: "Not met",
        effectiveBandCode: "red",
      },
    ]);
    // 66.5 rounds half up to 67.
    expect(letter.overall).toEqual({ score: "67%", band: "Partially met" });
  });

  it("counts the optimism gap against the effective rating: S2 and S3 self-rated fully met", () => {
    expect(buildFeedbackLetter(input()).optimismGapSentence).toBe(
      "2 standards were self-rated above the effective rating (the optimism gap).",
    );
    const honest = input({
      score: { overallPercent: 90, overallBand: "green", standards: [{ code: "S1", percent: 90, band: "green", selfRating: "green" }] },
      moderations: {},
    });
    expect(buildFeedbackLetter(honest).optimismGapSentence).toBe("No standard was self-rated above its effective rating.");
  });

  it("gives each challenge its outcome, or where it stands while not closed", () => {
    expect(buildFeedbackLetter(input()).challenges).toEqual([
      {
        standard: "S3 Recruitment",
        question: "Where are the DBS records?",
        answer: "Being collated",
        outcome: "Rating revised: Lowered to not met",
      },
      { standard: "S2 Training", question: "Who was trained?", answer: "All staff", outcome: "Answered, awaiting the panel's decision" },
      { standard: "S2 Training", question: "Any refreshers?", answer: "Not answered", outcome: "Open, awaiting the agency's answer" },
    ]);
  });

  it("puts only agreed actions in the plan, with owner and due date, and counts the rest", () => {
    const letter = buildFeedbackLetter(input());
    expect(letter.actions).toEqual([
      {
        standard: "S3 Recruitment",
        description: "Audit every DBS record",
        owner: "HR director",
        due: "30 June 2027",
        status: "In progress",
      },
    ]);
    expect(letter.actionsAwaitingAgreement).toBe(1);
  });

  it("says when and where the panel met, who attended, and whether the letter is final", () => {
    const letter = buildFeedbackLetter(input());
    expect(letter.session).toBe(
      "Panel held on 3 March 2027 at 14:30, Room 2, County Hall. Section 11 audit 2026 (Section 11 self-assessment, version 2026.1).",
    );
    expect(letter.attendance).toBe("Attended: DCI Amy Lee (safeguarding lead)");
    expect(letter.isFinal).toBe(true);
    const draft = buildFeedbackLetter(
      input({ panel: { ...input().panel, status: "scheduled" }, record: { attended: false, attendees: null, notes: null, outcome: null } }),
    );
    expect(draft.isFinal).toBe(false);
    expect(draft.status).toBe("Draft: the panel is scheduled, not yet complete");
    expect(draft.attendance).toBe("Did not attend");
    expect(draft.outcome).toBeNull();
  });

  it("shows an unscored return as not scored rather than 0%", () => {
    const letter = buildFeedbackLetter(input({ score: null, moderations: {} }));
    expect(letter.overall).toEqual({ score: "Not scored", band: "Not scored" });
    expect(letter.standards[0]).toMatchObject({
      score: "Not scored",
      computedBand: "Not scored",
      selfRating: "Not given",
      effectiveRating: "Not scored",
      effectiveBandCode: null,
    });
  });
});

describe("panel rules", () => {
  const viewer = (role: Viewer["role"], agencyId: number | null = null): Viewer => ({
    id: 1,
    email: "x@example.org",
    name: "X",
    role,
    agencyId,
  });

  it("lets an agency read its own letter once the panel is complete, never another's, and the board none", () => {
    expect(canReadLetter(viewer("agency_lead", 7), 7, "complete")).toBe(true);
    expect(canReadLetter(viewer("agency_member", 7), 7, "complete")).toBe(true);
    expect(canReadLetter(viewer("agency_lead", 7), 7, "scheduled")).toBe(false);
    expect(canReadLetter(viewer("agency_lead", 8), 7, "complete")).toBe(false);
    expect(canReadLetter(viewer("board"), 7, "complete")).toBe(false);
    expect(canReadLetter(viewer("qa"), 7, "scheduled")).toBe(true);
    expect(canReadLetter(viewer("admin"), 7, "scheduled")).toBe(true);
  });

  it("needs every agency's attendance before the panel is complete", () => {
    expect(
      completionProblem([
        { agencyName: "Police", attended: true },
        { agencyName: "Council", attended: false },
      ]),
    ).toBeNull();
    expect(
      completionProblem([
        { agencyName: "Police", attended: null },
        { agencyName: "Council", attended: false },
      ]),
    ).toBe("Record whether Police attended before marking the panel complete");
  });

  it("asks for a 24-hour start time, a location and at least one agency", () => {
    const ok = PanelInputSchema.safeParse({ heldOn: "2027-03-03", startsAt: "9:30", location: "Room 2", agencyIds: ["4"] });
    expect(ok.success && ok.data).toEqual({ heldOn: "2027-03-03", startsAt: "09:30", location: "Room 2", agencyIds: [4] });
    const bad = PanelInputSchema.safeParse({ heldOn: "2027-03-03", startsAt: "2.30pm", location: " ", agencyIds: [] });
    expect(bad.success ? [] : bad.error.issues.map((issue) => issue.message)).toEqual([
      "Enter the start time as a 24-hour time, like 14:30",
      "Enter where the panel meets",
      "Select the agencies the panel will meet",
    ]);
  });

  it("asks who attended when the agency attended", () => {
    const missing = PanelRecordSchema.safeParse({ attended: "yes", attendees: "", notes: "", outcome: "" });
    expect(missing.success ? [] : missing.error.issues.map((issue) => issue.message)).toEqual(["Enter who attended for the agency"]);
    expect(PanelRecordSchema.safeParse({ attended: "no", attendees: "", notes: "", outcome: "" }).success).toBe(true);
    const unanswered = PanelRecordSchema.safeParse({ attendees: "", notes: "", outcome: "" });
    expect(unanswered.success ? [] : unanswered.error.issues.map((issue) => issue.message)).toEqual(["Select whether the agency attended"]);
  });
});
