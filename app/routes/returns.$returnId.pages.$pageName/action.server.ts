/**
 * The return page's posts: live conditions (nothing saved), autosave, a page save with its checks
 * (required answers, refused answers, identifiers in a case return, conflicts with a colleague's save),
 * and evidence uploads.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { answersOf, formAnswersOf, formQuestionsOf, neighbours, visiblePages } from "~/components/survey/page-navigation";
import { clockTime, conflictProblem, readBase, type FormBase, type PageProblem } from "~/components/survey/page-save";
import { postedFormAnswers } from "~/components/survey/posted-answers";
import { toFormAnswer } from "~/components/survey/survey-page";
import { getDb } from "~/data/db.server";
import { saveReturnPage } from "~/data/return-edits.server";
import { sameAnswer } from "~/domain/merge-answers";
import { checkFreeText, isFreeText } from "~/domain/case-audit";
import { mergePageAnswers, screenPageAnswers, validatePage, visibleQuestions } from "~/domain/survey-engine";
import { listQuestions } from "~/domain/survey-json";
import { isEvidencePost, pageEvidenceAction } from "~/utils/evidence-form.server";
import { readForm } from "~/utils/form";
import { loadEditable } from "./loader.server";

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, ret, survey, pageIndex, page } = await loadEditable(request, params);
  // Evidence uploads post here too (multipart, `?evidence=…`): see utils/evidence-form.server.ts.
  if (isEvidencePost(request) && ret.tool.kind === "case_audit") {
    // A case return holds no documents about a child (DESIGN §12): its tool can have no file question either.
    return data(
      {
        kind: "page" as const,
        errors: [
          { name: "", message: "Evidence cannot be uploaded to a case return: describe what the record shows instead" },
        ] as PageProblem[],
        answers: {},
        saved: null,
      },
      { status: 400 },
    );
  }
  if (isEvidencePost(request))
    return pageEvidenceAction(getDb(), viewer, request, ret.id, `/returns/${ret.id}/pages/${encodeURIComponent(page.name)}`);
  const form = await readForm(request);
  const intent = form.get("_intent");
  const questions = formQuestionsOf(page);
  const names = questions.map((question) => question.name);
  const screened = screenPageAnswers(survey, ret.answers, page.name, form, names);

  if (intent === "conditions") {
    // Live conditions: which questions the answers so far would show. Nothing is saved.
    if ("refused" in screened) return { kind: "conditions" as const, page: page.name, visible: null };
    const merged = mergePageAnswers(survey, ret.answers, page.name, screened.answers);
    const shown = visibleQuestions(survey, merged);
    return {
      kind: "conditions" as const,
      page: page.name,
      visible: listQuestions({ pages: [page] })
        .map((question) => question.name)
        .filter((name) => shown.has(name)),
    };
  }

  // An autosave saves what is there (no required-answer checks, no redirect) and says how it went.
  const autosave = intent === "autosave";
  const refuse = (problems: PageProblem[], status: number) =>
    autosave
      ? data(
          {
            kind: "autosave" as const,
            ok: false as const,
            page: page.name,
            message: problems[0]?.message ?? "",
            field: problems[0]?.name || null,
          },
          { status },
        )
      : data({ kind: "page" as const, errors: problems, answers: postedFormAnswers(survey, page.name, form), saved: null }, { status });

  if ("refused" in screened)
    return refuse([{ name: "", message: `Your answers could not be saved: ${screened.refused}. Reload the page and try again.` }], 400);
  // Answers that cannot be read or break a rule of the tool (a number out of range, say) are not
  // saved; a page save still saves the others and shows every problem, an autosave waits for a fix.
  const rejected = screened.rejected.map(({ name, message, part }): PageProblem => ({ name, message, part }));
  if (autosave && rejected.length > 0) return refuse(rejected, 400);
  const mine = screened.answers;
  // Nothing but refused answers: nothing to save, so nothing is written (not even the return's revision).
  if (rejected.length > 0 && Object.entries(mine).every(([name, value]) => sameAnswer(value, ret.answers[name])))
    return refuse(rejected, 400);
  // A case return never records who the child is: an NHS number is refused outright; a full date or a
  // postcode is saved but the writer confirms it identifies nobody before the page moves on.
  const caseReturn = ret.tool.kind === "case_audit";
  const freeText = caseReturn
    ? checkFreeText(
        Object.fromEntries(questions.filter((question) => isFreeText(question)).map((question) => [question.name, mine[question.name]])),
      )
    : { refused: [], flagged: [] };
  if (freeText.refused.length > 0) return refuse(freeText.refused, 400);

  const base = readBase(form.get("_base"), names);
  // Saving the page with a button reviews its answers carried from last cycle; an autosave only those it changed.
  const saved = await saveReturnPage(getDb(), viewer, ret.id, page.name, mine, base, { reviewsPage: !autosave });
  if (!saved.ok) return refuse([{ name: "", message: saved.message }], saved.status);

  const after = mergePageAnswers(survey, ret.answers, page.name, answersOf(names, saved.answers));
  const shown = visibleQuestions(survey, after);
  const conflicts = saved.conflicts.map((conflict) =>
    conflictProblem(
      questions.find((question) => question.name === conflict.name)!,
      conflict,
      base.answers !== null,
    ),
  );
  const nextBase: FormBase = { revision: saved.revision, answers: saved.answers };
  const savedAt = clockTime(saved.savedAt);

  if (autosave) {
    // Where the stored answer is not what was posted (someone else's answer kept), the browser shows the stored one.
    const updates = Object.fromEntries(
      names
        .filter((name) => shown.has(name) && !sameAnswer(saved.answers[name], mine[name]))
        .map((name) => [name, toFormAnswer(saved.answers[name]) ?? null]),
    );
    return { kind: "autosave" as const, ok: true as const, page: page.name, savedAt, base: nextBase, updates, conflicts };
  }

  // "Save and come back later" keeps a part-answered page; moving on asks for what is missing first
  // (the answers given are already saved, so nothing is lost either way). A conflict always comes back.
  // Missing answers are allowed while the return is a draft (they are required at sign-off).
  const reported = new Set([...conflicts, ...rejected].map((problem) => problem.name));
  const missing =
    form.get("_next") === "later" ? [] : validatePage(survey, after, page.name).filter((problem) => !reported.has(problem.name));
  const unconfirmed =
    form.get("_identifiersChecked") === "yes"
      ? []
      : freeText.flagged
          .filter((problem) => !reported.has(problem.name))
          .map(({ name, message }): PageProblem => ({ name, message, identifier: true }));
  const problems = [...rejected, ...missing.map(({ name, message, part }): PageProblem => ({ name, message, part })), ...unconfirmed].sort(
    (a, b) => names.indexOf(a.name) - names.indexOf(b.name),
  );
  if (conflicts.length > 0 || problems.length > 0) {
    // The refused answers come back as typed, to be corrected; everything else as stored now.
    const posted = postedFormAnswers(survey, page.name, form);
    const shownAnswers = formAnswersOf(
      listQuestions({ pages: [page] }).map((question) => question.name),
      after,
    );
    for (const problem of rejected) shownAnswers[problem.name] = posted[problem.name];
    return data(
      {
        kind: "page" as const,
        errors: [...conflicts, ...problems],
        answers: shownAnswers,
        saved: {
          base: nextBase,
          savedAt,
          visible: listQuestions({ pages: [page] })
            .map((question) => question.name)
            .filter((name) => shown.has(name)),
        },
      },
      { status: conflicts.length > 0 ? 409 : 400 },
    );
  }
  const { next } = neighbours(survey, pageIndex, visiblePages(survey, shown));
  if (form.get("_next") === "continue" && next) return redirect(`/returns/${ret.id}/pages/${encodeURIComponent(next)}`);
  return redirect(`/returns/${ret.id}?saved=${encodeURIComponent(page.name)}`);
}
