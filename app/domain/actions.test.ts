import { describe, expect, it } from "vitest";
import {
  afterActionRationale,
  canAgreeAction,
  canReadActions,
  progressShown,
  canRerateAfterAction,
  canUpdateAction,
  canWriteAction,
  isDueDateAcceptable,
  isOverdue,
  nextStatuses,
  progressOf,
  progressUpdateProblems,
  suggestedStandards,
} from "./actions";
import type { Viewer } from "./permissions";
import type { Band } from "./tool-schema";

const bands: Band[] = [
  { code: "fully", label: "Fully met", min: 85, colour: "#00703c" },
  { code: "mostly", label: "Mostly met", min: 60, colour: "#85994b" },
  { code: "partly", label: "Partially met", min: 30, colour: "#f47738" },
  { code: "not", label: "Not met", min: 0, colour: "#d4351c" },
];
const viewer = (role: Viewer["role"], agencyId: number | null = null): Viewer => ({ id: 1, email: "x@x", name: "X", role, agencyId });
const lead = viewer("agency_lead", 5);
const member = viewer("agency_member", 5);
const otherLead = viewer("agency_lead", 6);
const qa = viewer("qa");
const admin = viewer("admin");
const board = viewer("board");

describe("suggested standards", () => {
  it("suggests every standard whose effective rating is below the top band, with that rating", () => {
    const suggested = suggestedStandards(bands, [
      { code: "S1", title: "One", computedBand: "fully", moderatedBand: null },
      { code: "S2", title: "Two", computedBand: "mostly", moderatedBand: null },
      { code: "S3", title: "Three", computedBand: "fully", moderatedBand: "partly" },
      { code: "S4", title: "Four", computedBand: "not", moderatedBand: "fully" },
      { code: "S5", title: "Five", computedBand: null, moderatedBand: null },
    ]);
    // S1 top band: none. S2 computed below top. S3 moderated down wins. S4 moderated up wins: none. S5 not rated: none.
    expect(suggested.map((standard) => [standard.code, standard.effectiveBand])).toEqual([
      ["S2", "mostly"],
      ["S3", "partly"],
    ]);
  });
});

describe("overdue", () => {
  it("counts an action overdue once its due date has passed in England, unless it is done", () => {
    expect(isOverdue({ status: "open", dueOn: "2026-11-20" }, "2026-11-21T09:00:00.000Z")).toBe(true);
    expect(isOverdue({ status: "in_progress", dueOn: "2026-11-20" }, "2026-11-20T23:30:00.000Z")).toBe(false);
    expect(isOverdue({ status: "done", dueOn: "2026-11-20" }, "2027-01-01T09:00:00.000Z")).toBe(false);
  });

  it("uses the UK date: 23:30 UTC on the due date in summer is already the next day in England", () => {
    // 2026-07-10T23:30Z is 00:30 BST on 11 July.
    expect(isOverdue({ status: "open", dueOn: "2026-07-10" }, "2026-07-10T23:30:00.000Z")).toBe(true);
    expect(isOverdue({ status: "open", dueOn: "2026-07-10" }, "2026-07-10T22:30:00.000Z")).toBe(false);
  });

  it("accepts a due date of today or later, never one in the past", () => {
    expect(isDueDateAcceptable("2026-11-22", "2026-11-22")).toBe(true);
    expect(isDueDateAcceptable("2027-01-05", "2026-11-22")).toBe(true);
    expect(isDueDateAcceptable("2026-11-21", "2026-11-22")).toBe(false);
  });
});

describe("progress", () => {
  it("moves actions forward only, and closes them once done", () => {
    expect(nextStatuses("open")).toEqual(["open", "in_progress", "done"]);
    expect(nextStatuses("in_progress")).toEqual(["in_progress", "done"]);
    expect(nextStatuses("done")).toEqual([]);
  });

  it("shows done in place of the RAG once the action is done", () => {
    expect(progressOf("in_progress", "at_risk")).toBe("at_risk");
    expect(progressOf("done", "off_track")).toBe("done");
  });

  it("accepts a live update with a RAG and a note", () => {
    expect(progressUpdateProblems("open", { status: "in_progress", rag: "at_risk", note: "Training booked", evidenceNote: "" })).toEqual(
      {},
    );
  });

  it("asks a live update for its RAG and note", () => {
    expect(progressUpdateProblems("open", { status: "open", rag: null, note: " ", evidenceNote: "" })).toEqual({
      rag: "Select how the action is progressing",
      note: "Enter a note about progress",
    });
  });

  it("requires an evidence note to mark an action done, but not a RAG or note", () => {
    expect(progressUpdateProblems("in_progress", { status: "done", rag: null, note: "", evidenceNote: "  " })).toEqual({
      evidenceNote: "Enter the evidence that the action is done",
    });
    expect(progressUpdateProblems("in_progress", { status: "done", rag: null, note: "", evidenceNote: "Audit of 20 files" })).toEqual({});
  });

  it("refuses to move an action backwards or to change one that is done", () => {
    expect(progressUpdateProblems("in_progress", { status: "open", rag: "on_track", note: "n", evidenceNote: "" }).status).toBe(
      "An action that is in progress cannot go back to open",
    );
    expect(progressUpdateProblems("done", { status: "done", rag: null, note: "", evidenceNote: "e" }).status).toBe(
      "This action is done and can no longer be updated",
    );
  });
});

describe("who may do what", () => {
  it("lets the agency, QA and the business office read actions, not the board", () => {
    expect([lead, member, qa, admin, board].map(canReadActions)).toEqual([true, true, true, true, false]);
  });

  it("lets only the agency's own lead write an action, once the return has been submitted", () => {
    expect(canWriteAction(lead, 5, "submitted")).toBe(true);
    expect(canWriteAction(lead, 5, "returned")).toBe(true);
    expect(canWriteAction(lead, 5, "validated")).toBe(true);
    expect(canWriteAction(lead, 5, "in_progress")).toBe(false);
    expect(canWriteAction(member, 5, "submitted")).toBe(false);
    expect(canWriteAction(otherLead, 5, "submitted")).toBe(false);
    expect(canWriteAction(qa, 5, "submitted")).toBe(false);
  });

  it("lets the agency's lead and contributors update its live actions", () => {
    expect(canUpdateAction(lead, { agencyId: 5, status: "open" })).toBe(true);
    expect(canUpdateAction(member, { agencyId: 5, status: "in_progress" })).toBe(true);
    expect(canUpdateAction(member, { agencyId: 5, status: "done" })).toBe(false);
    expect(canUpdateAction(otherLead, { agencyId: 5, status: "open" })).toBe(false);
    expect(canUpdateAction(qa, { agencyId: 5, status: "open" })).toBe(false);
  });

  it("lets only QA update a partnership action (one with no agency) until it is done", () => {
    expect(canUpdateAction(qa, { agencyId: null, status: "in_progress" })).toBe(true);
    expect(canUpdateAction(qa, { agencyId: null, status: "done" })).toBe(false);
    expect(canUpdateAction(lead, { agencyId: null, status: "open" })).toBe(false);
    expect(canUpdateAction(member, { agencyId: null, status: "open" })).toBe(false);
    expect(canUpdateAction(admin, { agencyId: null, status: "open" })).toBe(false);
  });

  it("lets only QA agree an action, and only once", () => {
    expect(canAgreeAction(qa, { agreedAt: null })).toBe(true);
    expect(canAgreeAction(qa, { agreedAt: "2026-11-22T10:00:00.000Z" })).toBe(false);
    expect(canAgreeAction(admin, { agreedAt: null })).toBe(false);
    expect(canAgreeAction(lead, { agreedAt: null })).toBe(false);
  });

  it("lets QA re-rate after a done action only on a validated return (a submitted one is moderated as usual)", () => {
    expect(canRerateAfterAction(qa, "done", "validated")).toBe(true);
    expect(canRerateAfterAction(qa, "in_progress", "validated")).toBe(false);
    expect(canRerateAfterAction(qa, "done", "submitted")).toBe(false);
    expect(canRerateAfterAction(admin, "done", "validated")).toBe(false);
  });

  it("marks a re-rating's rationale as coming after the action", () => {
    expect(afterActionRationale("  Audit shows every file compliant ")).toBe("After action: Audit shows every file compliant");
  });
});

describe("progressShown", () => {
  it("shows an overdue action as overdue, never on track, keeping the RAG last reported as a note", () => {
    expect(progressShown("on_track", true)).toEqual({ label: "Overdue", colour: "red", reported: "Last reported: On track" });
    expect(progressShown("at_risk", true)).toEqual({ label: "Overdue", colour: "red", reported: "Last reported: At risk" });
    expect(progressShown("on_track", false)).toEqual({ label: "On track", colour: "green", reported: null });
    // A done action is never overdue, whatever its dates.
    expect(progressShown("done", true)).toEqual({ label: "Done", colour: "grey", reported: null });
  });
});
