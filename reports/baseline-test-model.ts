import { upgradeBaselineReport } from "~/domain/reports/baseline";
import type { BaselineModel, ExportContext } from "./baseline-format";

/**
 * A small literal baseline model for the renderer tests: three submitted returns of five, four S11
 * bands, three standards. Beta's S2 is moderated down (computed Partially met, moderated Not met) and
 * Alpha's S2 moderated up, so effective and computed bands differ; Beta's S3 and Gamma's S3 are not
 * scored; Gamma's overall 29.5 shows as 30% yet is Not met (the band uses the full figure).
 */

export const TEST_BANDS = [
  { code: "fully", label: "Fully met", min: 85, colour: "#00703c" },
  { code: "mostly", label: "Mostly met", min: 60, colour: "#85994b" },
  { code: "partly", label: "Partially met", min: 30, colour: "#f47738" },
  { code: "not", label: "Not met", min: 0, colour: "#d4351c" },
];

export const LIVE_CONTEXT: ExportContext = { generatedAt: "2026-11-22T10:05:00.000Z" };

export const PUBLISHED_CONTEXT: ExportContext = {
  generatedAt: "2026-11-22T10:05:00.000Z",
  // 08:15 UTC is 9:15am in London in July (BST).
  publication: { title: "Baseline report: Section 11 audit 2026", publishedAt: "2026-07-01T08:15:00.000Z", publishedBy: "Sam Quinn" },
};

function cell(code: string, percent: number | null, band: string | null, selfRating: string | null, moderatedRating: string | null = null) {
  // A scored standard counted 3 questions here; a not-scored one had both its questions answered N/A.
  const items = percent === null ? { included: 0, notApplicable: 2, unanswered: 0 } : { included: 3, notApplicable: 0, unanswered: 0 };
  return { code, percent, band, selfRating, moderatedRating, effectiveBand: moderatedRating ?? band, items };
}

/**
 * The rows are literal; the per-standard and dimension views are derived from them by the domain's
 * own rule (tested with hand-worked numbers beside it), and the item view is literal again.
 */
export function baselineTestModel(): BaselineModel {
  const model = upgradeBaselineReport({
    reportVersion: 1,
    kind: "baseline",
    cycle: { id: 7, title: "Section 11 audit 2026", dueOn: "2026-03-31" },
    tool: { code: "s11", version: "2026.1", title: "Section 11 self-assessment" },
    bands: TEST_BANDS,
    standards: [
      { code: "S1", title: "Leadership and accountability", dimension: "setting" },
      { code: "S2", title: "Safer recruitment", dimension: "ensuring" },
      { code: "S3", title: "Training", dimension: null },
    ],
    dimensions: [
      { code: "setting", title: "Setting quality standards" },
      { code: "ensuring", title: "Ensuring standards are achieved" },
    ],
    summary: {
      assigned: 5,
      notStarted: 1,
      inProgress: 1,
      submitted: 3,
      completionPercent: 60,
      overallDistribution: [
        { band: "fully", count: 1 },
        { band: "mostly", count: 0 },
        { band: "partly", count: 1 },
        { band: "not", count: 1 },
      ],
    },
    agencies: [
      {
        agency: { id: 1, name: "Alpha Police", sector: "police" },
        status: "submitted",
        overall: { percent: 91.66666666666667, band: "fully", capped: false, unmetEssentials: [] },
        standards: [
          cell("S1", 100, "fully", "fully"),
          cell("S2", 83.33333333333333, "mostly", "fully", "fully"),
          cell("S3", 91.66666666666667, "fully", null),
        ],
        optimismGap: 0,
        dimensions: [dimension("setting", 100, "fully"), dimension("ensuring", 83.33333333333333, "mostly")],
      },
      {
        agency: { id: 2, name: "Beta Health", sector: "health" },
        status: "validated",
        overall: { percent: 58.333333333333336, band: "partly", capped: false, unmetEssentials: [] },
        standards: [
          cell("S1", 66.66666666666667, "mostly", "fully"),
          cell("S2", 50, "partly", "mostly", "not"),
          cell("S3", null, null, null),
        ],
        optimismGap: 2,
        dimensions: [dimension("setting", 66.66666666666667, "mostly"), dimension("ensuring", 50, "partly")],
      },
      {
        agency: { id: 3, name: "Gamma Homes", sector: "housing" },
        status: "returned",
        overall: { percent: 29.5, band: "not", capped: false, unmetEssentials: [] },
        standards: [cell("S1", 20, "not", "partly"), cell("S2", 39, "partly", null), cell("S3", null, null, null)],
        optimismGap: 1,
        dimensions: [dimension("setting", 20, "not"), dimension("ensuring", 39, "partly")],
      },
    ],
  });
  return {
    ...model,
    reportVersion: 2,
    items: {
      available: true,
      returnsCounted: 2,
      returnsExcluded: 1,
      rows: [
        {
          key: "s2_q1",
          question: "Are DBS checks renewed?",
          standard: "S2",
          n: 2,
          unmet: 1,
          belowMax: 2,
          unmetPercent: 50,
          meanPercent: 25,
          notApplicable: 0,
          notAnswered: 0,
        },
        {
          key: "s1_q1",
          question: "Is there a named lead?",
          standard: "S1",
          n: 2,
          unmet: 0,
          belowMax: 1,
          unmetPercent: 0,
          meanPercent: 83.33333333333333,
          notApplicable: 0,
          notAnswered: 0,
        },
        {
          key: "s3_q1",
          question: "Is training refreshed?",
          standard: "S3",
          n: 1,
          unmet: 0,
          belowMax: 0,
          unmetPercent: 0,
          meanPercent: 100,
          notApplicable: 1,
          notAnswered: 0,
        },
      ],
    },
  };
}

function dimension(code: string, percent: number | null, band: string | null) {
  return { code, percent, band };
}
