import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgency, listAgenciesPage } from "~/data/agencies.server";
import type { Db } from "~/data/db.server";
import { parseAgencyListQuery, type AgencyListQuery } from "~/domain/agency";
import type { Viewer } from "~/domain/permissions";
import { createTestDb, makeUser } from "../support/factories";

/*
 * The agencies list pages and filters in SQL (a county has hundreds of schools). 120 agencies:
 * "School 001" … "School 100" (education) and "Clinic 01" … "Clinic 20" (health), plus two whose
 * names hold LIKE's wildcards, so a search for "%" or "_" must match them literally.
 */

let db: Db;
let qa: Viewer;
let lead: Viewer;
let board: Viewer;
const query = (change: Partial<AgencyListQuery> = {}): AgencyListQuery => ({ search: "", sector: null, page: 1, ...change });

beforeAll(async () => {
  db = await createTestDb();
  for (let n = 1; n <= 100; n += 1) await createAgency(db, null, { name: `School ${String(n).padStart(3, "0")}`, sector: "education", contactEmail: null });
  for (let n = 1; n <= 20; n += 1) await createAgency(db, null, { name: `Clinic ${String(n).padStart(2, "0")}`, sector: "health", contactEmail: null });
  const percent = await createAgency(db, null, { name: "100% Youth Trust", sector: "voluntary", contactEmail: null });
  await createAgency(db, null, { name: "Under_score Project", sector: "voluntary", contactEmail: null });
  qa = await makeUser(db, "qa");
  board = await makeUser(db, "board");
  lead = await makeUser(db, "agency_lead", percent.id);
});
afterAll(() => db.destroy());

describe("agencies list", () => {
  it("shows 50 a page in name order, with the window and page count", async () => {
    const first = await listAgenciesPage(db, qa, query());
    expect(first.total).toBe(122);
    expect(first.window).toEqual({ page: 1, pageCount: 3, offset: 0, from: 1, to: 50 });
    expect(first.agencies).toHaveLength(50);
    expect(first.agencies[0].name).toBe("100% Youth Trust");
    expect(first.agencies[1].name).toBe("Clinic 01");
    const last = await listAgenciesPage(db, qa, query({ page: 3 }));
    expect(last.window).toMatchObject({ page: 3, from: 101, to: 122 });
    expect(last.agencies.map((agency) => agency.name).at(-1)).toBe("Under_score Project");
  });

  it("shows the last page for a page past the end", async () => {
    const past = await listAgenciesPage(db, qa, query({ page: 99 }));
    expect(past.window.page).toBe(3);
    expect(past.agencies).toHaveLength(22);
  });

  it("filters by part of the name, ignoring case, and by sector", async () => {
    const clinics = await listAgenciesPage(db, qa, query({ search: "CLINIC 1" }));
    expect(clinics.agencies.map((agency) => agency.name)).toEqual(["Clinic 10", "Clinic 11", "Clinic 12", "Clinic 13", "Clinic 14", "Clinic 15", "Clinic 16", "Clinic 17", "Clinic 18", "Clinic 19"]);
    const health = await listAgenciesPage(db, qa, query({ sector: "health" }));
    expect(health.total).toBe(20);
    const both = await listAgenciesPage(db, qa, query({ sector: "education", search: "099" }));
    expect(both.agencies.map((agency) => agency.name)).toEqual(["School 099"]);
    expect((await listAgenciesPage(db, qa, query({ sector: "police" }))).total).toBe(0);
  });

  it("takes % and _ in a search literally", async () => {
    expect((await listAgenciesPage(db, qa, query({ search: "%" }))).agencies.map((agency) => agency.name)).toEqual(["100% Youth Trust"]);
    expect((await listAgenciesPage(db, qa, query({ search: "_" }))).agencies.map((agency) => agency.name)).toEqual(["Under_score Project"]);
    expect((await listAgenciesPage(db, qa, query({ search: "\\" }))).total).toBe(0);
  });

  it("is scoped: an agency's lead sees only their agency, the board none", async () => {
    expect((await listAgenciesPage(db, lead, query())).agencies.map((agency) => agency.name)).toEqual(["100% Youth Trust"]);
    expect((await listAgenciesPage(db, board, query())).total).toBe(0);
  });

  it("reads its filters from the address, falling back to all for anything unknown", () => {
    expect(parseAgencyListQuery(new URLSearchParams("search=%20 school %20&sector=health&page=2"))).toEqual({ search: "school", sector: "health", page: 2 });
    expect(parseAgencyListQuery(new URLSearchParams("sector=wizards&page=-1"))).toEqual({ search: "", sector: null, page: 1 });
    expect(parseAgencyListQuery(new URLSearchParams(`page=1.5&search=${"x".repeat(500)}`))).toEqual({ search: "x".repeat(100), sector: null, page: 1 });
  });
});
