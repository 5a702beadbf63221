import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { CaseAuditView } from "~/components/case-audit-view";
import { ExportLinks } from "~/components/export-links";
import { BackLink, ErrorSummary } from "~/components/govuk";
import { PublishForm } from "~/components/publish-form";
import { getCaseAuditReport } from "~/data/case-audits.server";
import { getDb } from "~/data/db.server";
import { publishCaseAudit } from "~/data/publications.server";
import { readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Case audit report: ${data.report.caseAudit.title}` : "Case audit report") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin", "qa"]);
  const report = await getCaseAuditReport(getDb(), viewer, requireId(params.caseAuditId));
  if (!report) notFound();
  return { report, canPublish: viewer.role === "qa" };
}

/** QA publishes the report to the board as a frozen snapshot, named or anonymised. */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa"]);
  const form = await readForm(request);
  const view = form.get("view");
  if (view !== "named" && view !== "anonymised")
    return data({ publishError: "Select how agencies are shown to the board" }, { status: 400 });
  const result = await publishCaseAudit(getDb(), viewer, requireId(params.caseAuditId), { anonymise: view === "anonymised" });
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ publishError: result.message }, { status: result.status });
  }
  return redirect(`/board/${result.id}?published=1`);
}

/** The case audit report (DESIGN §12): the same model as every file and the board's frozen copy. */
export default function CaseAuditReportPage() {
  const { report, canPublish } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.publishError));
  return (
    <>
      <BackLink href={`/case-audits/${report.caseAudit.id}`}>Back to the case audit</BackLink>
      {actionData?.publishError ? <ErrorSummary errors={[{ href: "#view", text: actionData.publishError }]} /> : null}
      <span className="govuk-caption-l">{report.tool.title}</span>
      <h1 className="govuk-heading-l">Case audit report: {report.caseAudit.title}</h1>
      <ExportLinks base={`/case-audits/${report.caseAudit.id}/report/export`} label="case audit report" />
      <CaseAuditView report={report} />
      {canPublish ? <PublishForm error={actionData?.publishError} /> : null}
    </>
  );
}
