import type { ReactNode } from "react";
import { matrixRowsOf, ratingScaleOf, toChoices, type SurveyElementJson } from "~/domain/survey-json";
import type { ToolDefinition } from "~/domain/tool-schema";
import { ScaleDescriptors } from "./survey/scale-descriptors";

/**
 * A tool printed blank, to prepare a return offline: every page, every question with its
 * choices as empty boxes, the standard's guidance, and when a question is asked ("Answer only if…").
 * Text answers get a ruled box to write in. Nothing here is a form: it is for paper.
 */
export function BlankTool({
  tool,
  html,
  conditions,
}: {
  tool: ToolDefinition;
  html: Record<string, string>;
  conditions: Record<string, string>;
}) {
  return (
    <>
      {tool.survey.pages.map((page, index) => {
        const standard = tool.standards.find((candidate) => candidate.code === page.name);
        return (
          <section key={page.name} className="app-print-page" aria-labelledby={`page-${index}`}>
            <h2 className="govuk-heading-l" id={`page-${index}`}>
              {page.title ?? page.name}
            </h2>
            {typeof page.description === "string" ? <p className="govuk-body">{page.description}</p> : null}
            {standard?.guidance ? (
              <div className="govuk-inset-text">
                <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Guidance</p>
                <p className="govuk-body">{standard.guidance}</p>
                {standard.reference ? <p className="govuk-body-s">Reference: {standard.reference}</p> : null}
              </div>
            ) : null}
            <BlankElements elements={page.elements as SurveyElementJson[]} html={html} conditions={conditions} />
          </section>
        );
      })}
    </>
  );
}

function BlankElements({
  elements,
  html,
  conditions,
}: {
  elements: SurveyElementJson[];
  html: Record<string, string>;
  conditions: Record<string, string>;
}) {
  return (
    <>
      {elements.map((element, index) => {
        if (element.type === "html")
          return (
            <div
              key={element.name || index}
              className="app-survey-html govuk-body"
              dangerouslySetInnerHTML={{ __html: html[element.name] ?? "" }}
            />
          );
        if (element.type === "panel") {
          return (
            <div key={element.name || index} className="app-print-panel">
              {element.title ? <h3 className="govuk-heading-m">{element.title}</h3> : null}
              {conditions[element.name] ? <AskedWhen text={conditions[element.name]} /> : null}
              <BlankElements elements={element.elements ?? []} html={html} conditions={conditions} />
            </div>
          );
        }
        return <BlankQuestion key={element.name} element={element} condition={conditions[element.name]} />;
      })}
    </>
  );
}

function AskedWhen({ text }: { text: string }) {
  return (
    <p className="govuk-body-s app-print-condition">
      <strong>Answer only if</strong> {text}.
    </p>
  );
}

const Box = () => <span className="app-print-box" aria-hidden="true" />;

function BlankQuestion({ element, condition }: { element: SurveyElementJson; condition?: string }) {
  const choices = (items: { value: string; text: string; description?: string }[], note?: string): ReactNode => (
    <>
      {note ? <p className="govuk-body-s">{note}</p> : null}
      <ul className="govuk-list app-print-choices">
        {items.map((choice) => (
          <li key={choice.value}>
            <Box /> {choice.text}
            {choice.description ? <div className="govuk-hint govuk-!-margin-bottom-1">{choice.description}</div> : null}
          </li>
        ))}
      </ul>
    </>
  );
  let answer: ReactNode;
  switch (element.type) {
    case "radiogroup":
    case "dropdown":
      answer = choices(toChoices(element.choices), "Choose one.");
      break;
    case "checkbox":
      answer = choices(toChoices(element.choices), "Choose all that apply.");
      break;
    case "boolean":
      answer = choices([
        { value: "true", text: typeof element.labelTrue === "string" ? element.labelTrue : "Yes" },
        { value: "false", text: typeof element.labelFalse === "string" ? element.labelFalse : "No" },
      ]);
      break;
    case "rating":
      answer = choices(ratingScaleOf(element), "Choose one.");
      break;
    case "matrix": {
      const columns = toChoices(element.columns);
      answer = (
        <>
          <ScaleDescriptors choices={columns} />
          <div className="app-table-wrapper" role="region" aria-label={`${element.title ?? element.name}: one answer per row`} tabIndex={0}>
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
                {matrixRowsOf(element).map((row) => (
                  <tr key={row.value} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      {row.text}
                    </th>
                    {columns.map((column) => (
                      <td key={column.value} className="govuk-table__cell">
                        <Box />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      );
      break;
    }
    case "file":
      answer = (
        <div
          className="app-print-write app-print-write--short"
          aria-hidden="true"
          data-note="List the documents you will upload as evidence"
        />
      );
      break;
    case "comment":
      answer = <div className="app-print-write app-print-write--long" aria-hidden="true" />;
      break;
    default:
      answer = (
        <>
          {element.inputType === "number" ? (
            <p className="govuk-body-s">A number.</p>
          ) : element.inputType === "date" ? (
            <p className="govuk-body-s">A date.</p>
          ) : null}
          <div className="app-print-write app-print-write--short" aria-hidden="true" />
        </>
      );
  }
  return (
    <div className="app-print-question">
      <h3 className="govuk-heading-s govuk-!-margin-bottom-2">
        {element.title ?? element.name}
        {element.isRequired === true ? null : <span className="govuk-!-font-weight-regular"> (optional)</span>}
      </h3>
      {element.description ? <p className="govuk-hint">{element.description}</p> : null}
      {condition ? <AskedWhen text={condition} /> : null}
      {element.type === "file" ? <p className="govuk-body-s">Evidence is uploaded online. List the documents you will upload.</p> : null}
      {answer}
    </div>
  );
}
