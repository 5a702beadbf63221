import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ReactNode } from "react";
import { useMemo } from "react";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { ExportLinks } from "~/components/export-links";
import { BackLink, Table } from "~/components/govuk";
import { LineChart } from "~/components/line-chart";
import { returnStatusText } from "~/components/status";
import { getTrendReport } from "~/data/reports/trend.server";
import { getDb } from "~/data/db.server";
import { SECTOR_LABELS } from "~/domain/agency";
import { isAgencyRole } from "~/domain/permissions";
import { trendPointText } from "~/domain/reports/trend";
import { formatPercent, unmetEssentialsText } from "~/domain/scoring";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Trend: ${data.report.tool.title}` : "Trend") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  const cycleId = requireId(params.cycleId);
  const report = await getTrendReport(getDb(), viewer, cycleId);
  if (!report) notFound();
  return { report, cycleId, ownAgencyOnly: isAgencyRole(viewer.role) };
}

function Region({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-table-wrapper" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** Every cycle of the tool, oldest first: a line chart and, always, the table of the same numbers. No arithmetic here. */
export default function TrendPage() {
  const { report, cycleId, ownAgencyOnly } = useLoaderData<typeof loader>();
  const labels = useMemo(() => report.cycles.map((cycle) => cycle.title), [report]);
  const series = useMemo(
    () => [
      { label: ownAgencyOnly ? "Your agency" : "Partnership", values: report.partnership.map((point) => point.median) },
      ...report.sectors.map((row) => ({ label: SECTOR_LABELS[row.sector], values: row.points.map((point) => point.median) })),
    ],
    [report, ownAgencyOnly],
  );
  const cycleHead = report.cycles.map((cycle) => ({ text: `${cycle.title} (v${cycle.toolVersion})`, format: "numeric" as const }));
  return (
    <>
      <BackLink href={ownAgencyOnly ? "/returns" : `/cycles/${cycleId}`}>Back</BackLink>
      <span className="govuk-caption-l">
        {report.tool.title}, {report.cycles.length} {report.cycles.length === 1 ? "cycle" : "cycles"}
      </span>
      <h1 className="govuk-heading-l">Trend across cycles</h1>
      {ownAgencyOnly ? <p className="govuk-body">This view shows your own agency only.</p> : null}
      <p className="govuk-body">
        Each point is the median score of the agencies with a submitted return in that cycle, with n, the number of agencies. Who took part
        can differ between cycles, so read each point with its n. Standards follow the latest tool version; a standard renamed between
        versions is one line, and one added later is not comparable before it existed.
      </p>
      <ExportLinks base={`/cycles/${cycleId}/trend/export`} label="trend" />

      <h2 className="govuk-heading-m">Median overall score</h2>
      <LineChart
        labels={labels}
        series={series}
        label="Line chart of the median overall score per cycle, for the partnership and each sector"
        yTitle="Median overall score (%)"
      />
      <Region label="Median overall score per cycle">
        <Table
          caption="Median overall score per cycle (n = agencies scored in that cycle)"
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Group" }, ...cycleHead]}
          rows={[
            [
              { text: ownAgencyOnly ? "Your agency" : "Partnership" },
              ...report.partnership.map((point) => ({ text: trendPointText(point), format: "numeric" as const })),
            ],
            ...report.sectors.map((row) => [
              { text: SECTOR_LABELS[row.sector] },
              ...row.points.map((point) => ({ text: trendPointText(point), format: "numeric" as const })),
            ]),
          ]}
        />
      </Region>

      <h2 className="govuk-heading-m">Median score by standard</h2>
      <Region label="Median score by standard per cycle">
        <Table
          caption={`Median score by standard per cycle (${report.standards.length} standards of version ${report.tool.version})`}
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Standard" }, ...cycleHead]}
          rows={report.standards.map((row) => [
            { text: `${row.code} ${row.title}` },
            ...row.points.map((point) => ({ text: trendPointText(point), format: "numeric" as const })),
          ])}
        />
      </Region>

      <h2 className="govuk-heading-m">Overall score by agency</h2>
      <Region label="Overall score by agency per cycle">
        <Table
          caption={`Overall score by agency per cycle (n = ${report.agencies.length} agencies scored at least once, including those in one cycle only)`}
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Agency" }, { text: "Cycles scored", format: "numeric" }, ...cycleHead]}
          rows={report.agencies.map((row) => [
            { text: row.agency.name },
            { text: String(row.cycles), format: "numeric" as const },
            ...row.points.map((point) => ({
              text:
                point.percent !== null
                  ? [formatPercent(point.percent), unmetEssentialsText(point.unmetEssentials ?? 0)].filter(Boolean).join(", ")
                  : point.status === null
                    ? "Not in this cycle"
                    : returnStatusText(point.status),
              format: "numeric" as const,
            })),
          ])}
        />
      </Region>
    </>
  );
}
