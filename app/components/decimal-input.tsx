import type { ReactNode } from "react";
import type { FieldErrors, FormValues } from "~/utils/form";
import { Input, type InputWidth } from "./govuk";

/**
 * A figure field (a target, a tolerance, a numerator): GOV.UK asks for a text input with `inputmode="decimal"`
 * rather than `type="number"`, and no spell check; it shows the value posted and its error, both found by name.
 */
export function DecimalInput({
  name,
  label,
  hint,
  values,
  errors,
  width,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  values: Partial<FormValues>;
  errors?: FieldErrors;
  width: InputWidth;
}) {
  return (
    <Input
      name={name}
      label={label}
      hint={hint}
      defaultValue={values[name]}
      error={errors?.[name]}
      width={width}
      inputMode="decimal"
      spellCheck={false}
    />
  );
}
