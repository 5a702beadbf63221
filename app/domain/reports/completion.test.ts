import { describe, expect, it } from "vitest";
import { buildCompletionReport, type CompletionInputReturn } from "./completion";

const agency = (id: number, sector: "police" | "health") => ({ id, name: `Agency ${id}`, sector });
const returns: CompletionInputReturn[] = [
  { agency: agency(1, "police"), status: "submitted", submittedAt: "2026-03-30T10:00:00.000Z" }, // on time (due 31 March)
  { agency: agency(2, "police"), status: "validated", submittedAt: "2026-03-31T23:30:00.000Z" }, // 1 April 00:30 BST: late
  { agency: agency(3, "health"), status: "in_progress", submittedAt: null },
  { agency: agency(4, "health"), status: "not_started", submittedAt: null },
];
const cycle = { id: 1, title: "S11 2026", dueOn: "2026-03-31", finalDeadlineOn: "2026-04-30", closed: false };

describe("completion report", () => {
  it("splits submissions into on time and late by the UK date", () => {
    const report = buildCompletionReport({ cycle, returns, today: "2026-04-10" });
    expect(report.partnership).toMatchObject({ assigned: 4, onTime: 1, late: 1, inProgress: 1, notStarted: 1 });
  });

  it("calls unsubmitted returns overdue after the due date and missing after the final deadline", () => {
    expect(buildCompletionReport({ cycle, returns, today: "2026-03-31" }).partnership).toMatchObject({ overdue: 0, missing: 0 });
    expect(buildCompletionReport({ cycle, returns, today: "2026-04-10" }).partnership).toMatchObject({ overdue: 2, missing: 0 });
    expect(buildCompletionReport({ cycle, returns, today: "2026-05-01" }).partnership).toMatchObject({ overdue: 0, missing: 2 });
    expect(buildCompletionReport({ cycle: { ...cycle, closed: true }, returns, today: "2026-04-01" }).partnership).toMatchObject({
      missing: 2,
    });
  });

  it("counts per sector and lists outstanding returns with days overdue", () => {
    const report = buildCompletionReport({ cycle, returns, today: "2026-04-10" });
    expect(report.sectors.map((row) => [row.sector, row.assigned, row.onTime + row.late])).toEqual([
      ["health", 2, 0],
      ["police", 2, 2],
    ]);
    // 31 March → 10 April is 10 days.
    expect(report.outstanding.map((row) => [row.agency.id, row.daysOverdue])).toEqual([
      [3, 10],
      [4, 10],
    ]);
  });

  it("counts an agency's extended due date: not late, not overdue, fewer days overdue", () => {
    const extended: CompletionInputReturn[] = [
      // Due 31 March, extended to 14 April: submitted 10 April is on time.
      { ...returns[1], submittedAt: "2026-04-10T10:00:00.000Z", dueOnOverride: "2026-04-14" },
      // Extended to 5 April: on 10 April it is 5 days overdue, not 10.
      { ...returns[2], dueOnOverride: "2026-04-05" },
      // Extended to 20 April: not yet overdue on 10 April.
      { ...returns[3], dueOnOverride: "2026-04-20" },
    ];
    const report = buildCompletionReport({ cycle, returns: extended, today: "2026-04-10" });
    expect(report.partnership).toMatchObject({ onTime: 1, late: 0, overdue: 1 });
    expect(report.lateSubmissions).toEqual([]);
    expect(report.outstanding.map((row) => [row.agency.id, row.daysOverdue])).toEqual([
      [3, 5],
      [4, 0],
    ]);
  });

  it("says a return is not yet due rather than 0 days past its due date, and missing once the cycle has shut", () => {
    const before = buildCompletionReport({ cycle, returns, today: "2026-03-20" });
    expect(before.outstanding.map((row) => [row.agency.id, row.due, row.missing])).toEqual([
      [3, false, false],
      [4, false, false],
    ]);
    // On the due date itself a return is still not late.
    expect(buildCompletionReport({ cycle, returns, today: "2026-03-31" }).outstanding.every((row) => !row.due)).toBe(true);
    expect(buildCompletionReport({ cycle, returns, today: "2026-04-01" }).outstanding.map((row) => [row.due, row.missing])).toEqual([
      [true, false],
      [true, false],
    ]);
    // A closed cycle: what was not submitted is missing, not "not started".
    const closed = buildCompletionReport({ cycle: { ...cycle, closed: true }, returns, today: "2026-04-02" });
    expect(closed.outstanding.map((row) => [row.agency.id, row.status, row.missing])).toEqual([
      [3, "in_progress", true],
      [4, "not_started", true],
    ]);
  });

  it("lists late submissions with whole UK days late", () => {
    const report = buildCompletionReport({ cycle, returns, today: "2026-04-10" });
    // Submitted 31 March 23:30 UTC = 1 April 00:30 BST: one day after the 31 March due date.
    expect(report.lateSubmissions).toEqual([{ agency: agency(2, "police"), submittedOn: "2026-04-01", daysLate: 1 }]);
  });
});
