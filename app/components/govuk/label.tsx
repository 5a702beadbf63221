import type { ReactNode } from "react";

import { classNames } from "./class-names";

export type LabelSize = "s" | "m" | "l" | "xl";

export interface LabelProps {
  htmlFor?: string;
  children: ReactNode;
  size?: LabelSize;
  /** Wraps the label in an `h1`, for a page that asks one question (GOV.UK "question pages"). */
  isPageHeading?: boolean;
  className?: string;
}

export function Label({ htmlFor, children, size, isPageHeading = false, className }: LabelProps) {
  const label = (
    <label className={classNames("govuk-label", size && `govuk-label--${size}`, className)} htmlFor={htmlFor}>
      {children}
    </label>
  );
  return isPageHeading ? <h1 className="govuk-label-wrapper">{label}</h1> : label;
}
