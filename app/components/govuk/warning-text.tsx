import type { ReactNode } from "react";

export interface WarningTextProps {
  children: ReactNode;
  /** Read out in place of the "!" icon. */
  iconFallbackText?: string;
}

export function WarningText({ children, iconFallbackText = "Warning" }: WarningTextProps) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">{iconFallbackText}</span> {children}
      </strong>
    </div>
  );
}
