import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { ExportLinks } from "~/components/export-links";
import { Button, ErrorSummary, Input, Select } from "~/components/govuk";
import { PublicationsTable } from "~/components/publications-table";
import { ScorecardView } from "~/components/scorecard-view";
import { getDb } from "~/data/db.server";
import { listPublications, publishScorecard } from "~/data/publications.server";
import { getScorecardReport, listIndicatorOwners } from "~/data/scorecard.server";
import { parseScorecardQuery, QUADRANT_LABELS, QUADRANTS, THEME_LABELS, THEMES, type ScorecardQuery } from "~/domain/scorecard";
import { readForm } from "~/utils/form";
import { notFound } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Scorecard") }];

/** The filters as an address query (empty ones left out), for the export links and the publish form. */
function querySearch(query: ScorecardQuery): Record<string, string> {
  const entries: Record<string, string> = {};
  if (query.theme) entries.theme = query.theme;
  if (query.quadrant) entries.quadrant = query.quadrant;
  if (query.owner !== null) entries.owner = String(query.owner);
  if (query.from) entries.from = query.from;
  if (query.to) entries.to = query.to;
  return entries;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa", "board"]);
  const db = getDb();
  // The board reads published scorecards only (DESIGN §7): the list of them, each opening its frozen copy.
  if (viewer.role === "board") return { published: await listPublications(db, viewer, { kind: "scorecard" }), live: null };
  const params = new URL(request.url).searchParams;
  const query = parseScorecardQuery(params);
  const report = await getScorecardReport(db, viewer, query);
  if (!report) notFound();
  const agencies = await listIndicatorOwners(db, viewer);
  return {
    published: null,
    live: {
      report,
      agencies,
      query,
      search: querySearch(query),
      typed: { from: params.get("from") ?? "", to: params.get("to") ?? "" },
      canPublish: viewer.role === "qa",
    },
  };
}

/** QA publishes the scorecard as shown (filters and periods kept) to the board as a frozen snapshot. */
export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa"]);
  const form = await readForm(request);
  if (form.get("intent") !== "publish")
    return data({ publishError: "Publish from the scorecard page: the form was not sent from it" }, { status: 400 });
  const params = new URLSearchParams();
  for (const key of ["theme", "quadrant", "owner", "from", "to"]) {
    const value = form.get(key);
    if (typeof value === "string" && value) params.set(key, value);
  }
  const result = await publishScorecard(getDb(), viewer, parseScorecardQuery(params));
  if (!result.ok) return data({ publishError: result.message }, { status: result.status === 403 ? 403 : 409 });
  return redirect(`/board/${result.id}?published=1`);
}

/** The scorecard (DESIGN §13): each indicator's series with target, RAG, direction of travel and breaks. */
export default function ScorecardPage() {
  const { published, live } = useLoaderData<typeof loader>();
  if (!live) return <PublishedScorecards published={published ?? []} />;
  return <LiveScorecard {...live} />;
}

function PublishedScorecards({
  published,
}: {
  published: { id: number; title: string; publishedAt: string; publishedBy: string; supersededBy: number | null }[];
}) {
  return (
    <>
      <h1 className="govuk-heading-l">Scorecard</h1>
      <p className="govuk-body">
        The partnership's performance data as the QA subgroup has published it to the board. Each is a fixed record of the figures on the
        day it was published.
      </p>
      {published.length === 0 ? (
        <p className="govuk-body">No scorecard has been published yet.</p>
      ) : (
        <PublicationsTable publications={published} label="Published scorecards" firstHeading="Scorecard" />
      )}
    </>
  );
}

type Live = NonNullable<Awaited<ReturnType<typeof loader>>["live"]>;

function LiveScorecard({ report, agencies, search, typed, query, canPublish }: Live) {
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.publishError));
  const queryString = new URLSearchParams(search).toString();
  return (
    <>
      {actionData?.publishError ? <ErrorSummary errors={[{ href: "#publish", text: actionData.publishError }]} /> : null}
      <h1 className="govuk-heading-l">Scorecard</h1>
      <p className="govuk-body">
        The partnership's performance data beside its audits.{" "}
        <a className="govuk-link" href="/indicators">
          See and define the indicators
        </a>
        .
      </p>
      <Form method="get" className="app-no-print">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="theme"
              label="Theme"
              defaultValue={query.theme ?? ""}
              items={[{ value: "", text: "All themes" }, ...THEMES.map((theme) => ({ value: theme, text: THEME_LABELS[theme] }))]}
              className="govuk-!-width-full"
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="quadrant"
              label="Quadrant"
              defaultValue={query.quadrant ?? ""}
              items={[
                { value: "", text: "All quadrants" },
                ...QUADRANTS.map((quadrant) => ({ value: quadrant, text: QUADRANT_LABELS[quadrant] })),
              ]}
              className="govuk-!-width-full"
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="owner"
              label="Owner"
              defaultValue={query.owner === null ? "" : String(query.owner)}
              items={[
                { value: "", text: "All owners" },
                { value: "partnership", text: "The partnership" },
                ...agencies.map((agency) => ({ value: String(agency.id), text: agency.name })),
              ]}
              className="govuk-!-width-full"
            />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Input name="from" label="From period" hint="For example 2025-Q3" defaultValue={typed.from} width={10} spellCheck={false} />
          </div>
          <div className="govuk-grid-column-one-third">
            <Input name="to" label="To period" hint="For example 2026-Q2" defaultValue={typed.to} width={10} spellCheck={false} />
          </div>
        </div>
        <Button variant="secondary">Show indicators</Button>
      </Form>
      <ExportLinks base="/scorecard/export" label="scorecard" query={queryString} />
      <ScorecardView report={report} />
      {canPublish ? (
        <Form method="post" noValidate className="app-no-print" id="publish">
          <h2 className="govuk-heading-m">Publish to the board</h2>
          <p className="govuk-body">
            Publishing freezes the scorecard as shown above, with these filters and periods. Board members see only published reports; later
            figures never alter a publication.
          </p>
          <input type="hidden" name="intent" value="publish" />
          {Object.entries(search).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <Button>Publish to the board</Button>
        </Form>
      ) : null}
    </>
  );
}
