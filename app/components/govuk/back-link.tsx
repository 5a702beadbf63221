import type { ReactNode } from "react";

import { classNames } from "./class-names";

export interface BackLinkProps {
  href: string;
  children?: ReactNode;
  inverse?: boolean;
}

export function BackLink({ href, children = "Back", inverse = false }: BackLinkProps) {
  return (
    <a href={href} className={classNames("govuk-back-link", inverse && "govuk-back-link--inverse")}>
      {children}
    </a>
  );
}
