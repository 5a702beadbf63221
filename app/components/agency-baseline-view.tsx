import { SECTOR_LABELS } from "~/domain/agency";
import { ActionProgressTag } from "./status";
import { formatDate } from "~/domain/dates";
import type { AgencyBaselineView } from "~/domain/reports/baseline-page";
import { formatPercent } from "~/domain/scoring";
import type { ActionSummary } from "~/data/actions.server";
import { BandLabel } from "./band";
import { formatSpread as spreadText } from "~/domain/reports/spread";
import { EffectiveBand } from "./baseline-view";
import { Chart } from "./chart";
import { SummaryList, Table } from "./govuk";
import { returnStatusText } from "./status";

/** GOV.UK's blue, dark grey and light grey: the agency stands out; the medians recede. */
const AGENCY_COLOUR = "#1d70b8";
const PARTNERSHIP_COLOUR = "#505a5f";
const SECTOR_COLOUR = "#b1b4b6";

function median(entry: { n: number; median: number | null } | null): string {
  return entry === null ? "Not shown" : entry.median === null ? "No scores (n = 0)" : `${formatPercent(entry.median)} (n = ${entry.n})`;
}

/** One agency in the baseline: laid out from its view model; no arithmetic here (STYLE.md). */
export function AgencyBaseline({ view, actions }: { view: AgencyBaselineView; actions: ActionSummary[] }) {
  const { row, bands } = view;
  const sectorLabel = row.agency.sectorSuppressed ? "its sector" : SECTOR_LABELS[row.agency.sector];
  return (
    <>
      <SummaryList
        rows={[
          { key: "Sector", value: row.agency.sectorSuppressed ? "Not shown (small group)" : SECTOR_LABELS[row.agency.sector] },
          { key: "Return", value: returnStatusText(row.status) },
          {
            key: "Overall",
            value: (
              <BandLabel
                bands={bands}
                code={row.overall.band}
                percent={row.overall.percent}
                showPercent
                cap={row.overall.capped}
                unmetEssentials={row.overall.unmetEssentials.length}
              />
            ),
          },
          { key: "Partnership median overall", value: spreadText(view.overallSpread) },
          {
            key: "Optimism gap",
            value: `${row.optimismGap} of ${row.selfRated} standards rated by the agency were rated above their effective rating`,
          },
        ]}
      />

      <h2 className="govuk-heading-m">Standards against the partnership and sector</h2>
      <p className="govuk-body">
        The agency's computed score for each standard beside the median of the{" "}
        {view.agencyCount === 1 ? "1 agency" : `${view.agencyCount} agencies`} whose returns you can see (the partnership) and of the
        agencies in {row.agency.sectorSuppressed ? "its sector" : `the ${sectorLabel.toLowerCase()} sector`}. n is the number of agencies
        with a score. The rating is the effective rating: moderated where the QA subgroup moderated it, otherwise computed.
      </p>
      <Chart
        height={Math.max(280, 44 * view.standards.length + 80)}
        summary={`Bar chart of ${row.agency.name}'s score for each standard beside the partnership median and the ${sectorLabel} median. ${view.standards
          .map(
            (entry) =>
              `${entry.code}: ${formatPercent(entry.cell.percent, bands)}, partnership ${formatPercent(entry.partnership.median)}, sector ${entry.sector ? formatPercent(entry.sector.median) : "not shown"}`,
          )
          .join("; ")}. The same numbers are in the table below.`}
        spec={{
          labels: view.standards.map((entry) => entry.code),
          series: [
            { label: row.agency.name, colour: AGENCY_COLOUR, values: view.standards.map((entry) => entry.cell.percent) },
            { label: "Partnership median", colour: PARTNERSHIP_COLOUR, values: view.standards.map((entry) => entry.partnership.median) },
            {
              label: `${row.agency.sectorSuppressed ? "Sector" : SECTOR_LABELS[row.agency.sector]} median`,
              colour: SECTOR_COLOUR,
              values: view.standards.map((entry) => entry.sector?.median ?? null),
            },
          ],
          horizontal: true,
          valueLabel: "Score (%)",
          max: 100,
        }}
      />
      <div className="app-table-wrapper" role="region" aria-label="Standards against the partnership and sector" tabIndex={0}>
        <Table
          caption={`${row.agency.name}: standards against the partnership and sector medians`}
          captionSize="s"
          firstCellIsHeader
          head={[
            { text: "Standard" },
            { text: "Score", format: "numeric" },
            { text: "Effective rating" },
            { text: "Self rating" },
            { text: "Partnership median", format: "numeric" },
            { text: "Sector median", format: "numeric" },
            { text: "Questions counted, N/A, not answered" },
          ]}
          rows={view.standards.map((entry) => [
            { text: `${entry.code} ${entry.title}` },
            { text: formatPercent(entry.cell.percent, bands), format: "numeric" },
            { text: <EffectiveBand bands={bands} cell={entry.cell} /> },
            { text: <BandLabel bands={bands} code={entry.cell.selfRating} /> },
            { text: median(entry.partnership), format: "numeric", className: "app-nowrap" },
            { text: median(entry.sector), format: "numeric", className: "app-nowrap" },
            {
              text: entry.cell.items
                ? `${entry.cell.items.included}, ${entry.cell.items.notApplicable}, ${entry.cell.items.unanswered}`
                : "Not recorded",
            },
          ])}
        />
      </div>

      {view.dimensions.length > 0 ? (
        <div className="app-table-wrapper" role="region" aria-label="Dimensions" tabIndex={0}>
          <Table
            caption="Dimensions"
            captionSize="s"
            firstCellIsHeader
            head={[
              { text: "Dimension" },
              { text: "Score", format: "numeric" },
              { text: "Rating" },
              { text: "Partnership median", format: "numeric" },
            ]}
            rows={view.dimensions.map((entry) => [
              { text: entry.title },
              { text: formatPercent(entry.percent, bands), format: "numeric" },
              { text: <BandLabel bands={bands} code={entry.band} /> },
              { text: median(entry.partnership), format: "numeric" },
            ])}
          />
        </div>
      ) : null}

      <h2 className="govuk-heading-m">Actions</h2>
      {actions.length === 0 ? (
        <p className="govuk-body">No actions have been recorded for this return yet.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Actions" tabIndex={0}>
          <Table
            caption={`Actions agreed for this return (${actions.length})`}
            captionSize="s"
            firstCellIsHeader
            head={[{ text: "Standard" }, { text: "Action" }, { text: "Owner" }, { text: "Due" }, { text: "Progress" }]}
            rows={actions.map((action) => [
              { text: action.standardCode },
              {
                text: (
                  <a className="govuk-link" href={`/actions/${action.id}`}>
                    {action.description}
                  </a>
                ),
              },
              { text: action.owner },
              { text: formatDate(action.dueOn) },
              { text: <ActionProgressTag progress={action.progress} overdue={action.overdue} /> },
            ])}
          />
        </div>
      )}
    </>
  );
}
