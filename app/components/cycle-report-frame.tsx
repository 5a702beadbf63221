import type { ReactNode } from "react";
import { ExportLinks } from "./export-links";
import { BackLink, ErrorSummary } from "./govuk";
import { PublishForm } from "./publish-form";

/**
 * What every report page of a cycle shares around its report: the way back to the cycle, a publishing
 * error at the top (GOV.UK error summary), the cycle as caption over the heading, the downloads, and for
 * QA the form that publishes it to the board (warning when a named copy of the cycle is already out).
 */
export function CycleReportFrame({
  cycle,
  heading,
  exports,
  publish,
  children,
}: {
  cycle: { id: number; title: string };
  heading: string;
  exports: { base: string; label: string };
  publish: { canPublish: boolean; namedPublished: boolean; error?: string };
  children: ReactNode;
}) {
  return (
    <>
      <BackLink href={`/cycles/${cycle.id}`}>Back to the cycle</BackLink>
      {publish.error ? <ErrorSummary errors={[{ href: "#view", text: publish.error }]} /> : null}
      <span className="govuk-caption-l">{cycle.title}</span>
      <h1 className="govuk-heading-l">{heading}</h1>
      <ExportLinks base={exports.base} label={exports.label} />
      {children}
      {publish.canPublish ? <PublishForm error={publish.error} namedPublished={publish.namedPublished} /> : null}
    </>
  );
}
