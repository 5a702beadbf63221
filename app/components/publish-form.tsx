import { Form } from "@remix-run/react";
import { Button, Radios, WarningText } from "./govuk";

/**
 * QA's "Publish to the board" form, the same on every report page: named or anonymised. `hidden`
 * carries the page's own choices (the comparison's earlier cycle and threshold) so the frozen
 * report is the one on screen.
 */
export function PublishForm({
  error,
  hidden = {},
  namedPublished = false,
}: {
  error?: string;
  hidden?: Record<string, string>;
  namedPublished?: boolean;
}) {
  return (
    <Form method="post" noValidate className="app-no-print">
      <h2 className="govuk-heading-m">Publish to the board</h2>
      <p className="govuk-body">
        Publishing freezes this report as it stands now. Board members see only published reports; later changes to returns never alter a
        publication.
      </p>
      {namedPublished ? (
        <WarningText>
          A report of this cycle naming agencies has already been published to the board. An anonymised report of the same cycle can be
          matched against it, so it would not keep agencies anonymous from anyone who has read both.
        </WarningText>
      ) : null}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Radios
        name="view"
        idPrefix="view"
        legend="How should agencies be shown?"
        legendSize="s"
        error={error}
        items={[
          { value: "named", text: "By name" },
          {
            value: "anonymised",
            text: "Anonymised",
            hint: "Agencies shown as Agency A, B…; sectors and groups with fewer than 5 agencies are not shown.",
          },
        ]}
      />
      <Button>Publish to the board</Button>
    </Form>
  );
}
