import {
  DIRECTION_LABELS,
  formatValue,
  POLARITY_LABELS,
  QUADRANT_LABELS,
  RAG_LABELS,
  THEME_LABELS,
  UNIT_LABELS,
  type Rag,
} from "~/domain/scorecard";
import { oneDecimal } from "~/domain/scoring";
import type { ScorecardIndicator, ScorecardReport } from "~/domain/reports/scorecard";
import { InsetText, Table, Tag } from "./govuk";
import { LineChart, type LineSeries } from "./line-chart";

const RAG_COLOURS: Record<Rag, "green" | "yellow" | "red"> = { green: "green", amber: "yellow", red: "red" };

/** A RAG rating as a tag whose words say it (never colour alone). */
export function RagTag({ rag }: { rag: Rag | null }) {
  if (!rag) return <>No target</>;
  return <Tag colour={RAG_COLOURS[rag]}>{RAG_LABELS[rag]}</Tag>;
}

/**
 * The chart's lines: one per definition version, so a changed definition leaves a visible gap instead of
 * joining two different measures, and the target as its own line.
 */
function chartSeries(indicator: ScorecardIndicator): LineSeries[] {
  const versions = [...new Set(indicator.points.map((point) => point.version))];
  const series: LineSeries[] = versions.map((version) => ({
    label: versions.length > 1 ? `Value (definition version ${version})` : "Value",
    values: indicator.points.map((point) => (point.version === version ? point.value : null)),
  }));
  if (indicator.target !== null) series.push({ label: "Target", values: indicator.points.map(() => indicator.target) });
  return series;
}

function IndicatorSection({ indicator, index }: { indicator: ScorecardIndicator; index: number }) {
  const headingId = `indicator-${index}`;
  return (
    <section aria-labelledby={headingId} className="govuk-!-margin-bottom-9">
      <h2 className="govuk-heading-m" id={headingId}>
        {indicator.code}: {indicator.title}
      </h2>
      <p className="govuk-body">
        {indicator.definition}{" "}
        <span className="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">Definition version {indicator.version}</span>
      </p>
      <dl className="govuk-summary-list govuk-summary-list--no-border">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Latest</dt>
          <dd className="govuk-summary-list__value">
            {indicator.latest ? (
              <>
                {formatValue(indicator.latest.value, indicator.unit)} in {indicator.latest.period} <RagTag rag={indicator.latest.rag} />
              </>
            ) : (
              "No figures yet"
            )}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Direction of travel</dt>
          <dd className="govuk-summary-list__value">{DIRECTION_LABELS[indicator.direction]}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Target</dt>
          <dd className="govuk-summary-list__value">
            {indicator.target === null
              ? "None"
              : `${formatValue(indicator.target, indicator.unit)} (${POLARITY_LABELS[indicator.polarity].toLowerCase()}; green within ${oneDecimal(indicator.greenTolerance ?? 0)}, amber within ${oneDecimal(indicator.amberTolerance ?? 0)})`}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Owner, theme and quadrant</dt>
          <dd className="govuk-summary-list__value">
            {indicator.owner?.name ?? "The partnership"}; {THEME_LABELS[indicator.theme]}; {QUADRANT_LABELS[indicator.quadrant]}
          </dd>
        </div>
      </dl>
      {indicator.breaks.map((entry) => (
        <InsetText key={entry.period}>
          <strong>Break in the series at {entry.period}:</strong> the definition changed (version {entry.fromVersion} to {entry.toVersion})
          to “{entry.definition}”. Figures before and after it are not comparable.
        </InsetText>
      ))}
      {indicator.points.length > 0 ? (
        <>
          <LineChart
            labels={indicator.points.map((point) => point.period)}
            series={chartSeries(indicator)}
            label={`Line chart of ${indicator.code} by period${indicator.target !== null ? ", with the target" : ""}`}
            yTitle={UNIT_LABELS[indicator.unit]}
            percentScale={indicator.unit === "percent"}
          />
          <div className="app-table-wrapper" role="region" aria-label={`${indicator.code} by period`} tabIndex={0}>
            <Table
              caption={`${indicator.code} by period`}
              captionSize="s"
              firstCellIsHeader
              head={[
                { text: "Period" },
                { text: "Value", format: "numeric" },
                { text: "Target", format: "numeric" },
                { text: "RAG" },
                { text: "Commentary" },
              ]}
              rows={indicator.points.map((point) => [
                {
                  text: (
                    <>
                      {point.period}
                      {point.breakBefore ? (
                        <span className="govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">
                          Break: definition version {point.version}
                        </span>
                      ) : null}
                      {point.provisional ? (
                        <span className="govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">Provisional</span>
                      ) : null}
                    </>
                  ),
                },
                {
                  text: `${formatValue(point.value, indicator.unit)}${point.denominator !== null ? ` (${oneDecimal(point.numerator ?? 0)} of ${oneDecimal(point.denominator)})` : ""}`,
                  format: "numeric",
                },
                { text: point.target === null ? "–" : formatValue(point.target, indicator.unit), format: "numeric" },
                { text: <RagTag rag={point.rag} /> },
                { text: point.commentary || "–" },
              ])}
            />
          </div>
        </>
      ) : (
        <p className="govuk-body">No figures have been entered for the periods shown.</p>
      )}
    </section>
  );
}

/** The scorecard as the page and the board read it: one section per indicator, each chart with its table. */
export function ScorecardView({ report }: { report: ScorecardReport }) {
  return (
    <>
      <p className="govuk-body">
        {report.summary.indicators} {report.summary.indicators === 1 ? "indicator" : "indicators"}: latest figure green{" "}
        {report.summary.green}, amber {report.summary.amber}, red {report.summary.red}, no RAG {report.summary.noRag}.
        {report.from || report.to ? ` Periods ${report.from ?? "from the start"} to ${report.to ?? "the latest"}.` : ""}
      </p>
      {report.indicators.length === 0 ? <p className="govuk-body">No indicators match.</p> : null}
      {report.indicators.map((indicator, index) => (
        <IndicatorSection key={indicator.code} indicator={indicator} index={index} />
      ))}
    </>
  );
}
