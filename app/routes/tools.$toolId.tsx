import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import {
  BackLink,
  Button,
  Details,
  ErrorSummary,
  InsetText,
  NotificationBanner,
  SummaryList,
  Table,
  Tag,
  WarningText,
} from "~/components/govuk";
import { sanitizedHtmlOf } from "~/components/survey/sanitize.server";
import { SurveyPage } from "~/components/survey/survey-page";
import { getDb } from "~/data/db.server";
import { deleteDraftTool, getToolForViewer, publishTool } from "~/data/tools.server";
import { SECTOR_LABELS } from "~/domain/agency";
import { canManagePartnership, AGENCY_RECORD_READERS, isAgencyRole } from "~/domain/permissions";
import { visibleQuestions } from "~/domain/survey-engine";
import { listQuestions, type SurveyElementJson } from "~/domain/survey-json";
import { formatDateTime, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * One tool version: what it measures (standards, scoring, comparability) and a preview of every survey
 * page exactly as agencies will see it, so the business office can check an uploaded draft before
 * publishing it. QA members read; agencies read the tools of their own cycles (another tool is not
 * found); only the business office publishes or deletes (DESIGN §7).
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.tool.title} (version ${data.tool.version})` : "Audit tool") },
];

const KIND_LABELS: Record<string, string> = {
  s11: "Section 11 (Children Act 2004)",
  s175: "Schools (s175/s157 Education Act 2002)",
  supervision: "Supervision",
  early_years: "Early years (EYFS safeguarding and welfare requirements)",
  custom: "Custom",
};

const IntentSchema = z.object({ _intent: z.enum(["publish", "delete"], { error: "Choose an action from the page" }) });

/** The tool's own HTML stays on the server: the page gets only its sanitised form (`html` by element name). */
function withoutRawHtml(elements: SurveyElementJson[]): SurveyElementJson[] {
  return elements.map((element) => {
    if (element.type === "html") return { ...element, html: undefined };
    if (element.type === "panel" && Array.isArray(element.elements)) return { ...element, elements: withoutRawHtml(element.elements) };
    return element;
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, AGENCY_RECORD_READERS);
  const tool = await getToolForViewer(getDb(), viewer, requireId(params.toolId));
  if (!tool) notFound();
  const { definition } = tool;
  const dimensionTitles = new Map((definition.dimensions ?? []).map((dimension) => [dimension.code, dimension.title]));
  const itemRules = Object.values(definition.items);
  // With no answers yet, as an agency opening a new return sees it.
  const visible = visibleQuestions(definition.survey, {});
  return {
    tool: {
      id: tool.id,
      code: tool.code,
      version: tool.version,
      title: tool.title,
      description: definition.description ?? null,
      kind: KIND_LABELS[tool.kind] ?? tool.kind,
      status: tool.status,
      importedAt: tool.importedAt,
      publishedAt: tool.publishedAt,
    },
    sectors: definition.sectors ? definition.sectors.map((sector) => SECTOR_LABELS[sector]) : null,
    bands: definition.bands.map((band) => ({ label: band.label, min: band.min })),
    scoredItems: itemRules.length,
    standards: definition.standards.map((standard) => ({
      code: standard.code,
      title: standard.title,
      dimension: standard.dimension ? (dimensionTitles.get(standard.dimension) ?? standard.dimension) : null,
      reference: standard.reference ?? null,
      items: itemRules.filter((rule) => rule.standard === standard.code).length,
    })),
    comparableTo: Object.entries(definition.comparableTo ?? {}).map(([reference, mapping]) => ({
      reference,
      rows: Object.entries(mapping).map(([code, older]) => ({ code, older })),
    })),
    pages: definition.survey.pages.map((page) => {
      const questions = listQuestions({ pages: [page] }).map((question) => question.name);
      const standard = definition.standards.find((candidate) => candidate.code === page.name);
      return {
        name: page.name,
        title: page.title ?? page.name,
        description: typeof page.description === "string" ? page.description : null,
        guidance: standard ? { text: standard.guidance ?? null, reference: standard.reference ?? null } : null,
        elements: withoutRawHtml(page.elements),
        html: sanitizedHtmlOf(page.elements),
        visible: questions.filter((name) => visible.has(name)),
        hidden: questions.filter((name) => !visible.has(name)).length,
      };
    }),
    canManage: canManagePartnership(viewer),
    isAgency: isAgencyRole(viewer.role),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const id = requireId(params.toolId);
  const parsed = parseForm(IntentSchema, Object.fromEntries(await readForm(request)));
  if (!parsed.ok) return data({ error: parsed.errors._intent ?? "Choose an action from the page" }, { status: 400 });
  const db = getDb();
  if (parsed.data._intent === "publish") {
    const published = await publishTool(db, viewer.id, id);
    if (!published.ok) return published.status === 404 ? notFound() : data({ error: published.message }, { status: published.status });
    return redirect(`/tools/${id}?published=1`);
  }
  const deleted = await deleteDraftTool(db, viewer.id, id);
  if (!deleted.ok) return deleted.status === 404 ? notFound() : data({ error: deleted.message }, { status: deleted.status });
  return redirect(`/tools?deleted=${encodeURIComponent(`${deleted.code}@${deleted.version}`)}`);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function UploadBanner({ outcome, isDraft }: { outcome: string | null; isDraft: boolean }) {
  switch (outcome) {
    case "created":
      return (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">Tool uploaded as a draft</p>
          <p className="govuk-body">Check the preview below, then publish this version when it is right.</p>
        </NotificationBanner>
      );
    case "replaced":
      return <NotificationBanner type="success" heading="The draft was replaced with the new file" />;
    case "unchanged":
      return (
        <NotificationBanner
          heading={
            isDraft
              ? "The file is the same as this draft: nothing changed"
              : "This version is already published and the file is the same: nothing changed"
          }
        />
      );
    default:
      return null;
  }
}

export default function ToolPage() {
  const { tool, sectors, bands, scoredItems, standards, comparableTo, pages, canManage, isAgency } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const isDraft = tool.status === "draft";
  useErrorTitle(Boolean(actionData?.error));
  // One array per answer from the server, so the summary takes focus once per failed action.
  const errors = useMemo(() => (actionData?.error ? [{ text: actionData.error }] : null), [actionData]);
  const hiddenTotal = pages.reduce((total, page) => total + page.hidden, 0);
  return (
    <>
      <BackLink href="/tools">Back to audit tools</BackLink>
      {errors ? <ErrorSummary errors={errors} /> : null}
      {params.has("published") && !isDraft ? (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">Version {tool.version} is published</p>
          <p className="govuk-body">
            It can now be chosen when you{" "}
            <a className="govuk-notification-banner__link" href="/cycles/new">
              create a cycle
            </a>
            . It will not change from now on.
          </p>
        </NotificationBanner>
      ) : (
        <UploadBanner outcome={params.get("uploaded")} isDraft={isDraft} />
      )}
      <span className="govuk-caption-l">Audit tool</span>
      <h1 className="govuk-heading-l">{tool.title}</h1>
      {tool.description ? <p className="govuk-body">{tool.description}</p> : null}
      <SummaryList
        rows={[
          { key: "Status", value: isDraft ? <Tag colour="grey">Draft</Tag> : <Tag colour="green">Published</Tag> },
          { key: "Code", value: tool.code },
          { key: "Version", value: tool.version },
          { key: "Kind", value: tool.kind },
          { key: "Meant for", value: sectors ? sectors.join(", ") : "All sectors" },
          { key: "Bands", value: bands.map((band) => `${band.label} (${band.min}% and above)`).join(", ") },
          { key: "Standards", value: String(standards.length) },
          { key: "Scored questions", value: String(scoredItems) },
          { key: "Uploaded", value: formatDateTime(tool.importedAt) },
          { key: "Published", value: tool.publishedAt ? formatDateTime(tool.publishedAt) : "Not yet" },
        ]}
      />

      {isAgency ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/tools/${tool.id}/print`}>
            Print a blank copy
          </a>{" "}
          to prepare your answers offline with colleagues.
        </p>
      ) : null}

      {isDraft ? (
        <InsetText>
          This version is a draft: it cannot be used in a cycle until it is published.
          {canManage
            ? " Check the preview, then publish it at the end of this page. To correct it, upload the corrected file with the same code and version."
            : null}
        </InsetText>
      ) : null}

      <h2 className="govuk-heading-m">Standards</h2>
      <div className="app-table-wrapper" role="region" aria-label="Standards" tabIndex={0}>
        <Table
          firstCellIsHeader
          head={[
            { text: "Code" },
            { text: "Standard" },
            { text: "Dimension" },
            { text: "Reference" },
            { text: "Scored questions", format: "numeric" },
          ]}
          rows={standards.map((standard) => [
            { text: standard.code },
            { text: standard.title },
            { text: standard.dimension ?? "None" },
            { text: standard.reference ?? "None given" },
            { text: String(standard.items), format: "numeric" },
          ])}
        />
      </div>

      {comparableTo.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Comparable with earlier versions</h2>
          <p className="govuk-body">Comparison reports match standards across versions like this.</p>
          {comparableTo.map((mapping) => (
            <div
              key={mapping.reference}
              className="app-table-wrapper"
              role="region"
              aria-label={`Standards compared with ${mapping.reference}`}
              tabIndex={0}
            >
              <Table
                caption={`Compared with ${mapping.reference}`}
                captionSize="s"
                firstCellIsHeader
                head={[{ text: "Standard in this version" }, { text: `Standard in ${mapping.reference}` }]}
                rows={mapping.rows.map((row) => [{ text: row.code }, { text: row.older ?? "Not comparable" }])}
              />
            </div>
          ))}
        </>
      ) : null}

      <h2 className="govuk-heading-m">Preview</h2>
      <p className="govuk-body">
        Each section as agencies will see it, one screen at a time, when they start their return. Nothing can be answered here.
        {hiddenTotal > 0
          ? ` ${count(hiddenTotal, "question")} ${hiddenTotal === 1 ? "appears" : "appear"} only after certain answers, so ${hiddenTotal === 1 ? "it is" : "they are"} not shown.`
          : null}
      </p>
      {pages.map((page, index) => (
        <section key={page.name} className="govuk-!-margin-top-8" aria-labelledby={`preview-${index}`}>
          <hr className="govuk-section-break govuk-section-break--m govuk-section-break--visible" />
          <span className="govuk-caption-m">
            Section {index + 1} of {pages.length}
          </span>
          <h3 className="govuk-heading-m" id={`preview-${index}`}>
            {page.title}
          </h3>
          {page.description ? <p className="govuk-body">{page.description}</p> : null}
          {page.guidance?.text || page.guidance?.reference ? (
            <Details summary="Guidance for this standard">
              {page.guidance.text ? <p className="govuk-body">{page.guidance.text}</p> : null}
              {page.guidance.reference ? <p className="govuk-body">Reference: {page.guidance.reference}</p> : null}
            </Details>
          ) : null}
          {/* A disabled fieldset makes every control inside it read-only, without changing the markup agencies get. */}
          <fieldset disabled className="govuk-fieldset">
            <legend className="govuk-visually-hidden">Preview of {page.title}: answers cannot be entered</legend>
            <SurveyPage elements={page.elements} answers={{}} visible={new Set(page.visible)} errors={{}} html={page.html} />
          </fieldset>
        </section>
      ))}

      {isDraft && canManage ? (
        <Form method="post">
          <hr className="govuk-section-break govuk-section-break--l govuk-section-break--visible" />
          <h2 className="govuk-heading-m">Publish this version</h2>
          <WarningText>Once published, this version cannot be changed or deleted. A revised tool needs a new version.</WarningText>
          <div className="govuk-button-group">
            <Button name="_intent" value="publish">
              Publish this version
            </Button>
            <Button name="_intent" value="delete" variant="warning">
              Delete this draft
            </Button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
