import { hasNamedPublication } from "~/data/publications.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { ComparisonView } from "~/components/comparison-view";
import { ExportLinks } from "~/components/export-links";
import { PublishForm } from "~/components/publish-form";
import { BackLink, Button, ErrorSummary, Input, Select } from "~/components/govuk";
import { getComparisonReport, listComparableCycles } from "~/data/reports/comparison.server";
import { getCycle } from "~/data/cycles.server";
import { getDb } from "~/data/db.server";
import { canPublishToBoard, isAgencyRole } from "~/domain/permissions";
import { DEFAULT_MOVEMENT_THRESHOLD } from "~/domain/reports/comparison";
import { readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { ComparisonQuerySchema as QuerySchema, parseComparisonQuery } from "~/utils/comparison-query";
import { handlePublish } from "~/utils/publish-action.server";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const title = pageTitle(data ? `Comparison report: ${data.cycle.title}` : "Comparison report");
  return [{ title: data?.errors ? `Error: ${title}` : title }];
};

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
    canPublish: canPublishToBoard(viewer),
    namedPublished: canPublishToBoard(viewer) && (await hasNamedPublication(db, cycle.id)),
    values: {
      against: raw.against ?? String((options.find((option) => option.isBaseline) ?? options[0])?.id ?? ""),
      threshold: raw.threshold ?? String(DEFAULT_MOVEMENT_THRESHOLD),
    },
  };
  if (options.length === 0) return { ...page, errors: null, report: null };

  const parsed = QuerySchema.safeParse(raw);
  const errors: FieldErrors = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path[0] as keyof FieldErrors] ??= issue.message;
  const againstId = parsed.success ? (parsed.data.against ?? Number(page.values.against)) : null;
  if (againstId !== null && !options.some((option) => option.id === againstId))
    errors.against = "Select an earlier cycle of this audit tool from the list";
  if (Object.keys(errors).length > 0 || !parsed.success || againstId === null)
    return data({ ...page, errors, report: null }, { status: 400 });

  const result = await getComparisonReport(db, viewer, againstId, cycle.id, {
    threshold: parsed.data.threshold ?? DEFAULT_MOVEMENT_THRESHOLD,
  });
  if (!result) notFound();
  if (!result.ok) return data({ ...page, errors: { against: result.message } as FieldErrors, report: null }, { status: 400 });
  return { ...page, errors: null, report: result.report };
}

/** QA publishes the comparison on screen (its earlier cycle and threshold, posted back) to the board. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request.clone());
  const [against, threshold] = [form.get("against"), form.get("threshold")];
  // What is missing is left out (the default threshold applies); what is wrong is named.
  const query = parseComparisonQuery(
    new URLSearchParams({
      ...(against === null ? {} : { against: String(against) }),
      ...(threshold === null ? {} : { threshold: String(threshold) }),
    }),
  );
  if (!query.ok) return data({ publishError: Object.values(query.errors)[0] }, { status: 400 });
  if (query.against === undefined) return data({ publishError: "Compare with an earlier cycle before publishing" }, { status: 400 });
  return handlePublish(request, requireId(params.cycleId), "comparison", { againstId: query.against, threshold: query.threshold });
}

export default function ComparisonReportPage() {
  const { cycle, options, ownAgencyOnly, canPublish, namedPublished, values, errors, report } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.publishError) || Boolean(errors && Object.keys(errors).length > 0));
  const errorList = errors
    ? (["against", "threshold"] as const).filter((field) => errors[field]).map((field) => ({ href: `#${field}`, text: errors[field]! }))
    : [];
  if (actionData?.publishError) errorList.push({ href: "#view", text: actionData.publishError });
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
            items={options.map((option) => ({
              value: String(option.id),
              text: `${option.title}${option.isBaseline ? " (baseline)" : ""}, version ${option.toolVersion}`,
            }))}
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

      {options.length > 0 ? (
        <p className="govuk-body app-no-print">
          <a className="govuk-link" href={`/cycles/${cycle.id}/trend`}>
            See the trend across every cycle of {cycle.toolTitle}
          </a>
        </p>
      ) : null}
      {report ? (
        <>
          <ExportLinks
            base={`/cycles/${cycle.id}/comparison/export`}
            label="comparison report"
            query={`against=${report.earlier.cycle.id}&threshold=${report.threshold}`}
          />
          <ComparisonView report={report} ownAgencyOnly={ownAgencyOnly} />
          {canPublish ? (
            <PublishForm
              error={actionData?.publishError}
              namedPublished={namedPublished}
              hidden={{ against: String(report.earlier.cycle.id), threshold: String(report.threshold) }}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}
