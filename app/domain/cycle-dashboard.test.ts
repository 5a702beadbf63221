import { describe, expect, it } from "vitest";
import {
  DEFAULT_DASHBOARD_QUERY,
  ariaSort,
  dashboardSearch,
  pageNumbers,
  pageWindow,
  parseDashboardQuery,
  sortLink,
} from "./cycle-dashboard";

describe("the cycle dashboard's address", () => {
  it("reads repeated filters, the sort and the page, ignoring values it does not know", () => {
    const query = parseDashboardQuery(
      new URLSearchParams("sector=police&sector=nonsense&sector=health&status=submitted&status=lost&flag=late&sort=gap&order=desc&page=3"),
    );
    expect(query).toEqual({ sectors: ["police", "health"], statuses: ["submitted"], flags: ["late"], sort: "gap", order: "desc", page: 3 });
  });

  it("falls back to agency order, ascending, page 1 for a missing or bad sort, order or page", () => {
    expect(parseDashboardQuery(new URLSearchParams("sort=drop+table&order=sideways&page=-2"))).toEqual(DEFAULT_DASHBOARD_QUERY);
    expect(parseDashboardQuery(new URLSearchParams("page=1.5")).page).toBe(1);
    expect(parseDashboardQuery(new URLSearchParams("page=99999999999")).page).toBe(1);
  });

  it("writes an address that reads back as the same query, leaving defaults out", () => {
    expect(dashboardSearch(DEFAULT_DASHBOARD_QUERY)).toBe("");
    const query = {
      sectors: ["police" as const],
      statuses: ["returned" as const],
      flags: ["missing" as const],
      sort: "overall" as const,
      order: "desc" as const,
      page: 2,
    };
    const search = dashboardSearch(query);
    expect(search).toBe("?sector=police&status=returned&flag=missing&sort=overall&order=desc&page=2");
    expect(parseDashboardQuery(new URLSearchParams(search.slice(1)))).toEqual(query);
  });

  it("sorts a new text column ascending, a new count column descending, flips the current one, and goes back to page 1", () => {
    const onPage3 = { ...DEFAULT_DASHBOARD_QUERY, sectors: ["health" as const], page: 3 };
    expect(sortLink(onPage3, "sector")).toBe("?sector=health&sort=sector&order=asc");
    expect(sortLink(onPage3, "challenges")).toBe("?sector=health&sort=challenges&order=desc");
    expect(sortLink(onPage3, "agency")).toBe("?sector=health&sort=agency&order=desc");
    expect(sortLink({ ...onPage3, sort: "gap", order: "desc" }, "gap")).toBe("?sector=health&sort=gap&order=asc");
  });

  it("marks only the sorted column with aria-sort", () => {
    const query = { ...DEFAULT_DASHBOARD_QUERY, sort: "overall" as const, order: "desc" as const };
    expect(ariaSort(query, "overall")).toBe("descending");
    expect(ariaSort(query, "agency")).toBe("none");
    expect(ariaSort(DEFAULT_DASHBOARD_QUERY, "agency")).toBe("ascending");
  });
});

describe("paging 50 returns at a time", () => {
  it("shows rows 51–100 of 120 on page 2 and 101–120 on page 3", () => {
    expect(pageWindow(2, 120)).toEqual({ page: 2, pageCount: 3, offset: 50, from: 51, to: 100 });
    expect(pageWindow(3, 120)).toEqual({ page: 3, pageCount: 3, offset: 100, from: 101, to: 120 });
  });

  it("shows the last page for a page past the end, and one empty page when nothing matches", () => {
    expect(pageWindow(9, 120)).toEqual({ page: 3, pageCount: 3, offset: 100, from: 101, to: 120 });
    expect(pageWindow(4, 0)).toEqual({ page: 1, pageCount: 1, offset: 0, from: 0, to: 0 });
    expect(pageWindow(1, 50)).toEqual({ page: 1, pageCount: 1, offset: 0, from: 1, to: 50 });
  });

  it("numbers the first, last, current and neighbouring pages with gaps between", () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(1, 3)).toEqual([1, 2, 3]);
    expect(pageNumbers(6, 12)).toEqual([1, null, 5, 6, 7, null, 12]);
    expect(pageNumbers(2, 12)).toEqual([1, 2, 3, null, 12]);
    expect(pageNumbers(12, 12)).toEqual([1, null, 11, 12]);
  });
});
