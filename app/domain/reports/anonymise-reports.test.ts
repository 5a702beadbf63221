import { describe, expect, it } from "vitest";
import type { Sector } from "../tool-schema";
import { buildActionsReport, type ActionsInputAction } from "./actions";
import { anonymiseActions, anonymiseCompletion } from "./anonymise-reports";
import { buildCompletionReport } from "./completion";

const bands = [
  { code: "green", label: "Fully met", min: 80, colour: "#00703c" },
  { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
];
const tool = { code: "s11", version: "1", title: "S11", bands, standards: [{ code: "A", title: "Standard A" }] };
const police: { id: number; name: string; sector: Sector } = { id: 1, name: "Aardvark Police", sector: "police" };
const homes: { id: number; name: string; sector: Sector } = { id: 2, name: "Zebra Homes", sector: "housing" };

function action(id: number, agency: typeof police, status: ActionsInputAction["status"]): ActionsInputAction {
  return {
    id,
    agency,
    standardCode: "A",
    description: `Fix it at ${agency.name}`,
    owner: "Jo Bloggs",
    status,
    dueOn: "2026-01-01",
    createdAt: "2025-12-01T10:00:00.000Z",
    doneAt: status === "done" ? "2025-12-11T10:00:00.000Z" : null,
    computedBand: "red",
    moderations: status === "done" ? [{ band: "green", rationale: "Seen at Zebra", createdAt: "2025-12-12T10:00:00.000Z" }] : [],
  };
}

describe("anonymiseActions", () => {
  const report = buildActionsReport({
    cycle: { id: 1, title: "S11" },
    tool,
    today: "2026-02-01",
    actions: [action(1, police, "open"), action(2, homes, "open"), action(3, homes, "done")],
  });
  const anonymised = anonymiseActions(report, 2);

  it("letters agencies by number of actions, one letter per agency throughout, and leaves out their free text", () => {
    // Zebra Homes has two actions, so it is Agency A although its name sorts last.
    expect(anonymised.agencies.map((row) => [row.agency.name, row.total])).toEqual([
      ["Agency A", 2],
      ["Agency B", 1],
    ]);
    expect(anonymised.actions.map((row) => [row.id, row.agency.name, row.description, row.owner])).toEqual([
      [1, "Agency B", "", ""],
      [2, "Agency A", "", ""],
      [3, "Agency A", "", ""],
    ]);
    expect(anonymised.ratingChanges.map((row) => [row.agency.name, row.rationale])).toEqual([["Agency A", ""]]);
    const text = JSON.stringify(anonymised);
    for (const secret of ["Aardvark", "Zebra", "Jo Bloggs"]) expect(text).not.toContain(secret);
  });

  it("withholds sectors with fewer agencies than the minimum, keeping the partnership's counts", () => {
    expect(anonymised.sectors).toEqual([]);
    expect(anonymised.agencies.every((row) => row.agency.sectorSuppressed)).toBe(true);
    expect(anonymised.partnership).toEqual(report.partnership);
    expect(anonymised.anonymised).toEqual({ minGroupSize: 2, suppressedSectors: 2 });
  });
});

describe("anonymiseCompletion", () => {
  it("letters the outstanding and late returns and drops sector rows smaller than the minimum", () => {
    const report = buildCompletionReport({
      cycle: { id: 1, title: "S11", dueOn: "2026-03-31", finalDeadlineOn: null, closed: false },
      today: "2026-04-10",
      returns: [
        { agency: police, status: "not_started", submittedAt: null },
        { agency: { ...police, id: 3, name: "Other Police" }, status: "submitted", submittedAt: "2026-04-03T10:00:00.000Z" },
        { agency: homes, status: "in_progress", submittedAt: null },
      ],
    });
    const anonymised = anonymiseCompletion(report, 2);
    expect(anonymised.sectors.map((row) => row.sector)).toEqual(["police"]);
    // Three agencies, three different letters, in the publication's random order.
    const letters = [...anonymised.outstanding.map((row) => row.agency.name), ...anonymised.lateSubmissions.map((row) => row.agency.name)];
    expect([...letters].sort()).toEqual(["Agency A", "Agency B", "Agency C"]);
    expect(anonymised.lateSubmissions.map((row) => row.daysLate)).toEqual([3]);
    expect(anonymised.partnership).toEqual(report.partnership);
  });
});
