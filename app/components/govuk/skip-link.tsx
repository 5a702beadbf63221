import type { ReactNode } from "react";

export interface SkipLinkProps {
  /** Defaults to "#main-content", the id GOV.UK's page template gives `<main>`. */
  href?: string;
  children?: ReactNode;
}

export function SkipLink({ href = "#main-content", children = "Skip to main content" }: SkipLinkProps) {
  return (
    <a href={href} className="govuk-skip-link" data-module="govuk-skip-link">
      {children}
    </a>
  );
}
