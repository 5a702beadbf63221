import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { requireRole } from "~/auth/session.server";
import { BandLabel } from "~/components/band";
import {
  BackLink,
  Button,
  Checkboxes,
  Details,
  ErrorSummary,
  NotificationBanner,
  Pagination,
  SummaryList,
  Table,
  Tag,
  type TableCell,
} from "~/components/govuk";
import { CycleStatusTag, ReturnStatusTag, returnStatusText } from "~/components/status";
import { listComparableCycles } from "~/data/reports/comparison.server";
import { getReturnDueDate } from "~/data/due-dates.server";
import { listCycleDashboard } from "~/data/cycle-dashboard.server";
import { closeCycle, getCycle, openCycle } from "~/data/cycles.server";
import { getDb } from "~/data/db.server";
import { getAssuranceReport } from "~/data/reports/assurance.server";
import { listCycleSurveys, staffEvidenceSurvey } from "~/data/practitioner.server";
import { listCycleReturns, returnIdsByAgency } from "~/data/returns.server";
import { getTool } from "~/data/tools.server";
import { SECTOR_LABELS } from "~/domain/agency";
import {
  DEFAULT_DASHBOARD_QUERY,
  ariaSort,
  dashboardSearch,
  pageNumbers,
  parseDashboardQuery,
  sortLink,
  type DashboardQuery,
  type DashboardSort,
} from "~/domain/cycle-dashboard";
import { canManagePartnership, AGENCY_RECORD_READERS, RETURN_STATUSES, isAgencyRole } from "~/domain/permissions";
import { SECTORS } from "~/domain/tool-schema";
import { formatDate, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.cycle.title ?? "Cycle") }];

/** Agencies with staff-evidence gaps listed on the dashboard, most gaps first. */
const STAFF_GAPS_SHOWN = 10;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, AGENCY_RECORD_READERS);
  const db = getDb();
  // getCycle scopes an agency to the cycles it has a return in: any other cycle is not found (DESIGN §7).
  const cycle = await getCycle(db, viewer, requireId(params.cycleId));
  if (!cycle) notFound();
  if (isAgencyRole(viewer.role)) {
    const [ownReturn] = await listCycleReturns(db, viewer, cycle.id);
    return {
      view: "agency" as const,
      cycle,
      ownReturn: ownReturn
        ? {
            id: ownReturn.id,
            status: ownReturn.status,
            dueOn: ownReturn.dueOn,
            extended: ownReturn.extension !== null,
            submittedAt: ownReturn.submittedAt,
            late: ownReturn.late,
          }
        : null,
      canCompare: ((await listComparableCycles(db, viewer, cycle.id)) ?? []).length > 0,
      // The lead shares the practitioner survey's link; contributors have no part in it (DESIGN §7).
      surveys:
        viewer.role === "agency_lead"
          ? (await listCycleSurveys(db, viewer, cycle.id)).map((survey) => ({
              id: survey.id,
              title: survey.tool.title,
              state: survey.state,
            }))
          : [],
    };
  }
  const tool = await getTool(db, cycle.toolId);
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  const dashboard = cycle.status === "draft" ? null : await listCycleDashboard(db, viewer, cycle, query);
  const surveys = await listCycleSurveys(db, viewer, cycle.id);
  // Staff-evidence gaps (DESIGN §11): every standard an agency rated above what its staff say, from the latest survey.
  const assurance = surveys.length > 0 ? await getAssuranceReport(db, viewer, cycle.id) : null;
  const allStaffGaps = (assurance?.agencies ?? [])
    .filter((row) => row.staffGaps > 0)
    .map((row) => ({
      agencyId: row.agency.id,
      agencyName: row.agency.name,
      standards: row.standards.filter((cell) => cell.gaps.includes("staff")).map((cell) => cell.code),
    }))
    .sort((a, b) => b.standards.length - a.standards.length || a.agencyName.localeCompare(b.agencyName));
  // The agencies with the most gaps; the assurance report lists every one (a county has hundreds of agencies).
  const shownGaps = allStaffGaps.slice(0, STAFF_GAPS_SHOWN);
  const returnOf = await returnIdsByAgency(
    db,
    viewer,
    cycle.id,
    shownGaps.map((gap) => gap.agencyId),
  );
  const staffGaps = shownGaps.map(({ agencyName, standards, agencyId }) => ({
    agencyName,
    returnId: returnOf.get(agencyId) ?? null,
    standards,
  }));
  const moreStaffGaps = allStaffGaps.length - staffGaps.length;
  const staffSurvey = staffEvidenceSurvey(surveys);
  const extendedId = Number(new URL(request.url).searchParams.get("extended"));
  const extended = Number.isSafeInteger(extendedId) && extendedId > 0 ? await getReturnDueDate(db, viewer, extendedId) : null;
  return {
    view: "partnership" as const,
    extendedAgency: extended?.cycleId === cycle.id ? extended.agencyName : null,
    cycle,
    query,
    dashboard,
    standardCount: tool?.definition.standards.length ?? 0,
    canManage: canManagePartnership(viewer),
    isQa: viewer.role === "qa",
    // The survey the gaps come from (the one getCycleStaffResults reads).
    survey: staffSurvey
      ? { id: staffSurvey.id, state: staffSurvey.state, responses: staffSurvey.responses, closesOn: staffSurvey.closesOn }
      : null,
    staffGaps,
    moreStaffGaps,
    canCompare: ((await listComparableCycles(db, viewer, cycle.id)) ?? []).length > 0,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const id = requireId(params.cycleId);
  if (!(await getCycle(getDb(), viewer, id))) notFound();
  const form = await readForm(request);
  const intent = form.get("_intent");
  if (intent === "close") {
    const closed = await closeCycle(getDb(), viewer.id, id);
    if (!closed.ok) return data({ error: closed.message }, { status: 409 });
    return redirect(`/cycles/${id}?closed=1`);
  }
  if (intent !== "open") return data({ error: "Choose an action from the page" }, { status: 400 });
  const result = await openCycle(getDb(), viewer.id, id);
  if (!result.ok) return data({ error: result.message }, { status: 409 });
  return redirect(`/cycles/${id}?opened=${result.created}`);
}

/** The agency's due date: extended ones say so, and the business office can change it. */
function DueCell({
  entry,
  canChange,
}: {
  entry: { returnId: number; agencyName: string; dueOn: string; extended: boolean };
  canChange: boolean;
}) {
  return (
    <>
      {formatDate(entry.dueOn)}
      {entry.extended ? " (extended)" : null}
      {canChange ? (
        <>
          <br />
          <a className="govuk-link" href={`/returns/${entry.returnId}/due-date`}>
            Change<span className="govuk-visually-hidden"> the due date for {entry.agencyName}</span>
          </a>
        </>
      ) : null}
    </>
  );
}

function selectionText(selection: { all?: true; sectors?: string[]; agencyIds?: number[] }): string {
  if (selection.sectors) return selection.sectors.map((sector) => SECTOR_LABELS[sector as keyof typeof SECTOR_LABELS] ?? sector).join(", ");
  if (selection.agencyIds) return `${selection.agencyIds.length} chosen agencies`;
  return "All agencies";
}

const COLUMNS: { sort: DashboardSort; text: string; numeric?: boolean }[] = [
  { sort: "agency", text: "Agency" },
  { sort: "sector", text: "Sector" },
  { sort: "status", text: "Status" },
  { sort: "submitted", text: "Submitted" },
  { sort: "overall", text: "Overall score" },
  { sort: "moderated", text: "Moderated", numeric: true },
  { sort: "gap", text: "Self-rated above", numeric: true },
  { sort: "challenges", text: "Open challenges", numeric: true },
  { sort: "actions", text: "Open actions", numeric: true },
];

/** A column heading that sorts the table by its column (a link, so it works without JavaScript). */
function sortHeading(query: DashboardQuery, column: (typeof COLUMNS)[number]): TableCell {
  const sorted = ariaSort(query, column.sort);
  return {
    text: (
      <a className="govuk-link" href={sortLink(query, column.sort)}>
        {column.text}
        {sorted === "none" ? null : <span aria-hidden="true">{sorted === "ascending" ? " ▲" : " ▼"}</span>}
      </a>
    ),
    format: column.numeric ? "numeric" : undefined,
    ariaSort: sorted,
  };
}

function count(n: number | null): string {
  return n === null ? "–" : String(n);
}

export default function CyclePage() {
  const data = useLoaderData<typeof loader>();
  return data.view === "agency" ? <AgencyCycle {...data} /> : <PartnershipCycle {...data} />;
}

/**
 * An agency's own view of a cycle (DESIGN §7, "own agency read"): the cycle's dates and tool, the
 * agency's own return and the reports it may see. Nothing of other agencies, no business-office controls.
 */
function AgencyCycle({ cycle, ownReturn, canCompare, surveys }: Extract<SerializeFrom<typeof loader>, { view: "agency" }>) {
  return (
    <>
      <BackLink href={cycle.caseAuditId === null ? "/cycles" : `/case-audits/${cycle.caseAuditId}`}>
        {cycle.caseAuditId === null ? "Back to cycles" : "Back to the case audit"}
      </BackLink>
      <span className="govuk-caption-l">{cycle.toolTitle}</span>
      <h1 className="govuk-heading-l">{cycle.title}</h1>
      <CaseAuditNote caseAuditId={cycle.caseAuditId} />
      <SummaryList
        rows={[
          { key: "Status", value: <CycleStatusTag status={cycle.status} /> },
          {
            key: "Tool",
            value: (
              <>
                <a className="govuk-link" href={`/tools/${cycle.toolId}`}>{`${cycle.toolTitle} (version ${cycle.toolVersion})`}</a>
                <br />
                <a className="govuk-link" href={`/tools/${cycle.toolId}/print`}>
                  Print a blank copy
                </a>
              </>
            ),
          },
          { key: "Opens", value: formatDate(cycle.opensOn) },
          {
            key: "Due",
            value: ownReturn
              ? `${formatDate(ownReturn.dueOn)}${ownReturn.extended ? " (extended for your agency)" : ""}`
              : formatDate(cycle.dueOn),
          },
          { key: "Final deadline", value: cycle.finalDeadlineOn ? formatDate(cycle.finalDeadlineOn) : "None set" },
        ]}
      />
      {ownReturn ? (
        <>
          <h2 className="govuk-heading-m">Your agency's return</h2>
          <SummaryList
            rows={[
              {
                key: "Status",
                value: (
                  <span className="app-status-cell">
                    <ReturnStatusTag status={ownReturn.status} />
                    {ownReturn.late ? <Tag colour="orange">Late</Tag> : null}
                  </span>
                ),
              },
              { key: "Submitted", value: ownReturn.submittedAt ? formatDate(ownReturn.submittedAt) : "Not yet" },
            ]}
          />
          <p className="govuk-body">
            <a className="govuk-link" href={`/returns/${ownReturn.id}`}>
              Open your return
            </a>
          </p>
        </>
      ) : null}
      {cycle.status !== "draft" ? (
        <>
          <h2 className="govuk-heading-m">Reports</h2>
          <ul className="govuk-list">
            <li>
              <a className="govuk-link" href={`/cycles/${cycle.id}/baseline`}>
                Your agency's baseline report
              </a>
            </li>
            {canCompare ? (
              <li>
                <a className="govuk-link" href={`/cycles/${cycle.id}/comparison`}>
                  Compare with an earlier cycle
                </a>
              </li>
            ) : null}
            <li>
              <a className="govuk-link" href={`/cycles/${cycle.id}/trend`}>
                Trend across cycles
              </a>
            </li>
          </ul>
        </>
      ) : null}
      {surveys.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Practitioner survey</h2>
          <ul className="govuk-list">
            {surveys.map((survey) => (
              <li key={survey.id}>
                <a className="govuk-link" href={`/practitioner-surveys/${survey.id}`}>{`${survey.title}: your staff link and results`}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function PartnershipCycle({
  cycle,
  query,
  dashboard,
  standardCount,
  canManage,
  isQa,
  canCompare,
  extendedAgency,
  survey,
  staffGaps,
  moreStaffGaps,
}: Extract<SerializeFrom<typeof loader>, { view: "partnership" }>) {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  useErrorTitle(Boolean(actionData?.error));
  const filtered = query.sectors.length + query.statuses.length + query.flags.length > 0;
  const href = (changes: Partial<DashboardQuery>) => `/cycles/${cycle.id}${dashboardSearch({ ...query, ...changes })}`;
  return (
    <>
      <BackLink href="/cycles">Back to cycles</BackLink>
      {actionData?.error ? <ErrorSummary errors={[{ text: actionData.error }]} /> : null}
      {params.has("created") ? <NotificationBanner type="success" heading="Cycle created as a draft" /> : null}
      {params.has("opened") ? (
        <NotificationBanner type="success" heading={`Cycle opened: ${params.get("opened")} returns created`} />
      ) : null}
      {params.has("closed") ? <NotificationBanner type="success" heading="Cycle closed: returns not submitted are now missing" /> : null}
      {params.has("extended") ? (
        <NotificationBanner type="success" heading={`Due date changed for ${extendedAgency ?? "the agency"}`} />
      ) : null}
      <span className="govuk-caption-l">{cycle.toolTitle}</span>
      <h1 className="govuk-heading-l">{cycle.title}</h1>
      <CaseAuditNote caseAuditId={cycle.caseAuditId} />
      <SummaryList
        rows={[
          { key: "Status", value: <CycleStatusTag status={cycle.status} /> },
          { key: "Tool", value: `${cycle.toolTitle} (version ${cycle.toolVersion})` },
          { key: "Opens", value: formatDate(cycle.opensOn) },
          { key: "Due", value: formatDate(cycle.dueOn) },
          { key: "Final deadline", value: cycle.finalDeadlineOn ? formatDate(cycle.finalDeadlineOn) : "None set" },
          { key: "Agencies", value: selectionText(cycle.selection) },
        ]}
      />
      {cycle.status === "draft" && canManage ? (
        <Form method="post">
          <p className="govuk-body">
            Opening the cycle creates a return for every agency it covers. Agencies can then start their returns.
          </p>
          <Button name="_intent" value="open">
            Open this cycle
          </Button>
        </Form>
      ) : null}
      {dashboard ? (
        <>
          <h2 className="govuk-heading-m">Returns</h2>
          <p className="govuk-body">
            {dashboard.counts.byStatus.submitted + dashboard.counts.byStatus.returned + dashboard.counts.byStatus.validated} of{" "}
            {dashboard.counts.all} submitted.{" "}
            <a className="govuk-link" href={`/cycles/${cycle.id}/baseline`}>
              View the baseline report
            </a>
            {canCompare ? (
              <>
                {" "}
                or{" "}
                <a className="govuk-link" href={`/cycles/${cycle.id}/comparison`}>
                  compare with an earlier cycle
                </a>
              </>
            ) : null}
            {" · "}
            <a className="govuk-link" href={`/cycles/${cycle.id}/completion`}>
              Completion and late returns
            </a>
            {" · "}
            <a className="govuk-link" href={`/cycles/${cycle.id}/actions-report`}>
              Actions report
            </a>
            {" · "}
            <a className="govuk-link" href={`/cycles/${cycle.id}/trend`}>
              Trend across cycles
            </a>
            {" · "}
            <a className="govuk-link" href={`/cycles/${cycle.id}/assurance`}>
              Assurance
            </a>
            {" · "}
            <a className="govuk-link" href={`/cycles/${cycle.id}/practitioner`}>
              Practitioner survey
            </a>
          </p>
          {survey ? (
            <>
              <h2 className="govuk-heading-m">Staff-evidence gaps</h2>
              <p className="govuk-body">
                From the{" "}
                <a className="govuk-link" href={`/practitioner-surveys/${survey.id}`}>
                  practitioner survey
                </a>{" "}
                ({survey.responses} {survey.responses === 1 ? "response" : "responses"}): standards an agency rated above the band its own
                staff's answers fall in.
              </p>
              {survey.state !== "closed" ? (
                <p className="govuk-body">
                  The survey is open until {formatDate(survey.closesOn)}: its figures, and any staff-evidence gaps, show once it closes.
                </p>
              ) : staffGaps.length === 0 ? (
                <p className="govuk-body">No staff-evidence gaps: no self rating is above what staff say, where enough staff answered.</p>
              ) : (
                <ul className="govuk-list govuk-list--bullet" aria-label="Staff-evidence gaps by agency">
                  {staffGaps.map((gap) => (
                    <li key={gap.agencyName}>
                      {gap.returnId !== null && isQa ? (
                        <a className="govuk-link" href={`/returns/${gap.returnId}/review`}>
                          {gap.agencyName}
                        </a>
                      ) : (
                        gap.agencyName
                      )}
                      : {gap.standards.join(", ")}
                    </li>
                  ))}
                </ul>
              )}
              {moreStaffGaps > 0 ? (
                <p className="govuk-body">
                  And {moreStaffGaps} more {moreStaffGaps === 1 ? "agency" : "agencies"}:{" "}
                  <a className="govuk-link" href={`/cycles/${cycle.id}/assurance`}>
                    see every gap in the assurance report
                  </a>
                  .
                </p>
              ) : null}
            </>
          ) : null}
          <ul className="govuk-list app-status-counts" aria-label="Returns by status">
            {RETURN_STATUSES.map((status) => (
              <li key={status}>
                <a className="govuk-link" href={href({ ...DEFAULT_DASHBOARD_QUERY, statuses: [status] })}>
                  <span className="app-status-counts__number">{dashboard.counts.byStatus[status]}</span>{" "}
                  {returnStatusText(status).toLowerCase()}
                </a>
              </li>
            ))}
            <li>
              <a className="govuk-link" href={href({ ...DEFAULT_DASHBOARD_QUERY, flags: ["late"] })}>
                <span className="app-status-counts__number">{dashboard.counts.late}</span> late
              </a>
            </li>
            {cycle.status === "closed" ? (
              <li>
                <a className="govuk-link" href={href({ ...DEFAULT_DASHBOARD_QUERY, flags: ["missing"] })}>
                  <span className="app-status-counts__number">{dashboard.counts.missing}</span> missing
                </a>
              </li>
            ) : null}
          </ul>
          {cycle.status === "open" && canManage ? (
            <Form method="post" className="app-no-print">
              <p className="govuk-body">
                Closing the cycle stops agencies editing (except returns sent back to them); returns not submitted become missing.
              </p>
              <Button name="_intent" value="close" variant="warning">
                Close this cycle
              </Button>
            </Form>
          ) : null}
          <div className="app-no-print">
            <Details summary={filtered ? "Filters (some applied)" : "Filter returns"} open={filtered}>
              <Form method="get" action={`/cycles/${cycle.id}`}>
                <input type="hidden" name="sort" value={query.sort} />
                <input type="hidden" name="order" value={query.order} />
                <div className="govuk-grid-row">
                  <div className="govuk-grid-column-one-third">
                    <Checkboxes
                      name="status"
                      idPrefix="filter-status"
                      legend="Status"
                      legendSize="s"
                      small
                      defaultValue={query.statuses}
                      items={RETURN_STATUSES.map((status) => ({ value: status, text: returnStatusText(status) }))}
                    />
                    <Checkboxes
                      name="flag"
                      idPrefix="filter-flag"
                      legend="Deadline"
                      legendSize="s"
                      small
                      defaultValue={query.flags}
                      items={[
                        { value: "late", text: "Late" },
                        { value: "missing", text: "Missing (cycle closed, not submitted)" },
                      ]}
                    />
                  </div>
                  <div className="govuk-grid-column-two-thirds">
                    <Checkboxes
                      name="sector"
                      idPrefix="filter-sector"
                      legend="Sector"
                      legendSize="s"
                      small
                      defaultValue={query.sectors}
                      items={SECTORS.map((sector) => ({ value: sector, text: SECTOR_LABELS[sector] }))}
                    />
                  </div>
                </div>
                <div className="govuk-button-group">
                  <Button>Apply filters</Button>
                  {filtered ? (
                    <a className="govuk-link" href={href({ sectors: [], statuses: [], flags: [], page: 1 })}>
                      Clear filters
                    </a>
                  ) : null}
                </div>
              </Form>
            </Details>
          </div>
          <p className="govuk-body" role="status">
            {dashboard.total === 0
              ? "No returns match these filters."
              : `Showing ${dashboard.window.from} to ${dashboard.window.to} of ${dashboard.total} ${filtered ? "matching returns" : "returns"}`}
          </p>
          {dashboard.total > 0 ? (
            <div className="app-table-wrapper" role="region" aria-label="Returns" tabIndex={0}>
              <Table
                className="app-dashboard-table"
                firstCellIsHeader
                caption={
                  <span className="govuk-visually-hidden">
                    Returns, sorted by {COLUMNS.find((column) => column.sort === query.sort)?.text.toLowerCase()}
                  </span>
                }
                head={[
                  ...COLUMNS.slice(0, 3).map((column) => sortHeading(query, column)),
                  { text: "Due" },
                  ...COLUMNS.slice(3).map((column) => sortHeading(query, column)),
                ]}
                rows={dashboard.rows.map((row) => {
                  const readable = row.overallPercent !== null || row.moderated !== null;
                  const flags: ReactNode[] = [];
                  if (row.late)
                    flags.push(
                      <Tag key="late" colour="orange">
                        Late
                      </Tag>,
                    );
                  if (row.missing)
                    flags.push(
                      <Tag key="missing" colour="red">
                        Missing
                      </Tag>,
                    );
                  return [
                    {
                      text: readable ? (
                        <a className="govuk-link" href={isQa ? `/returns/${row.returnId}/review` : `/returns/${row.returnId}`}>
                          {row.agencyName}
                        </a>
                      ) : (
                        row.agencyName
                      ),
                    },
                    { text: SECTOR_LABELS[row.sector] },
                    {
                      text: (
                        <span className="app-status-cell">
                          <ReturnStatusTag status={row.status} />
                          {flags}
                        </span>
                      ),
                    },
                    { text: <DueCell entry={row} canChange={canManage && cycle.status === "open"} /> },
                    { text: row.submittedAt ? formatDate(row.submittedAt) : "Not yet" },
                    {
                      text: readable ? (
                        <BandLabel
                          bands={dashboard.bands}
                          code={row.overallBand}
                          percent={row.overallPercent}
                          showPercent
                          cap={row.overallCapped}
                          unmetEssentials={row.unmetEssentials}
                        />
                      ) : (
                        "Not submitted"
                      ),
                    },
                    { text: row.moderated === null ? "–" : `${row.moderated} of ${standardCount}`, format: "numeric" },
                    { text: count(row.optimismGap), format: "numeric" },
                    { text: count(row.openChallenges), format: "numeric" },
                    { text: count(row.openActions), format: "numeric" },
                  ];
                })}
              />
            </div>
          ) : null}
          {dashboard.window.pageCount > 1 ? (
            <Pagination
              landmarkLabel="Pages of returns"
              previous={dashboard.window.page > 1 ? { href: href({ page: dashboard.window.page - 1 }) } : undefined}
              next={dashboard.window.page < dashboard.window.pageCount ? { href: href({ page: dashboard.window.page + 1 }) } : undefined}
              items={pageNumbers(dashboard.window.page, dashboard.window.pageCount).map((n) =>
                n === null ? { ellipsis: true as const } : { number: n, href: href({ page: n }), current: n === dashboard.window.page },
              )}
            />
          ) : null}
          <p className="govuk-body-s">
            “Moderated” counts the standards with a moderated rating. “Self-rated above” counts the standards the agency rated higher than
            their effective rating (the moderated rating, else the computed band): the optimism gap.
          </p>
        </>
      ) : null}
    </>
  );
}

/** A case of a case audit runs as a cycle of its own (decision 020): say so, and where the audit itself is. */
function CaseAuditNote({ caseAuditId }: { caseAuditId: number | null }) {
  if (caseAuditId === null) return null;
  return (
    <p className="govuk-inset-text">
      This cycle holds one case of a multi-agency case audit: each agency's case return is here.{" "}
      <a className="govuk-link" href={`/case-audits/${caseAuditId}`}>
        Go to the case audit
      </a>{" "}
      for its panel, grades, concerns and report.
    </p>
  );
}
