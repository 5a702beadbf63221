import type { ReactNode } from "react";
import { BandLabel } from "~/components/band";
import { SummaryList, Table, Tag } from "~/components/govuk";
import { SECTOR_LABELS } from "~/domain/agency";
import { STATUS_COLOURS, STATUS_LABELS } from "~/domain/actions";
import { standardWord, type ActionCounts, type ActionsReport } from "~/domain/reports/actions";
import type { AnonymisedMark } from "~/domain/reports/anonymise-reports";
import { oneDecimal } from "~/domain/scoring";
import { formatDate } from "~/utils/form";

const COUNT_COLUMNS: { key: Exclude<keyof ActionCounts, "timeToClose">; text: string }[] = [
  { key: "total", text: "Actions" },
  { key: "open", text: "Open" },
  { key: "inProgress", text: "In progress" },
  { key: "done", text: "Done" },
  { key: "overdue", text: "Overdue" },
];

function days(value: number | null): string {
  if (value === null) return "None done";
  return `${oneDecimal(value)} ${value === 1 ? "day" : "days"}`;
}

function countCells(counts: ActionCounts) {
  return [
    ...COUNT_COLUMNS.map((column) => ({ text: String(counts[column.key]), format: "numeric" as const })),
    { text: days(counts.timeToClose.medianDays), format: "numeric" as const },
    { text: days(counts.timeToClose.longestDays), format: "numeric" as const },
  ];
}

const COUNT_HEAD = [
  ...COUNT_COLUMNS.map((column) => ({ text: column.text, format: "numeric" as const })),
  { text: "Median time to close", format: "numeric" as const },
  { text: "Longest time to close", format: "numeric" as const },
];

function Region({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-table-wrapper" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/**
 * The actions report laid out: open, overdue and done actions by agency, sector and standard, time to
 * close, and the ratings actions changed. The live page and the board's publication both use it.
 * `live` links each action to its page (the board cannot open actions). No arithmetic here.
 */
export function ActionsView({ report, live }: { report: ActionsReport & Partial<AnonymisedMark>; live: boolean }) {
  const { partnership } = report;
  const word = standardWord(report.tool);
  const agencyCell = (name: string, actionId: number) =>
    live ? (
      <a className="govuk-link" href={`/actions/${actionId}`}>
        {name}
      </a>
    ) : (
      name
    );
  return (
    <>
      <SummaryList
        rows={[
          {
            key: "Actions",
            value: `${partnership.total} (${partnership.open} open, ${partnership.inProgress} in progress, ${partnership.done} done)`,
          },
          { key: "Overdue", value: `${partnership.overdue} not done and past their due date` },
          {
            key: "Time to close",
            value:
              partnership.timeToClose.n === 0
                ? "No action is done yet"
                : `Median ${days(partnership.timeToClose.medianDays)}, longest ${days(partnership.timeToClose.longestDays)} (n = ${partnership.timeToClose.n} done)`,
          },
          { key: "Ratings changed after an action", value: String(report.ratingChanges.length) },
          { key: "As of", value: formatDate(report.today) },
        ]}
      />
      <p className="govuk-body">
        Overdue actions are open or in progress and past their due date. Time to close counts whole days from the day an action was written
        to the day it was marked done. The median of an even number is the mean of the two middle values.
        {report.anonymised
          ? ` Agencies are anonymised: what each action says and who owns it are not shown, and sectors with fewer than ${report.anonymised.minGroupSize} agencies are not named.`
          : ""}
      </p>
      {partnership.total === 0 ? (
        <p className="govuk-body">No actions have been written for this cycle yet.</p>
      ) : (
        <>
          <h2 className="govuk-heading-m">By agency</h2>
          <Region label="Actions by agency">
            <Table
              caption={`Actions by agency (n = ${report.agencies.length} agencies with actions)`}
              captionSize="s"
              firstCellIsHeader
              head={[{ text: "Agency" }, ...COUNT_HEAD]}
              rows={[
                ...report.agencies.map((row) => [{ text: row.agency.name }, ...countCells(row)]),
                [{ text: "All agencies" }, ...countCells(partnership)],
              ]}
            />
          </Region>
          <h2 className="govuk-heading-m">By sector</h2>
          <Region label="Actions by sector">
            <Table
              caption={`Actions by sector (n = ${report.sectors.length} sectors)`}
              captionSize="s"
              firstCellIsHeader
              head={[{ text: "Sector" }, ...COUNT_HEAD]}
              rows={report.sectors.map((row) => [{ text: SECTOR_LABELS[row.sector] }, ...countCells(row)])}
            />
          </Region>
          <h2 className="govuk-heading-m">By {word.singular}</h2>
          <Region label={`Actions by ${word.singular}`}>
            <Table
              caption={`Actions by ${word.singular} (n = ${report.standards.length} ${word.plural} with actions)`}
              captionSize="s"
              firstCellIsHeader
              head={[{ text: word.heading }, ...COUNT_HEAD]}
              rows={report.standards.map((row) => [{ text: word.name(row.code, row.title) }, ...countCells(row)])}
            />
          </Region>

          <h2 className="govuk-heading-m">Actions that changed a rating</h2>
          {report.ratingChanges.length === 0 ? (
            <p className="govuk-body">The QA subgroup has not re-rated a {word.singular} after a done action in this cycle.</p>
          ) : (
            <Region label="Actions that changed a rating">
              <Table
                caption={`${word.heading}s re-rated after a done action (n = ${report.ratingChanges.length})`}
                captionSize="s"
                firstCellIsHeader
                head={[
                  { text: "Agency" },
                  { text: word.heading },
                  { text: "Rating before → after" },
                  { text: "Re-rated" },
                  { text: "Reason" },
                ]}
                rows={report.ratingChanges.map((change) => [
                  { text: agencyCell(change.agency.name, change.actionId) },
                  { text: word.name(change.standardCode, change.standardTitle) },
                  {
                    text: (
                      <>
                        <BandLabel bands={report.bands} code={change.before} />
                        <span aria-hidden="true"> → </span>
                        <span className="govuk-visually-hidden"> to </span>
                        <BandLabel bands={report.bands} code={change.after} />
                        {change.direction
                          ? ` (${change.direction === "higher" ? "higher" : change.direction === "lower" ? "lower" : "same band"})`
                          : null}
                      </>
                    ),
                  },
                  { text: formatDate(change.reratedOn) },
                  { text: report.anonymised ? "Not shown" : change.rationale },
                ])}
              />
            </Region>
          )}

          <h2 className="govuk-heading-m">Every action</h2>
          <Region label="Every action">
            <Table
              caption={`Actions, overdue first (n = ${report.actions.length})`}
              captionSize="s"
              firstCellIsHeader
              head={[
                { text: "Agency" },
                { text: word.heading },
                { text: "Action" },
                { text: "Status" },
                { text: "Due" },
                { text: "Days overdue", format: "numeric" },
                { text: "Days to close", format: "numeric" },
              ]}
              rows={report.actions.map((row) => [
                { text: agencyCell(row.agency.name, row.id) },
                { text: word.short(row.standardCode, row.standardTitle) },
                { text: report.anonymised ? "Not shown" : row.description },
                {
                  text: (
                    <>
                      <Tag colour={STATUS_COLOURS[row.status]}>{STATUS_LABELS[row.status]}</Tag>
                      {row.overdue ? (
                        <>
                          {" "}
                          <Tag colour="red">Overdue</Tag>
                        </>
                      ) : null}
                    </>
                  ),
                },
                { text: formatDate(row.dueOn) },
                { text: row.overdue ? String(row.daysOverdue) : "", format: "numeric" },
                { text: row.daysToClose === null ? "" : String(row.daysToClose), format: "numeric" },
              ])}
            />
          </Region>
        </>
      )}
    </>
  );
}
