import type { ReactNode } from "react";

import { classNames } from "./class-names";

export interface ButtonProps {
  children: ReactNode;
  /** Renders a link styled as a button, for navigation rather than submitting a form. */
  href?: string;
  variant?: "secondary" | "warning" | "inverse";
  isStartButton?: boolean;
  name?: string;
  value?: string;
  type?: "submit" | "button" | "reset";
  disabled?: boolean;
  /** Stops a second click from submitting the form twice (needs GOV.UK Frontend's JavaScript). */
  preventDoubleClick?: boolean;
  id?: string;
  className?: string;
  /** The id of the form the button submits, when it sits inside another form's markup (HTML `form` attribute). */
  form?: string;
}

function StartIcon() {
  return (
    <svg
      className="govuk-button__start-icon"
      xmlns="http://www.w3.org/2000/svg"
      width="17.5"
      height="19"
      viewBox="0 0 33 40"
      aria-hidden="true"
      focusable="false"
    >
      <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
    </svg>
  );
}

export function Button({
  children,
  href,
  variant,
  isStartButton = false,
  name,
  value,
  type = "submit",
  disabled = false,
  preventDoubleClick,
  id,
  className,
  form,
}: ButtonProps) {
  const classes = classNames("govuk-button", variant && `govuk-button--${variant}`, className, isStartButton && "govuk-button--start");

  if (href !== undefined) {
    return (
      <a href={href} role="button" draggable="false" className={classes} data-module="govuk-button" id={id}>
        {children}
        {isStartButton ? <StartIcon /> : null}
      </a>
    );
  }

  return (
    <button
      value={value || undefined}
      type={type}
      name={name || undefined}
      disabled={disabled || undefined}
      aria-disabled={disabled ? "true" : undefined}
      data-prevent-double-click={preventDoubleClick === undefined ? undefined : String(preventDoubleClick)}
      className={classes}
      data-module="govuk-button"
      id={id}
      form={form}
    >
      {children}
      {isStartButton ? <StartIcon /> : null}
    </button>
  );
}
