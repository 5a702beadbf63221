import { STATUS_LABELS, type ActionStatus } from "./actions";
import { formatDate } from "./dates";
import { OUTCOME_LABELS, effectiveBand, optimismGap, type ChallengeOutcome, type ChallengeStatus } from "./moderation";
import { PANEL_STATUS_LABELS, type PanelStatus } from "./panels";
import { bandLabel, formatPercent, scoreNote } from "./scoring";
import type { Band } from "./tool-schema";

/**
 * The feedback letter a challenge panel sends one agency: its ratings standard by standard
 * (computed score and band, its self rating, the moderated rating with the reason, the effective
 * rating), the challenges with their outcomes and the agreed actions. Built once here, as text ready
 * to show, so the printable page and the Word letter lay out the same words and numbers.
 */

export interface FeedbackLetterInput {
  partnershipName: string;
  agency: { name: string };
  cycle: { title: string; toolTitle: string; toolVersion: string };
  panel: { heldOn: string; startsAt: string; location: string; status: PanelStatus };
  record: { attended: boolean | null; attendees: string | null; notes: string | null; outcome: string | null };
  bands: Band[];
  standards: { code: string; title: string }[];
  /** The return's current score (null if it was never scored). */
  score: {
    overallPercent: number | null;
    overallBand: string | null;
    overallCapped?: boolean;
    unmetEssentials?: number;
    standards: { code: string; percent: number | null; band: string | null; selfRating: string | null }[];
  } | null;
  /** Current moderated ratings by standard code. */
  moderations: Record<string, { band: string; rationale: string }>;
  challenges: {
    standardCode: string;
    status: ChallengeStatus;
    question: string;
    answer: string | null;
    outcome: ChallengeOutcome | null;
    outcomeNote: string | null;
  }[];
  actions: { standardCode: string; description: string; owner: string; dueOn: string; status: ActionStatus; agreedAt: string | null }[];
}

export interface LetterStandard {
  code: string;
  title: string;
  score: string;
  computedBand: string;
  selfRating: string;
  moderatedRating: string;
  rationale: string;
  effectiveRating: string;
  /** The effective band's code, for colour only: the label above carries the meaning. */
  effectiveBandCode: string | null;
}

export interface FeedbackLetter {
  title: string;
  from: string;
  to: string;
  /** "Panel held on 3 March 2027 at 14:30, Room 2, County Hall" */
  session: string;
  status: string;
  isFinal: boolean;
  attendance: string;
  notes: string | null;
  outcome: string | null;
  overall: { score: string; band: string };
  optimismGapSentence: string;
  standards: LetterStandard[];
  challenges: { standard: string; question: string; answer: string; outcome: string }[];
  actions: { standard: string; description: string; owner: string; due: string; status: string }[];
  /** Actions the agency has written that the QA subgroup has not agreed yet: not part of the plan. */
  actionsAwaitingAgreement: number;
}

const NOT_GIVEN = "Not given";

/**
 * Builds the letter. Effective rating = moderated, else computed (DESIGN §5); the optimism gap uses
 * the domain's `optimismGap`. Challenges are listed in the order raised, a challenge not yet closed
 * showing where it stands; only actions the QA subgroup has agreed form the action plan.
 */
export function buildFeedbackLetter(input: FeedbackLetterInput): FeedbackLetter {
  const title = (code: string) => {
    const standard = input.standards.find((entry) => entry.code === code);
    return standard ? `${standard.code} ${standard.title}` : code;
  };
  const scored = new Map((input.score?.standards ?? []).map((standard) => [standard.code, standard]));
  const standards = input.standards.map((standard): LetterStandard => {
    const score = scored.get(standard.code);
    const moderation = input.moderations[standard.code] ?? null;
    const effective = effectiveBand(score?.band ?? null, moderation?.band ?? null);
    return {
      code: standard.code,
      title: standard.title,
      score: formatPercent(score?.percent ?? null, input.bands),
      computedBand: bandLabel(input.bands, score?.band ?? null, "Not scored"),
      selfRating: bandLabel(input.bands, score?.selfRating ?? null, NOT_GIVEN),
      moderatedRating: bandLabel(input.bands, moderation?.band ?? null, "Not moderated"),
      rationale: moderation?.rationale ?? "",
      effectiveRating: bandLabel(input.bands, effective, "Not scored"),
      effectiveBandCode: effective,
    };
  });
  const gap = optimismGap(
    input.bands,
    input.standards.map((standard) => ({
      selfRating: scored.get(standard.code)?.selfRating ?? null,
      effectiveBand: effectiveBand(scored.get(standard.code)?.band ?? null, input.moderations[standard.code]?.band ?? null),
    })),
  );
  const { record, panel } = input;
  const attendance =
    record.attended === null
      ? "Attendance not recorded yet"
      : record.attended
        ? `Attended: ${record.attendees ?? ""}`.trim()
        : "Did not attend";
  const agreed = input.actions.filter((action) => action.agreedAt !== null);
  return {
    title: `Challenge panel feedback: ${input.agency.name}`,
    from: `${input.partnershipName}, quality assurance subgroup`,
    to: `${input.agency.name}, safeguarding lead`,
    session: `Panel held on ${formatDate(panel.heldOn)} at ${panel.startsAt}, ${panel.location}. ${input.cycle.title} (${input.cycle.toolTitle}, version ${input.cycle.toolVersion}).`,
    status:
      panel.status === "complete" ? "Final" : `Draft: the panel is ${PANEL_STATUS_LABELS[panel.status].toLowerCase()}, not yet complete`,
    isFinal: panel.status === "complete",
    attendance,
    notes: record.notes || null,
    outcome: record.outcome || null,
    overall: {
      score: formatPercent(input.score?.overallPercent ?? null, input.bands),
      band: [
        bandLabel(input.bands, input.score?.overallBand ?? null, "Not scored"),
        scoreNote(input.score?.overallCapped, input.score?.unmetEssentials ?? 0),
      ]
        .filter(Boolean)
        .join(", "),
    },
    optimismGapSentence:
      gap === 0
        ? "No standard was self-rated above its effective rating."
        : `${gap} ${gap === 1 ? "standard was" : "standards were"} self-rated above the effective rating (the optimism gap).`,
    standards,
    challenges: input.challenges.map((challenge) => ({
      standard: title(challenge.standardCode),
      question: challenge.question,
      answer: challenge.answer ?? "Not answered",
      outcome:
        challenge.status === "closed" && challenge.outcome
          ? `${OUTCOME_LABELS[challenge.outcome]}${challenge.outcomeNote ? `: ${challenge.outcomeNote}` : ""}`
          : challenge.status === "answered"
            ? "Answered, awaiting the panel's decision"
            : "Open, awaiting the agency's answer",
    })),
    actions: agreed.map((action) => ({
      standard: title(action.standardCode),
      description: action.description,
      owner: action.owner,
      due: formatDate(action.dueOn),
      status: STATUS_LABELS[action.status],
    })),
    actionsAwaitingAgreement: input.actions.length - agreed.length,
  };
}
