import type { ReactNode } from "react";

export interface PaginationLink {
  href: string;
  /** Defaults to "Previous page" / "Next page" (with "page" visually hidden). */
  text?: ReactNode;
  /** Names the page the link goes to, e.g. the next standard's title. */
  labelText?: string;
}

export interface PaginationProps {
  previous?: PaginationLink;
  next?: PaginationLink;
  landmarkLabel?: string;
}

function PreviousIcon() {
  return (
    <svg
      className="govuk-pagination__icon govuk-pagination__icon--prev"
      xmlns="http://www.w3.org/2000/svg"
      height="13"
      width="15"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 15 13"
    >
      <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>
    </svg>
  );
}

function NextIcon() {
  return (
    <svg
      className="govuk-pagination__icon govuk-pagination__icon--next"
      xmlns="http://www.w3.org/2000/svg"
      height="13"
      width="15"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 15 13"
    >
      <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>
    </svg>
  );
}

function ArrowLink({ link, type, defaultText }: { link: PaginationLink; type: "prev" | "next"; defaultText: string }) {
  return (
    <div className={`govuk-pagination__${type}`}>
      <a className="govuk-link govuk-pagination__link" href={link.href} rel={type}>
        {type === "prev" ? <PreviousIcon /> : <NextIcon />}{" "}
        <span
          className={
            link.labelText
              ? "govuk-pagination__link-title"
              : "govuk-pagination__link-title govuk-pagination__link-title--decorated"
          }
        >
          {link.text ?? (
            <>
              {defaultText}
              <span className="govuk-visually-hidden"> page</span>
            </>
          )}
        </span>
        {link.labelText ? (
          <>
            {" "}
            <span className="govuk-visually-hidden">:</span>{" "}
            <span className="govuk-pagination__link-label">{link.labelText}</span>
          </>
        ) : null}
      </a>
    </div>
  );
}

/** Previous and next links only (GOV.UK pagination "block" style, for a sequence of pages). */
export function Pagination({ previous, next, landmarkLabel = "Pagination" }: PaginationProps) {
  return (
    <nav className="govuk-pagination govuk-pagination--block" aria-label={landmarkLabel}>
      {previous ? <ArrowLink link={previous} type="prev" defaultText="Previous" /> : null}
      {next ? <ArrowLink link={next} type="next" defaultText="Next" /> : null}
    </nav>
  );
}
