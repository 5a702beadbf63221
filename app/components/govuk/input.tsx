import type { HTMLAttributes, HTMLInputTypeAttribute, ReactNode } from "react";

import { classNames } from "./class-names";
import { ErrorMessage } from "./error-message";
import { Hint } from "./hint";
import { Label, type LabelSize } from "./label";

/** Fixed widths in characters (`govuk-input--width-N`) or fluid widths (`govuk-!-width-…`). */
export type InputWidth = 2 | 3 | 4 | 5 | 10 | 20 | 30 | "full" | "three-quarters" | "two-thirds" | "one-half" | "one-third" | "one-quarter";

export interface InputProps {
  /** Defaults to `name`; the error summary links to `#id`. */
  id?: string;
  name: string;
  label: ReactNode;
  labelSize?: LabelSize;
  labelClassName?: string;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: ReactNode;
  type?: HTMLInputTypeAttribute;
  inputMode?: HTMLAttributes<HTMLInputElement>["inputMode"];
  autoComplete?: string;
  spellCheck?: boolean;
  pattern?: string;
  defaultValue?: string | number;
  width?: InputWidth;
  prefix?: ReactNode;
  suffix?: ReactNode;
  disabled?: boolean;
  /** Ids of other elements that describe the input, placed before the hint and error ids. */
  describedBy?: string;
  className?: string;
  /** The id of the form the input belongs to, when it sits inside another form's markup (HTML `form` attribute). */
  form?: string;
}

export function inputWidthClass(width: InputWidth | undefined): string | undefined {
  if (width === undefined) return undefined;
  return typeof width === "number" ? `govuk-input--width-${width}` : `govuk-!-width-${width}`;
}

export function Input({
  id: idProp,
  name,
  label,
  labelSize,
  labelClassName,
  isPageHeading,
  hint,
  error,
  type = "text",
  inputMode,
  autoComplete,
  spellCheck,
  pattern,
  defaultValue,
  width,
  prefix,
  suffix,
  disabled,
  describedBy,
  className,
  form,
}: InputProps) {
  const id = idProp ?? name;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const ariaDescribedBy = classNames(describedBy, hintId, errorId) || undefined;

  const input = (
    <input
      className={classNames("govuk-input", inputWidthClass(width), className, Boolean(error) && "govuk-input--error")}
      id={id}
      name={name}
      type={type}
      spellCheck={spellCheck}
      defaultValue={defaultValue}
      disabled={disabled}
      aria-describedby={ariaDescribedBy}
      autoComplete={autoComplete}
      pattern={pattern}
      inputMode={inputMode}
      form={form}
    />
  );

  return (
    <div className={classNames("govuk-form-group", Boolean(error) && "govuk-form-group--error")}>
      <Label htmlFor={id} size={labelSize} isPageHeading={isPageHeading} className={labelClassName}>
        {label}
      </Label>
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      {prefix || suffix ? (
        <div className="govuk-input__wrapper">
          {prefix ? (
            <div className="govuk-input__prefix" aria-hidden="true">
              {prefix}
            </div>
          ) : null}
          {input}
          {suffix ? (
            <div className="govuk-input__suffix" aria-hidden="true">
              {suffix}
            </div>
          ) : null}
        </div>
      ) : (
        input
      )}
    </div>
  );
}
