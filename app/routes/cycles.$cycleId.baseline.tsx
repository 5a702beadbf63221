import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BandLabel } from "~/components/band";
import { BackLink, SummaryList, Table } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { getBaselineReport } from "~/data/reports.server";
import { SECTOR_LABELS } from "~/domain/agency";
import { isAgencyRole } from "~/domain/permissions";
import { formatPercent } from "~/domain/scoring";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Baseline report: ${data.report.cycle.title}` : "Baseline report") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  const report = await getBaselineReport(getDb(), viewer, requireId(params.cycleId));
  if (!report) notFound();
  return { report, ownAgencyOnly: isAgencyRole(viewer.role) };
}

export default function BaselineReportPage() {
  const { report, ownAgencyOnly } = useLoaderData<typeof loader>();
  const { summary, bands } = report;
  return (
    <>
      <BackLink href={ownAgencyOnly ? "/returns" : `/cycles/${report.cycle.id}`}>Back</BackLink>
      <span className="govuk-caption-l">{report.tool.title}, version {report.tool.version}</span>
      <h1 className="govuk-heading-l">Baseline report: {report.cycle.title}</h1>
      {ownAgencyOnly ? <p className="govuk-body">This view shows your own agency only.</p> : null}

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
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{SECTOR_LABELS[row.agency.sector]}</span>
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
