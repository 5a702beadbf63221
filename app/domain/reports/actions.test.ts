import { describe, expect, it } from "vitest";
import type { Band } from "../tool-schema";
import { actionsLayout } from "../../../reports/actions-layout";
import { buildActionsReport, daysBetween, ratingChangeAfter, standardWord, type ActionsInputAction } from "./actions";

const bands: Band[] = [
  { code: "green", label: "Fully met", min: 80, colour: "#00703c" },
  { code: "amber", label: "Partially met", min: 50, colour: "#f47738" },
  { code: "red", label: "Not met", min: 0, colour: "#d4351c" },
];
const tool = {
  code: "s11",
  version: "2026.1",
  title: "Section 11",
  bands,
  standards: [
    { code: "S11-1", title: "Leadership" },
    { code: "S11-2", title: "Training" },
    { code: "S11-3", title: "Recruitment" },
  ],
};
const police = { id: 1, name: "Police", sector: "police" as const };
const hospital = { id: 2, name: "Hospital", sector: "health" as const };
const clinic = { id: 3, name: "Clinic", sector: "health" as const };

function action(
  overrides: Partial<ActionsInputAction> & Pick<ActionsInputAction, "id" | "agency" | "standardCode" | "status" | "dueOn">,
): ActionsInputAction {
  return {
    description: "Do it",
    owner: "Lead",
    createdAt: "2026-04-01T09:00:00.000Z",
    doneAt: null,
    computedBand: "amber",
    moderations: [],
    ...overrides,
  };
}

/*
 * Today is 2026-06-10. Written on 1 April (UK):
 *  1 police  S11-1 open        due 2026-06-01 → overdue by 9 days
 *  2 police  S11-2 done        due 2026-05-01, done 11 April (10 days to close), re-rated amber → green after it
 *  3 hospital S11-1 in_progress due 2026-07-01 → not overdue
 *  4 hospital S11-1 done        due 2026-06-01, done 1 May (30 days), moderated red before, re-rated amber after
 *  5 clinic  S11-2 done        due 2026-06-01, done 1 April 23:30 UTC = 2 April BST (1 day), no re-rating
 *  6 clinic  S11-1 in_progress due 2026-06-09 → overdue by 1 day
 */
const actions: ActionsInputAction[] = [
  action({ id: 1, agency: police, standardCode: "S11-1", status: "open", dueOn: "2026-06-01" }),
  action({
    id: 2,
    agency: police,
    standardCode: "S11-2",
    status: "done",
    dueOn: "2026-05-01",
    doneAt: "2026-04-11T10:00:00.000Z",
    moderations: [{ band: "green", rationale: "After action: audit shows all staff trained", createdAt: "2026-04-20T10:00:00.000Z" }],
  }),
  action({ id: 3, agency: hospital, standardCode: "S11-1", status: "in_progress", dueOn: "2026-07-01" }),
  action({
    id: 4,
    agency: hospital,
    standardCode: "S11-1",
    status: "done",
    dueOn: "2026-06-01",
    doneAt: "2026-05-01T10:00:00.000Z",
    computedBand: "amber",
    moderations: [
      { band: "amber", rationale: "After action: better", createdAt: "2026-05-02T10:00:00.000Z" },
      { band: "red", rationale: "Evidence thin", createdAt: "2026-04-02T10:00:00.000Z" },
    ],
  }),
  action({ id: 5, agency: clinic, standardCode: "S11-2", status: "done", dueOn: "2026-06-01", doneAt: "2026-04-01T23:30:00.000Z" }),
  action({ id: 6, agency: clinic, standardCode: "S11-1", status: "in_progress", dueOn: "2026-06-09" }),
];
const report = buildActionsReport({ cycle: { id: 7, title: "S11 2026" }, tool, actions, today: "2026-06-10" });

describe("daysBetween", () => {
  it("counts whole days between two UK dates, across a month end", () => {
    expect(daysBetween("2026-04-01", "2026-04-11")).toBe(10);
    expect(daysBetween("2026-03-31", "2026-04-01")).toBe(1);
    expect(daysBetween("2026-04-01", "2026-04-01")).toBe(0);
  });
});

describe("buildActionsReport", () => {
  it("counts open, in progress, done and overdue for the partnership", () => {
    expect(report.partnership).toEqual({
      total: 6,
      open: 1,
      inProgress: 2,
      done: 3,
      overdue: 2,
      timeToClose: { n: 3, medianDays: 10, longestDays: 30 },
    });
  });

  it("counts by agency, by name, with each agency's time to close", () => {
    expect(
      report.agencies.map((row) => [
        row.agency.name,
        row.total,
        row.open,
        row.inProgress,
        row.done,
        row.overdue,
        row.timeToClose.medianDays,
      ]),
    ).toEqual([
      ["Clinic", 2, 0, 1, 1, 1, 1],
      ["Hospital", 2, 0, 1, 1, 0, 30],
      ["Police", 2, 1, 0, 1, 1, 10],
    ]);
  });

  it("counts by standard in the tool's order, leaving out standards without actions", () => {
    expect(report.standards.map((row) => [row.code, row.total, row.done, row.overdue, row.timeToClose])).toEqual([
      // S11-1: done action 4 took 30 days; overdue 1 and 6.
      ["S11-1", 4, 1, 2, { n: 1, medianDays: 30, longestDays: 30 }],
      // S11-2: 10 and 1 days → median of an even count is the mean, 5.5.
      ["S11-2", 2, 2, 0, { n: 2, medianDays: 5.5, longestDays: 10 }],
    ]);
  });

  it("counts by sector in the order of the sector list", () => {
    expect(report.sectors.map((row) => [row.sector, row.total, row.overdue])).toEqual([
      ["police", 2, 1],
      ["health", 4, 1],
    ]);
  });

  it("takes the UK day of each timestamp for time to close", () => {
    // Written 1 April 10:00 BST, done 1 April 23:30 UTC = 2 April 00:30 BST: one day.
    expect(report.actions.find((row) => row.id === 5)).toMatchObject({ createdOn: "2026-04-01", doneOn: "2026-04-02", daysToClose: 1 });
  });

  it("lists overdue actions first, most overdue first, with days overdue", () => {
    expect(report.actions.map((row) => [row.id, row.overdue, row.daysOverdue])).toEqual([
      [1, true, 9],
      [6, true, 1],
      [5, false, 0],
      [4, false, 0],
      [3, false, 0],
      [2, false, 0],
    ]);
  });

  it("lists the actions after which QA changed the rating, with the band before and after", () => {
    expect(
      report.ratingChanges.map((change) => [
        change.actionId,
        change.before,
        change.after,
        change.direction,
        change.reratedOn,
        change.rationale,
      ]),
    ).toEqual([
      // Before the after-action moderation the effective band was the earlier moderation's red.
      [4, "red", "amber", "higher", "2026-05-02", "better"],
      [2, "amber", "green", "higher", "2026-04-20", "audit shows all staff trained"],
    ]);
  });

  it("gives an empty report, with no time to close, when there are no actions", () => {
    const empty = buildActionsReport({ cycle: { id: 7, title: "S11 2026" }, tool, actions: [], today: "2026-06-10" });
    expect(empty.partnership).toEqual({
      total: 0,
      open: 0,
      inProgress: 0,
      done: 0,
      overdue: 0,
      timeToClose: { n: 0, medianDays: null, longestDays: null },
    });
    expect([empty.agencies, empty.standards, empty.sectors, empty.ratingChanges]).toEqual([[], [], [], []]);
  });
});

describe("a case audit's actions", () => {
  const caseTool = {
    ...tool,
    code: "case-audit",
    kind: "case_audit" as const,
    standards: [
      { code: "S11-1", title: "Recognition of need" },
      { code: "S11-2", title: "Joint working" },
      { code: "S11-3", title: "Voice of the child" },
    ],
  };
  const caseReport = buildActionsReport({ cycle: { id: 8, title: "Neglect audit" }, tool: caseTool, actions, today: "2026-06-10" });

  it("say which kind of tool they come from, and name its standards as domains, by title", () => {
    expect(caseReport.tool.kind).toBe("case_audit");
    expect(report.tool).not.toHaveProperty("kind"); // no kind given: standards, as in reports frozen before it was kept
    const word = standardWord(caseReport.tool);
    expect([word.heading, word.plural, word.name("joint_working", "Joint working"), word.short("joint_working", "Joint working")]).toEqual([
      "Domain",
      "domains",
      "Joint working",
      "Joint working",
    ]);
    const standards = standardWord(report.tool);
    expect([standards.heading, standards.name("S11-2", "Training"), standards.short("S11-2", "Training")]).toEqual([
      "Standard",
      "S11-2 Training",
      "S11-2",
    ]);
  });

  it("are laid out for the exports with domains by title, never by code", () => {
    const layout = actionsLayout(caseReport, "Actions");
    const domains = layout.tables.find((sheet) => sheet.name === "Domains")!;
    expect(domains.columns[0].header).toBe("Domain");
    // Only domains with actions are listed (as for standards: the third has none).
    expect(domains.rows.map((row) => row[0])).toEqual(["Recognition of need", "Joint working"]);
    const every = layout.tables.find((sheet) => sheet.name === "Actions")!;
    expect(every.columns[1].header).toBe("Domain");
    for (const row of every.rows) expect(["Recognition of need", "Joint working", "Voice of the child"]).toContain(row[1]);
    expect(actionsLayout(report, "Actions").tables.map((sheet) => sheet.name)).toContain("Standards");
  });
});

describe("ratingChangeAfter", () => {
  it("ignores moderations recorded before the action was done", () => {
    expect(
      ratingChangeAfter({
        doneAt: "2026-05-01T10:00:00.000Z",
        computedBand: "red",
        moderations: [{ band: "green", rationale: "After action: too early", createdAt: "2026-04-01T10:00:00.000Z" }],
      }),
    ).toBeNull();
  });

  it("counts an ordinary moderation after the action was done (a submitted return is re-rated on its review page)", () => {
    expect(
      ratingChangeAfter({
        doneAt: "2026-05-01T10:00:00.000Z",
        computedBand: "red",
        moderations: [
          { band: "green", rationale: "After action: too early", createdAt: "2026-04-01T10:00:00.000Z" },
          { band: "amber", rationale: "Policy now signed off", createdAt: "2026-05-03T10:00:00.000Z" },
        ],
      }),
    ).toEqual({ before: "green", after: "amber", at: "2026-05-03T10:00:00.000Z", rationale: "Policy now signed off" });
  });

  it("takes the latest re-rating, and the computed band as before when nothing was moderated", () => {
    expect(
      ratingChangeAfter({
        doneAt: "2026-05-01T10:00:00.000Z",
        computedBand: "red",
        moderations: [
          { band: "amber", rationale: "After action: first", createdAt: "2026-05-02T10:00:00.000Z" },
          { band: "green", rationale: "After action: second", createdAt: "2026-05-09T10:00:00.000Z" },
        ],
      }),
    ).toEqual({ before: "amber", after: "green", at: "2026-05-09T10:00:00.000Z", rationale: "second" });
    expect(
      ratingChangeAfter({
        doneAt: "2026-05-01T10:00:00.000Z",
        computedBand: "red",
        moderations: [{ band: "amber", rationale: "After action: x", createdAt: "2026-05-02T10:00:00.000Z" }],
      }),
    ).toMatchObject({ before: "red" });
  });

  it("finds nothing for an action not done", () => {
    expect(
      ratingChangeAfter({
        doneAt: null,
        computedBand: "red",
        moderations: [{ band: "amber", rationale: "After action: x", createdAt: "2026-05-02T10:00:00.000Z" }],
      }),
    ).toBeNull();
  });
});
