import { useState, type ChangeEvent, type ReactNode } from "react";

import { classNames } from "./class-names";
import { ErrorMessage } from "./error-message";
import { Fieldset, type LegendSize } from "./fieldset";
import { Hint } from "./hint";

export interface CheckboxItem {
  value: string;
  text: ReactNode;
  hint?: ReactNode;
  /** Shown when this box is ticked. Without JavaScript it is always shown (GOV.UK conditional reveal). */
  conditional?: ReactNode;
  /** A "None of these" box: with JavaScript, ticking it unticks the others (GOV.UK checkboxes). */
  exclusive?: boolean;
  /** Defaults to `idPrefix`, then `idPrefix-2`, `idPrefix-3`… so the error summary can link to the first. */
  id?: string;
  disabled?: boolean;
}

/** A word such as "or" before a "None of these" box. */
export interface CheckboxDivider {
  divider: string;
}

export interface CheckboxesProps {
  name: string;
  /** Defaults to `name`; prefixes the ids of the boxes, hint and error message. */
  idPrefix?: string;
  items: Array<CheckboxItem | CheckboxDivider>;
  /** The values ticked when the page loads. */
  defaultValue?: string[];
  /** With a legend the boxes sit in a fieldset, which GOV.UK asks for whenever there is a question. */
  legend?: ReactNode;
  legendSize?: LegendSize;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: ReactNode;
  small?: boolean;
  describedBy?: string;
  className?: string;
}

export function Checkboxes({
  name,
  idPrefix: idPrefixProp,
  items,
  defaultValue = [],
  legend,
  legendSize,
  isPageHeading,
  hint,
  error,
  small = false,
  describedBy: describedByProp,
  className,
}: CheckboxesProps) {
  const idPrefix = idPrefixProp || name;
  const hasFieldset = Boolean(legend);
  const hintId = hint ? `${idPrefix}-hint` : undefined;
  const errorId = error ? `${idPrefix}-error` : undefined;
  const describedBy = classNames(describedByProp, hintId, errorId);
  // Conditional reveals and "none of these" boxes are handled here rather than by GOV.UK Frontend's
  // script, which puts aria-expanded on the checkbox input (not an allowed attribute there, per axe).
  const [ticked, setTicked] = useState<string[]>(defaultValue);
  const exclusiveValues = items.flatMap((item) => ("divider" in item || !item.exclusive ? [] : [item.value]));
  const onChange = (event: ChangeEvent<HTMLDivElement>) => {
    const target = event.target as unknown as HTMLInputElement;
    if (target.name !== name || target.type !== "checkbox") return;
    const boxes = [...event.currentTarget.querySelectorAll<HTMLInputElement>(`input[type="checkbox"]`)].filter((box) => box.name === name);
    if (target.checked) {
      const targetIsExclusive = exclusiveValues.includes(target.value);
      for (const box of boxes) {
        if (box !== target && (targetIsExclusive || exclusiveValues.includes(box.value))) box.checked = false;
      }
    }
    setTicked(boxes.filter((box) => box.checked).map((box) => box.value));
  };

  const inner = (
    <>
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      <div
        className={classNames("govuk-checkboxes", small && "govuk-checkboxes--small", className)}
        data-module="govuk-checkboxes"
        onChange={onChange}
      >
        {items.map((item, index) => {
          if ("divider" in item) {
            return (
              <div key={`divider-${index}`} className="govuk-checkboxes__divider">
                {item.divider}
              </div>
            );
          }
          // GOV.UK counts from 1 and leaves the first id unsuffixed.
          const itemId = item.id || (index === 0 ? idPrefix : `${idPrefix}-${index + 1}`);
          const conditionalId = `conditional-${itemId}`;
          const itemHintId = item.hint ? `${itemId}-item-hint` : undefined;
          // Without a fieldset there is nothing else to carry the hint and error, so each box does.
          const itemDescribedBy = classNames(hasFieldset ? undefined : describedBy, itemHintId) || undefined;
          const isChecked = defaultValue.includes(item.value);
          return [
            <div key={itemId} className="govuk-checkboxes__item">
              <input
                className="govuk-checkboxes__input"
                id={itemId}
                name={name}
                type="checkbox"
                value={item.value}
                defaultChecked={isChecked}
                disabled={item.disabled}
                data-aria-controls={item.conditional ? conditionalId : undefined}
                data-behaviour={item.exclusive ? "exclusive" : undefined}
                aria-describedby={itemDescribedBy}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={itemId}>
                {item.text}
              </label>
              {item.hint ? (
                <div id={itemHintId} className="govuk-hint govuk-checkboxes__hint">
                  {item.hint}
                </div>
              ) : null}
            </div>,
            item.conditional ? (
              <div
                key={conditionalId}
                className={classNames(
                  "govuk-checkboxes__conditional",
                  !ticked.includes(item.value) && "govuk-checkboxes__conditional--hidden",
                )}
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
      {hasFieldset ? (
        <Fieldset legend={legend} legendSize={legendSize} isPageHeading={isPageHeading} describedBy={describedBy}>
          {inner}
        </Fieldset>
      ) : (
        inner
      )}
    </div>
  );
}
