import { describe, expect, it } from "vitest";
import {
  canEditReturn,
  canManageAgencyPeople,
  canReadAgencyRecords,
  canReadLiveActions,
  canReadReturn,
  canSubmitReturn,
  visibleHistory,
  type Viewer,
} from "./permissions";

const lead: Viewer = { id: 1, email: "lead@a", name: "Lead", role: "agency_lead", agencyId: 7 };
const member: Viewer = { ...lead, id: 2, role: "agency_member" };
const qa: Viewer = { id: 3, email: "qa@x", name: "QA", role: "qa", agencyId: null };
const board: Viewer = { id: 4, email: "b@x", name: "Board", role: "board", agencyId: null };

describe("return permissions", () => {
  it("keeps drafts private to their agency", () => {
    expect(canReadReturn(lead, 7, "in_progress")).toBe(true);
    expect(canReadReturn(lead, 8, "in_progress")).toBe(false);
    expect(canReadReturn(qa, 7, "in_progress")).toBe(false);
    expect(canReadReturn(qa, 7, "submitted")).toBe(true);
  });

  it("never shows individual returns to board members", () => {
    expect(canReadReturn(board, 7, "validated")).toBe(false);
  });

  it("lets contributors edit but only the lead submit", () => {
    expect(canEditReturn(member, 7, "in_progress")).toBe(true);
    expect(canSubmitReturn(member, 7, "in_progress")).toBe(false);
    expect(canSubmitReturn(lead, 7, "in_progress")).toBe(true);
  });

  it("locks a submitted return against agency edits", () => {
    expect(canEditReturn(lead, 7, "submitted")).toBe(false);
    expect(canEditReturn(lead, 7, "returned")).toBe(true);
  });

  it("lets only an agency's own lead manage its people", () => {
    expect(canManageAgencyPeople(lead, 7)).toBe(true);
    expect(canManageAgencyPeople(lead, 8)).toBe(false);
    expect(canManageAgencyPeople(member, 7)).toBe(false);
    expect(canManageAgencyPeople(qa, 7)).toBe(false);
  });
});

describe("agency records and actions (DESIGN §7)", () => {
  const admin: Viewer = { id: 5, email: "a@x", name: "Admin", role: "admin", agencyId: null };

  it("lets the business office, QA and the agency's own people read agency records, but not the board", () => {
    expect([admin, qa, lead, member, board].map(canReadAgencyRecords)).toEqual([true, true, true, true, false]);
  });

  it("keeps live actions from the board, who read only published reports", () => {
    expect([admin, qa, lead, member, board].map(canReadLiveActions)).toEqual([true, true, true, true, false]);
  });
});

describe("visibleHistory (drafts are private to their agency, DESIGN §7)", () => {
  const entry = (id: number, action: string, summary: Record<string, unknown> = {}) => ({ id, action, summary });
  const history = [
    entry(1, "return.save"),
    entry(2, "evidence.add", { challengeId: null, fileName: "first.pdf" }),
    entry(3, "return.submit"),
    entry(4, "return.return_for_changes"),
    entry(5, "challenge.raise"),
    entry(6, "evidence.add", { challengeId: 5, fileName: "answer.pdf" }),
    entry(7, "return.save"),
    entry(8, "evidence.remove", { fileName: "first.pdf" }),
    entry(9, "return.remind"),
  ];
  const ids = (entries: { id: number }[]) => entries.map((item) => item.id);
  const partnership = (role: "qa" | "admin"): Viewer => ({ id: 90, email: "p@example.org", name: "P", role, agencyId: null });

  it("shows admin and QA the agency's work only up to its last submission, and every partnership entry", () => {
    expect(ids(visibleHistory(partnership("qa"), 7, history))).toEqual([1, 2, 3, 4, 5, 6, 9]);
    expect(ids(visibleHistory(partnership("admin"), 7, history))).toEqual([1, 2, 3, 4, 5, 6, 9]);
  });

  it("shows them none of a draft never submitted", () => {
    expect(
      ids(
        visibleHistory(partnership("qa"), 7, [
          entry(1, "return.carry_forward"),
          entry(2, "return.upload"),
          entry(3, "return.extend_due_date"),
        ]),
      ),
    ).toEqual([3]);
  });

  it("shows the agency all of its own history and another agency none of it", () => {
    expect(ids(visibleHistory(lead, 7, history))).toEqual(ids(history));
    expect(visibleHistory(lead, 8, history)).toEqual([]);
    expect(visibleHistory({ ...lead, role: "board", agencyId: null }, 7, history)).toEqual([]);
  });
});
