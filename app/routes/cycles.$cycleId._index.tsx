import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BandLabel } from "~/components/band";
import { BackLink, Button, ErrorSummary, NotificationBanner, SummaryList, Table } from "~/components/govuk";
import { CycleStatusTag, ReturnStatusTag } from "~/components/status";
import { listComparableCycles } from "~/data/comparison.server";
import { closeCycle, getCycle, openCycle } from "~/data/cycles.server";
import { getDb } from "~/data/db.server";
import { listCycleReturns } from "~/data/returns.server";
import { getTool } from "~/data/tools.server";
import { SECTOR_LABELS } from "~/domain/agency";
import { formatPercent } from "~/domain/scoring";
import { formatDate } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.cycle.title ?? "Cycle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const db = getDb();
  const cycle = await getCycle(db, viewer, requireId(params.cycleId));
  if (!cycle) notFound();
  const tool = await getTool(db, cycle.toolId);
  return {
    cycle,
    bands: tool?.definition.bands ?? [],
    returns: await listCycleReturns(db, viewer, cycle.id),
    canManage: viewer.role === "admin",
    isQa: viewer.role === "qa",
    canCompare: ((await listComparableCycles(db, viewer, cycle.id)) ?? []).length > 0,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const id = requireId(params.cycleId);
  const form = await request.formData();
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

/** The agency's due date (issue 4): extended ones say so, and the business office can change it. */
function DueCell({ entry, canChange }: { entry: { id: number; agencyName: string; dueOn: string; extension: { reason: string } | null }; canChange: boolean }) {
  return (
    <>
      {formatDate(entry.dueOn)}
      {entry.extension ? " (extended)" : null}
      {canChange ? (
        <>
          <br />
          <a className="govuk-link" href={`/returns/${entry.id}/due-date`}>
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

export default function CyclePage() {
  const { cycle, bands, returns, canManage, isQa, canCompare } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  useErrorTitle(Boolean(actionData?.error));
  const submitted = returns.filter((entry) => ["submitted", "returned", "validated"].includes(entry.status)).length;
  return (
    <>
      <BackLink href="/cycles">Back to cycles</BackLink>
      {actionData?.error ? <ErrorSummary errors={[{ text: actionData.error }]} /> : null}
      {params.has("created") ? <NotificationBanner type="success" heading="Cycle created as a draft" /> : null}
      {params.has("opened") ? <NotificationBanner type="success" heading={`Cycle opened: ${params.get("opened")} returns created`} /> : null}
      {params.has("closed") ? <NotificationBanner type="success" heading="Cycle closed: returns not submitted are now missing" /> : null}
      {params.has("extended") ? <NotificationBanner type="success" heading={`Due date changed for ${returns.find((entry) => String(entry.id) === params.get("extended"))?.agencyName ?? "the agency"}`} /> : null}
      <span className="govuk-caption-l">{cycle.toolTitle}</span>
      <h1 className="govuk-heading-l">{cycle.title}</h1>
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
          <p className="govuk-body">Opening the cycle creates a return for every agency it covers. Agencies can then start their returns.</p>
          <Button name="_intent" value="open">Open this cycle</Button>
        </Form>
      ) : null}
      {cycle.status !== "draft" ? (
        <>
          <h2 className="govuk-heading-m">Returns</h2>
          <p className="govuk-body">
            {submitted} of {returns.length} submitted. <a className="govuk-link" href={`/cycles/${cycle.id}/baseline`}>View the baseline report</a>
            {canCompare ? <> or <a className="govuk-link" href={`/cycles/${cycle.id}/comparison`}>compare with an earlier cycle</a></> : null}
            {" · "}
            <a className="govuk-link" href={`/cycles/${cycle.id}/completion`}>Completion and late returns</a>
          </p>
          {cycle.status === "open" && canManage ? (
            <Form method="post" className="app-no-print">
              <p className="govuk-body">Closing the cycle stops agencies editing (except returns sent back to them); returns not submitted become missing.</p>
              <Button name="_intent" value="close" variant="warning">Close this cycle</Button>
            </Form>
          ) : null}
          <div className="app-table-wrapper" role="region" aria-label="Returns" tabIndex={0}>
            <Table
              firstCellIsHeader
              head={[{ text: "Agency" }, { text: "Sector" }, { text: "Status" }, { text: "Due" }, { text: "Submitted" }, { text: "Overall score" }]}
              rows={returns.map((entry) => {
                const readable = ["submitted", "returned", "validated"].includes(entry.status);
                return [
                  { text: readable ? <a className="govuk-link" href={isQa ? `/returns/${entry.id}/review` : `/returns/${entry.id}`}>{entry.agencyName}</a> : entry.agencyName },
                  { text: SECTOR_LABELS[entry.sector] },
                  { text: <ReturnStatusTag status={entry.status} /> },
                  { text: <DueCell entry={entry} canChange={canManage && cycle.status === "open"} /> },
                  { text: entry.submittedAt ? `${formatDate(entry.submittedAt)}${entry.late ? " (late)" : ""}` : "Not yet" },
                  { text: readable ? <BandLabel bands={bands} code={entry.overallBand} percent={entry.overallPercent} showPercent /> : "Not submitted" },
                ];
              })}
            />
          </div>
        </>
      ) : null}
    </>
  );
}
