import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, SummaryList, Table } from "~/components/govuk";
import { ReturnStatusTag } from "~/components/status";
import { getCompletionReport } from "~/data/completion.server";
import { getDb } from "~/data/db.server";
import { SECTOR_LABELS } from "~/domain/agency";
import type { CompletionCounts } from "~/domain/reports/completion";
import { formatDate } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Completion: ${data.report.cycle.title}` : "Completion") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const report = await getCompletionReport(getDb(), viewer, requireId(params.cycleId));
  if (!report) notFound();
  return { report };
}

const COLUMNS: { key: keyof CompletionCounts; text: string }[] = [
  { key: "assigned", text: "Assigned" },
  { key: "notStarted", text: "Not started" },
  { key: "inProgress", text: "In progress" },
  { key: "onTime", text: "Submitted on time" },
  { key: "late", text: "Submitted late" },
  { key: "overdue", text: "Overdue" },
  { key: "missing", text: "Missing" },
];

/** Who has submitted, who is late and who is missing: the business office's chase list. */
export default function CompletionPage() {
  const { report } = useLoaderData<typeof loader>();
  const { cycle } = report;
  return (
    <>
      <BackLink href={`/cycles/${cycle.id}`}>Back to the cycle</BackLink>
      <span className="govuk-caption-l">{cycle.title}</span>
      <h1 className="govuk-heading-l">Completion</h1>
      <SummaryList
        rows={[
          { key: "Due", value: formatDate(cycle.dueOn) },
          { key: "Final deadline", value: cycle.finalDeadlineOn ? formatDate(cycle.finalDeadlineOn) : "None set" },
          { key: "As of", value: formatDate(report.today) },
        ]}
      />
      <p className="govuk-body">
        Late: submitted after the due date. Overdue: not yet submitted, past the due date. Missing: not submitted by the final deadline, or by the time the cycle closed.
      </p>
      <div className="app-table-wrapper" role="region" aria-label="Completion by sector" tabIndex={0}>
        <Table
          caption={`Returns by sector (n = ${report.partnership.assigned})`}
          captionSize="s"
          firstCellIsHeader
          head={[{ text: "Sector" }, ...COLUMNS.map((column) => ({ text: column.text, format: "numeric" as const }))]}
          rows={[
            ...report.sectors.map((row) => [{ text: SECTOR_LABELS[row.sector] }, ...COLUMNS.map((column) => ({ text: String(row[column.key]), format: "numeric" as const }))]),
            [{ text: "All agencies" }, ...COLUMNS.map((column) => ({ text: String(report.partnership[column.key]), format: "numeric" as const }))],
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
              { text: <ReturnStatusTag status={row.status} /> },
              { text: String(row.daysOverdue), format: "numeric" },
            ])}
          />
        </div>
      )}
    </>
  );
}
