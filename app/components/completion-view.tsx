import { ReturnStatusTag } from "~/components/status";
import { SummaryList, Table, Tag } from "~/components/govuk";
import { SECTOR_LABELS } from "~/domain/agency";
import type { AnonymisedMark } from "~/domain/reports/anonymise-reports";
import type { CompletionCounts, CompletionReport } from "~/domain/reports/completion";
import { formatDate } from "~/utils/form";

const COLUMNS: { key: keyof CompletionCounts; text: string }[] = [
  { key: "assigned", text: "Assigned" },
  { key: "notStarted", text: "Not started" },
  { key: "inProgress", text: "In progress" },
  { key: "onTime", text: "Submitted on time" },
  { key: "late", text: "Submitted late" },
  { key: "overdue", text: "Overdue" },
  { key: "missing", text: "Missing" },
];

/** Completion of one cycle by sector and the returns not yet submitted; the live page and the board's publication both use it. */
export function CompletionView({ report }: { report: CompletionReport & Partial<AnonymisedMark> }) {
  const { cycle } = report;
  return (
    <>
      <SummaryList
        rows={[
          { key: "Due", value: formatDate(cycle.dueOn) },
          { key: "Final deadline", value: cycle.finalDeadlineOn ? formatDate(cycle.finalDeadlineOn) : "None set" },
          { key: "As of", value: formatDate(report.today) },
        ]}
      />
      <p className="govuk-body">
        Late: submitted after the due date. Overdue: not yet submitted, past the due date. Missing: not submitted by the final deadline, or
        by the time the cycle closed.
      </p>
      <div className="app-table-wrapper" role="region" aria-label="Completion by sector" tabIndex={0}>
        <Table
          caption={`Returns by sector (n = ${report.partnership.assigned})`}
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Sector" }, ...COLUMNS.map((column) => ({ text: column.text, format: "numeric" as const }))]}
          rows={[
            ...report.sectors.map((row) => [
              { text: SECTOR_LABELS[row.sector] },
              ...COLUMNS.map((column) => ({ text: String(row[column.key]), format: "numeric" as const })),
            ]),
            [
              { text: "All agencies" },
              ...COLUMNS.map((column) => ({ text: String(report.partnership[column.key]), format: "numeric" as const })),
            ],
          ]}
        />
      </div>
      <h2 className="govuk-heading-m">Not yet submitted</h2>
      {report.outstanding.length === 0 ? (
        <p className="govuk-body">Every return has been submitted.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Returns not yet submitted" tabIndex={0}>
          <Table
            caption={`${report.outstanding.length} returns not yet submitted`}
            captionSize="s"
            firstCellIsHeader
            head={[{ text: "Agency" }, { text: "Sector" }, { text: "Status" }, { text: "Days past the due date", format: "numeric" }]}
            rows={report.outstanding.map((row) => [
              { text: row.agency.name },
              { text: SECTOR_LABELS[row.agency.sector] },
              // Publications frozen before `due` and `missing` existed read as before: a status and a number.
              { text: row.missing === true ? <Tag colour="red">Missing</Tag> : <ReturnStatusTag status={row.status} /> },
              { text: row.due === false ? "Not yet due" : String(row.daysOverdue), format: "numeric" },
            ])}
          />
        </div>
      )}
      <h2 className="govuk-heading-m">Submitted late</h2>
      {report.lateSubmissions.length === 0 ? (
        <p className="govuk-body">No return was submitted after the due date.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Returns submitted late" tabIndex={0}>
          <Table
            caption={`Returns submitted after the due date (n = ${report.lateSubmissions.length})`}
            captionSize="s"
            firstCellIsHeader
            head={[{ text: "Agency" }, { text: "Sector" }, { text: "Submitted" }, { text: "Days late", format: "numeric" }]}
            rows={report.lateSubmissions.map((row) => [
              { text: row.agency.name },
              { text: SECTOR_LABELS[row.agency.sector] },
              { text: formatDate(row.submittedOn) },
              { text: String(row.daysLate), format: "numeric" },
            ])}
          />
        </div>
      )}
      {report.anonymised ? (
        <p className="govuk-body">
          Agencies are anonymised; sectors with fewer than {report.anonymised.minGroupSize} agencies are not shown.
        </p>
      ) : null}
    </>
  );
}
