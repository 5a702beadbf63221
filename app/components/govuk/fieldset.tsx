import type { ReactNode } from "react";

import { classNames } from "./class-names";

export type LegendSize = "s" | "m" | "l" | "xl";

export interface FieldsetProps {
  legend?: ReactNode;
  legendSize?: LegendSize;
  /** Puts the legend in an `h1`, for a page that asks one question. */
  isPageHeading?: boolean;
  /** Space-separated ids of the hint and error message, in that order. */
  describedBy?: string;
  /** Date inputs set "group" so JAWS announces the description (GOV.UK date input). */
  role?: string;
  className?: string;
  children?: ReactNode;
}

export function Fieldset({ legend, legendSize, isPageHeading = false, describedBy, role, className, children }: FieldsetProps) {
  return (
    <fieldset className={classNames("govuk-fieldset", className)} role={role} aria-describedby={describedBy || undefined}>
      {legend ? (
        <legend className={classNames("govuk-fieldset__legend", legendSize && `govuk-fieldset__legend--${legendSize}`)}>
          {isPageHeading ? <h1 className="govuk-fieldset__heading">{legend}</h1> : legend}
        </legend>
      ) : null}
      {children}
    </fieldset>
  );
}
