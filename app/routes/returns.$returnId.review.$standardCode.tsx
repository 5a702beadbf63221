import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { BandLabel } from "~/components/band";
import { BackLink, Button, Details, ErrorSummary, NotificationBanner, Radios, SummaryList, Tag, Textarea } from "~/components/govuk";
import { answerText } from "~/components/survey/answer-text";
import { EvidenceByStandard, challengeEvidenceRows } from "~/components/evidence";
import { toEvidenceViews } from "~/utils/evidence-view";
import { getDb } from "~/data/db.server";
import { listEvidence } from "~/data/evidence.server";
import { closeChallenge, listChallenges, listModerations, raiseChallenge, recordModeration } from "~/data/moderation.server";
import { getReturn } from "~/data/returns.server";
import { CHALLENGE_OUTCOMES, OUTCOME_LABELS, canModerate, canRaiseChallenge, daysOpen, effectiveBand } from "~/domain/moderation";
import { visibleQuestions } from "~/domain/survey-engine";
import { listQuestions } from "~/domain/survey-json";
import { errorSummaryItems, type FieldErrors, formatDate, formatDateTime, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";
import { bandLabel } from "~/domain/scoring";

/** One standard of a submitted return under review: the agency's answers, its three ratings, challenges. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.standard.code} ${data.standard.title} – review of ${data.agencyName}` : "Review") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "admin"]);
  const db = getDb();
  const id = requireId(params.returnId);
  const ret = await getReturn(db, viewer, id);
  if (!ret || !ret.score) notFound();
  const tool = ret.tool.definition;
  const standard = tool.standards.find((candidate) => candidate.code === params.standardCode);
  if (!standard) notFound();
  const scored = ret.score.standards.find((entry) => entry.code === standard.code);
  const moderations = ((await listModerations(db, viewer, id)) ?? []).filter((entry) => entry.standardCode === standard.code);
  const current = moderations.find((entry) => entry.supersededAt === null) ?? null;
  const now = new Date().toISOString();
  const challenges = ((await listChallenges(db, viewer, id)) ?? [])
    .filter((challenge) => challenge.standardCode === standard.code)
    .map((challenge) => ({ ...challenge, age: daysOpen(challenge.raisedAt, challenge.closedAt ?? now) }));

  // The standard's questions: its page (S11 tools give each standard a page named by its code) or its scored items.
  const shown = visibleQuestions(tool.survey, ret.answers);
  const scoredNames = new Set(
    Object.entries(tool.items)
      .filter(([, rule]) => rule.standard === standard.code)
      .map(([key]) => key.split(".")[0]),
  );
  const questions = listQuestions(tool.survey)
    .filter((question) => shown.has(question.name) && (question.pageName === standard.code || scoredNames.has(question.name)))
    .map((question) => ({
      name: question.name,
      // The tool asks the agency "Your overall rating for this standard"; QA reads it as what it is.
      title:
        question.name === standard.selfRating ? "The agency's own rating for this standard" : (question.element.title ?? question.name),
      answer: answerText(question.element, ret.answers[question.name]),
    }));

  return {
    returnId: ret.id,
    agencyName: ret.agencyName,
    status: ret.status,
    bands: tool.bands,
    standard: { code: standard.code, title: standard.title, guidance: standard.guidance ?? null, reference: standard.reference ?? null },
    computed: {
      percent: scored?.percent ?? null,
      band: scored?.band ?? null,
      essentialCap: scored?.essentialCap ?? null,
      included: scored?.included ?? 0,
      notApplicable: scored?.notApplicable ?? 0,
    },
    selfRating: scored?.selfRating ?? null,
    current,
    history: moderations.filter((entry) => entry.supersededAt !== null),
    effective: effectiveBand(scored?.band ?? null, current?.band ?? null),
    challenges,
    questions,
    evidence: toEvidenceViews(
      ((await listEvidence(db, viewer, id)) ?? []).filter((item) => item.standardCode === standard.code),
      id,
    ),
    canModerate: canModerate(viewer, ret.status),
    canChallenge: canRaiseChallenge(viewer, ret.status),
    isQa: viewer.role === "qa",
  };
}

const ModerateSchema = z.object({
  band: z.string({ error: "Select the moderated rating" }).min(1, "Select the moderated rating"),
  rationale: z
    .string()
    .trim()
    .min(1, "Enter the reason for the moderated rating")
    .max(5000, "The reason must be 5,000 characters or fewer"),
});
const ChallengeSchema = z.object({
  question: z.string().trim().min(1, "Enter the question for the agency").max(5000, "The question must be 5,000 characters or fewer"),
});
const CloseSchema = z.object({
  challengeId: z.coerce.number().int().positive(),
  outcome: z.enum(CHALLENGE_OUTCOMES, { error: "Select the outcome of the challenge" }),
  note: z.string().trim().max(5000, "The note must be 5,000 characters or fewer"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa"]);
  const id = requireId(params.returnId);
  const standardCode = params.standardCode ?? "";
  const form = await readForm(request);
  const intent = String(form.get("_intent") ?? "");
  const values = Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string")) as Record<string, string>;
  const db = getDb();
  // A return or standard that is not there is "not found", as the page itself is, whatever the form holds.
  const ret = await getReturn(db, viewer, id);
  if (!ret || !ret.tool.definition.standards.some((standard) => standard.code === standardCode)) notFound();
  const back = `/returns/${id}/review/${encodeURIComponent(standardCode)}`;
  const fail = (errors: FieldErrors, status: number) => data({ intent, errors, values }, { status });

  if (intent === "moderate") {
    const parsed = parseForm(ModerateSchema, { band: values.band ?? "", rationale: values.rationale ?? "" });
    if (!parsed.ok) return fail(parsed.errors, 400);
    const result = await recordModeration(db, viewer, id, { standardCode, ...parsed.data });
    if (!result.ok) return result.status === 404 ? notFound() : fail({ band: result.message }, result.status);
    return redirect(`${back}?moderated=1`);
  }
  if (intent === "challenge") {
    const parsed = parseForm(ChallengeSchema, { question: values.question ?? "" });
    if (!parsed.ok) return fail(parsed.errors, 400);
    const result = await raiseChallenge(db, viewer, id, { standardCode, question: parsed.data.question });
    if (!result.ok) return result.status === 404 ? notFound() : fail({ question: result.message }, result.status);
    return redirect(`${back}?challenged=1`);
  }
  if (intent === "close") {
    const parsed = parseForm(CloseSchema, { challengeId: values.challengeId, outcome: values.outcome ?? "", note: values.note ?? "" });
    if (!parsed.ok) return fail(parsed.errors.challengeId ? { outcome: "Choose a challenge from the page" } : parsed.errors, 400);
    // Only a challenge shown on this page: another return's or standard's is not found here.
    const onPage = ((await listChallenges(db, viewer, id)) ?? []).some(
      (challenge) => challenge.id === parsed.data.challengeId && challenge.standardCode === standardCode,
    );
    if (!onPage) notFound();
    const result = await closeChallenge(db, viewer, parsed.data.challengeId, {
      outcome: parsed.data.outcome,
      note: parsed.data.note || null,
    });
    if (!result.ok) return result.status === 404 ? notFound() : fail({ outcome: result.message }, result.status);
    return redirect(`${back}?closed=1`);
  }
  return fail({ form: "Choose an action from the page" }, 400);
}

export default function ReviewStandard() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
  useErrorTitle(Boolean(errors));
  const label = (code: string | null) => bandLabel(d.bands, code, "Not given");
  const banner = params.has("moderated")
    ? "Moderated rating recorded"
    : params.has("challenged")
      ? "Challenge sent to the agency"
      : params.has("closed")
        ? "Challenge closed"
        : null;
  return (
    <>
      <BackLink href={`/returns/${d.returnId}/review`}>Back to the review</BackLink>
      {errors ? (
        <ErrorSummary errors={errorSummaryItems(errors, { band: "band", outcome: `outcome-${values.challengeId ?? ""}` })} />
      ) : null}
      {banner && !errors ? <NotificationBanner type="success" heading={banner} /> : null}
      <span className="govuk-caption-l">Review of {d.agencyName}</span>
      <h1 className="govuk-heading-l">
        {d.standard.code} {d.standard.title}
      </h1>
      <SummaryList
        rows={[
          {
            key: "Computed",
            value: (
              <>
                <BandLabel bands={d.bands} code={d.computed.band} percent={d.computed.percent} showPercent />
                <span className="govuk-body-s govuk-!-display-block">
                  {d.computed.included} questions counted{d.computed.notApplicable ? `, ${d.computed.notApplicable} not applicable` : ""}
                  {d.computed.essentialCap ? "; limited by an essential question" : ""}
                </span>
              </>
            ),
          },
          { key: "Self rating", value: label(d.selfRating) },
          {
            key: "Moderated rating",
            value: d.current ? (
              <>
                <BandLabel bands={d.bands} code={d.current.band} />
                <span className="govuk-body-s govuk-!-display-block">
                  {d.current.rationale} ({d.current.createdBy}, {formatDate(d.current.createdAt)})
                </span>
              </>
            ) : (
              "Not moderated"
            ),
          },
          { key: "Effective rating", value: <BandLabel bands={d.bands} code={d.effective} /> },
        ]}
      />
      {d.history.length > 0 ? (
        <Details summary={`Earlier moderated ratings (${d.history.length})`}>
          <ul className="govuk-list">
            {d.history.map((entry) => (
              <li key={entry.id}>
                {label(entry.band)}: {entry.rationale} ({entry.createdBy}, {formatDateTime(entry.createdAt)})
              </li>
            ))}
          </ul>
        </Details>
      ) : null}

      <h2 className="govuk-heading-m">The agency's answers</h2>
      <SummaryList
        rows={d.questions.map((question) => ({ key: question.title, value: <span className="app-answer">{question.answer}</span> }))}
      />
      <EvidenceByStandard items={d.evidence} standards={[d.standard]} emptyText="No files or links were attached to this standard." />

      {d.canModerate ? (
        <Form method="post" noValidate>
          <Radios
            name="band"
            legend="Moderated rating"
            legendSize="m"
            hint="Your rating stands beside the computed band and the agency's own; it does not replace them."
            defaultValue={actionData?.intent === "moderate" ? values.band : (d.current?.band ?? undefined)}
            error={errors?.band}
            items={d.bands.map((band) => ({ value: band.code, text: band.label }))}
          />
          <Textarea
            name="rationale"
            label="Reason"
            labelSize="s"
            hint="What the evidence shows, in a sentence or two."
            defaultValue={actionData?.intent === "moderate" ? values.rationale : undefined}
            error={errors?.rationale}
          />
          <Button name="_intent" value="moderate">
            Record moderated rating
          </Button>
        </Form>
      ) : null}

      <h2 className="govuk-heading-m">Challenges</h2>
      {d.challenges.length === 0 ? <p className="govuk-body">No challenges on this standard.</p> : null}
      {d.challenges.map((challenge) => (
        <div key={challenge.id} className="app-challenge govuk-!-margin-bottom-6">
          <SummaryList
            rows={[
              { key: "Question", value: challenge.question },
              {
                key: "Status",
                value: (
                  <Tag colour={challenge.status === "open" ? "orange" : challenge.status === "answered" ? "blue" : "grey"}>
                    {challenge.status === "open" ? "Waiting for the agency" : challenge.status === "answered" ? "Answered" : "Closed"}
                  </Tag>
                ),
              },
              {
                key: "Raised",
                value: `${formatDate(challenge.raisedAt)} by ${challenge.raisedBy} (${challengeAge(challenge.age, challenge.status === "closed")})`,
              },
              ...(challenge.answer
                ? [{ key: "Agency's answer", value: `${challenge.answer} (${challenge.answeredBy}, ${formatDate(challenge.answeredAt)})` }]
                : []),
              ...challengeEvidenceRows(d.evidence, challenge.id),
              ...(challenge.outcome
                ? [
                    {
                      key: "Outcome",
                      value: `${OUTCOME_LABELS[challenge.outcome]}${challenge.outcomeNote ? `: ${challenge.outcomeNote}` : ""}`,
                    },
                  ]
                : []),
            ]}
          />
          {d.isQa && challenge.status !== "closed" ? (
            <Form method="post" noValidate>
              <input type="hidden" name="challengeId" value={challenge.id} />
              <Radios
                name="outcome"
                idPrefix={`outcome-${challenge.id}`}
                legend="Close this challenge"
                legendSize="s"
                small
                defaultValue={actionData?.intent === "close" && values.challengeId === String(challenge.id) ? values.outcome : undefined}
                error={actionData?.intent === "close" && values.challengeId === String(challenge.id) ? errors?.outcome : undefined}
                items={CHALLENGE_OUTCOMES.map((outcome) => ({ value: outcome, text: OUTCOME_LABELS[outcome] }))}
              />
              <Textarea name="note" id={`note-${challenge.id}`} label="Note (optional)" labelSize="s" rows={2} />
              <Button name="_intent" value="close" variant="secondary">
                Close challenge
              </Button>
            </Form>
          ) : null}
        </div>
      ))}
      {d.canChallenge ? (
        <Form method="post" noValidate>
          <Textarea
            name="question"
            label="Raise a challenge"
            labelSize="s"
            hint="Ask the agency about this standard, for example for evidence behind a rating."
            defaultValue={actionData?.intent === "challenge" ? values.question : undefined}
            error={errors?.question}
          />
          <Button name="_intent" value="challenge" variant="secondary">
            Send challenge to the agency
          </Button>
        </Form>
      ) : null}
    </>
  );
}

/** "today", "1 day ago", "12 days ago"; for a closed challenge how long it was open ("open less than a day"). */
function challengeAge(days: number, closed: boolean): string {
  if (closed) return days === 0 ? "open less than a day" : `${days} ${days === 1 ? "day" : "days"} open`;
  return days === 0 ? "today" : `${days} ${days === 1 ? "day" : "days"} ago`;
}
