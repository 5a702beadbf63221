/**
 * The return page's reads: the return, if the viewer's agency may still edit it, and its page, with what
 * the form starts from (answers, base, visible questions, neighbours, evidence).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { baseAnswersOf, formAnswersOf, formQuestionsOf, neighbours, visiblePages } from "~/components/survey/page-navigation";
import { type FormBase } from "~/components/survey/page-save";
import { sanitizedHtmlOf } from "~/components/survey/sanitize.server";
import { getDb } from "~/data/db.server";
import { getReturn } from "~/data/returns.server";
import { withNameWarnings } from "~/domain/case-audit";
import { canEditReturn } from "~/domain/permissions";
import { visibleQuestions } from "~/domain/survey-engine";
import { listQuestions } from "~/domain/survey-json";
import { pageEvidenceOf } from "~/utils/evidence-form.server";
import { notFound, requireId } from "~/utils/params";

/** The return and page a request names, if the viewer's agency may still edit it: 404 otherwise, or back to the return once submitted. */
export async function loadEditable(request: Request, params: LoaderFunctionArgs["params"]) {
  const viewer = await requireRole(request, ["agency_lead", "agency_member"]);
  const ret = await getReturn(getDb(), viewer, requireId(params.returnId));
  if (!ret) notFound();
  if (!canEditReturn(viewer, ret.agencyId, ret.status)) throw redirect(`/returns/${ret.id}`);
  const survey = ret.tool.definition.survey;
  const pageIndex = survey.pages.findIndex((page) => page.name === params.pageName);
  if (pageIndex < 0) notFound();
  return { viewer, ret, survey, pageIndex, page: survey.pages[pageIndex] };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, ret, survey, pageIndex, page } = await loadEditable(request, params);
  const visible = visibleQuestions(survey, ret.answers);
  const pageQuestions = listQuestions({ pages: [page] }).map((question) => question.name);
  const standard = ret.tool.definition.standards.find((candidate) => candidate.code === page.name) ?? null;
  const base: FormBase = {
    revision: ret.revision,
    answers: baseAnswersOf(
      formQuestionsOf(page).map((question) => question.name),
      ret.answers,
    ),
  };
  // A case return (DESIGN §12) warns against names by every free-text box.
  const elements = ret.tool.kind === "case_audit" ? withNameWarnings(page.elements) : page.elements;
  return {
    returnId: ret.id,
    cycleTitle: ret.cycleTitle,
    agencyName: ret.agencyName,
    page: {
      name: page.name,
      title: page.title ?? page.name,
      description: typeof page.description === "string" ? page.description : null,
      elements,
    },
    caseReturn: ret.tool.kind === "case_audit",
    pageNumber: survey.pages.filter((candidate, index) => index <= pageIndex).length,
    pageCount: survey.pages.length,
    standard: standard ? { guidance: standard.guidance ?? null, reference: standard.reference ?? null } : null,
    html: sanitizedHtmlOf(page.elements),
    answers: formAnswersOf(pageQuestions, ret.answers),
    base,
    visible: pageQuestions.filter((name) => visible.has(name)),
    carried: pageQuestions.filter((name) => ret.carried.includes(name)),
    ...neighbours(survey, pageIndex, visiblePages(survey, visible)),
    evidence: await pageEvidenceOf(getDb(), viewer, ret, page),
  };
}
