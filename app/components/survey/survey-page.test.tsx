import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { SurveyElementJson } from "~/domain/survey-json";
import { SurveyPage } from "./survey-page";

const scale = (name: string): SurveyElementJson => ({
  type: "radiogroup",
  name,
  title: "Is the policy reviewed at least once a year?",
  isRequired: true,
  choices: [
    { value: "fully", text: "Fully met", description: "Reviewed in the last 12 months, with the date recorded." },
    { value: "mostly", text: "Mostly met", description: "Reviewed in the last 18 months." },
    { value: "not", text: "Not met" },
  ],
});

function render(elements: SurveyElementJson[]): string {
  const names = new Set(elements.map((element) => element.name));
  return renderToStaticMarkup(<SurveyPage elements={elements} answers={{}} visible={names} errors={{}} html={{}} />);
}

describe("choice descriptors", () => {
  it("show each described choice's descriptor as its radio hint, tied to the radio by aria-describedby", () => {
    const html = render([scale("s_q1")]);
    expect(html).toContain(
      '<input class="govuk-radios__input" id="q-s_q1" name="s_q1" type="radio" aria-describedby="q-s_q1-item-hint" value="fully"/>' +
        '<label class="govuk-label govuk-radios__label" for="q-s_q1">Fully met</label>' +
        '<div id="q-s_q1-item-hint" class="govuk-hint govuk-radios__hint">Reviewed in the last 12 months, with the date recorded.</div>',
    );
    expect(html).toContain('<div id="q-s_q1-2-item-hint" class="govuk-hint govuk-radios__hint">Reviewed in the last 18 months.</div>');
  });

  it("give a choice without a descriptor no hint and no aria-describedby", () => {
    const html = render([scale("s_q1")]);
    expect(html).toContain('<input class="govuk-radios__input" id="q-s_q1-3" name="s_q1" type="radio" value="not"/>');
    expect(html).not.toContain("q-s_q1-3-item-hint");
  });

  it("list a matrix's column descriptors once, read with its legend", () => {
    const html = render([
      {
        type: "matrix",
        name: "rec1",
        title: "Record 1",
        columns: [
          { value: "yes", text: "Yes", description: "The record shows it." },
          { value: "no", text: "No", description: "The record does not show it." },
        ],
        rows: [{ value: "agenda", text: "The agenda was set jointly" }],
      },
    ]);
    expect(html).toContain('aria-describedby="q-rec1-scale"');
    expect(html).toContain(
      '<ul id="q-rec1-scale" class="govuk-list govuk-hint"><li><strong>Yes</strong>: The record shows it.</li><li><strong>No</strong>: The record does not show it.</li></ul>',
    );
  });
});
