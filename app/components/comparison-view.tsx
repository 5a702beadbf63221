import type { ReactNode } from "react";
import { BandLabel } from "~/components/band";
import { Table, Tag, type TagColour } from "~/components/govuk";
import { SummaryList } from "~/components/govuk";
import { returnStatusText } from "~/components/status";
import { SECTOR_LABELS } from "~/domain/agency";
import { buildComparisonNarrative } from "~/domain/reports/comparison-narrative";
import {
  MOVEMENT_LABELS,
  formatDelta,
  movementText,
  type BandChange,
  type ComparisonReport,
  type ComparisonStandardSummary,
  type Movement,
  type ReportAgency,
} from "~/domain/reports/comparison";
import { formatPercent, unmetEssentialsText } from "~/domain/scoring";

const MOVEMENT_COLOURS: Record<Movement, TagColour> = { improved: "green", stable: "grey", declined: "red" };

/** The movement in words on a tag: the word carries the meaning, the colour repeats it. */
function MovementTag({ movement, bandChange = null }: { movement: Movement | null; bandChange?: BandChange | null }) {
  if (movement === null) return <span className="govuk-body-s">Not compared</span>;
  const text = movementText(movement, bandChange);
  return (
    <>
      <Tag colour={MOVEMENT_COLOURS[movement]}>{MOVEMENT_LABELS[movement]}</Tag>
      {text !== MOVEMENT_LABELS[movement] ? (
        <span className="govuk-body-s app-band-note">{text.slice(MOVEMENT_LABELS[movement].length + 1)}</span>
      ) : null}
    </>
  );
}

/** "Mostly met (62%) → Fully met (88%)", read aloud as "… to …". */
function BandMove({
  report,
  then,
  now,
}: {
  report: ComparisonReport;
  then: { band: string | null; percent: number | null; moderated?: boolean };
  now: { band: string | null; percent: number | null; moderated?: boolean };
}) {
  return (
    <>
      <BandLabel bands={report.earlier.bands} code={then.band} percent={then.percent} showPercent />
      {then.moderated ? " (moderated)" : null}
      <span aria-hidden="true"> → </span>
      <span className="govuk-visually-hidden"> to </span>
      <BandLabel bands={report.later.bands} code={now.band} percent={now.percent} showPercent />
      {now.moderated ? " (moderated)" : null}
    </>
  );
}

function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-table-wrapper" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

function MovedStandards({
  heading,
  rule,
  standards,
  report,
}: {
  heading: string;
  rule: string;
  standards: ComparisonStandardSummary[];
  report: ComparisonReport;
}) {
  return (
    <>
      <h2 className="govuk-heading-m">{heading}</h2>
      {standards.length === 0 ? (
        <p className="govuk-body">No standard has a median of the agencies' own changes of {rule}.</p>
      ) : (
        <TableRegion label={heading}>
          <Table
            caption={`${heading}: the median of the agencies' own changes is ${rule} (n = ${agencyCount(report.summary.agenciesInBoth)} in both cycles)`}
            captionSize="s"
            firstCellIsHeader
            head={[
              { text: "Standard" },
              { text: "Agencies (n)", format: "numeric" },
              { text: "Median of agencies' changes (points)", format: "numeric" },
              { text: `Median score, ${report.earlier.cycle.title}`, format: "numeric" },
              { text: `Median score, ${report.later.cycle.title}`, format: "numeric" },
            ]}
            rows={standards.map((standard) => [
              { text: `${standard.code} ${standard.title}` },
              { text: String(standard.n), format: "numeric" },
              { text: formatDelta(standard.medianDelta), format: "numeric" },
              { text: formatPercent(standard.earlierMedian, report.earlier.bands), format: "numeric" },
              { text: formatPercent(standard.laterMedian, report.later.bands), format: "numeric" },
            ])}
          />
        </TableRegion>
      )}
    </>
  );
}

/**
 * The comparison report laid out: the live page and the board's frozen publication both render the
 * model through this one component. No arithmetic here (STYLE.md): every number comes from the model.
 */
export function ComparisonView({ report, ownAgencyOnly }: { report: ComparisonReport; ownAgencyOnly: boolean }) {
  const { earlier, later, summary, threshold } = report;
  const then = earlier.cycle.title;
  const now = later.cycle.title;
  const titleOf = new Map(report.standards.map((standard) => [standard.code, standard.title]));
  const sectorOf = new Map(report.sectors.map((sector) => [sector.sector, sector]));
  return (
    <>
      <h2 className="govuk-heading-m">Summary</h2>
      <SummaryList
        rows={[
          { key: "Compared", value: `${then} (version ${earlier.tool.version}) with ${now} (version ${later.tool.version})` },
          { key: "Agencies in both cycles", value: String(summary.agenciesInBoth) },
          { key: "Agencies in one cycle only", value: `${summary.onlyEarlier} in ${then} only, ${summary.onlyLater} in ${now} only` },
          { key: "Standards compared", value: `${summary.comparableStandards} (${summary.notComparableStandards} not comparable)` },
          {
            key: "Threshold",
            value: `${threshold} percentage points: a change of ${formatDelta(threshold)} or more is improved, ${formatDelta(-threshold)} or less is declined`,
          },
          {
            key: "Standard ratings of agencies in both cycles",
            value: `${summary.cells.improved} improved, ${summary.cells.stable} stable, ${summary.cells.declined} declined, ${summary.cells.notScored} not scored in both cycles`,
          },
          {
            key: "Median overall score",
            value: `${formatPercent(report.partnership.earlierMedian, earlier.bands)} in ${then}, ${formatPercent(report.partnership.laterMedian, later.bands)} in ${now} (n = ${report.partnership.n})`,
          },
          {
            key: "Median of each agency's own change",
            value: `${formatDelta(report.partnership.medianDelta)} percentage points (n = ${report.partnership.n})`,
          },
        ]}
      />
      <p className="govuk-body">
        The two medians answer different questions. The <strong>median overall score</strong> is the middle agency's score in each cycle;
        the <strong>median of each agency's own change</strong> is the middle of the agencies' own changes, later minus earlier. They can
        differ, even in sign: the middle score can stay the same while most agencies improve, because a different agency sits in the middle
        each time. Movement (improved, stable, declined) follows each agency's own change.
      </p>
      <p className="govuk-body">
        Changes are in percentage points (the later score minus the earlier), worked out from unrounded scores and then rounded to whole
        numbers, so a change can differ by a point from the difference of the rounded scores. Medians and counts cover only the agencies
        with a submitted return in both cycles, so a change in who took part does not look like improvement. The median change is the middle
        of the agencies&apos; own changes, so it need not equal the difference between the two medians. The median of an even number of
        agencies is the mean of the two middle values. Ratings are effective ratings: the QA subgroup&apos;s moderated rating where there is
        one, otherwise the computed band.
      </p>

      <h2 className="govuk-heading-m">What changed since {then}</h2>
      <ul className="govuk-list govuk-list--bullet">
        {buildComparisonNarrative(report).map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>

      <MovedStandards
        heading="Most improved standards"
        rule={`${formatDelta(threshold)} points or more`}
        standards={report.mostImproved}
        report={report}
      />
      <MovedStandards
        heading="Most declined standards"
        rule={`${formatDelta(-threshold)} points or less`}
        standards={report.mostDeclined}
        report={report}
      />

      <h2 className="govuk-heading-m">Change by standard</h2>
      {report.standards.length === 0 ? (
        <p className="govuk-body">No standard can be compared between these cycles: see what is not comparable below.</p>
      ) : (
        <TableRegion label="Change by standard">
          <Table
            caption={`Change by standard (n = ${agencyCount(summary.agenciesInBoth)} in both cycles; ${summary.comparableStandards} standards)`}
            captionSize="s"
            firstCellIsHeader
            head={[
              { text: "Standard" },
              { text: "Agencies (n)", format: "numeric" },
              { text: `Median, ${then}`, format: "numeric" },
              { text: `Median, ${now}`, format: "numeric" },
              { text: "Median change", format: "numeric" },
              { text: "Improved", format: "numeric" },
              { text: "Stable", format: "numeric" },
              { text: "Declined", format: "numeric" },
            ]}
            rows={report.standards.map((standard) => [
              {
                text: `${standard.code} ${standard.title}${standard.earlierCode !== standard.code ? ` (was ${standard.earlierCode})` : ""}`,
              },
              { text: String(standard.n), format: "numeric" },
              { text: formatPercent(standard.earlierMedian), format: "numeric" },
              { text: formatPercent(standard.laterMedian), format: "numeric" },
              { text: formatDelta(standard.medianDelta), format: "numeric" },
              { text: String(standard.improved), format: "numeric" },
              { text: String(standard.stable), format: "numeric" },
              { text: String(standard.declined), format: "numeric" },
            ])}
          />
        </TableRegion>
      )}

      <h2 className="govuk-heading-m">Overall scores against the partnership and sectors</h2>
      <TableRegion label="Median overall score">
        <Table
          caption={`Median overall score of agencies in both cycles (n = ${report.partnership.n})`}
          captionSize="s"
          firstCellIsHeader
          head={[
            { text: "Group" },
            { text: "Agencies (n)", format: "numeric" },
            { text: then, format: "numeric" },
            { text: now, format: "numeric" },
            { text: "Median change", format: "numeric" },
          ]}
          rows={[
            { label: ownAgencyOnly ? "Your agency" : "Partnership", ...report.partnership },
            ...report.sectors.map((sector) => ({ label: SECTOR_LABELS[sector.sector], ...sector })),
          ].map((group) => [
            { text: group.label },
            { text: String(group.n), format: "numeric" },
            { text: formatPercent(group.earlierMedian), format: "numeric" },
            { text: formatPercent(group.laterMedian), format: "numeric" },
            { text: formatDelta(group.medianDelta), format: "numeric" },
          ])}
        />
      </TableRegion>
      {report.agencies.length === 0 ? (
        <p className="govuk-body">No agency has a submitted return in both cycles.</p>
      ) : (
        <TableRegion label="Overall score by agency">
          <Table
            caption={`Overall score by agency (n = ${agencyCount(report.agencies.length)} in both cycles)`}
            captionSize="s"
            firstCellIsHeader
            head={[{ text: "Agency" }, { text: `Overall, ${then} → ${now}` }, { text: "Change", format: "numeric" }, { text: "Movement" }]}
            rows={report.agencies.map((row) => [
              { text: <AgencyName agency={row.agency} /> },
              { text: <BandMove report={report} then={row.overall.earlier} now={row.overall.later} /> },
              { text: formatDelta(row.overall.delta), format: "numeric" },
              { text: <MovementTag movement={row.overall.movement} /> },
            ])}
          />
        </TableRegion>
      )}
      {report.agencies.length > 0 ? (
        <TableRegion label="Each agency against the partnership and sector medians">
          <Table
            caption={`Each agency's overall score against the partnership median (n = ${report.partnership.n}) and its sector's median, then and now`}
            captionSize="s"
            firstCellIsHeader
            head={[
              { text: "Agency" },
              { text: `Agency, ${then}`, format: "numeric" },
              { text: `Partnership median, ${then}`, format: "numeric" },
              { text: `Sector median, ${then}`, format: "numeric" },
              { text: `Agency, ${now}`, format: "numeric" },
              { text: `Partnership median, ${now}`, format: "numeric" },
              { text: `Sector median, ${now}`, format: "numeric" },
            ]}
            rows={report.agencies.map((row) => {
              const sector = row.agency.sectorSuppressed ? undefined : sectorOf.get(row.agency.sector);
              const sectorText = (value: number | null | undefined) =>
                sector === undefined ? "Not shown" : `${formatPercent(value ?? null)} (n = ${sector.n})`;
              return [
                { text: row.agency.name },
                {
                  text: withUnmet(formatPercent(row.overall.earlier.percent, earlier.bands), row.overall.earlier.unmetEssentials),
                  format: "numeric" as const,
                },
                { text: formatPercent(report.partnership.earlierMedian), format: "numeric" as const },
                { text: sectorText(sector?.earlierMedian), format: "numeric" as const },
                {
                  text: withUnmet(formatPercent(row.overall.later.percent, later.bands), row.overall.later.unmetEssentials),
                  format: "numeric" as const,
                },
                { text: formatPercent(report.partnership.laterMedian), format: "numeric" as const },
                { text: sectorText(sector?.laterMedian), format: "numeric" as const },
              ];
            })}
          />
        </TableRegion>
      ) : null}

      <h2 className="govuk-heading-m">Change by agency and standard</h2>
      {report.agencies.map((row, index) => (
        <section key={index} aria-labelledby={`agency-${index}`}>
          <h3 className="govuk-heading-s" id={`agency-${index}`}>
            {row.agency.name}
          </h3>
          <TableRegion label={`${row.agency.name}: change by standard`}>
            <Table
              caption={`${row.agency.name}: effective rating by standard (n = ${row.standards.length} comparable standards)`}
              captionSize="s"
              firstCellIsHeader
              head={[
                { text: "Standard" },
                { text: `Effective rating, ${then} → ${now}` },
                { text: "Change", format: "numeric" },
                { text: "Movement" },
              ]}
              rows={row.standards.map((cell) => [
                {
                  text: (
                    <>
                      <abbr title={titleOf.get(cell.code)}>{cell.code}</abbr>
                      <span className="govuk-visually-hidden"> {titleOf.get(cell.code)}</span>
                    </>
                  ),
                },
                {
                  text: (
                    <BandMove
                      report={report}
                      then={{ band: cell.earlier.effectiveBand, percent: cell.earlier.percent, moderated: cell.earlier.moderated }}
                      now={{ band: cell.later.effectiveBand, percent: cell.later.percent, moderated: cell.later.moderated }}
                    />
                  ),
                },
                { text: formatDelta(cell.delta), format: "numeric" },
                { text: <MovementTag movement={cell.movement} bandChange={cell.bandChange} /> },
              ])}
            />
          </TableRegion>
        </section>
      ))}

      <h2 className="govuk-heading-m">Agencies in one cycle only</h2>
      {report.singleCycleAgencies.length === 0 ? (
        <p className="govuk-body">Every agency with a submitted return took part in both cycles.</p>
      ) : (
        <TableRegion label="Agencies in one cycle only">
          <Table
            caption={`Agencies with a submitted return in one cycle only (n = ${report.singleCycleAgencies.length}): not in the comparison`}
            captionSize="s"
            firstCellIsHeader
            head={[{ text: "Agency" }, { text: "Submitted in" }, { text: "Overall score" }, { text: "In the other cycle" }]}
            rows={report.singleCycleAgencies.map((entry) => {
              const other = entry.cycle === "earlier" ? now : then;
              return [
                { text: <AgencyName agency={entry.agency} /> },
                { text: entry.cycle === "earlier" ? then : now },
                {
                  text: (
                    <BandLabel
                      bands={entry.cycle === "earlier" ? earlier.bands : later.bands}
                      code={entry.overall.band}
                      percent={entry.overall.percent}
                      showPercent
                      unmetEssentials={entry.overall.unmetEssentials ?? 0}
                    />
                  ),
                },
                {
                  text:
                    entry.otherCycleStatus === null ? `Not part of ${other}` : `${returnStatusText(entry.otherCycleStatus)} in ${other}`,
                },
              ];
            })}
          />
        </TableRegion>
      )}

      <h2 className="govuk-heading-m">What is not comparable</h2>
      {report.notComparable.length === 0 ? (
        <p className="govuk-body">
          {earlier.tool.version === later.tool.version
            ? `Both cycles used version ${later.tool.version} of the tool, so every standard is compared with itself.`
            : `Every standard of version ${later.tool.version} is mapped to one of version ${earlier.tool.version}.`}
        </p>
      ) : (
        <TableRegion label="What is not comparable">
          <Table
            caption={`Standards not compared (n = ${report.notComparable.length})`}
            captionSize="s"
            firstCellIsHeader
            head={[{ text: "Standard" }, { text: "Version" }, { text: "Reason" }, { text: "Why" }]}
            rows={report.notComparable.map((entry) => [
              { text: `${entry.code} ${entry.title}` },
              { text: entry.version },
              { text: NOT_COMPARABLE_REASONS[entry.reason] },
              { text: entry.explanation },
            ])}
          />
        </TableRegion>
      )}
    </>
  );
}

function agencyCount(n: number): string {
  return `${n} ${n === 1 ? "agency" : "agencies"}`;
}

const NOT_COMPARABLE_REASONS = { added: "Added", removed: "Removed", unmapped: "Not mapped" } as const;

function AgencyName({ agency }: { agency: ReportAgency }) {
  return (
    <>
      {agency.name}
      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
        {agency.sectorSuppressed ? "Sector not shown (small group)" : SECTOR_LABELS[agency.sector]}
      </span>
    </>
  );
}

/** An agency's overall figure with its unmet essentials beside it, as every view of an overall says (DESIGN §5). */
function withUnmet(figure: string, unmetEssentials = 0) {
  const note = unmetEssentialsText(unmetEssentials);
  return note ? (
    <>
      {figure}
      <span className="govuk-body-s app-band-note">{note}</span>
    </>
  ) : (
    figure
  );
}
