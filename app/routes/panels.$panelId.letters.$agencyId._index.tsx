import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { BandLabel } from "~/components/band";
import { BackLink, InsetText, SummaryList, Table, WarningText } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { getFeedbackLetter } from "~/data/panels.server";
import { isAgencyRole } from "~/domain/permissions";
import { notFound, requireId } from "~/utils/params";
import { pageTitle, partnershipName } from "~/utils/partnership";

/**
 * A challenge panel's feedback letter to one agency, ready to print (the print stylesheet hides the
 * service's navigation). The same letter model as the Word download (`buildFeedbackLetter`).
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.view.letter.title ?? "Feedback letter") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const panelId = requireId(params.panelId);
  const view = await getFeedbackLetter(getDb(), viewer, panelId, requireId(params.agencyId), partnershipName());
  if (!view) notFound();
  return {
    view,
    back: isAgencyRole(viewer.role)
      ? { href: "/panels", text: "Back to feedback letters" }
      : { href: `/panels/${panelId}`, text: "Back to the panel" },
  };
}

export default function FeedbackLetterPage() {
  const { view, back } = useLoaderData<typeof loader>();
  const { letter, bands } = view;
  return (
    <>
      <BackLink href={back.href}>{back.text}</BackLink>
      <article className="app-letter">
        <h1 className="govuk-heading-l">{letter.title}</h1>
        {letter.isFinal ? null : <WarningText>{letter.status}</WarningText>}
        <SummaryList
          rows={[
            { key: "From", value: letter.from },
            { key: "To", value: letter.to },
            { key: "Panel", value: letter.session },
          ]}
        />
        <p className="govuk-body app-no-print">
          <a className="govuk-link" href={`/panels/${view.panelId}/letters/${view.agencyId}/letter.docx`} download>
            Download this letter as Word (DOCX)
          </a>
          . To print it or save it as a PDF, use your browser's print command.
        </p>

        <h2 className="govuk-heading-m">The panel</h2>
        <p className="govuk-body">{letter.attendance}</p>
        {letter.outcome ? (
          <>
            <h3 className="govuk-heading-s">Outcome</h3>
            <p className="govuk-body app-answer">{letter.outcome}</p>
          </>
        ) : null}
        {letter.notes ? (
          <>
            <h3 className="govuk-heading-s">Notes</h3>
            <p className="govuk-body app-answer">{letter.notes}</p>
          </>
        ) : null}

        <h2 className="govuk-heading-m">Ratings</h2>
        <p className="govuk-body">
          Overall score: <strong>{letter.overall.score}</strong> ({letter.overall.band}).
        </p>
        <p className="govuk-body">{letter.optimismGapSentence}</p>
        <InsetText>
          The effective rating is the moderated rating where the panel gave one, otherwise the band the scoring rules give. It is the rating
          reported to the board.
        </InsetText>
        <div className="app-table-wrapper" role="region" aria-label="Ratings by standard" tabIndex={0}>
          <Table
            caption="Ratings by standard"
            captionSize="s"
            firstCellIsHeader
            head={[
              { text: "Standard" },
              { text: "Score", format: "numeric" },
              { text: "Computed band" },
              { text: "Self rating" },
              { text: "Moderated rating" },
              { text: "Reason" },
              { text: "Effective rating" },
            ]}
            rows={letter.standards.map((standard) => [
              { text: `${standard.code} ${standard.title}` },
              { text: standard.score, format: "numeric" },
              { text: standard.computedBand },
              { text: standard.selfRating },
              { text: standard.moderatedRating },
              { text: standard.rationale },
              {
                text: standard.effectiveBandCode ? <BandLabel bands={bands} code={standard.effectiveBandCode} /> : standard.effectiveRating,
              },
            ])}
          />
        </div>

        <h2 className="govuk-heading-m">Challenges</h2>
        {letter.challenges.length === 0 ? (
          <p className="govuk-body">The panel raised no challenges.</p>
        ) : (
          <div className="app-table-wrapper" role="region" aria-label="Challenges" tabIndex={0}>
            <Table
              caption="Challenges and their outcomes"
              captionSize="s"
              firstCellIsHeader
              head={[{ text: "Standard" }, { text: "Question" }, { text: "Your answer" }, { text: "Outcome" }]}
              rows={letter.challenges.map((challenge) => [
                { text: challenge.standard },
                { text: challenge.question },
                { text: challenge.answer },
                { text: challenge.outcome },
              ])}
            />
          </div>
        )}

        <h2 className="govuk-heading-m">Agreed actions</h2>
        {letter.actions.length === 0 ? (
          <p className="govuk-body">No actions have been agreed yet.</p>
        ) : (
          <div className="app-table-wrapper" role="region" aria-label="Agreed actions" tabIndex={0}>
            <Table
              caption="Agreed actions"
              captionSize="s"
              firstCellIsHeader
              head={[{ text: "Standard" }, { text: "Action" }, { text: "Owner" }, { text: "Due" }, { text: "Status" }]}
              rows={letter.actions.map((action) => [
                { text: action.standard },
                { text: action.description },
                { text: action.owner },
                { text: action.due },
                { text: action.status },
              ])}
            />
          </div>
        )}
        {letter.actionsAwaitingAgreement > 0 ? (
          <p className="govuk-body">
            {letter.actionsAwaitingAgreement} further {letter.actionsAwaitingAgreement === 1 ? "action awaits" : "actions await"} agreement
            by the QA subgroup.
          </p>
        ) : null}
      </article>
    </>
  );
}
