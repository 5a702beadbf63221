import type { ReactNode } from "react";

import { classNames } from "./class-names";
import { ErrorMessage } from "./error-message";
import { Hint } from "./hint";
import { Label, type LabelSize } from "./label";

export interface SelectItem {
  value: string;
  text: string;
  disabled?: boolean;
}

export interface SelectProps {
  /** Defaults to `name`; the error summary links to `#id`. */
  id?: string;
  name: string;
  label: ReactNode;
  labelSize?: LabelSize;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: ReactNode;
  items: SelectItem[];
  /** The value of the option selected when the page loads. */
  defaultValue?: string;
  disabled?: boolean;
  describedBy?: string;
  className?: string;
}

export function Select({
  id: idProp,
  name,
  label,
  labelSize,
  isPageHeading,
  hint,
  error,
  items,
  defaultValue,
  disabled,
  describedBy,
  className,
}: SelectProps) {
  const id = idProp ?? name;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;

  return (
    <div className={classNames("govuk-form-group", Boolean(error) && "govuk-form-group--error")}>
      <Label htmlFor={id} size={labelSize} isPageHeading={isPageHeading}>
        {label}
      </Label>
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      <select
        className={classNames("govuk-select", className, Boolean(error) && "govuk-select--error")}
        id={id}
        name={name}
        disabled={disabled}
        aria-describedby={classNames(describedBy, hintId, errorId) || undefined}
        defaultValue={defaultValue}
      >
        {items.map((item) => (
          <option key={item.value} value={item.value} disabled={item.disabled}>
            {item.text}
          </option>
        ))}
      </select>
    </div>
  );
}
