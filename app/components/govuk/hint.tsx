import type { ReactNode } from "react";

import { classNames } from "./class-names";

export interface HintProps {
  id?: string;
  children: ReactNode;
  className?: string;
}

export function Hint({ id, children, className }: HintProps) {
  return (
    <div id={id} className={classNames("govuk-hint", className)}>
      {children}
    </div>
  );
}
