import type { ReactNode } from "react";

import { classNames } from "./class-names";
import { ErrorMessage } from "./error-message";
import { Hint } from "./hint";
import { Label, type LabelSize } from "./label";

export interface TextareaProps {
  /** Defaults to `name`; the error summary links to `#id`. */
  id?: string;
  name: string;
  label: ReactNode;
  labelSize?: LabelSize;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: ReactNode;
  rows?: number;
  defaultValue?: string;
  autoComplete?: string;
  spellCheck?: boolean;
  disabled?: boolean;
  describedBy?: string;
  className?: string;
  /** Marks the box as in error without an error message (a character count over its limit). */
  overLimit?: boolean;
  /** The form group's extra class, and what follows the box inside it (the character count's messages). */
  formGroupClassName?: string;
  after?: ReactNode;
  onInput?: (event: React.FormEvent<HTMLTextAreaElement>) => void;
}

export function Textarea({
  id: idProp,
  name,
  label,
  labelSize,
  isPageHeading,
  hint,
  error,
  rows = 5,
  defaultValue,
  autoComplete,
  spellCheck,
  disabled,
  describedBy,
  className,
  overLimit,
  formGroupClassName,
  after,
  onInput,
}: TextareaProps) {
  const id = idProp ?? name;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;

  return (
    <div className={classNames("govuk-form-group", formGroupClassName, Boolean(error) && "govuk-form-group--error")}>
      <Label htmlFor={id} size={labelSize} isPageHeading={isPageHeading}>
        {label}
      </Label>
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      <textarea
        className={classNames("govuk-textarea", (Boolean(error) || overLimit) && "govuk-textarea--error", className)}
        id={id}
        name={name}
        rows={rows}
        spellCheck={spellCheck}
        disabled={disabled}
        aria-describedby={classNames(describedBy, hintId, errorId) || undefined}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        onInput={onInput}
      />
      {after}
    </div>
  );
}
