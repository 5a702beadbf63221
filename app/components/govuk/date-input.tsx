import type { ReactNode } from "react";

import { classNames } from "./class-names";
import { ErrorMessage } from "./error-message";
import { Fieldset, type LegendSize } from "./fieldset";
import { Hint } from "./hint";
import { Input } from "./input";

export type DatePart = "day" | "month" | "year";

const PARTS: Array<{ part: DatePart; label: string; width: 2 | 4 }> = [
  { part: "day", label: "Day", width: 2 },
  { part: "month", label: "Month", width: 2 },
  { part: "year", label: "Year", width: 4 },
];

export interface DateInputProps {
  /** Defaults to `name`. The day field's id is `${id}-day`: link the error summary to the first field in error. */
  id?: string;
  /** The fields are named `${name}-day`, `${name}-month` and `${name}-year`. */
  name: string;
  legend: ReactNode;
  legendSize?: LegendSize;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: ReactNode;
  /** The fields to highlight; all three when there is an error and this is not given (GOV.UK date input). */
  errorFields?: DatePart[];
  defaultValue?: Partial<Record<DatePart, string>>;
  describedBy?: string;
}

export function DateInput({
  id: idProp,
  name,
  legend,
  legendSize,
  isPageHeading,
  hint,
  error,
  errorFields,
  defaultValue = {},
  describedBy,
}: DateInputProps) {
  const id = idProp ?? name;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const fieldsInError: DatePart[] = error ? (errorFields ?? ["day", "month", "year"]) : [];

  return (
    <div className={classNames("govuk-form-group", Boolean(error) && "govuk-form-group--error")}>
      <Fieldset
        legend={legend}
        legendSize={legendSize}
        isPageHeading={isPageHeading}
        // "group" so JAWS announces the hint for a fieldset of text inputs (GOV.UK date input).
        role="group"
        describedBy={classNames(describedBy, hintId, errorId)}
      >
        {hint ? <Hint id={hintId}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
        <div className="govuk-date-input" id={id}>
          {PARTS.map(({ part, label, width }) => (
            <div key={part} className="govuk-date-input__item">
              <Input
                id={`${id}-${part}`}
                name={`${name}-${part}`}
                label={label}
                labelClassName="govuk-date-input__label"
                className={classNames(
                  "govuk-date-input__input",
                  `govuk-input--width-${width}`,
                  fieldsInError.includes(part) && "govuk-input--error",
                )}
                inputMode="numeric"
                defaultValue={defaultValue[part]}
              />
            </div>
          ))}
        </div>
      </Fieldset>
    </div>
  );
}
