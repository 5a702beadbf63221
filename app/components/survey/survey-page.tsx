import { useMemo, type ReactNode } from "react";
import { conditionText } from "~/domain/condition-text";
import type { Choice, SurveyElementJson, SurveyJson } from "~/domain/survey-json";
import { listQuestions, matrixRowsOf, ratingScaleOf, toChoices } from "~/domain/survey-json";
import { ScaleDescriptors } from "./scale-descriptors";
import { MAX_TEXT_LENGTH, isoToDateParts, numberRuleOf, readDateParts, type DateParts } from "~/domain/answer-format";
import { CharacterCount, Checkboxes, DateInput, ErrorMessage, Fieldset, Hint, Input, Radios, Select, Tag, type InputWidth } from "../govuk";

/**
 * Renders one survey page as GOV.UK form controls, server-side, so it works without JavaScript.
 * Field names are the question names (a matrix row is "<question>.<row>"); ids are derived safely
 * from them. Hidden questions stay in the page with the `hidden` attribute so live conditions can
 * reveal them; the server decides what is visible and ignores answers to hidden questions.
 */

/** Values as the form shows them: strings, or string lists for checkboxes, or row maps for matrices. */
export type FormAnswer = string | string[] | Record<string, string> | undefined;

export interface SurveyPageProps {
  elements: SurveyElementJson[];
  answers: Record<string, FormAnswer>;
  visible: ReadonlySet<string>;
  errors: Record<string, string>;
  /** Sanitised HTML for `html` elements, by element name (sanitised on the server). */
  html: Record<string, string>;
  /**
   * Renders a `file` question (evidence: its upload posts separately from the page's answers; see
   * components/evidence.tsx). Without it a file question shows nothing.
   */
  renderFile?: (element: SurveyElementJson, error: string | undefined) => ReactNode;
  /** Questions whose answer was carried from last cycle and is still to review: each gets a tag. */
  carried?: ReadonlySet<string>;
}

/** A safe element id for a question name (names may hold spaces or dots). */
export function questionId(name: string): string {
  return `q-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** Turns a stored answer into what the form fields show. */
export function toFormAnswer(value: unknown): FormAnswer {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "object")
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, entry]) => [key, String(entry)]));
  return String(value);
}

/**
 * How each `inputType` of a text question is typed (GOV.UK Design System): numbers are text boxes with
 * a number keyboard (type="number" would let a scroll wheel change the answer), email and telephone
 * numbers take the browser's autofill and no spellcheck. The server checks every one of them.
 */
const TEXT_KINDS: Record<
  string,
  { type: "text" | "email" | "tel"; inputMode?: "decimal" | "numeric"; autoComplete?: string; spellCheck?: boolean; width?: InputWidth }
> = {
  text: { type: "text" },
  number: { type: "text", inputMode: "decimal", spellCheck: false, width: 10 },
  email: { type: "email", autoComplete: "email", spellCheck: false },
  tel: { type: "tel", autoComplete: "tel", spellCheck: false, width: 20 },
};

/** A date answer as its three fields: typed parts after an error, else the stored ISO date split up. */
export function dateFieldsOf(answer: FormAnswer): DateParts {
  if (answer && typeof answer === "object" && !Array.isArray(answer))
    return { day: answer.day ?? "", month: answer.month ?? "", year: answer.year ?? "" };
  return isoToDateParts(typeof answer === "string" ? answer : undefined);
}

/** A choice as a GOV.UK radio or checkbox item: the descriptor the tool gives it becomes the item's hint. */
function toItem(choice: Choice): { value: string; text: string; hint?: string } {
  return choice.description
    ? { value: choice.value, text: choice.text, hint: choice.description }
    : { value: choice.value, text: choice.text };
}

function asString(value: FormAnswer): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function SurveyPage(props: SurveyPageProps) {
  // The page's own questions, so a condition on one of them can be revealed without a round trip.
  const onPage = useMemo(() => ({ pages: [{ name: "", elements: props.elements }] }), [props.elements]);
  return <SurveyElements {...props} onPage={onPage} />;
}

function SurveyElements({
  elements,
  answers,
  visible,
  errors,
  html,
  renderFile,
  carried,
  onPage,
}: SurveyPageProps & { onPage: SurveyJson }) {
  return (
    <>
      {elements.map((element, index) => (
        <SurveyElement
          key={element.name || index}
          element={element}
          previous={elements[index - 1]}
          {...{ answers, visible, errors, html, renderFile, carried, onPage }}
        />
      ))}
    </>
  );
}

/**
 * A question shown or hidden by answers on this same page ("Why does this not apply?" under a
 * "Not applicable" choice): how to reveal it without JavaScript. With JavaScript the page shows
 * and hides it as answers change; without, there is no round trip before the person moves on, so
 * it is rendered visible with a hint saying when to answer it (GOV.UK's conditional reveal is
 * likewise open without JavaScript). The server keeps its answer only when the condition holds.
 * Null for a question with no such condition.
 */
function revealHint(element: SurveyElementJson, previous: SurveyElementJson | undefined, onPage: SurveyJson): string | null {
  const condition = typeof element.visibleIf === "string" ? element.visibleIf.trim() : "";
  if (condition === "" || element.visible === false) return null;
  const names = [...condition.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  const pageNames = new Set(listQuestions(onPage).map((question) => question.name));
  if (names.length === 0 || !names.every((name) => pageNames.has(name))) return null;
  const single = /^\{([^}]+)\}\s*=\s*'([^']*)'$/.exec(condition);
  if (single && previous && single[1] === previous.name) {
    const choice = toChoices(previous.type === "matrix" ? previous.columns : previous.choices).find(
      (candidate) => candidate.value === single[2],
    );
    if (choice) return `Answer only if you chose ‘${choice.text}’ above.`;
  }
  const words = conditionText(condition, onPage);
  return words === condition ? null : `Answer only if ${words}.`;
}

function SurveyElement({
  element,
  previous,
  answers,
  visible,
  errors,
  html,
  renderFile,
  carried,
  onPage,
}: { element: SurveyElementJson; previous: SurveyElementJson | undefined; onPage: SurveyJson } & Omit<SurveyPageProps, "elements">) {
  if (element.type === "panel") {
    const children = element.elements ?? [];
    const shown = children.some((child) => child.type === "html" || child.type === "panel" || visible.has(child.name));
    return (
      <div className="app-survey-panel" hidden={!shown}>
        {element.title ? <h2 className="govuk-heading-m">{element.title}</h2> : null}
        {element.description ? <p className="govuk-body">{element.description}</p> : null}
        <SurveyElements elements={children} {...{ answers, visible, errors, html, renderFile, carried, onPage }} />
      </div>
    );
  }
  if (element.type === "html") {
    return <div className="app-survey-html govuk-body" dangerouslySetInnerHTML={{ __html: html[element.name] ?? "" }} />;
  }
  const reveal = revealHint(element, previous, onPage);
  const shown = visible.has(element.name);
  return (
    <div
      className={reveal ? "app-survey-question app-survey-question--conditional" : "app-survey-question"}
      // A same-page condition hides its question with a style that applies only when scripts run (see revealHint).
      hidden={reveal ? undefined : !shown}
      data-shown={reveal ? String(shown) : undefined}
      data-question={element.name}
    >
      {reveal ? <p className="govuk-body-s app-reveal-hint">{reveal}</p> : null}
      {carried?.has(element.name) ? (
        <p className="govuk-body-s app-carried">
          <Tag colour="yellow">From last cycle: review</Tag>
        </p>
      ) : null}
      {element.type === "file" ? (
        (renderFile?.(element, errors[element.name]) ?? null)
      ) : (
        <Question element={element} answer={answers[element.name]} error={errors[element.name]} />
      )}
    </div>
  );
}

function Question({ element, answer, error }: { element: SurveyElementJson; answer: FormAnswer; error?: string }): ReactNode {
  const id = questionId(element.name);
  const title = element.title ?? element.name;
  const hint = element.description;
  const required = element.isRequired === true;
  const legend = (
    <>
      {title}
      {required ? null : <span className="govuk-visually-hidden"> (optional)</span>}
    </>
  );
  switch (element.type) {
    case "radiogroup":
      return (
        <Radios
          name={element.name}
          idPrefix={id}
          legend={legend}
          legendSize="s"
          hint={hint}
          error={error}
          defaultValue={asString(answer)}
          items={toChoices(element.choices).map(toItem)}
        />
      );
    case "boolean":
      return (
        <Radios
          name={element.name}
          idPrefix={id}
          legend={legend}
          legendSize="s"
          hint={hint}
          error={error}
          inline
          defaultValue={asString(answer)}
          items={[
            { value: "true", text: typeof element.labelTrue === "string" ? element.labelTrue : "Yes" },
            { value: "false", text: typeof element.labelFalse === "string" ? element.labelFalse : "No" },
          ]}
        />
      );
    case "rating": {
      const low = typeof element.minRateDescription === "string" ? element.minRateDescription : null;
      const high = typeof element.maxRateDescription === "string" ? element.maxRateDescription : null;
      const scaleHint = low && high ? `${low} to ${high}` : null;
      return (
        <Radios
          name={element.name}
          idPrefix={id}
          legend={legend}
          legendSize="s"
          hint={[hint, scaleHint].filter(Boolean).join(". ") || undefined}
          error={error}
          inline
          defaultValue={asString(answer)}
          items={ratingScaleOf(element).map((choice) => ({ value: choice.value, text: choice.text }))}
        />
      );
    }
    case "checkbox":
      return (
        <Checkboxes
          name={element.name}
          idPrefix={id}
          legend={legend}
          legendSize="s"
          hint={hint ?? "Select all that apply."}
          error={error}
          defaultValue={Array.isArray(answer) ? answer : []}
          items={toChoices(element.choices).map(toItem)}
        />
      );
    case "dropdown":
      return (
        <Select
          name={element.name}
          id={id}
          label={legend}
          hint={hint}
          error={error}
          defaultValue={asString(answer) ?? ""}
          items={[
            { value: "", text: "Select an answer" },
            ...toChoices(element.choices).map((choice) => ({ value: choice.value, text: choice.text })),
          ]}
        />
      );
    case "text": {
      if (element.inputType === "date") {
        const parts = dateFieldsOf(answer);
        // Which fields to mark: the ones the reader found wrong, or all three for a missing date.
        const reading = error ? readDateParts(parts, `“${String(title)}”`) : null;
        return (
          <DateInput
            name={element.name}
            id={id}
            legend={legend}
            legendSize="s"
            hint={hint ?? "For example, 27 3 2026"}
            error={error}
            errorFields={reading && !reading.ok ? reading.parts : undefined}
            defaultValue={parts}
          />
        );
      }
      const kind = TEXT_KINDS[String(element.inputType)] ?? TEXT_KINDS.text;
      const whole = element.inputType === "number" && numberRuleOf(element).whole;
      return (
        <Input
          name={element.name}
          id={id}
          label={legend}
          labelSize="s"
          hint={hint}
          error={error}
          type={kind.type}
          inputMode={whole ? "numeric" : kind.inputMode}
          autoComplete={kind.autoComplete}
          spellCheck={kind.spellCheck}
          width={kind.width}
          defaultValue={asString(answer)}
        />
      );
    }
    case "comment":
      return (
        <CharacterCount
          name={element.name}
          id={id}
          label={legend}
          labelSize="s"
          hint={hint}
          error={error}
          defaultValue={asString(answer)}
          rows={4}
          maxLength={MAX_TEXT_LENGTH}
        />
      );
    case "matrix":
      return <Matrix element={element} id={id} legend={legend} answer={answer} error={error} />;
    default:
      return null;
  }
}

/** A matrix (one choice per row) as a table of radio buttons inside one fieldset. */
function Matrix({
  element,
  id,
  legend,
  answer,
  error,
}: {
  element: SurveyElementJson;
  id: string;
  legend: ReactNode;
  answer: FormAnswer;
  error?: string;
}) {
  const rows = matrixRowsOf(element);
  const columns = toChoices(element.columns);
  const chosen = answer && typeof answer === "object" && !Array.isArray(answer) ? answer : {};
  const hintId = element.description ? `${id}-hint` : undefined;
  // A matrix cell has no room for a hint per radio: the scale's descriptors are one list, read with the legend.
  const scaleId = columns.some((column) => column.description) ? `${id}-scale` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Fieldset legend={legend} legendSize="s" describedBy={[hintId, scaleId, errorId].filter(Boolean).join(" ") || undefined}>
        {element.description ? <Hint id={hintId}>{element.description}</Hint> : null}
        <ScaleDescriptors choices={columns} id={scaleId} />
        {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
        <div className="app-table-wrapper" role="region" aria-label={`${element.title ?? element.name}: answers by row`} tabIndex={0}>
          <table className="govuk-table app-matrix">
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <td className="govuk-table__header" />
                {columns.map((column) => (
                  <th key={column.value} scope="col" className="govuk-table__header">
                    {column.text}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.map((row, rowIndex) => (
                <tr key={row.value} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    {row.text}
                  </th>
                  {columns.map((column, columnIndex) => {
                    const inputId = rowIndex === 0 && columnIndex === 0 ? id : `${id}-${rowIndex}-${columnIndex}`;
                    return (
                      <td key={column.value} className="govuk-table__cell">
                        <div className="govuk-radios govuk-radios--small" data-module="govuk-radios">
                          <div className="govuk-radios__item">
                            <input
                              className="govuk-radios__input"
                              id={inputId}
                              name={`${element.name}.${row.value}`}
                              type="radio"
                              value={column.value}
                              defaultChecked={chosen[row.value] === column.value}
                            />
                            <label className="govuk-label govuk-radios__label" htmlFor={inputId}>
                              <span className="govuk-visually-hidden">
                                {row.text}: {column.text}
                              </span>
                            </label>
                          </div>
                        </div>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Fieldset>
    </div>
  );
}
