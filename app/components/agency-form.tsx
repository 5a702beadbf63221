import { Form } from "@remix-run/react";
import { SECTOR_LABELS } from "~/domain/agency";
import { SECTORS } from "~/domain/tool-schema";
import type { FieldErrors, FormValues } from "~/utils/form";
import { Button, Input, Select } from "./govuk";

/** The add and edit agency form: the same fields, the same messages. */
export function AgencyForm({ values, errors, submitLabel }: { values: Partial<FormValues>; errors?: FieldErrors; submitLabel: string }) {
  return (
    <Form method="post" noValidate>
      <Input name="name" label="Agency name" defaultValue={values.name} error={errors?.name} autoComplete="organization" />
      <Select
        name="sector"
        label="Sector"
        hint="Agencies are compared with others in the same sector."
        defaultValue={values.sector ?? ""}
        error={errors?.sector}
        items={[{ value: "", text: "Select a sector" }, ...SECTORS.map((sector) => ({ value: sector, text: SECTOR_LABELS[sector] }))]}
      />
      <Input
        name="contactEmail"
        label="Safeguarding contact email (optional)"
        hint="Where the partnership sends reminders about returns."
        type="email"
        spellCheck={false}
        defaultValue={values.contactEmail}
        error={errors?.contactEmail}
      />
      <Button>{submitLabel}</Button>
    </Form>
  );
}
