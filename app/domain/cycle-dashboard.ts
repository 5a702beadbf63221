import { RETURN_STATUSES, type ReturnStatus } from "./permissions";
import { SECTORS, type Sector } from "./tool-schema";

/**
 * The cycle dashboard's view of its address: which returns to show (sectors, statuses,
 * late or missing), in what order and which page of 50. Everything lives in GET parameters so the
 * filters, sortable headings and pages work without JavaScript and can be bookmarked; anything the
 * address holds that is not a known value is ignored rather than refused (a stale bookmark still opens).
 */

export const DASHBOARD_PAGE_SIZE = 50;

export const DASHBOARD_SORTS = ["agency", "sector", "status", "submitted", "overall", "moderated", "gap", "challenges", "actions"] as const;
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];

export const DASHBOARD_FLAGS = ["late", "missing"] as const;
export type DashboardFlag = (typeof DASHBOARD_FLAGS)[number];

export interface DashboardQuery {
  sectors: Sector[];
  statuses: ReturnStatus[];
  /** Late or missing: a return shows when it carries any flag ticked. */
  flags: DashboardFlag[];
  sort: DashboardSort;
  order: "asc" | "desc";
  /** 1-based; beyond the last page the data layer shows the last page. */
  page: number;
}

export const DEFAULT_DASHBOARD_QUERY: DashboardQuery = { sectors: [], statuses: [], flags: [], sort: "agency", order: "asc", page: 1 };

function pick<T extends string>(values: string[], allowed: readonly T[]): T[] {
  return allowed.filter((value) => values.includes(value));
}

/** Reads the dashboard's GET parameters (repeated `sector`, `status`, `flag`; `sort`, `order`, `page`). */
export function parseDashboardQuery(params: URLSearchParams): DashboardQuery {
  const sort = params.get("sort");
  const page = Number(params.get("page"));
  return {
    sectors: pick(params.getAll("sector"), SECTORS),
    statuses: pick(params.getAll("status"), RETURN_STATUSES),
    flags: pick(params.getAll("flag"), DASHBOARD_FLAGS),
    sort: (DASHBOARD_SORTS as readonly string[]).includes(sort ?? "") ? (sort as DashboardSort) : "agency",
    order: params.get("order") === "desc" ? "desc" : "asc",
    page: Number.isInteger(page) && page >= 1 && page <= 1_000_000 ? page : 1,
  };
}

/** The address of the dashboard with `query` (defaults left out, so links stay short). */
export function dashboardSearch(query: DashboardQuery): string {
  const params = new URLSearchParams();
  for (const sector of query.sectors) params.append("sector", sector);
  for (const status of query.statuses) params.append("status", status);
  for (const flag of query.flags) params.append("flag", flag);
  if (query.sort !== "agency" || query.order !== "asc") {
    params.set("sort", query.sort);
    params.set("order", query.order);
  }
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/**
 * The link a sortable column heading carries: sorting by a new column starts ascending (descending
 * for the counts, where the biggest is what QA looks for first); the current column flips. Either
 * way the filters stay and the view goes back to the first page.
 */
export function sortLink(query: DashboardQuery, column: DashboardSort): string {
  const startsDescending =
    column === "overall" || column === "moderated" || column === "gap" || column === "challenges" || column === "actions";
  const order = query.sort === column ? (query.order === "asc" ? "desc" : "asc") : startsDescending ? "desc" : "asc";
  return dashboardSearch({ ...query, sort: column, order, page: 1 });
}

/** aria-sort for a column heading: only the sorted column says which way (WAI-ARIA sortable table). */
export function ariaSort(query: DashboardQuery, column: DashboardSort): "ascending" | "descending" | "none" {
  if (query.sort !== column) return "none";
  return query.order === "asc" ? "ascending" : "descending";
}

export interface PageWindow {
  page: number;
  pageCount: number;
  /** 0-based offset of the first row shown. */
  offset: number;
  /** 1-based positions of the first and last row shown; 0 and 0 when there is none. */
  from: number;
  to: number;
}

/** Which rows a page shows: a page past the end shows the last page; an empty list has one empty page. */
export function pageWindow(requested: number, total: number, size: number = DASHBOARD_PAGE_SIZE): PageWindow {
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, requested), pageCount);
  const offset = (page - 1) * size;
  return { page, pageCount, offset, from: total === 0 ? 0 : offset + 1, to: Math.min(total, offset + size) };
}

/**
 * The numbered links of a GOV.UK pagination: the first, the last, the current page and its
 * neighbours, with null for a gap ("⋯"), as the design system's pagination guidance shows.
 */
export function pageNumbers(page: number, pageCount: number): (number | null)[] {
  const wanted = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const items: (number | null)[] = [];
  for (const n of wanted) {
    const last = items[items.length - 1];
    if (typeof last === "number" && n - last > 1) items.push(null);
    items.push(n);
  }
  return items;
}
