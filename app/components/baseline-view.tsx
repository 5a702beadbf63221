import { Form } from "@remix-run/react";
import { SECTOR_LABELS } from "~/domain/agency";
import type { BaselineStandardCell } from "~/domain/reports/baseline";
import type { BaselinePageView, HeatMapRow } from "~/domain/reports/baseline-page";
import { formatSpread as spreadText, type Spread } from "~/domain/reports/spread";
import { bandLabel, formatPercent } from "~/domain/scoring";
import type { Band } from "~/domain/tool-schema";
import { BandLabel } from "./band";
import { Chart } from "./chart";
import { Button, Details, Pagination, Select, SummaryList, Table, type TableCell } from "./govuk";
import { returnStatusText } from "./status";

/** The same report as files (reports/baseline-export.ts); plain links, since each answer is a download, not a page. */
const DOWNLOADS = [
  { format: "xlsx", text: "Excel spreadsheet (XLSX), every view on its own sheet" },
  { format: "docx", text: "Word board pack (DOCX)" },
  { format: "csv", text: "CSV, one row per agency and standard" },
  { format: "json", text: "JSON, the whole report model for BI tools" },
];

function Downloads({ exportBase }: { exportBase: string }) {
  return (
    <div className="app-no-print app-downloads">
      <h2 className="govuk-heading-s govuk-!-margin-bottom-1">Download</h2>
      <ul className="govuk-list">
        {DOWNLOADS.map((entry) => (
          <li key={entry.format}>
            <a className="govuk-link" href={`${exportBase}?format=${entry.format}`} download>
              {entry.text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

const SPREAD_HEAD = [
  { text: "Median", format: "numeric" as const },
  { text: "Middle half", format: "numeric" as const },
  { text: "n scored", format: "numeric" as const },
];

/** Median, middle half (lower to upper quartile) and n as three cells, each as the model gives it. */
function spreadCells(spread: Spread): TableCell[] {
  return [
    { text: formatPercent(spread.median), format: "numeric" },
    {
      text: spread.median === null ? "–" : `${formatPercent(spread.q1)} to ${formatPercent(spread.q3)}`,
      format: "numeric",
      className: "app-nowrap",
    },
    { text: String(spread.n), format: "numeric" },
  ];
}

/** An effective band with where it comes from: a moderated rating is marked as such in words. */
export function EffectiveBand({ bands, cell }: { bands: Band[]; cell: Pick<BaselineStandardCell, "effectiveBand" | "effectiveSource"> }) {
  return (
    <>
      <BandLabel bands={bands} code={cell.effectiveBand} />
      {cell.effectiveSource === "moderated" ? (
        <>
          {" "}
          <span className="govuk-body-s app-band-source">moderated</span>
        </>
      ) : null}
    </>
  );
}

function StatusSection({ view }: { view: BaselinePageView }) {
  const { summary } = view;
  return (
    <>
      <h2 className="govuk-heading-m" id="returns">
        Returns
      </h2>
      <SummaryList
        rows={[
          { key: "Agencies in the cycle", value: String(summary.assigned) },
          {
            key: "Submitted",
            value: `${summary.submitted} (${formatPercent(summary.completionPercent)} complete)${
              summary.byStatus.length > 0
                ? `: ${summary.byStatus
                    .filter((entry) => entry.status === "submitted" || entry.status === "returned" || entry.status === "validated")
                    .map((entry) => `${entry.count} ${returnStatusText(entry.status).toLowerCase()}`)
                    .join(", ")}`
                : ""
            }`,
          },
          { key: "In progress", value: String(summary.inProgress) },
          { key: "Not started", value: String(summary.notStarted) },
        ]}
      />
    </>
  );
}

function OverallSection({ view }: { view: BaselinePageView }) {
  const { summary, bands } = view;
  const scored = view.agencyCount - summary.overallNotScored;
  return (
    <>
      <h2 className="govuk-heading-m" id="overall">
        Overall ratings
      </h2>
      <p className="govuk-body">
        Median overall score: {spreadText(summary.overallSpread)}.
        {summary.overallNotScored > 0 ? ` ${summary.overallNotScored} submitted returns had no overall score and are left out.` : ""}
      </p>
      <Chart
        height={240}
        summary={`Bar chart of submitted returns by overall band: ${summary.overallDistribution.map((entry) => `${bandLabel(bands, entry.band)} ${entry.count}`).join(", ")}. The same numbers are in the table below.`}
        spec={{
          labels: ["Overall"],
          series: summary.overallDistribution.map((entry) => ({
            label: bandLabel(bands, entry.band),
            values: [entry.count],
            colour: bands.find((band) => band.code === entry.band)?.colour ?? "#505a5f",
          })),
          stacked: true,
          horizontal: true,
          valueLabel: "Agencies",
        }}
      />
      <Table
        caption={`Submitted returns by overall band (n = ${scored} with an overall score)`}
        captionSize="s"
        firstCellIsHeader
        head={[{ text: "Band" }, { text: "Minimum score", format: "numeric" }, { text: "Agencies", format: "numeric" }]}
        rows={summary.overallDistribution.map((entry) => {
          const band = bands.find((candidate) => candidate.code === entry.band)!;
          return [{ text: band.label }, { text: `${band.min}%`, format: "numeric" }, { text: String(entry.count), format: "numeric" }];
        })}
      />
    </>
  );
}

function heatMapHref(base: string, page: number, sector: string | null): string {
  const params = new URLSearchParams();
  if (sector) params.set("sector", sector);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `${base}?${query}#heat-map` : `${base}#heat-map`;
}

function HeatMapRowCells({ row, bands, agencyHref }: { row: HeatMapRow; bands: Band[]; agencyHref?: (id: number) => string }) {
  return (
    <tr className="govuk-table__row">
      <th scope="row" className="govuk-table__header">
        {agencyHref ? (
          <a className="govuk-link" href={agencyHref(row.agency.id)}>
            {row.agency.name}
          </a>
        ) : (
          row.agency.name
        )}
        <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
          {row.agency.sectorSuppressed ? "Sector not shown (small group)" : SECTOR_LABELS[row.agency.sector]}
        </span>
      </th>
      <td className="govuk-table__cell">
        <BandLabel
          bands={bands}
          code={row.overall.band}
          percent={row.overall.percent}
          showPercent
          cap={row.overall.capped}
          unmetEssentials={row.overall.unmetEssentials}
        />
      </td>
      <td className="govuk-table__cell govuk-table__cell--numeric">
        {row.optimismGap} <span className="govuk-body-s">of {row.selfRated}</span>
      </td>
      {row.standards.map((cell) => (
        <td key={cell.code} className="govuk-table__cell">
          <EffectiveBand bands={bands} cell={cell} />
        </td>
      ))}
    </tr>
  );
}

function HeatMapSection({
  view,
  pageBase,
  agencyHref,
}: {
  view: BaselinePageView;
  pageBase?: string;
  agencyHref?: (id: number) => string;
}) {
  const { heatMap, bands } = view;
  const sectorName = heatMap.sector ? SECTOR_LABELS[heatMap.sector] : null;
  return (
    <>
      <h2 className="govuk-heading-m" id="heat-map">
        Where each agency stands
      </h2>
      <p className="govuk-body">
        Each cell shows the effective rating of a standard: the QA subgroup's moderated rating where there is one (marked "moderated"),
        otherwise the band computed from the answers. Only submitted returns are shown; drafts stay private to their agency. The optimism
        gap counts the standards an agency rated itself above their effective rating, out of the standards it rated.
      </p>
      {pageBase && heatMap.sectors.length > 1 ? (
        <Form method="get" action={pageBase} className="app-no-print app-filter">
          <Select
            name="sector"
            label="Show agencies of"
            labelSize="s"
            defaultValue={heatMap.sector ?? ""}
            items={[
              { value: "", text: `All sectors (${view.agencyCount})` },
              ...heatMap.sectors.map((entry) => ({ value: entry.sector, text: `${SECTOR_LABELS[entry.sector]} (${entry.count})` })),
            ]}
          />
          <Button variant="secondary">Show agencies</Button>
        </Form>
      ) : null}
      {heatMap.total === 0 ? (
        <p className="govuk-body">No returns have been submitted yet.</p>
      ) : (
        <>
          <div className="app-table-wrapper" role="region" aria-label="Heat map of agencies by standard" tabIndex={0}>
            <table className="govuk-table app-heatmap">
              <caption className="govuk-table__caption govuk-table__caption--s">
                Effective rating by agency and standard{sectorName ? `, ${sectorName}` : ""}: agencies {heatMap.from} to {heatMap.to} of{" "}
                {heatMap.total}
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Agency
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Overall
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Optimism gap
                  </th>
                  {view.standards.map((standard) => (
                    <th key={standard.code} scope="col" className="govuk-table__header">
                      <abbr title={standard.title}>{standard.code}</abbr>
                      <span className="govuk-visually-hidden"> {standard.title}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {heatMap.rows.map((row, index) => (
                  <HeatMapRowCells key={`${row.agency.id}-${index}`} row={row} bands={bands} agencyHref={agencyHref} />
                ))}
              </tbody>
            </table>
          </div>
          {pageBase && heatMap.pageCount > 1 ? (
            <>
              <p className="govuk-body app-no-print">
                Page {heatMap.page} of {heatMap.pageCount}
              </p>
              <Pagination
                landmarkLabel="Heat map pages"
                previous={
                  heatMap.page > 1
                    ? {
                        href: heatMapHref(pageBase, heatMap.page - 1, heatMap.sector),
                        labelText: `Page ${heatMap.page - 1} of ${heatMap.pageCount}`,
                      }
                    : undefined
                }
                next={
                  heatMap.page < heatMap.pageCount
                    ? {
                        href: heatMapHref(pageBase, heatMap.page + 1, heatMap.sector),
                        labelText: `Page ${heatMap.page + 1} of ${heatMap.pageCount}`,
                      }
                    : undefined
                }
              />
            </>
          ) : null}
        </>
      )}
    </>
  );
}

function StandardsSection({ view }: { view: BaselinePageView }) {
  const { bands } = view;
  return (
    <>
      <h2 className="govuk-heading-m" id="standards">
        Each standard across agencies
      </h2>
      <p className="govuk-body">
        Bands are effective ratings. Medians and the middle half (interquartile range) are of the computed percentages, over the agencies
        with a score (n). A standard is not scored for an agency when none of its questions counted: every one was answered "not applicable"
        or left unanswered.
      </p>
      <Chart
        height={Math.max(240, 36 * view.perStandard.length + 80)}
        summary={`Stacked bar chart of effective ratings for each of ${view.perStandard.length} standards. ${view.perStandard
          .map(
            (entry) => `${entry.code}: ${entry.distribution.map((count) => `${count.count} ${bandLabel(bands, count.band)}`).join(", ")}`,
          )
          .join("; ")}. The same numbers are in the table below.`}
        spec={{
          labels: view.perStandard.map((entry) => entry.code),
          series: bands.map((band) => ({
            label: band.label,
            colour: band.colour,
            values: view.perStandard.map((entry) => entry.distribution.find((count) => count.band === band.code)?.count ?? 0),
          })),
          stacked: true,
          horizontal: true,
          valueLabel: "Agencies",
        }}
      />
      <div className="app-table-wrapper" role="region" aria-label="Each standard across agencies" tabIndex={0}>
        <Table
          caption={`Each standard: agencies by effective band, median and middle half (${view.agencyCount} submitted returns)`}
          captionSize="s"
          firstCellIsHeader
          head={[
            { text: "Standard" },
            ...bands.map((band) => ({ text: band.label, format: "numeric" as const })),
            { text: "Not rated", format: "numeric" },
            ...SPREAD_HEAD,
            { text: "Not scored", format: "numeric" },
            { text: "Items N/A", format: "numeric" },
            { text: "Items unanswered", format: "numeric" },
          ]}
          rows={view.perStandard.map((entry) => [
            { text: `${entry.code} ${entry.title}` },
            ...entry.distribution.map((count) => ({ text: String(count.count), format: "numeric" as const })),
            { text: String(entry.unrated), format: "numeric" },
            ...spreadCells(entry.spread),
            { text: String(entry.notScored), format: "numeric" },
            { text: String(entry.itemsNotApplicable), format: "numeric" },
            { text: String(entry.itemsUnanswered), format: "numeric" },
          ])}
        />
      </div>
    </>
  );
}

function SectorSection({ view }: { view: BaselinePageView }) {
  const sectors = [...new Set(view.perStandard.flatMap((entry) => entry.sectors.map((sector) => sector.sector)))];
  const leftOut = Math.max(0, ...view.perStandard.map((entry) => entry.sectorsLeftOut));
  return (
    <>
      <h2 className="govuk-heading-m" id="sectors">
        Sector medians
      </h2>
      <p className="govuk-body">
        The median score of each standard among the agencies of each sector, with the number of agencies scored (n).
        {leftOut > 0 ? ` Up to ${leftOut} scored agencies are in no sector shown: their sector group is too small to name.` : ""}
      </p>
      {sectors.length === 0 ? (
        <p className="govuk-body">
          {leftOut > 0 ? "No sector has enough agencies to be shown without identifying them." : "No sector has a score yet."}
        </p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Sector medians for each standard" tabIndex={0}>
          <Table
            caption="Median score by standard and sector (n)"
            captionSize="s"
            firstCellIsHeader
            head={[{ text: "Standard" }, ...sectors.map((sector) => ({ text: SECTOR_LABELS[sector], format: "numeric" as const }))]}
            rows={view.perStandard.map((entry) => [
              { text: entry.code },
              ...sectors.map((sector) => {
                const found = entry.sectors.find((candidate) => candidate.sector === sector);
                return {
                  text: found ? `${formatPercent(found.median)} (n = ${found.n})` : "–",
                  format: "numeric" as const,
                  className: "app-nowrap",
                };
              }),
            ])}
          />
        </div>
      )}
    </>
  );
}

function DimensionSection({ view }: { view: BaselinePageView }) {
  if (view.dimensions.length === 0) return null;
  const { bands } = view;
  return (
    <>
      <h2 className="govuk-heading-m" id="dimensions">
        Dimensions
      </h2>
      <p className="govuk-body">
        Each dimension groups standards. An agency's dimension score is the weighted mean of its scored standards in that dimension, banded
        like a standard.
      </p>
      {view.perDimension.length === 0 ? (
        <p className="govuk-body">Dimension scores are not available in this publication: it was frozen before they were reported.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Dimension scores" tabIndex={0}>
          <Table
            caption="Dimension scores across agencies"
            captionSize="s"
            firstCellIsHeader
            head={[
              { text: "Dimension" },
              { text: "Standards" },
              ...bands.map((band) => ({ text: band.label, format: "numeric" as const })),
              ...SPREAD_HEAD,
              { text: "Not scored", format: "numeric" },
            ]}
            rows={view.perDimension.map((entry) => [
              { text: entry.title },
              { text: entry.standards.join(", ") },
              ...entry.distribution.map((count) => ({ text: String(count.count), format: "numeric" as const })),
              ...spreadCells(entry.spread),
              { text: String(entry.notScored), format: "numeric" },
            ])}
          />
        </div>
      )}
    </>
  );
}

function OptimismSection({ view }: { view: BaselinePageView }) {
  return (
    <>
      <h2 className="govuk-heading-m" id="optimism">
        Self rating against effective rating
      </h2>
      <p className="govuk-body">
        For each standard: how many agencies rated themselves above, the same as, or below the effective rating (n = agencies with both).
        Each agency's own optimism gap is in the heat map.
      </p>
      <div className="app-table-wrapper" role="region" aria-label="Self rating against effective rating" tabIndex={0}>
        <Table
          caption="Self rating against effective rating, by standard"
          captionSize="s"
          firstCellIsHeader
          head={[
            { text: "Standard" },
            { text: "Rated above (optimism)", format: "numeric" },
            { text: "Same", format: "numeric" },
            { text: "Rated below", format: "numeric" },
            { text: "n", format: "numeric" },
            { text: "No self rating", format: "numeric" },
          ]}
          rows={view.perStandard.map((entry) => [
            { text: entry.code },
            { text: String(entry.optimism.above), format: "numeric" },
            { text: String(entry.optimism.same), format: "numeric" },
            { text: String(entry.optimism.below), format: "numeric" },
            { text: String(entry.optimism.n), format: "numeric" },
            { text: String(entry.optimism.noSelfRating), format: "numeric" },
          ])}
        />
      </div>
    </>
  );
}

function ItemsSection({ view }: { view: BaselinePageView }) {
  const { items } = view;
  return (
    <>
      <h2 className="govuk-heading-m" id="items">
        Questions most often unmet
      </h2>
      {!items.available ? (
        <p className="govuk-body">The question view is not available in this publication: it was frozen before questions were reported.</p>
      ) : (
        <>
          <p className="govuk-body">
            A question is unmet when it was answered, not as "not applicable", and scored nothing. Counted over {items.returnsCounted}{" "}
            submitted or validated returns
            {items.returnsExcluded > 0
              ? `; ${items.returnsExcluded} returned to their agency for changes are left out while their answers may change`
              : ""}
            . The {Math.min(items.rows.length, items.total)} most often unmet of {items.total} scored questions are shown; the downloads
            list every one.
          </p>
          <div className="app-table-wrapper" role="region" aria-label="Questions most often unmet" tabIndex={0}>
            <Table
              caption="Questions most often unmet"
              captionSize="s"
              firstCellIsHeader
              head={[
                { text: "Question" },
                { text: "Standard" },
                { text: "Unmet (of n)", format: "numeric" },
                { text: "Below full marks", format: "numeric" },
                { text: "Mean score", format: "numeric" },
                { text: "N/A", format: "numeric" },
                { text: "Not answered", format: "numeric" },
              ]}
              rows={items.rows.map((row) => [
                { text: row.question },
                { text: row.standard },
                { text: `${row.unmet} of ${row.n} (${formatPercent(row.unmetPercent)})`, format: "numeric" },
                { text: String(row.belowMax), format: "numeric" },
                { text: formatPercent(row.meanPercent), format: "numeric" },
                { text: String(row.notApplicable), format: "numeric" },
                { text: String(row.notAnswered), format: "numeric" },
              ])}
            />
          </div>
        </>
      )}
    </>
  );
}

/**
 * The baseline report laid out from its page view (one heat-map page and the group views): the
 * live page and the board's frozen publication both render through this one component, so they
 * cannot differ. No arithmetic here (STYLE.md).
 */
export function BaselineView({
  view,
  exportBase,
  pageBase,
  agencyHref,
}: {
  view: BaselinePageView;
  exportBase?: string;
  pageBase?: string;
  agencyHref?: (id: number) => string;
}) {
  return (
    <>
      {exportBase ? <Downloads exportBase={exportBase} /> : null}
      <nav className="app-no-print" aria-label="Report sections">
        <ul className="govuk-list">
          {[
            ["#returns", "Returns"],
            ["#overall", "Overall ratings"],
            ["#heat-map", "Where each agency stands"],
            ["#standards", "Each standard across agencies"],
            ["#sectors", "Sector medians"],
            ...(view.dimensions.length > 0 ? [["#dimensions", "Dimensions"]] : []),
            ["#optimism", "Self rating against effective rating"],
            ["#items", "Questions most often unmet"],
          ].map(([href, text]) => (
            <li key={href}>
              <a className="govuk-link" href={href}>
                {text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <StatusSection view={view} />
      <OverallSection view={view} />
      <HeatMapSection view={view} pageBase={pageBase} agencyHref={agencyHref} />
      <StandardsSection view={view} />
      <SectorSection view={view} />
      <DimensionSection view={view} />
      <OptimismSection view={view} />
      <ItemsSection view={view} />
      <Details summary="How these numbers are worked out">
        <p className="govuk-body">
          Percentages are kept unrounded and shown rounded to whole numbers (half up); bands are decided on the unrounded figure. A median
          is the middle score; the middle half runs from the lower to the upper quartile, worked out by linear interpolation between the
          closest ranks (as Excel's QUARTILE.INC does). Returns not yet submitted are not counted.
        </p>
      </Details>
    </>
  );
}
