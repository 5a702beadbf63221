import { useFetcher, type ClientActionFunctionArgs, type ShouldRevalidateFunction } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type Dispatch, type MutableRefObject, type RefObject, type SetStateAction } from "react";
import { DATE_PARTS, datePartField } from "~/domain/answer-format";
import { sameAnswer } from "~/domain/merge-answers";
import type { QuestionInfo, SurveyJson } from "~/domain/survey-json";
import type { FormBase, PageProblem } from "./page-save";
import { postedFormAnswers } from "./posted-answers";
import { dateFieldsOf, type FormAnswer } from "./survey-page";

/**
 * Autosave on a return page (DESIGN §6, "nothing lost"): a pause after a change sends the page's answers
 * with the base they were changed from, one request at a time; what comes back (someone else's answer
 * kept, a conflict to confirm) is shown in the fields and beside the buttons, and becomes the new base.
 */

/** An autosave goes this long after the last change: one save per pause, not one per keystroke. */
const AUTOSAVE_DELAY_MS = 1500;
/** The longest a page save waits for an autosave already on its way, so the two never cross. */
const SUBMIT_WAIT_MS = 8000;

/** What the page's action answers an autosave. */
export type AutosaveAnswer =
  | {
      kind: "autosave";
      ok: true;
      page: string;
      savedAt: string;
      base: FormBase;
      updates: Record<string, FormAnswer | null>;
      conflicts: PageProblem[];
    }
  | { kind: "autosave"; ok: false; page: string; message: string; field: string | null };

/** The autosave's state, as the page tells the person (AutosaveMessage). */
export type AutosaveStatus =
  { state: "idle" } | { state: "saved"; at: string; conflicts: PageProblem[] } | { state: "failed"; message: string; field: string | null };

/** The autosave on its way, if any (one page is open per browser tab, so one is enough). */
let autosaveOnItsWay: Promise<unknown> = Promise.resolve();

/**
 * The return page's client action (`Action` is its server action's type): in the browser every post of the
 * page passes through here. An autosave or a condition check that fails on the way (no network, a server
 * error, a return that can no longer be changed) must not swap the page for an error page: the typed
 * answers are still in the form, so an autosave's failure becomes a message beside the buttons. A page
 * save waits for an autosave already on its way, so the two reach the server in order and the autosave
 * never finishes in the middle of the page save's navigation.
 */
export function pagePostsInTheBrowser<Action>() {
  return async ({ request, params, serverAction }: ClientActionFunctionArgs) => {
    const intent = (await request.clone().formData()).get("_intent");
    const page = params.pageName ?? "";
    if (intent === "autosave") {
      const saving = serverAction<Action>().catch((error: unknown) => {
        const moved = error instanceof Response && error.status >= 300 && error.status < 400;
        const message = moved
          ? "This return can no longer be changed here: it may have been submitted. Copy anything you need before you leave this page."
          : "We will try again when you next change an answer.";
        return { kind: "autosave" as const, ok: false as const, page, message, field: null };
      });
      autosaveOnItsWay = saving;
      return saving;
    }
    if (intent === "conditions") {
      return serverAction<Action>().catch(() => ({ kind: "conditions" as const, page, visible: null }));
    }
    await Promise.race([autosaveOnItsWay, new Promise((resolve) => window.setTimeout(resolve, SUBMIT_WAIT_MS))]);
    return serverAction<Action>();
  };
}

/** Live-condition checks and autosaves change nothing the page shows, so nothing reloads after them (a reload could race a save). */
export const revalidateAfterPageSaves: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get("_intent");
  return intent === "conditions" || intent === "autosave" ? false : defaultShouldRevalidate;
};

/** Puts an answer into the page's fields (an answer someone else saved), as the server would render it. */
export function showAnswer(form: HTMLFormElement, question: QuestionInfo, answer: FormAnswer): void {
  const dateParts = question.type === "text" && question.element.inputType === "date" ? dateFieldsOf(answer) : null;
  for (const field of Array.from(form.elements)) {
    if (dateParts) {
      const part = DATE_PARTS.find(
        (candidate) => field instanceof HTMLInputElement && field.name === datePartField(question.name, candidate),
      );
      if (part) (field as HTMLInputElement).value = dateParts[part];
    } else if (question.type === "matrix") {
      if (!(field instanceof HTMLInputElement) || !field.name.startsWith(`${question.name}.`)) continue;
      const rows = answer && typeof answer === "object" && !Array.isArray(answer) ? answer : {};
      field.checked = rows[field.name.slice(question.name.length + 1)] === field.value;
    } else if (field instanceof HTMLInputElement && field.name === question.name && (field.type === "radio" || field.type === "checkbox")) {
      field.checked = Array.isArray(answer) ? answer.includes(field.value) : answer === field.value;
    } else if (
      (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) &&
      field.name === question.name
    ) {
      field.value = typeof answer === "string" ? answer : "";
    }
  }
}

/**
 * The form's base (what it last showed and the revision it came from): kept in a ref for the autosave, and
 * in the hidden `_base` field for a page save. `adoptBase` after every save that says what is stored now.
 */
export function useFormBase(initial: FormBase) {
  const baseRef = useRef<FormBase>(initial);
  const baseField = useRef<HTMLInputElement>(null);
  const [baseJson, setBaseJson] = useState(() => JSON.stringify(initial));
  const adoptBase = useCallback((next: FormBase) => {
    const json = JSON.stringify(next);
    baseRef.current = next;
    // At once in the field too, so a save button pressed before the next render still sends it.
    if (baseField.current) baseField.current.value = json;
    setBaseJson(json);
  }, []);
  return { baseRef, baseField, baseJson, adoptBase };
}

/**
 * The page form's autosave. `schedule` after every change (the last change wins the timer); `cancel` when
 * the page is saved with a button, which sends everything anyway.
 */
export function useAutosave({
  formRef,
  pageJson,
  pageName,
  questions,
  navigating,
  baseRef,
  adoptBase,
  setConflicts,
  setStatus,
  checkConditions,
}: {
  formRef: RefObject<HTMLFormElement>;
  pageJson: SurveyJson;
  pageName: string;
  questions: QuestionInfo[];
  /** A page save or a move is on its way: an autosave waits for it. */
  navigating: boolean;
  baseRef: MutableRefObject<FormBase>;
  adoptBase: (next: FormBase) => void;
  setConflicts: Dispatch<SetStateAction<PageProblem[]>>;
  setStatus: Dispatch<SetStateAction<AutosaveStatus>>;
  checkConditions: () => void;
}): { schedule: () => void; cancel: () => void } {
  const timer = useRef<number | undefined>(undefined);
  const inFlight = useRef<{ sent: Record<string, FormAnswer>; base: FormBase } | null>(null);
  const autosave = useFetcher();
  const handled = useRef(autosave.data);
  const live = useRef({ autosave, navigating });
  live.current = { autosave, navigating };

  const readForm = useCallback((form: HTMLFormElement) => postedFormAnswers(pageJson, pageName, new FormData(form)), [pageJson, pageName]);

  const sendAutosave = useCallback(() => {
    const form = formRef.current;
    if (!form) return;
    if (inFlight.current || live.current.navigating) {
      // Try again after the save on its way has answered (or the page has been left).
      timer.current = window.setTimeout(sendAutosave, AUTOSAVE_DELAY_MS);
      return;
    }
    const formData = new FormData(form);
    formData.set("_intent", "autosave");
    formData.set("_base", JSON.stringify(baseRef.current));
    inFlight.current = { sent: readForm(form), base: baseRef.current };
    live.current.autosave.submit(formData, { method: "post" });
  }, [formRef, baseRef, readForm]);

  const scheduleAutosave = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(sendAutosave, AUTOSAVE_DELAY_MS);
  }, [sendAutosave]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  useEffect(() => {
    const answer = autosave.data as AutosaveAnswer | undefined;
    const request = inFlight.current;
    // The fetcher keeps its last answer while the next autosave is on its way: each answer counts once.
    if (!answer || answer === handled.current) return;
    handled.current = answer;
    if (answer.kind !== "autosave" || !request || !formRef.current) return;
    inFlight.current = null;
    if (!answer.ok) {
      setStatus({ state: "failed", message: answer.message, field: answer.field });
    } else {
      const form = formRef.current;
      const now = readForm(form);
      const next: FormBase = { revision: answer.base.revision, answers: { ...baseRef.current.answers } };
      let shownTheirs = false;
      for (const question of questions) {
        const { name } = question;
        const stored = answer.base.answers[name];
        if (name in answer.updates) {
          // Someone else's answer was kept. Show it, unless the person has changed this question
          // since the autosave left: then their newer change is still to be merged, from the old base.
          if (!sameAnswer(now[name], request.sent[name])) continue;
          showAnswer(form, question, answer.updates[name] ?? undefined);
          shownTheirs = true;
        }
        if (stored === undefined) delete next.answers[name];
        else next.answers[name] = stored;
      }
      adoptBase(next);
      // A conflict message stays until that question is saved again (or the page is).
      setConflicts((previous) => [
        ...previous.filter(
          (old) =>
            !answer.conflicts.some((fresh) => fresh.name === old.name) &&
            sameAnswer(request.sent[old.name], request.base.answers[old.name]),
        ),
        ...answer.conflicts,
      ]);
      setStatus({ state: "saved", at: answer.savedAt, conflicts: answer.conflicts });
      if (shownTheirs) checkConditions();
    }
  }, [autosave.data, formRef, baseRef, questions, readForm, adoptBase, setConflicts, setStatus, checkConditions]);

  const cancel = useCallback(() => window.clearTimeout(timer.current), []);
  return { schedule: scheduleAutosave, cancel };
}
