import { z } from "zod";
import type { SaveBase } from "~/data/return-edits.server";
import type { DatePart } from "~/domain/answer-format";
import { formatDateTime } from "~/domain/dates";
import { sameAnswer, type AnswerConflict } from "~/domain/merge-answers";
import type { Answers } from "~/domain/scoring";
import type { QuestionInfo } from "~/domain/survey-json";
import { answerText } from "./answer-text";
import { questionId } from "./survey-page";

/**
 * Saving a return page with someone else perhaps editing it too (DESIGN §6): the form's base (what it last
 * showed, read strictly), and a conflict in words a person can act on.
 */

/** Well above any real page (text answers are at most 20,000 characters each), well below abuse. */
const MAX_BASE_LENGTH = 1_000_000;

/** The form's base: the page's answers it last showed, and the return's revision they came from. */
export type FormBase = { revision: number; answers: Answers };

/** A problem shown on the page: beside the question (`message`) and in the error summary (`summary`). */
/** `identifier`: a date or postcode in a case return's free text, for the writer to confirm it identifies nobody. */
export type PageProblem = { name: string; message: string; summary?: string; conflict?: boolean; part?: DatePart; identifier?: boolean };

const StoredValue = z.union([z.string(), z.number()]);
const BaseSchema = z.strictObject({
  revision: z.number().int().min(0),
  answers: z.record(z.string(), z.union([StoredValue, z.boolean(), z.array(StoredValue), z.record(z.string(), StoredValue)])),
});

/**
 * Reads the form's `_base`. It is the person's own answers, so it is not signed, but it is read
 * strictly: anything malformed, or naming a question that is not on this page, counts as "base not
 * known" (a page opened before autosave existed lands here too). Then the merge cannot tell a stale
 * form from a deliberate change, so it takes the safe side: a question nobody has answered takes the
 * posted answer, and a stored answer the form would change or clear becomes a conflict to confirm,
 * never an overwrite (see `mergeAnswers`).
 */
export function readBase(raw: FormDataEntryValue | null, questions: string[]): SaveBase {
  const unknown = { answers: null, revision: null };
  if (typeof raw !== "string" || raw.length > MAX_BASE_LENGTH) return unknown;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return unknown;
  }
  const parsed = BaseSchema.safeParse(json);
  if (!parsed.success || Object.keys(parsed.data.answers).some((name) => !questions.includes(name))) return unknown;
  return parsed.data;
}

/** "11:32am", UK time: the time part of the domain's `formatDateTime` (GOV.UK style; "12:30am", not "0:30am"). */
export function clockTime(iso: string): string {
  return formatDateTime(iso).split(" at ").pop() ?? "";
}

function shortened(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
}

/** What a person reads about a conflict: both answers in words, and what to do. */
export function conflictProblem(question: QuestionInfo, conflict: AnswerConflict, baseKnown: boolean): PageProblem {
  const readable = (value: unknown) => answerText(question.element, value).replace(/\n/g, "; ");
  const mineEmpty = sameAnswer(conflict.mine, undefined);
  const theirsEmpty = sameAnswer(conflict.theirs, undefined);
  const mine = readable(conflict.mine);
  const theirs = readable(conflict.theirs);
  const title = shortened(String(question.element.title ?? question.name), 90);
  const what = !baseKnown
    ? `The saved answer is ‘${theirs}’: someone else in your agency may have changed it since you opened the page.`
    : theirsEmpty
      ? "Someone else in your agency removed this answer since you opened the page."
      : `Someone else in your agency changed this answer to ‘${theirs}’ since you opened the page.`;
  const yours = !mineEmpty ? `Your answer was ‘${mine}’.` : baseKnown ? "You had removed your answer." : "Your page showed no answer.";
  const summary = theirsEmpty
    ? `Someone else removed the answer to “${title}”: yours was ‘${shortened(mine, 80)}’`
    : `Someone else changed “${title}” to ‘${shortened(theirs, 80)}’: ${mineEmpty ? "you had removed it" : `yours was ‘${shortened(mine, 80)}’`}`;
  return { name: conflict.name, message: `${what} ${yours} Choose the answer to keep and save again.`, summary, conflict: true };
}

/**
 * A page's problems as the page shows them: beside each question (a conflict's message stays until that
 * question is saved again), and in the error summary, each linking to its field (a date's wrong part).
 */
export function pageErrors(errors: PageProblem[] | null, conflicts: PageProblem[]) {
  const all = errors ?? [];
  return {
    fieldErrors: Object.fromEntries(
      [...all.filter((error) => error.name && !error.conflict), ...conflicts].map((error) => [error.name, error.message]),
    ),
    summary: all.map((error) => ({
      href: error.name ? `#${questionId(error.name)}${error.part ? `-${error.part}` : ""}` : undefined,
      text: error.summary ?? error.message,
    })),
    onlyConflicts: all.length > 0 && all.every((error) => error.conflict),
  };
}
