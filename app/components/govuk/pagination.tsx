import type { ReactNode } from "react";

export interface PaginationLink {
  href: string;
  /** Defaults to "Previous page" / "Next page" (with "page" visually hidden). */
  text?: ReactNode;
  /** Names the page the link goes to, e.g. the next standard's title. */
  labelText?: string;
}

/** A numbered page link, or a gap between numbers ("⋯"). */
export type PaginationItem = { number: number; href: string; current?: boolean } | { ellipsis: true };

export interface PaginationProps {
  previous?: PaginationLink;
  next?: PaginationLink;
  /** Numbered pages (GOV.UK's list style, for search results and long tables); without them the block style. */
  items?: PaginationItem[];
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

function ArrowLink({
  link,
  type,
  defaultText,
  blockLevel,
}: {
  link: PaginationLink;
  type: "prev" | "next";
  defaultText: string;
  blockLevel: boolean;
}) {
  return (
    <div className={`govuk-pagination__${type}`}>
      <a className="govuk-link govuk-pagination__link" href={link.href} rel={type}>
        {/* In the list style the next arrow follows its words; in the block style every arrow leads. */}
        {type === "prev" ? <PreviousIcon /> : blockLevel ? <NextIcon /> : null}{" "}
        <span
          className={
            link.labelText || !blockLevel
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
            <span className="govuk-visually-hidden">:</span> <span className="govuk-pagination__link-label">{link.labelText}</span>
          </>
        ) : null}
        {type === "next" && !blockLevel ? (
          <>
            {" "}
            <NextIcon />
          </>
        ) : null}
      </a>
    </div>
  );
}

/**
 * GOV.UK pagination: with numbered `items`, the list style; with previous and next links only, the
 * "block" style for a sequence of pages.
 */
export function Pagination({ previous, next, items, landmarkLabel = "Pagination" }: PaginationProps) {
  const blockLevel = !items || items.length === 0;
  return (
    <nav className={blockLevel ? "govuk-pagination govuk-pagination--block" : "govuk-pagination"} aria-label={landmarkLabel}>
      {previous ? <ArrowLink link={previous} type="prev" defaultText="Previous" blockLevel={blockLevel} /> : null}
      {!blockLevel ? (
        <ul className="govuk-pagination__list">
          {items.map((item, index) =>
            "ellipsis" in item ? (
              <li key={`gap-${index}`} className="govuk-pagination__item govuk-pagination__item--ellipses">
                ⋯
              </li>
            ) : (
              <li
                key={item.number}
                className={item.current ? "govuk-pagination__item govuk-pagination__item--current" : "govuk-pagination__item"}
              >
                <a
                  className="govuk-link govuk-pagination__link"
                  href={item.href}
                  aria-label={`Page ${item.number}`}
                  aria-current={item.current ? "page" : undefined}
                >
                  {item.number}
                </a>
              </li>
            ),
          )}
        </ul>
      ) : null}
      {next ? <ArrowLink link={next} type="next" defaultText="Next" blockLevel={blockLevel} /> : null}
    </nav>
  );
}
