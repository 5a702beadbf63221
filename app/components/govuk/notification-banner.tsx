import type { ReactNode } from "react";

import { classNames } from "./class-names";

export interface NotificationBannerProps {
  /** "success" confirms something the user just did; leave out for other important information. */
  type?: "success";
  /** Defaults to "Success" or "Important". */
  title?: ReactNode;
  titleId?: string;
  titleHeadingLevel?: 2 | 3 | 4 | 5 | 6;
  /** A single line of content, styled as the banner's heading. */
  heading?: ReactNode;
  /** Richer content, shown under the heading if there is one; use `govuk-notification-banner__link` for links. */
  children?: ReactNode;
}

export function NotificationBanner({
  type,
  title,
  titleId = "govuk-notification-banner-title",
  titleHeadingLevel = 2,
  heading,
  children,
}: NotificationBannerProps) {
  const isSuccess = type === "success";
  const Heading = `h${titleHeadingLevel}` as const;
  return (
    <div
      className={classNames("govuk-notification-banner", isSuccess && "govuk-notification-banner--success")}
      // A success banner reports the outcome of the user's action, so it is announced at once.
      role={isSuccess ? "alert" : "region"}
      aria-labelledby={titleId}
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <Heading className="govuk-notification-banner__title" id={titleId}>
          {title ?? (isSuccess ? "Success" : "Important")}
        </Heading>
      </div>
      <div className="govuk-notification-banner__content">
        {heading ? <p className="govuk-notification-banner__heading">{heading}</p> : null}
        {children}
      </div>
    </div>
  );
}
