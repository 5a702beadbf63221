import { useEffect, useRef, type ReactNode } from "react";

export interface ErrorSummaryItem {
  /** `#` and the id of the field in error; leave out for an error that no field fixes. */
  href?: string;
  text: ReactNode;
}

export interface ErrorSummaryProps {
  errors: ErrorSummaryItem[];
  title?: ReactNode;
  description?: ReactNode;
}

/**
 * The list of problems at the top of a page re-shown after a failed submission. It takes focus so
 * that screen reader and keyboard users start from it (GOV.UK error summary, "How it works"): on mount,
 * and again whenever a new `errors` array arrives, i.e. after each failed submission. Pass the array
 * from the action data rather than building it in render, or it takes focus on every render.
 */
export function ErrorSummary({ errors, title = "There is a problem", description }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.focus();
  }, [errors]);

  return (
    <div ref={ref} className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          {description ? <p>{description}</p> : null}
          {errors.length > 0 ? (
            <ul className="govuk-list govuk-error-summary__list">
              {errors.map((error, index) => (
                <li key={index}>{error.href ? <a href={error.href}>{error.text}</a> : error.text}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </div>
  );
}
