import { Form } from "@remix-run/react";
import {
  FREQUENCIES,
  FREQUENCY_LABELS,
  POLARITIES,
  POLARITY_LABELS,
  QUADRANTS,
  QUADRANT_LABELS,
  THEMES,
  THEME_LABELS,
  UNITS,
  UNIT_LABELS,
} from "~/domain/scorecard";
import type { FieldErrors, FormValues } from "~/utils/form";
import { DecimalInput } from "./decimal-input";
import { Button, Input, Radios, Select, Textarea } from "./govuk";

/** Defining and changing an indicator: the same fields and messages (the CSV import reads the same schema). */
export function IndicatorForm({
  values,
  errors,
  agencies,
  submitLabel,
  editing,
}: {
  values: Partial<FormValues>;
  errors?: FieldErrors;
  agencies: { id: number; name: string }[];
  submitLabel: string;
  editing: boolean;
}) {
  return (
    <Form method="post" noValidate>
      <Input
        name="code"
        label="Code"
        hint="Short and stable, like CP-2: imports and the API name the indicator by it."
        defaultValue={values.code}
        error={errors?.code}
        width={10}
        spellCheck={false}
      />
      <Input name="title" label="Title" defaultValue={values.title} error={errors?.title} />
      <Textarea
        name="definition"
        label="Definition"
        hint={
          editing
            ? "Changing the definition starts a new version: the scorecard shows a break in the series, because values counted before and after measure different things."
            : "What is counted, from which system, over what time. Write it so another agency would count the same thing."
        }
        defaultValue={values.definition}
        error={errors?.definition}
        rows={4}
      />
      <Radios
        name="unit"
        legend="Unit"
        legendSize="s"
        defaultValue={values.unit}
        error={errors?.unit}
        items={UNITS.map((unit) => ({ value: unit, text: UNIT_LABELS[unit] }))}
      />
      <Radios
        name="polarity"
        legend="Which way is better?"
        legendSize="s"
        inline
        defaultValue={values.polarity}
        error={errors?.polarity}
        items={POLARITIES.map((polarity) => ({ value: polarity, text: POLARITY_LABELS[polarity] }))}
      />
      <DecimalInput
        name="target"
        label="Target (optional)"
        hint="In the unit's terms: 85 for 85%. Without a target the scorecard shows no RAG."
        values={values}
        errors={errors}
        width={5}
      />
      <DecimalInput
        name="greenTolerance"
        label="Green tolerance"
        hint="How far short of the target still counts as green (0 means the target itself)."
        values={values}
        errors={errors}
        width={5}
      />
      <DecimalInput
        name="amberTolerance"
        label="Amber tolerance"
        hint="How far short of the target counts as amber; further short is red."
        values={values}
        errors={errors}
        width={5}
      />
      <Radios
        name="frequency"
        legend="How often is it reported?"
        legendSize="s"
        defaultValue={values.frequency}
        error={errors?.frequency}
        items={FREQUENCIES.map((frequency) => ({ value: frequency, text: FREQUENCY_LABELS[frequency] }))}
      />
      <Radios
        name="quadrant"
        legend="Quadrant"
        legendSize="s"
        defaultValue={values.quadrant}
        error={errors?.quadrant}
        items={QUADRANTS.map((quadrant) => ({ value: quadrant, text: QUADRANT_LABELS[quadrant] }))}
      />
      <Select
        name="theme"
        label="Theme"
        hint="The five themes of the DfE's safeguarding performance information framework."
        defaultValue={values.theme ?? ""}
        error={errors?.theme}
        items={[{ value: "", text: "Select a theme" }, ...THEMES.map((theme) => ({ value: theme, text: THEME_LABELS[theme] }))]}
      />
      <Select
        name="owner"
        label="Owner"
        hint="The agency whose people enter the observations. The partnership's own indicators are entered by the business office."
        defaultValue={values.owner ?? ""}
        error={errors?.owner}
        items={[{ value: "", text: "The partnership" }, ...agencies.map((agency) => ({ value: String(agency.id), text: agency.name }))]}
      />
      <Input
        name="linkedStandards"
        label="Linked standards (optional)"
        hint="Standard codes of the audit tools, separated by commas, like S11-4, S11-6. The assurance view shows the indicator's latest RAG beside them."
        defaultValue={values.linkedStandards}
        error={errors?.linkedStandards}
        spellCheck={false}
      />
      <Button>{submitLabel}</Button>
    </Form>
  );
}

export const INDICATOR_FIELDS = [
  "code",
  "title",
  "definition",
  "unit",
  "polarity",
  "target",
  "greenTolerance",
  "amberTolerance",
  "frequency",
  "quadrant",
  "theme",
  "owner",
  "linkedStandards",
] as const;
