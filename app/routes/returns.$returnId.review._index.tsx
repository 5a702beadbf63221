import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { BandLabel } from "~/components/band";
import { BackLink, Button, ErrorSummary, InsetText, NotificationBanner, SummaryList, Table, Textarea } from "~/components/govuk";
import { ReturnStatusTag } from "~/components/status";
import { CaseCellText, StaffCellText } from "~/components/assurance-view";
import { getAssuranceReport } from "~/data/reports/assurance.server";
import { getDb } from "~/data/db.server";
import { listChallenges, listModerations, returnForChanges, validateSubmittedReturn } from "~/data/moderation.server";
import { getReturn } from "~/data/returns.server";
import { canModerate, effectiveBand, optimismGap } from "~/domain/moderation";
import { errorSummaryItems, type FieldErrors, formatDate, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";
import { bandLabel } from "~/domain/scoring";

/** The QA subgroup's view of one submitted return: every standard's three ratings, then the decision. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Review: ${data.agencyName}` : "Review") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "admin"]);
  const db = getDb();
  const id = requireId(params.returnId);
  const ret = await getReturn(db, viewer, id);
  if (!ret || !ret.score) notFound();
  const moderations = (await listModerations(db, viewer, id)) ?? [];
  const challenges = (await listChallenges(db, viewer, id)) ?? [];
  const tool = ret.tool.definition;
  // The staff voice beside the ratings (DESIGN §11): the latest practitioner survey of the cycle, withheld where groups are small.
  const assurance = await getAssuranceReport(db, viewer, ret.cycleId);
  const assured = assurance?.sources.practitioner.surveyed
    ? (assurance.agencies.find((row) => row.agency.id === ret.agencyId) ?? null)
    : null;
  // The case audits' agreed grades beside the ratings (DESIGN §12): where a domain mapped to a standard was graded.
  const caseRow = assurance?.sources.caseAudit ? (assurance.agencies.find((row) => row.agency.id === ret.agencyId) ?? null) : null;
  const standards = tool.standards.map((standard) => {
    const scored = ret.score!.standards.find((entry) => entry.code === standard.code);
    const moderated = moderations.find((entry) => entry.standardCode === standard.code && entry.supersededAt === null) ?? null;
    return {
      code: standard.code,
      title: standard.title,
      percent: scored?.percent ?? null,
      band: scored?.band ?? null,
      essentialCap: scored?.essentialCap ?? null,
      selfRating: scored?.selfRating ?? null,
      moderated: moderated?.band ?? null,
      effectiveBand: effectiveBand(scored?.band ?? null, moderated?.band ?? null),
      openChallenges: challenges.filter((challenge) => challenge.standardCode === standard.code && challenge.status !== "closed").length,
      staff: assured?.standards.find((cell) => cell.code === standard.code)?.staff ?? null,
      staffGap: assured?.standards.find((cell) => cell.code === standard.code)?.gaps.includes("staff") ?? false,
      caseAudit: caseRow?.standards.find((cell) => cell.code === standard.code)?.caseAudit ?? null,
      caseGap: caseRow?.standards.find((cell) => cell.code === standard.code)?.gaps.includes("case") ?? false,
    };
  });
  return {
    returnId: ret.id,
    cycleId: ret.cycleId,
    cycleTitle: ret.cycleTitle,
    agencyName: ret.agencyName,
    status: ret.status,
    submittedAt: ret.submittedAt,
    bands: tool.bands,
    overall: {
      percent: ret.score.overallPercent,
      band: ret.score.overallBand,
      capped: ret.score.overallCapped,
      unmetEssentials: ret.score.unmetEssentials?.length ?? 0,
    },
    rulesVersion: ret.score.rulesVersion,
    earlier: ret.earlierScore
      ? { rulesVersion: ret.earlierScore.rulesVersion, percent: ret.earlierScore.overallPercent, band: ret.earlierScore.overallBand }
      : null,
    standards,
    gap: optimismGap(tool.bands, standards),
    surveyed: assured !== null,
    staffHeld: assurance?.sources.practitioner.heldUntilClose === true,
    staffGaps: assured?.staffGaps ?? 0,
    caseGrades: caseRow ? (assurance?.caseGrades ?? []) : null,
    openChallenges: challenges.filter((challenge) => challenge.status !== "closed").length,
    canDecide: canModerate(viewer, ret.status),
  };
}

const ReturnSchema = z.object({
  reason: z.string().trim().min(1, "Enter what the agency needs to change").max(5000, "The reason must be 5,000 characters or fewer"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa"]);
  const id = requireId(params.returnId);
  const form = await readForm(request);
  const intent = form.get("_intent");
  const db = getDb();
  if (intent === "return") {
    const parsed = parseForm(ReturnSchema, { reason: form.get("reason") ?? "" });
    if (!parsed.ok) return data({ errors: parsed.errors as FieldErrors, reason: String(form.get("reason") ?? "") }, { status: 400 });
    const result = await returnForChanges(db, viewer, id, parsed.data.reason);
    if (!result.ok) return data({ errors: { form: result.message } as FieldErrors, reason: parsed.data.reason }, { status: result.status });
    return redirect(`/returns/${id}/review?returned=1`);
  }
  if (intent === "validate") {
    const result = await validateSubmittedReturn(db, viewer, id);
    if (!result.ok) return data({ errors: { form: result.message } as FieldErrors, reason: "" }, { status: result.status });
    return redirect(`/returns/${id}/review?validated=1`);
  }
  return data({ errors: { form: "Choose an action from the page" } as FieldErrors, reason: "" }, { status: 400 });
}

export default function ReviewReturn() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors;
  useErrorTitle(Boolean(errors));
  const { bands } = loaderData;
  const label = (code: string | null) => bandLabel(bands, code, "Not given");
  return (
    <>
      <BackLink href={`/cycles/${loaderData.cycleId}`}>Back to the cycle</BackLink>
      {errors ? <ErrorSummary errors={errorSummaryItems(errors)} /> : null}
      {params.has("returned") && !errors ? (
        <NotificationBanner type="success" heading="Return sent back to the agency for changes" />
      ) : null}
      {params.has("validated") && !errors ? (
        <NotificationBanner type="success" heading="Return validated">
          <p className="govuk-body">
            Every challenge was closed. {moderatedText(loaderData.standards)} The moderated ratings are now locked, and the cycle's reports
            count this return as validated.
          </p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{loaderData.cycleTitle}</span>
      <h1 className="govuk-heading-l">Review: {loaderData.agencyName}</h1>
      <SummaryList
        rows={[
          { key: "Status", value: <ReturnStatusTag status={loaderData.status} /> },
          { key: "Submitted", value: formatDate(loaderData.submittedAt) },
          {
            key: "Overall (computed)",
            value: (
              <BandLabel
                bands={bands}
                code={loaderData.overall.band}
                percent={loaderData.overall.percent}
                showPercent
                cap={loaderData.overall.capped}
                unmetEssentials={loaderData.overall.unmetEssentials}
              />
            ),
          },
          ...(loaderData.earlier
            ? [
                {
                  key: `Before re-scoring (rules version ${loaderData.earlier.rulesVersion})`,
                  value: (
                    <>
                      <BandLabel bands={bands} code={loaderData.earlier.band} percent={loaderData.earlier.percent} showPercent />
                      <span className="govuk-body-s app-band-note">
                        Re-scored under rules version {loaderData.rulesVersion}; the earlier figure is kept for comparison.
                      </span>
                    </>
                  ),
                },
              ]
            : []),
          {
            key: "Optimism gap",
            value: `${loaderData.gap} ${loaderData.gap === 1 ? "standard" : "standards"} rated by the agency above the effective rating`,
          },
          ...(loaderData.surveyed
            ? [
                {
                  key: "Staff-evidence gaps",
                  value: loaderData.staffHeld
                    ? "The practitioner survey is still open: they show once it closes"
                    : `${loaderData.staffGaps} ${loaderData.staffGaps === 1 ? "standard" : "standards"} rated by the agency above what its staff say`,
                },
              ]
            : []),
          ...(loaderData.caseGrades
            ? [
                {
                  key: "Case-evidence gaps",
                  value: `${loaderData.standards.filter((standard) => standard.caseGap).length} standards rated in the top band where a case audit agreed Requires improvement or worse`,
                },
              ]
            : []),
          { key: "Open challenges", value: String(loaderData.openChallenges) },
          {
            key: "Full return",
            value: (
              <a className="govuk-link" href={`/returns/${loaderData.returnId}`}>
                Read every answer
              </a>
            ),
          },
          {
            key: "History",
            value: (
              <a className="govuk-link" href={`/returns/${loaderData.returnId}/history`}>
                Every change to this return
              </a>
            ),
          },
        ]}
      />
      <h2 className="govuk-heading-m">Standards</h2>
      <p className="govuk-body">
        The moderated rating sits beside the computed band and the agency's self rating; none replaces another. Reports use the effective
        rating: moderated where there is one, otherwise computed.
      </p>
      <div className="app-table-wrapper" role="region" aria-label="Ratings by standard" tabIndex={0}>
        <Table
          caption="Ratings by standard"
          captionSize="s"
          firstCellIsHeader
          head={[
            { text: "Standard" },
            { text: "Computed" },
            { text: "Self rating" },
            { text: "Moderated" },
            ...(loaderData.surveyed ? [{ text: "Staff % (n)" }] : []),
            ...(loaderData.caseGrades ? [{ text: "Case audit (cases)" }] : []),
            { text: "Open challenges", format: "numeric" as const },
          ]}
          rows={loaderData.standards.map((standard) => [
            {
              text: (
                <a
                  className="govuk-link"
                  href={`/returns/${loaderData.returnId}/review/${encodeURIComponent(standard.code)}`}
                >{`${standard.code} ${standard.title}`}</a>
              ),
            },
            { text: <BandLabel bands={bands} code={standard.band} percent={standard.percent} showPercent cap={standard.essentialCap} /> },
            { text: label(standard.selfRating) },
            { text: standard.moderated ? <BandLabel bands={bands} code={standard.moderated} /> : "Not moderated" },
            ...(loaderData.surveyed
              ? [{ text: <StaffCellText bands={bands} staff={standard.staff} gap={standard.staffGap} held={loaderData.staffHeld} /> }]
              : []),
            ...(loaderData.caseGrades
              ? [{ text: <CaseCellText grades={loaderData.caseGrades} cell={standard.caseAudit} gap={standard.caseGap} /> }]
              : []),
            { text: String(standard.openChallenges), format: "numeric" as const },
          ])}
        />
      </div>
      {loaderData.canDecide ? (
        <>
          <h2 className="govuk-heading-m">Decision</h2>
          <Form method="post" noValidate>
            <Textarea
              name="reason"
              label="Return to the agency for changes"
              labelSize="s"
              hint="Say what needs to change. The agency keeps its answers and can resubmit."
              defaultValue={actionData?.reason}
              error={errors?.reason}
            />
            <Button name="_intent" value="return" variant="secondary">
              Return for changes
            </Button>
          </Form>
          {params.get("confirm") === "validate" ? (
            <ValidateConfirmation
              returnId={loaderData.returnId}
              agencyName={loaderData.agencyName}
              openChallenges={loaderData.openChallenges}
              standards={loaderData.standards}
            />
          ) : (
            <>
              <p className="govuk-body">Validating accepts the return and locks its moderated ratings. Close every challenge first.</p>
              {/* A link, not a post: validating cannot be undone, so it is confirmed on the next step first. */}
              <Button href={`/returns/${loaderData.returnId}/review?confirm=validate#validate`}>Validate return</Button>
            </>
          )}
        </>
      ) : (
        <InsetText>
          {loaderData.status === "validated"
            ? "This return is validated: its moderated ratings are locked."
            : loaderData.status === "returned"
              ? "This return is back with the agency for changes."
              : "Only QA subgroup members can moderate and decide."}
        </InsetText>
      )}
    </>
  );
}

/** "1 of 17 standards has a moderated rating; the others keep their computed band." */
function moderatedText(standards: { moderated: string | null }[]): string {
  const moderated = standards.filter((standard) => standard.moderated).length;
  if (moderated === 0) return "No standard has a moderated rating, so every standard keeps its computed band.";
  return `${moderated} of ${standards.length} ${standards.length === 1 ? "standard" : "standards"} ${moderated === 1 ? "has" : "have"} a moderated rating${moderated < standards.length ? "; the others keep their computed band" : ""}.`;
}

/**
 * The step before validating: what will be checked and what validating does, with the one button
 * that does it. Validating cannot be undone, so it is never a single click from the review page.
 */
function ValidateConfirmation({
  returnId,
  agencyName,
  openChallenges,
  standards,
}: {
  returnId: number;
  agencyName: string;
  openChallenges: number;
  standards: { moderated: string | null }[];
}) {
  return (
    <section id="validate" aria-labelledby="validate-heading" className="govuk-!-margin-top-6">
      <h3 className="govuk-heading-m" id="validate-heading">
        Validate {agencyName}'s return?
      </h3>
      <ul className="govuk-list govuk-list--bullet">
        <li>
          {openChallenges === 0
            ? "Every challenge is closed."
            : `${openChallenges} ${openChallenges === 1 ? "challenge is" : "challenges are"} still open: close ${openChallenges === 1 ? "it" : "them"} first.`}
        </li>
        <li>{moderatedText(standards)}</li>
        <li>Once validated, the moderated ratings are locked and the agency can no longer change its answers. This cannot be undone.</li>
      </ul>
      {openChallenges === 0 ? (
        <Form method="post">
          <div className="govuk-button-group">
            <Button name="_intent" value="validate" variant="warning">
              Yes, validate the return
            </Button>
            <a className="govuk-link" href={`/returns/${returnId}/review`}>
              Cancel
            </a>
          </div>
        </Form>
      ) : (
        <p className="govuk-body">
          <a className="govuk-link" href={`/returns/${returnId}/review`}>
            Back to the review
          </a>
        </p>
      )}
    </section>
  );
}
