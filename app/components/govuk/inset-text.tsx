import type { ReactNode } from "react";

export interface InsetTextProps {
  id?: string;
  children: ReactNode;
}

export function InsetText({ id, children }: InsetTextProps) {
  return (
    <div id={id} className="govuk-inset-text">
      {children}
    </div>
  );
}
