import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ReactNode } from "react";
import { data } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { BandLabel } from "~/components/band";
import { BackLink, Button, ErrorSummary, Input, Select, SummaryList, Table, Tag, type TagColour } from "~/components/govuk";
import { returnStatusText } from "~/components/status";
import { getComparisonReport, listComparableCycles } from "~/data/comparison.server";
import { getCycle } from "~/data/cycles.server";
import { getDb } from "~/data/db.server";
import { SECTOR_LABELS } from "~/domain/agency";
import { isAgencyRole } from "~/domain/permissions";
import {
  DEFAULT_MOVEMENT_THRESHOLD,
  MOVEMENT_LABELS,
  formatDelta,
  type ComparisonReport,
  type ComparisonStandardSummary,
  type Movement,
} from "~/domain/reports/comparison";
import { formatPercent } from "~/domain/scoring";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const title = pageTitle(data ? `Comparison report: ${data.cycle.title}` : "Comparison report");
  return [{ title: data?.errors ? `Error: ${title}` : title }];
};

/** The GET form: which earlier cycle, and the threshold in whole percentage points (1–50). */
const QuerySchema = z.object({
  against: z.string().regex(/^[1-9]\d{0,9}$/, "Select an earlier cycle to compare with").transform(Number).optional(),
  threshold: z
    .string()
    .trim()
    .min(1, "Enter the threshold for improved or declined")
    .regex(/^\d+$/, "Enter the threshold as a whole number of percentage points, like 5")
    .transform(Number)
    .pipe(z.number().min(1, "The threshold must be between 1 and 50 percentage points").max(50, "The threshold must be between 1 and 50 percentage points"))
    .optional(),
});

type FieldErrors = { against?: string; threshold?: string };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "agency_lead", "agency_member"]);
  const db = getDb();
  const cycle = await getCycle(db, viewer, requireId(params.cycleId));
  const options = cycle ? await listComparableCycles(db, viewer, cycle.id) : null;
  if (!cycle || !options) notFound();

  const search = new URL(request.url).searchParams;
  const raw = { against: search.get("against") ?? undefined, threshold: search.get("threshold") ?? undefined };
  const page = {
    cycle: { id: cycle.id, title: cycle.title, toolTitle: cycle.toolTitle, toolVersion: cycle.toolVersion },
    options,
    ownAgencyOnly: isAgencyRole(viewer.role),
    values: { against: raw.against ?? String((options.find((option) => option.isBaseline) ?? options[0])?.id ?? ""), threshold: raw.threshold ?? String(DEFAULT_MOVEMENT_THRESHOLD) },
  };
  if (options.length === 0) return { ...page, errors: null, report: null };

  const parsed = QuerySchema.safeParse(raw);
  const errors: FieldErrors = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path[0] as keyof FieldErrors] ??= issue.message;
  const againstId = parsed.success ? (parsed.data.against ?? Number(page.values.against)) : null;
  if (againstId !== null && !options.some((option) => option.id === againstId)) errors.against = "Select an earlier cycle of this audit tool from the list";
  if (Object.keys(errors).length > 0 || !parsed.success || againstId === null) return data({ ...page, errors, report: null }, { status: 400 });

  const result = await getComparisonReport(db, viewer, againstId, cycle.id, { threshold: parsed.data.threshold ?? DEFAULT_MOVEMENT_THRESHOLD });
  if (!result) notFound();
  if (!result.ok) return data({ ...page, errors: { against: result.message } as FieldErrors, report: null }, { status: 400 });
  return { ...page, errors: null, report: result.report };
}

export default function ComparisonReportPage() {
  const { cycle, options, ownAgencyOnly, values, errors, report } = useLoaderData<typeof loader>();
  const errorList = errors ? (["against", "threshold"] as const).filter((field) => errors[field]).map((field) => ({ href: `#${field}`, text: errors[field]! })) : [];
  return (
    <>
      <BackLink href={ownAgencyOnly ? "/returns" : `/cycles/${cycle.id}`}>Back</BackLink>
      {errorList.length > 0 ? <ErrorSummary errors={errorList} /> : null}
      <span className="govuk-caption-l">
        {cycle.toolTitle}, version {cycle.toolVersion}
      </span>
      <h1 className="govuk-heading-l">Comparison report: {cycle.title}</h1>
      {ownAgencyOnly ? <p className="govuk-body">This view shows your own agency only.</p> : null}

      {options.length === 0 ? (
        <p className="govuk-body">There is no earlier cycle of this audit tool to compare with yet.</p>
      ) : (
        <Form method="get" noValidate className="app-no-print">
          <Select
            name="against"
            label="Compare with"
            hint={`Earlier cycles of ${cycle.toolTitle}`}
            error={errors?.against}
            defaultValue={values.against}
            items={options.map((option) => ({ value: String(option.id), text: `${option.title}${option.isBaseline ? " (baseline)" : ""}, version ${option.toolVersion}` }))}
          />
          <Input
            name="threshold"
            label="Threshold for improved or declined"
            hint="A change of at least this many percentage points, up or down, counts as improved or declined. Enter a whole number from 1 to 50."
            error={errors?.threshold}
            defaultValue={values.threshold}
            inputMode="numeric"
            spellCheck={false}
            width={3}
            suffix="points"
          />
          <Button>Compare</Button>
        </Form>
      )}

      {report ? <ComparisonView report={report} ownAgencyOnly={ownAgencyOnly} /> : null}
    </>
  );
}

const MOVEMENT_COLOURS: Record<Movement, TagColour> = { improved: "green", stable: "grey", declined: "red" };

/** The movement in words on a tag: the word carries the meaning, the colour repeats it. */
function MovementTag({ movement }: { movement: Movement | null }) {
  if (movement === null) return <span className="govuk-body-s">Not compared</span>;
  return <Tag colour={MOVEMENT_COLOURS[movement]}>{MOVEMENT_LABELS[movement]}</Tag>;
}

/** "Mostly met (62%) → Fully met (88%)", read aloud as "… to …". */
function BandMove({ report, then, now }: { report: ComparisonReport; then: { band: string | null; percent: number | null; moderated?: boolean }; now: { band: string | null; percent: number | null; moderated?: boolean } }) {
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

function MovedStandards({ heading, rule, standards, report }: { heading: string; rule: string; standards: ComparisonStandardSummary[]; report: ComparisonReport }) {
  return (
    <>
      <h2 className="govuk-heading-m">{heading}</h2>
      {standards.length === 0 ? (
        <p className="govuk-body">No standard has a median change of {rule}.</p>
      ) : (
        <Table
          caption={`${heading}: median change of ${rule} (n = ${agencyCount(report.summary.agenciesInBoth)} in both cycles)`}
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Standard" }, { text: "Agencies (n)", format: "numeric" }, { text: "Median change", format: "numeric" }]}
          rows={standards.map((standard) => [
            { text: `${standard.code} ${standard.title}` },
            { text: String(standard.n), format: "numeric" },
            { text: formatDelta(standard.medianDelta), format: "numeric" },
          ])}
        />
      )}
    </>
  );
}

/** The comparison report laid out. No arithmetic here (STYLE.md): every number comes from the model. */
function ComparisonView({ report, ownAgencyOnly }: { report: ComparisonReport; ownAgencyOnly: boolean }) {
  const { earlier, later, summary, threshold } = report;
  const then = earlier.cycle.title;
  const now = later.cycle.title;
  const titleOf = new Map(report.standards.map((standard) => [standard.code, standard.title]));
  return (
    <>
      <h2 className="govuk-heading-m">Summary</h2>
      <SummaryList
        rows={[
          { key: "Compared", value: `${then} (version ${earlier.tool.version}) with ${now} (version ${later.tool.version})` },
          { key: "Agencies in both cycles", value: String(summary.agenciesInBoth) },
          { key: "Agencies in one cycle only", value: `${summary.onlyEarlier} in ${then} only, ${summary.onlyLater} in ${now} only` },
          { key: "Standards compared", value: `${summary.comparableStandards} (${summary.notComparableStandards} not comparable)` },
          { key: "Threshold", value: `${threshold} percentage points: a change of +${threshold} or more is improved, \u2212${threshold} or less is declined` },
          {
            key: "Standard ratings of agencies in both cycles",
            value: `${summary.cells.improved} improved, ${summary.cells.stable} stable, ${summary.cells.declined} declined, ${summary.cells.notScored} not scored in both cycles`,
          },
          {
            key: "Median overall score",
            value: `${formatPercent(report.partnership.earlierMedian)} in ${then}, ${formatPercent(report.partnership.laterMedian)} in ${now} (median change ${formatDelta(report.partnership.medianDelta)}, n = ${report.partnership.n})`,
          },
        ]}
      />
      <p className="govuk-body">
        Changes are in percentage points (the later score minus the earlier), worked out from unrounded scores and then rounded to whole
        numbers, so a change can differ by a point from the difference of the rounded scores. Medians and counts cover only the agencies
        with a submitted return in both cycles, so a change in who took part does not look like improvement. The median change is the
        middle of the agencies&apos; own changes, so it need not equal the difference between the two medians. The median of an even
        number of agencies is the mean of the two middle values. Ratings are effective ratings: the QA subgroup&apos;s moderated rating where
        there is one, otherwise the computed band.
      </p>

      <MovedStandards heading="Most improved standards" rule={`+${threshold} points or more`} standards={report.mostImproved} report={report} />
      <MovedStandards heading="Most declined standards" rule={`\u2212${threshold} points or less`} standards={report.mostDeclined} report={report} />

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
              { text: `${standard.code} ${standard.title}${standard.earlierCode !== standard.code ? ` (was ${standard.earlierCode})` : ""}` },
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
          head={[{ text: "Group" }, { text: "Agencies (n)", format: "numeric" }, { text: then, format: "numeric" }, { text: now, format: "numeric" }, { text: "Median change", format: "numeric" }]}
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

      <h2 className="govuk-heading-m">Change by agency and standard</h2>
      {report.agencies.map((row) => (
        <section key={row.agency.id} aria-labelledby={`agency-${row.agency.id}`}>
          <h3 className="govuk-heading-s" id={`agency-${row.agency.id}`}>
            {row.agency.name}
          </h3>
          <TableRegion label={`${row.agency.name}: change by standard`}>
            <Table
              caption={`${row.agency.name}: effective rating by standard (n = ${row.standards.length} comparable standards)`}
              captionSize="s"
              firstCellIsHeader
              head={[{ text: "Standard" }, { text: `Effective rating, ${then} → ${now}` }, { text: "Change", format: "numeric" }, { text: "Movement" }]}
              rows={row.standards.map((cell) => [
                {
                  text: (
                    <>
                      <abbr title={titleOf.get(cell.code)}>{cell.code}</abbr>
                      <span className="govuk-visually-hidden"> {titleOf.get(cell.code)}</span>
                    </>
                  ),
                },
                { text: <BandMove report={report} then={{ band: cell.earlier.effectiveBand, percent: cell.earlier.percent, moderated: cell.earlier.moderated }} now={{ band: cell.later.effectiveBand, percent: cell.later.percent, moderated: cell.later.moderated }} /> },
                { text: formatDelta(cell.delta), format: "numeric" },
                { text: <MovementTag movement={cell.movement} /> },
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
                { text: <BandLabel bands={entry.cycle === "earlier" ? earlier.bands : later.bands} code={entry.overall.band} percent={entry.overall.percent} showPercent /> },
                { text: entry.otherCycleStatus === null ? `Not part of ${other}` : `${returnStatusText(entry.otherCycleStatus)} in ${other}` },
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

function AgencyName({ agency }: { agency: { name: string; sector: keyof typeof SECTOR_LABELS } }) {
  return (
    <>
      {agency.name}
      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{SECTOR_LABELS[agency.sector]}</span>
    </>
  );
}
