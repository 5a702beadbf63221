import type { ReactNode } from "react";

import { classNames } from "./class-names";

/** GOV.UK Frontend 5's tag colours; without one the tag is dark blue. */
export type TagColour = "grey" | "green" | "turquoise" | "blue" | "light-blue" | "purple" | "pink" | "red" | "orange" | "yellow";

export interface TagProps {
  children: ReactNode;
  colour?: TagColour;
  className?: string;
}

export function Tag({ children, colour, className }: TagProps) {
  return <strong className={classNames("govuk-tag", colour && `govuk-tag--${colour}`, className)}>{children}</strong>;
}
