import { pageNumbers, type PageWindow } from "~/domain/cycle-dashboard";
import { Button, Pagination } from "./govuk";

/** GOV.UK pagination under a filtered list, 50 a page; nothing when everything fits on one page. */
export function ListPagination({ label, window, href }: { label: string; window: PageWindow; href: (page: number) => string }) {
  if (window.pageCount <= 1) return null;
  return (
    <Pagination
      landmarkLabel={label}
      previous={window.page > 1 ? { href: href(window.page - 1) } : undefined}
      next={window.page < window.pageCount ? { href: href(window.page + 1) } : undefined}
      items={pageNumbers(window.page, window.pageCount).map((n) =>
        n === null ? { ellipsis: true as const } : { number: n, href: href(n), current: n === window.page },
      )}
    />
  );
}

/** The filter form's buttons: search, and a way back to the whole list once filtered. */
export function FilterButtons({ label, filtered, clearHref }: { label: string; filtered: boolean; clearHref: string }) {
  return (
    <div className="govuk-button-group">
      <Button variant="secondary">{label}</Button>
      {filtered ? (
        <a className="govuk-link" href={clearHref}>
          Clear filters
        </a>
      ) : null}
    </div>
  );
}
