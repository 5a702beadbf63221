import { describe, expect, it } from "vitest";
import { canAnswerChallenge, canModerate, daysOpen, effectiveBand, optimismGap } from "./moderation";
import type { Band } from "./tool-schema";
import type { Viewer } from "./permissions";

const bands: Band[] = [
  { code: "fully", label: "Fully met", min: 85, colour: "#00703c" },
  { code: "mostly", label: "Mostly met", min: 60, colour: "#85994b" },
  { code: "partly", label: "Partially met", min: 30, colour: "#f47738" },
  { code: "not", label: "Not met", min: 0, colour: "#d4351c" },
];
const qa: Viewer = { id: 1, email: "qa@x", name: "QA", role: "qa", agencyId: null };
const lead: Viewer = { id: 2, email: "l@x", name: "Lead", role: "agency_lead", agencyId: 5 };

describe("moderation rules", () => {
  it("uses the moderated rating where there is one, else the computed band", () => {
    expect(effectiveBand("mostly", "partly")).toBe("partly");
    expect(effectiveBand("mostly", null)).toBe("mostly");
    expect(effectiveBand(null, null)).toBeNull();
  });

  it("counts standards rated by the agency above their effective rating as the optimism gap", () => {
    // fully > mostly (counts); mostly = mostly (no); partly < mostly (no: modest, not optimistic);
    // no self rating (not counted); fully > not (counts). Gap = 2.
    expect(
      optimismGap(bands, [
        { selfRating: "fully", effectiveBand: "mostly" },
        { selfRating: "mostly", effectiveBand: "mostly" },
        { selfRating: "partly", effectiveBand: "mostly" },
        { selfRating: null, effectiveBand: "not" },
        { selfRating: "fully", effectiveBand: "not" },
      ]),
    ).toBe(2);
  });

  it("lets only QA moderate, and only a submitted return", () => {
    expect(canModerate(qa, "submitted")).toBe(true);
    expect(canModerate(qa, "validated")).toBe(false);
    expect(canModerate(qa, "in_progress")).toBe(false);
    expect(canModerate(lead, "submitted")).toBe(false);
  });

  it("lets only the agency itself answer an open challenge", () => {
    expect(canAnswerChallenge(lead, 5, "open")).toBe(true);
    expect(canAnswerChallenge(lead, 6, "open")).toBe(false);
    expect(canAnswerChallenge(lead, 5, "closed")).toBe(false);
    expect(canAnswerChallenge(qa, 5, "open")).toBe(false);
  });

  it("counts whole days a challenge has been open", () => {
    expect(daysOpen("2026-11-01T10:00:00.000Z", "2026-11-03T09:59:00.000Z")).toBe(1);
    expect(daysOpen("2026-11-01T10:00:00.000Z", "2026-11-01T09:00:00.000Z")).toBe(0);
  });
});
