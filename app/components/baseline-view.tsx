import { SECTOR_LABELS } from "~/domain/agency";
import type { BaselineReport } from "~/domain/reports/baseline";
import { formatPercent } from "~/domain/scoring";
import { BandLabel } from "./band";
import { SummaryList, Table } from "./govuk";

/** The same report as files (reports/baseline-export.ts); plain links, since each answer is a download, not a page. */
const DOWNLOADS = [
  { format: "xlsx", text: "Excel spreadsheet (XLSX)" },
  { format: "docx", text: "Word board pack (DOCX)" },
  { format: "csv", text: "CSV, one row per agency and standard" },
  { format: "json", text: "JSON, for BI tools" },
];

function Downloads({ exportBase }: { exportBase: string }) {
  return (
    <div className="app-no-print">
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

/**
 * The baseline report laid out: the live page and the board's frozen publication both render the
 * model through this one component, so they cannot differ. No arithmetic here (STYLE.md).
 */
export function BaselineView({ report, exportBase }: { report: BaselineReport; exportBase?: string }) {
  const { summary, bands } = report;
  return (
    <>
      {exportBase ? <Downloads exportBase={exportBase} /> : null}
      <h2 className="govuk-heading-m">Returns</h2>
      <SummaryList
        rows={[
          { key: "Agencies in the cycle", value: String(summary.assigned) },
          { key: "Submitted", value: `${summary.submitted} (${formatPercent(summary.completionPercent)} complete)` },
          { key: "In progress", value: String(summary.inProgress) },
          { key: "Not started", value: String(summary.notStarted) },
        ]}
      />

      <h2 className="govuk-heading-m">Where each agency stands</h2>
      <p className="govuk-body">
        Each cell shows the effective rating of a standard: the QA subgroup's moderated rating where there is one, otherwise the computed band.
        Only submitted returns are shown; drafts stay private to their agency. The optimism gap counts the standards an agency
        rated itself above their effective rating.
      </p>
      {report.agencies.length === 0 ? (
        <p className="govuk-body">No returns have been submitted yet.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Heat map of agencies by standard" tabIndex={0}>
          <table className="govuk-table app-heatmap">
            <caption className="govuk-table__caption govuk-table__caption--s">Effective rating by agency and standard (n = {report.agencies.length} submitted returns)</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Agency</th>
                <th scope="col" className="govuk-table__header">Overall</th>
                <th scope="col" className="govuk-table__header">Optimism gap</th>
                {report.standards.map((standard) => (
                  <th key={standard.code} scope="col" className="govuk-table__header">
                    <abbr title={standard.title}>{standard.code}</abbr>
                    <span className="govuk-visually-hidden"> {standard.title}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {report.agencies.map((row) => (
                <tr key={row.agency.id} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    {row.agency.name}
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{row.agency.sectorSuppressed ? "Sector not shown (small group)" : SECTOR_LABELS[row.agency.sector]}</span>
                  </th>
                  <td className="govuk-table__cell">
                    <BandLabel bands={bands} code={row.overall.band} percent={row.overall.percent} showPercent />
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{row.optimismGap}</td>
                  {row.standards.map((cell) => (
                    <td key={cell.code} className="govuk-table__cell">
                      <BandLabel bands={bands} code={cell.effectiveBand} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 className="govuk-heading-m">Overall ratings</h2>
      <Table
        caption={`Submitted returns by overall band (n = ${report.agencies.length})`}
        captionSize="s"
        firstCellIsHeader
        head={[{ text: "Band" }, { text: "Minimum score", format: "numeric" }, { text: "Agencies", format: "numeric" }]}
        rows={summary.overallDistribution.map((entry) => {
          const band = bands.find((candidate) => candidate.code === entry.band)!;
          return [{ text: band.label }, { text: `${band.min}%`, format: "numeric" }, { text: String(entry.count), format: "numeric" }];
        })}
      />
      <h2 className="govuk-heading-m">Standards</h2>
      <SummaryList rows={report.standards.map((standard) => ({ key: standard.code, value: standard.title }))} />
    </>
  );
}
