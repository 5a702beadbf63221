import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, NotificationBanner, SummaryList, Table } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { getIndicator, listObservations } from "~/data/scorecard.server";
import { canEnterObservation } from "~/domain/permissions";
import { FREQUENCY_LABELS, formatValue, POLARITY_LABELS, QUADRANT_LABELS, ragFor, THEME_LABELS, UNIT_LABELS } from "~/domain/scorecard";
import { oneDecimal } from "~/domain/scoring";
import { formatDateTime } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { RagTag } from "~/components/scorecard-view";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.indicator.code}: ${data.indicator.title}` : "Indicator") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  const db = getDb();
  const id = requireId(params.indicatorId);
  const indicator = await getIndicator(db, viewer, id);
  if (!indicator) notFound();
  const observations = (await listObservations(db, viewer, id)) ?? [];
  return {
    indicator,
    observations,
    canDefine: viewer.role === "admin",
    canEnter: canEnterObservation(viewer, indicator.owner?.id ?? null),
  };
}

const SAVED: Record<string, string> = {
  created: "Indicator saved",
  updated: "Changes saved",
  version: "Definition changed: a new version starts, and the scorecard shows a break in the series",
  observation: "Figures saved",
};

export default function IndicatorPage() {
  const { indicator, observations, canDefine, canEnter } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const saved = SAVED[params.get("saved") ?? ""];
  const rule = {
    polarity: indicator.polarity,
    target: indicator.target,
    greenTolerance: indicator.greenTolerance,
    amberTolerance: indicator.amberTolerance,
  };
  const tolerance =
    indicator.target === null
      ? "No target: no RAG"
      : `Green within ${oneDecimal(indicator.greenTolerance ?? 0)}, amber within ${oneDecimal(indicator.amberTolerance ?? 0)} of the target`;
  return (
    <>
      <BackLink href="/indicators">Back to indicators</BackLink>
      {saved ? <NotificationBanner type="success" heading={saved} /> : null}
      <span className="govuk-caption-l">{indicator.code}</span>
      <h1 className="govuk-heading-l">{indicator.title}</h1>
      {canEnter ? (
        <a className="govuk-button" href={`/indicators/${indicator.id}/observations/new`} role="button" draggable="false">
          Enter a period's figures
        </a>
      ) : null}
      <SummaryList
        rows={[
          {
            key: "Definition",
            value: `${indicator.definition} (version ${indicator.currentVersion})`,
            actions: canDefine
              ? [{ href: `/indicators/${indicator.id}/edit`, text: "Change", visuallyHiddenText: "the indicator" }]
              : undefined,
          },
          { key: "Unit", value: UNIT_LABELS[indicator.unit] },
          { key: "Which way is better", value: POLARITY_LABELS[indicator.polarity] },
          { key: "Target", value: indicator.target === null ? "None" : formatValue(indicator.target, indicator.unit) },
          { key: "RAG tolerances", value: tolerance },
          { key: "Frequency", value: FREQUENCY_LABELS[indicator.frequency] },
          { key: "Quadrant", value: QUADRANT_LABELS[indicator.quadrant] },
          { key: "Theme", value: THEME_LABELS[indicator.theme] },
          { key: "Owner", value: indicator.owner?.name ?? "The partnership" },
          { key: "Linked standards", value: indicator.linkedStandards.length > 0 ? indicator.linkedStandards.join(", ") : "None" },
        ]}
      />
      {indicator.versions.length > 1 ? (
        <>
          <h2 className="govuk-heading-m">Earlier definitions</h2>
          <ul className="govuk-list govuk-list--bullet">
            {indicator.versions
              .filter((version) => version.version !== indicator.currentVersion)
              .map((version) => (
                <li key={version.version}>
                  Version {version.version} (from {formatDateTime(version.createdAt)}): {version.definition}
                </li>
              ))}
          </ul>
        </>
      ) : null}
      <h2 className="govuk-heading-m">Observations</h2>
      {observations.length === 0 ? (
        <p className="govuk-body">No figures have been entered yet.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Observations" tabIndex={0}>
          <Table
            firstCellIsHeader
            head={[
              { text: "Period" },
              { text: "Value", format: "numeric" },
              { text: "RAG" },
              { text: "Version", format: "numeric" },
              { text: "Commentary" },
              { text: "Entered" },
            ]}
            rows={observations.map((observation) => [
              { text: observation.provisional ? `${observation.period} (provisional)` : observation.period },
              {
                text: `${formatValue(observation.value, indicator.unit)}${observation.denominator !== null ? ` (${oneDecimal(observation.numerator ?? 0)} of ${oneDecimal(observation.denominator)})` : ""}`,
                format: "numeric",
              },
              { text: <RagTag rag={ragFor(observation.value, rule)} /> },
              { text: String(observation.version), format: "numeric" },
              { text: observation.commentary || "–" },
              {
                text: `${formatDateTime(observation.enteredAt)} (${observation.source === "form" ? "form" : observation.source === "api" ? "API" : "import"})`,
              },
            ])}
          />
        </div>
      )}
    </>
  );
}
