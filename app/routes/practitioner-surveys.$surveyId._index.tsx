import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { StaffResultsNote, StaffResultsTable } from "~/components/staff-results";
import { BackLink, Button, ErrorSummary, InsetText, NotificationBanner, SummaryList, Table, WarningText } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { closePractitionerSurvey, getSurvey, getSurveyResults, listSurveyLinks } from "~/data/practitioner.server";
import { formatDate, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle, publicBase } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * One practitioner survey. QA and the business office see every agency's link and response count and the
 * results, withheld where groups are small, and can close it. An agency lead sees their agency's one link to
 * share (and a poster), how many have answered, and their own results once past the minimum group size.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Practitioner survey: ${data.survey.cycleTitle}` : "Practitioner survey") },
];

const STATE_TEXT = { open: "Open", not_yet: "Not open yet", closed: "Closed" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "admin", "agency_lead"]);
  const db = getDb();
  const id = requireId(params.surveyId);
  const survey = await getSurvey(db, viewer, id);
  if (!survey) notFound();
  const base = publicBase(request);
  const links = (await listSurveyLinks(db, viewer, id)).map((link) => ({ ...link, url: `${base}/p/${link.token}` }));
  const results = await getSurveyResults(db, viewer, id);
  return {
    survey,
    links,
    results,
    lead: viewer.role === "agency_lead",
    canClose: viewer.role !== "agency_lead" && survey.state !== "closed",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "admin"]);
  const id = requireId(params.surveyId);
  const form = await readForm(request);
  const intent = form.get("_intent");
  if (intent !== "close" && intent !== "confirm-close") return data({ error: "Choose an action from the page" }, { status: 400 });
  if (intent === "confirm-close") {
    // Closing cannot be undone and ends the survey for every agency at once: asked again, on a page of its own.
    const survey = await getSurvey(getDb(), viewer, id);
    if (!survey) notFound();
    if (survey.state === "closed") return data({ error: "This survey is already closed" }, { status: 409 });
    return { confirmClose: true as const };
  }
  const result = await closePractitionerSurvey(getDb(), viewer, id);
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ error: result.message }, { status: result.status });
  }
  return redirect(`/practitioner-surveys/${id}?closed=1`);
}

/** Why no figure shows while the survey runs (DESIGN §11: no figure may give away a smaller group's answers). */
function HeldUntilClose({ closesOn, minGroup }: { closesOn: string; minGroup: number }) {
  return (
    <InsetText>
      Results are shown once the survey has closed (it closes at the end of {formatDate(closesOn)}), for every group where at least{" "}
      {minGroup} people answered. While it is open, figures that changed with each answer would let someone who knows who has just answered
      work out that person's answers, so none are shown.
    </InsetText>
  );
}

export default function PractitionerSurveyPage() {
  const { survey, links, results, lead, canClose } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { error?: string; confirmClose?: true } | undefined;
  const [params] = useSearchParams();
  useErrorTitle(Boolean(actionData?.error));
  if (actionData?.confirmClose && canClose) {
    return (
      <>
        <BackLink href={`/practitioner-surveys/${survey.id}`}>Back to the survey</BackLink>
        <span className="govuk-caption-l">{survey.cycleTitle}</span>
        <h1 className="govuk-heading-l">Close the practitioner survey now?</h1>
        <WarningText>
          Every agency's link stops taking answers at once, and the survey cannot be opened again. Its results then show.
        </WarningText>
        <p className="govuk-body">
          It closes by itself at the end of {formatDate(survey.closesOn)}. {survey.responses}{" "}
          {survey.responses === 1 ? "person has" : "people have"} answered so far.
        </p>
        <Form method="post" className="govuk-button-group">
          <Button name="_intent" value="close" variant="warning">
            Yes, close the survey
          </Button>
          <a className="govuk-link" href={`/practitioner-surveys/${survey.id}`}>
            Cancel
          </a>
        </Form>
      </>
    );
  }
  const summary = (
    <SummaryList
      rows={[
        { key: "Survey", value: `${survey.tool.title} (version ${survey.tool.version})` },
        { key: "Opens", value: formatDate(survey.opensOn) },
        { key: "Closes", value: formatDate(survey.closesOn) },
        { key: "State", value: STATE_TEXT[survey.state] },
        ...(lead
          ? []
          : [
              { key: "Responses", value: String(survey.responses) },
              { key: "Minimum group size", value: String(results?.minGroup ?? "") },
            ]),
      ]}
    />
  );
  if (lead) {
    const own = links[0];
    const ownResults = results?.agencies[0];
    return (
      <>
        <BackLink href={`/cycles/${survey.cycleId}`}>Back to the cycle</BackLink>
        <span className="govuk-caption-l">{survey.cycleTitle}</span>
        <h1 className="govuk-heading-l">Practitioner survey</h1>
        {summary}
        {own ? (
          <>
            <h2 className="govuk-heading-m">Your agency's link</h2>
            <p className="govuk-body">
              Share this one link with your staff, by email, on your intranet or on the poster. Everyone in {own.agencyName} uses the same
              link; there are no personal links, so nobody's answers can be traced back to them.
            </p>
            <p className="govuk-body app-break-anywhere">
              <a className="govuk-link" href={own.url}>
                {own.url}
              </a>
            </p>
            <p className="govuk-body">
              <a className="govuk-link" href={`/practitioner-surveys/${survey.id}/poster`}>
                Print a poster with a QR code
              </a>
            </p>
            <h2 className="govuk-heading-m">Responses so far</h2>
            <p className="govuk-body">
              <span className="govuk-!-font-size-36 govuk-!-font-weight-bold">{own.responses}</span>{" "}
              {own.responses === 1 ? "person has" : "people have"} answered.
            </p>
            <h2 className="govuk-heading-m">Your results</h2>
            {results?.heldUntilClose ? (
              <HeldUntilClose closesOn={survey.closesOn} minGroup={results.minGroup} />
            ) : results && ownResults && !ownResults.total.suppressed ? (
              <>
                <StaffResultsTable results={results} caption={`Staff % by standard, ${own.agencyName}`} showGroups={false} />
                <StaffResultsNote minGroup={results.minGroup} />
              </>
            ) : (
              <InsetText>
                Your results are shown once at least {results?.minGroup ?? 10} people have answered, and only where showing them cannot
                reveal a smaller group's answers by subtraction from the partnership's totals. This protects your staff's anonymity.
              </InsetText>
            )}
          </>
        ) : null}
      </>
    );
  }
  return (
    <>
      <BackLink href={`/cycles/${survey.cycleId}/practitioner`}>Back to the cycle's practitioner surveys</BackLink>
      {actionData?.error ? <ErrorSummary errors={[{ text: actionData.error }]} /> : null}
      {params.has("opened") ? (
        <NotificationBanner type="success" heading="Practitioner survey opened: each agency lead can now share their link" />
      ) : null}
      {params.has("closed") ? <NotificationBanner type="success" heading="Practitioner survey closed" /> : null}
      <span className="govuk-caption-l">{survey.cycleTitle}</span>
      <h1 className="govuk-heading-l">Practitioner survey</h1>
      {summary}
      {canClose ? (
        <Form method="post" className="app-no-print">
          <p className="govuk-body">Closing the survey stops its links taking answers and shows its results. It cannot be opened again.</p>
          <Button name="_intent" value="confirm-close" variant="warning">
            Close the survey
          </Button>
        </Form>
      ) : null}
      <h2 className="govuk-heading-m">Results</h2>
      {results?.heldUntilClose ? (
        <HeldUntilClose closesOn={survey.closesOn} minGroup={results.minGroup} />
      ) : results ? (
        <>
          <StaffResultsTable results={results} caption="Staff % by agency and standard, against the partnership" />
          <StaffResultsNote minGroup={results.minGroup} />
        </>
      ) : null}
      <h2 className="govuk-heading-m">Agency links</h2>
      <p className="govuk-body">Each agency lead sees their own link on this page and shares it with their staff.</p>
      <div className="app-table-wrapper" role="region" aria-label="Agency links" tabIndex={0}>
        <Table
          caption="Links and responses by agency"
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Agency" }, { text: "Link" }, { text: "Responses", format: "numeric" }]}
          rows={links.map((link) => [
            { text: link.agencyName },
            { text: <span className="app-break-anywhere">{link.url}</span> },
            { text: String(link.responses), format: "numeric" },
          ])}
        />
      </div>
    </>
  );
}
