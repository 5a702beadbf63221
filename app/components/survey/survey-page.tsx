import type { ReactNode } from "react";
import type { Choice, SurveyElementJson } from "~/domain/survey-json";
import { matrixRowsOf, ratingScaleOf, toChoices } from "~/domain/survey-json";
import { ScaleDescriptors } from "./scale-descriptors";
import { Checkboxes, ErrorMessage, Fieldset, Hint, Input, Radios, Select, Tag, Textarea } from "../govuk";

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
  if (typeof value === "object") return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, entry]) => [key, String(entry)]));
  return String(value);
}

/** A choice as a GOV.UK radio or checkbox item: the descriptor the tool gives it becomes the item's hint. */
function toItem(choice: Choice): { value: string; text: string; hint?: string } {
  return choice.description ? { value: choice.value, text: choice.text, hint: choice.description } : { value: choice.value, text: choice.text };
}

function asString(value: FormAnswer): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function SurveyPage({ elements, answers, visible, errors, html, renderFile, carried }: SurveyPageProps) {
  return <>{elements.map((element, index) => <SurveyElement key={element.name || index} element={element} {...{ answers, visible, errors, html, renderFile, carried }} />)}</>;
}

function SurveyElement({ element, answers, visible, errors, html, renderFile, carried }: { element: SurveyElementJson } & Omit<SurveyPageProps, "elements">) {
  if (element.type === "panel") {
    const children = element.elements ?? [];
    const shown = children.some((child) => child.type === "html" || child.type === "panel" || visible.has(child.name));
    return (
      <div className="app-survey-panel" hidden={!shown}>
        {element.title ? <h2 className="govuk-heading-m">{element.title}</h2> : null}
        {element.description ? <p className="govuk-body">{element.description}</p> : null}
        <SurveyPage elements={children} {...{ answers, visible, errors, html, renderFile, carried }} />
      </div>
    );
  }
  if (element.type === "html") {
    return <div className="app-survey-html govuk-body" dangerouslySetInnerHTML={{ __html: html[element.name] ?? "" }} />;
  }
  return (
    <div className="app-survey-question" hidden={!visible.has(element.name)} data-question={element.name}>
      {carried?.has(element.name) ? (
        <p className="govuk-body-s app-carried">
          <Tag colour="yellow">From last cycle: review</Tag>
        </p>
      ) : null}
      {element.type === "file" ? (renderFile?.(element, errors[element.name]) ?? null) : <Question element={element} answer={answers[element.name]} error={errors[element.name]} />}
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
          items={[{ value: "", text: "Select an answer" }, ...toChoices(element.choices).map((choice) => ({ value: choice.value, text: choice.text }))]}
        />
      );
    case "text": {
      const number = element.inputType === "number";
      const date = element.inputType === "date";
      return (
        <Input
          name={element.name}
          id={id}
          label={legend}
          labelSize="s"
          hint={hint ?? (date ? "For example, 2026-03-27" : undefined)}
          error={error}
          inputMode={number ? "decimal" : undefined}
          spellCheck={number || date ? false : undefined}
          width={number ? 10 : date ? 10 : undefined}
          defaultValue={asString(answer)}
        />
      );
    }
    case "comment":
      return <Textarea name={element.name} id={id} label={legend} labelSize="s" hint={hint} error={error} defaultValue={asString(answer)} rows={4} />;
    case "matrix":
      return <Matrix element={element} id={id} legend={legend} answer={answer} error={error} />;
    default:
      return null;
  }
}

/** A matrix (one choice per row) as a table of radio buttons inside one fieldset. */
function Matrix({ element, id, legend, answer, error }: { element: SurveyElementJson; id: string; legend: ReactNode; answer: FormAnswer; error?: string }) {
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
