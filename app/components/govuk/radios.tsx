import { useState, type ChangeEvent, type ReactNode } from "react";

import { classNames } from "./class-names";
import { ErrorMessage } from "./error-message";
import { Fieldset, type LegendSize } from "./fieldset";
import { Hint } from "./hint";

export interface RadioItem {
  value: string;
  text: ReactNode;
  hint?: ReactNode;
  /** Shown when this option is chosen. Without JavaScript it is always shown (GOV.UK conditional reveal). */
  conditional?: ReactNode;
  /** Defaults to `idPrefix`, then `idPrefix-2`, `idPrefix-3`… so the error summary can link to the first. */
  id?: string;
  disabled?: boolean;
}

/** A word such as "or" between options. */
export interface RadioDivider {
  divider: string;
}

export interface RadiosProps {
  name: string;
  /** Defaults to `name`; prefixes the ids of the options, hint and error message. */
  idPrefix?: string;
  items: Array<RadioItem | RadioDivider>;
  /** The value of the option chosen when the page loads. */
  defaultValue?: string;
  /** With a legend the radios sit in a fieldset, which GOV.UK asks for whenever there is a question. */
  legend?: ReactNode;
  legendSize?: LegendSize;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: ReactNode;
  inline?: boolean;
  small?: boolean;
  describedBy?: string;
  className?: string;
}

export function Radios({
  name,
  idPrefix: idPrefixProp,
  items,
  defaultValue,
  legend,
  legendSize,
  isPageHeading,
  hint,
  error,
  inline = false,
  small = false,
  describedBy,
  className,
}: RadiosProps) {
  const idPrefix = idPrefixProp || name;
  const hintId = hint ? `${idPrefix}-hint` : undefined;
  const errorId = error ? `${idPrefix}-error` : undefined;
  // Conditional reveals follow the chosen option in React rather than GOV.UK Frontend's script,
  // which puts aria-expanded on the radio input (not an allowed attribute there, per axe).
  const [chosen, setChosen] = useState(defaultValue);
  const onChange = (event: ChangeEvent<HTMLDivElement>) => {
    const target = event.target as unknown as HTMLInputElement;
    if (target.name === name && target.type === "radio") setChosen(target.value);
  };

  const inner = (
    <>
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      <div
        className={classNames("govuk-radios", inline && "govuk-radios--inline", small && "govuk-radios--small", className)}
        data-module="govuk-radios"
        onChange={onChange}
      >
        {items.map((item, index) => {
          if ("divider" in item) {
            return (
              <div key={`divider-${index}`} className="govuk-radios__divider">
                {item.divider}
              </div>
            );
          }
          // GOV.UK counts from 1 and leaves the first id unsuffixed.
          const itemId = item.id || (index === 0 ? idPrefix : `${idPrefix}-${index + 1}`);
          const conditionalId = `conditional-${itemId}`;
          const itemHintId = item.hint ? `${itemId}-item-hint` : undefined;
          const isChecked = defaultValue !== undefined && item.value === defaultValue;
          const isChosen = chosen !== undefined && item.value === chosen;
          return [
            <div key={itemId} className="govuk-radios__item">
              <input
                className="govuk-radios__input"
                id={itemId}
                name={name}
                type="radio"
                value={item.value}
                defaultChecked={isChecked}
                disabled={item.disabled}
                data-aria-controls={item.conditional ? conditionalId : undefined}
                aria-describedby={itemHintId}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={itemId}>
                {item.text}
              </label>
              {item.hint ? (
                <div id={itemHintId} className="govuk-hint govuk-radios__hint">
                  {item.hint}
                </div>
              ) : null}
            </div>,
            item.conditional ? (
              <div
                key={conditionalId}
                className={classNames("govuk-radios__conditional", !isChosen && "govuk-radios__conditional--hidden")}
                id={conditionalId}
              >
                {item.conditional}
              </div>
            ) : null,
          ];
        })}
      </div>
    </>
  );

  return (
    <div className={classNames("govuk-form-group", Boolean(error) && "govuk-form-group--error")}>
      {legend ? (
        <Fieldset
          legend={legend}
          legendSize={legendSize}
          isPageHeading={isPageHeading}
          describedBy={classNames(describedBy, hintId, errorId)}
        >
          {inner}
        </Fieldset>
      ) : (
        inner
      )}
    </div>
  );
}
