import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { BlankTool } from "~/components/blank-tool";
import { BackLink, InsetText } from "~/components/govuk";
import { PrintButton } from "~/components/print-button";
import { sanitizedHtmlOf } from "~/components/survey/sanitize.server";
import { getDb } from "~/data/db.server";
import { getToolForViewer } from "~/data/tools.server";
import { conditionText } from "~/domain/condition-text";
import { listElements } from "~/domain/survey-json";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

/**
 * A blank copy of a tool to print: agencies prepare their answers offline, with colleagues,
 * before entering them online. Agencies see the tools of their own cycles; admin and QA any tool.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.title}: blank copy to print` : "Blank copy to print") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const tool = await getToolForViewer(getDb(), viewer, requireId(params.toolId));
  if (!tool) notFound();
  const { survey } = tool.definition;
  const conditions: Record<string, string> = {};
  for (const { element } of listElements(survey)) {
    if (typeof element.visibleIf === "string" && typeof element.name === "string")
      conditions[element.name] = conditionText(element.visibleIf, survey);
  }
  return {
    title: tool.title,
    version: tool.version,
    definition: {
      ...tool.definition,
      survey: { pages: survey.pages.map((page) => ({ ...page, elements: withoutRawHtml(page.elements) })) },
    },
    html: sanitizedHtmlOf(survey.pages.flatMap((page) => page.elements)),
    conditions,
    backHref: request.headers.get("Referer")?.includes("/returns/") ? new URL(request.headers.get("Referer")!).pathname : "/",
  };
}

/** The tool's own HTML stays on the server: the page gets only its sanitised form. */
function withoutRawHtml<T extends { type: string; elements?: unknown }>(elements: T[]): T[] {
  return elements.map((element) => {
    if (element.type === "html") return { ...element, html: undefined };
    if (element.type === "panel" && Array.isArray(element.elements))
      return { ...element, elements: withoutRawHtml(element.elements as T[]) };
    return element;
  });
}

export default function BlankToolPrint() {
  const { title, version, definition, html, conditions, backHref } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href={backHref}>Back</BackLink>
      <span className="govuk-caption-xl">Blank copy to prepare offline</span>
      <h1 className="govuk-heading-xl">{title}</h1>
      <p className="govuk-body">
        Version {version}. {definition.survey.pages.length} sections.
      </p>
      <InsetText>
        Use this copy to gather your answers and evidence with colleagues. Your return counts only once its answers are entered online and
        the agency lead has signed it off.
      </InsetText>
      <PrintButton />
      <BlankTool tool={definition} html={html} conditions={conditions} />
    </>
  );
}
