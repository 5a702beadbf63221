import { SECTOR_LABELS } from "~/domain/agency";
import type { AssuranceReport, StaffCell } from "~/domain/reports/assurance";
import { bandLabel, formatPercent } from "~/domain/scoring";
import type { Band } from "~/domain/tool-schema";
import { BandLabel } from "./band";
import { RagTag } from "./scorecard-view";
import { SummaryList, Table, Tag, type TableCell } from "./govuk";

/**
 * The assurance view (DESIGN §14) laid out from its report model: a heat map of staff % by agency and
 * standard (coloured by the band the figure falls in, each gap marked in words), and its table twin with
 * every rating and source per agency and standard. Every figure carries its n; withheld cells say so.
 */

/** Staff % with its n, "withheld (small group)", "survey still open" or "not surveyed"; a staff-evidence gap is tagged. */
export function StaffCellText({ bands, staff, gap, held = false }: { bands: Band[]; staff: StaffCell; gap: boolean; held?: boolean }) {
  if (staff === null) return <>Not surveyed</>;
  if ("suppressed" in staff) return held ? <>Survey still open</> : <>Withheld (small group)</>;
  return (
    <>
      {staff.percent === null ? "No answers" : formatPercent(staff.percent, bands)} (n = {staff.n})
      {gap ? (
        <>
          {" "}
          <Tag colour="red">Staff-evidence gap</Tag>
        </>
      ) : null}
    </>
  );
}

/** A case audit's agreed grade with its number of cases, or "Not audited"; a case-evidence gap is tagged. */
export function CaseCellText({ grades, cell, gap }: { grades: Band[]; cell: { grade: string; cases: number } | null; gap: boolean }) {
  if (cell === null) return <>Not audited</>;
  return (
    <>
      {grades.find((band) => band.code === cell.grade)?.label ?? cell.grade} ({cell.cases} {cell.cases === 1 ? "case" : "cases"})
      {gap ? (
        <>
          {" "}
          <Tag colour="red">Case-evidence gap</Tag>
        </>
      ) : null}
    </>
  );
}

function bandText(bands: Band[], code: string | null): string {
  return bandLabel(bands, code, "–");
}

function HeatCell({ bands, staff, gap }: { bands: Band[]; staff: StaffCell; gap: boolean }) {
  if (staff === null) return <td className="govuk-table__cell">–</td>;
  if ("suppressed" in staff) return <td className="govuk-table__cell">Withheld</td>;
  const band = bands.find((candidate) => candidate.code === staff.band);
  return (
    <td className="govuk-table__cell">
      {band ? <BandLabel bands={bands} code={band.code} /> : "No answers"}
      <span className="govuk-body-s app-nowrap"> {staff.percent === null ? "" : formatPercent(staff.percent, bands)}</span>
      {gap ? (
        <>
          {" "}
          <strong className="govuk-body-s">gap</strong>
        </>
      ) : null}
    </td>
  );
}

export function AssuranceView({ report }: { report: AssuranceReport }) {
  const { bands } = report;
  const surveyed = report.sources.practitioner.surveyed;
  const held = report.sources.practitioner.heldUntilClose === true;
  const partnershipStaff = new Map(report.partnership.standards.map((entry) => [entry.code, entry.staff]));
  const rows: TableCell[][] = report.agencies.flatMap((row) =>
    row.standards.map((cell): TableCell[] => [
      { text: row.agency.name },
      { text: <abbr title={report.standards.find((standard) => standard.code === cell.code)?.title}>{cell.code}</abbr> },
      { text: bandText(bands, cell.selfRating) },
      { text: cell.computedBand === null ? "–" : `${bandText(bands, cell.computedBand)} (${formatPercent(cell.computedPercent, bands)})` },
      { text: bandText(bands, cell.moderatedRating) },
      { text: <StaffCellText bands={bands} staff={cell.staff} gap={false} held={held} /> },
      { text: <CaseCellText grades={report.caseGrades ?? []} cell={cell.caseAudit ?? null} gap={false} /> },
      { text: cell.gaps.length === 0 ? "None" : cell.gaps.map((gap) => (gap === "staff" ? "Staff evidence" : "Case evidence")).join(", ") },
    ]),
  );
  return (
    <>
      <SummaryList
        rows={[
          { key: "Agencies", value: String(report.summary.agencies) },
          {
            key: "Practitioner survey",
            value: held
              ? "The practitioner survey is still open: staff figures, and any staff-evidence gaps, show once it closes"
              : surveyed
                ? `Staff % on ${report.sources.practitioner.standards.length} standards; groups of fewer than ${report.minGroup} people are withheld`
                : "No practitioner survey on this cycle yet",
          },
          {
            key: "Staff-evidence gaps",
            value: `${report.summary.staffGaps} standards, at ${report.summary.agenciesWithStaffGaps} ${report.summary.agenciesWithStaffGaps === 1 ? "agency" : "agencies"}`,
          },
          {
            key: "Case-evidence gaps",
            value: report.sources.caseAudit
              ? `${report.summary.caseGaps ?? 0} standards rated in the top band where a case audit agreed Requires improvement or worse`
              : "No case audit maps to this tool yet",
          },
        ]}
      />
      <h2 className="govuk-heading-m" id="heat-map">
        Staff % by agency and standard
      </h2>
      <p className="govuk-body">
        Each cell is the share of the agency's staff who agreed, coloured by the band it falls in; “gap” marks a self rating above it. The
        table below holds the same figures with every rating.
      </p>
      <div className="app-table-wrapper" role="region" aria-label="Heat map of staff % by agency and standard" tabIndex={0}>
        <table className="govuk-table app-heatmap">
          <caption className="govuk-table__caption govuk-table__caption--s">Staff % by agency and standard, with the partnership</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Agency
              </th>
              {report.standards.map((standard) => (
                <th key={standard.code} scope="col" className="govuk-table__header">
                  <abbr title={standard.title}>{standard.code}</abbr>
                  <span className="govuk-visually-hidden"> {standard.title}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {report.agencies.map((row, index) => (
              <tr key={`${row.agency.id}-${index}`} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {row.agency.name}
                  <br />
                  <span className="govuk-body-s">
                    {row.agency.sectorSuppressed ? "Sector not shown" : SECTOR_LABELS[row.agency.sector]}
                  </span>
                </th>
                {row.standards.map((cell) => (
                  <HeatCell key={cell.code} bands={bands} staff={cell.staff} gap={cell.gaps.includes("staff")} />
                ))}
              </tr>
            ))}
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header">
                Partnership
              </th>
              {report.standards.map((standard) => (
                <HeatCell key={standard.code} bands={bands} staff={partnershipStaff.get(standard.code) ?? null} gap={false} />
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <h2 className="govuk-heading-m" id="table">
        Every agency and standard
      </h2>
      <div className="app-table-wrapper" role="region" aria-label="Ratings and evidence by agency and standard" tabIndex={0}>
        <Table
          caption="Self, computed and moderated ratings beside staff % (n) and the gaps"
          captionSize="s"
          head={[
            { text: "Agency" },
            { text: "Standard" },
            { text: "Self rating" },
            { text: "Computed" },
            { text: "Moderated" },
            { text: "Staff % (n)" },
            { text: "Case audit (cases)" },
            { text: "Gaps" },
          ]}
          rows={rows}
          firstCellIsHeader
        />
      </div>
      <LinkedIndicators report={report} />
      <p className="govuk-body-s">
        A staff-evidence gap: the agency's self rating (or computed band, where it gave none) is above the band its staff % falls in. Staff
        % is the share of answers that agree; “don't know” is left out. Withheld: fewer than {report.minGroup} people answered, or showing
        the figure would let a smaller group be worked out. A case-evidence gap: a case audit agreed Requires improvement or worse in a
        domain mapped to a standard the agency rated (or was moderated) in the top band; the grade shown is the worst agreed over its cases.
      </p>
    </>
  );
}

/** The scorecard indicators linked to each standard, with their latest RAG (only when any standard has one). */
function LinkedIndicators({ report }: { report: AssuranceReport }) {
  const rows = report.standards.flatMap((standard) => (standard.indicators ?? []).map((indicator) => ({ standard, indicator })));
  if (rows.length === 0) return null;
  return (
    <>
      <h2 className="govuk-heading-m">Linked scorecard indicators</h2>
      <div className="app-table-wrapper" role="region" aria-label="Linked scorecard indicators" tabIndex={0}>
        <Table
          caption="The partnership's performance data beside the standards: each linked indicator's latest RAG"
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Standard" }, { text: "Indicator" }, { text: "Latest period" }, { text: "Latest RAG" }]}
          rows={rows.map(({ standard, indicator }) => [
            { text: `${standard.code} ${standard.title}` },
            { text: `${indicator.code}: ${indicator.title}` },
            { text: indicator.period ?? "No figures yet" },
            { text: <RagTag rag={indicator.rag} /> },
          ])}
        />
      </div>
    </>
  );
}
