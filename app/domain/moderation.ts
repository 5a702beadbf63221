import type { Band } from "./tool-schema";
import type { ReturnStatus, Viewer } from "./permissions";

/**
 * QA scrutiny rules (DESIGN §5–§7), pure. The moderated rating sits beside the computed band and the
 * self rating, never replacing either; the effective rating (moderated, else computed) is what
 * reports use; the optimism gap counts standards the agency rated above their effective rating.
 */

export const CHALLENGE_OUTCOMES = ["accepted", "rating_revised", "escalated"] as const;
export type ChallengeOutcome = (typeof CHALLENGE_OUTCOMES)[number];
export type ChallengeStatus = "open" | "answered" | "closed";

export const OUTCOME_LABELS: Record<ChallengeOutcome, string> = {
  accepted: "Accepted",
  rating_revised: "Rating revised",
  escalated: "Escalated",
};

/** Effective rating of a standard: the moderated rating where there is one, else the computed band. */
export function effectiveBand(computed: string | null, moderated: string | null): string | null {
  return moderated ?? computed;
}

/** Position of a band, highest first (0 = top band); bands not in the tool rank below all others. */
export function bandRank(bands: Band[], code: string): number {
  const index = bands.findIndex((band) => band.code === code);
  return index < 0 ? bands.length : index;
}

/**
 * Optimism gap of a return: how many standards carry a self rating above their effective rating.
 * A standard without a self rating, or without an effective rating, is not counted either way.
 */
export function optimismGap(bands: Band[], standards: { selfRating: string | null; effectiveBand: string | null }[]): number {
  return standards.filter(
    (standard) =>
      standard.selfRating !== null &&
      standard.effectiveBand !== null &&
      bandRank(bands, standard.selfRating) < bandRank(bands, standard.effectiveBand),
  ).length;
}

/** The QA subgroup moderates, challenges and decides on returns that are with them: submitted, not yet validated. */
export function canModerate(viewer: Viewer, status: ReturnStatus): boolean {
  return viewer.role === "qa" && status === "submitted";
}

/** Challenges can be raised while the return is with QA or back with the agency, until it is validated. */
export function canRaiseChallenge(viewer: Viewer, status: ReturnStatus): boolean {
  return viewer.role === "qa" && (status === "submitted" || status === "returned");
}

/** The agency (lead or contributor) answers an open challenge on its own return. */
export function canAnswerChallenge(viewer: Viewer, agencyId: number, challengeStatus: ChallengeStatus): boolean {
  return (viewer.role === "agency_lead" || viewer.role === "agency_member") && viewer.agencyId === agencyId && challengeStatus === "open";
}

/** QA closes a challenge once it is answered (or, having waited, while still open). */
export function canCloseChallenge(viewer: Viewer, challengeStatus: ChallengeStatus): boolean {
  return viewer.role === "qa" && challengeStatus !== "closed";
}

/** Whole days a challenge has been open, for the age shown to both sides. */
export function daysOpen(raisedAt: string, until: string): number {
  return Math.max(0, Math.floor((Date.parse(until) - Date.parse(raisedAt)) / 86_400_000));
}
