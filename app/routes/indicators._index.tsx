import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Table } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { listIndicators } from "~/data/scorecard.server";
import { FREQUENCY_LABELS, THEME_LABELS } from "~/domain/scorecard";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Indicators") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  return {
    indicators: await listIndicators(getDb(), viewer),
    canDefine: viewer.role === "admin",
    partnershipRole: viewer.role === "admin" || viewer.role === "qa",
  };
}

/** The scorecard's indicators: every one for the business office and QA, the agency's own for its people. */
export default function Indicators() {
  const { indicators, canDefine, partnershipRole } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">{partnershipRole ? "Indicators" : "Your agency's indicators"}</h1>
      <p className="govuk-body">
        {partnershipRole
          ? "The performance measures on the partnership's scorecard, with who reports each and how often."
          : "The performance measures your agency reports to the partnership's scorecard. Open one to enter a period's figures."}
        {partnershipRole ? (
          <>
            {" "}
            <a className="govuk-link" href="/scorecard">
              Read the scorecard
            </a>
            .
          </>
        ) : null}
      </p>
      {canDefine ? (
        <a className="govuk-button" href="/indicators/new" role="button" draggable="false">
          Define an indicator
        </a>
      ) : null}
      {indicators.length === 0 ? (
        <p className="govuk-body">
          {partnershipRole ? "No indicators have been defined yet." : "Your agency reports no indicators to the scorecard."}
        </p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Indicators" tabIndex={0}>
          <Table
            firstCellIsHeader
            head={[
              { text: "Indicator" },
              { text: "Theme" },
              { text: "Owner" },
              { text: "Frequency" },
              { text: "Version", format: "numeric" },
            ]}
            rows={indicators.map((indicator) => [
              {
                text: (
                  <a className="govuk-link" href={`/indicators/${indicator.id}`}>
                    {indicator.code}: {indicator.title}
                  </a>
                ),
              },
              { text: THEME_LABELS[indicator.theme] },
              { text: indicator.owner?.name ?? "The partnership" },
              { text: FREQUENCY_LABELS[indicator.frequency] },
              { text: String(indicator.currentVersion), format: "numeric" },
            ])}
          />
        </div>
      )}
    </>
  );
}
