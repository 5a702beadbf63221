import { describe, expect, it } from "vitest";
import { canEnterObservation, canReadIndicator, type Role, type Viewer } from "./permissions";

const viewer = (role: Role, agencyId: number | null = null): Viewer => ({ id: 1, email: "x@example.org", name: "X", role, agencyId });

describe("scorecard permissions", () => {
  it("lets admin and QA read every indicator, an agency its own only, and the board none live", () => {
    expect(canReadIndicator(viewer("admin"), 7)).toBe(true);
    expect(canReadIndicator(viewer("qa"), null)).toBe(true);
    expect(canReadIndicator(viewer("agency_lead", 7), 7)).toBe(true);
    expect(canReadIndicator(viewer("agency_member", 7), 7)).toBe(true);
    expect(canReadIndicator(viewer("agency_lead", 7), 8)).toBe(false);
    expect(canReadIndicator(viewer("agency_lead", 7), null)).toBe(false);
    expect(canReadIndicator(viewer("board"), 7)).toBe(false);
  });

  it("lets the owning agency's people and the business office enter figures, and nobody else", () => {
    expect(canEnterObservation(viewer("agency_lead", 7), 7)).toBe(true);
    expect(canEnterObservation(viewer("agency_member", 7), 7)).toBe(true);
    expect(canEnterObservation(viewer("agency_lead", 7), 8)).toBe(false);
    expect(canEnterObservation(viewer("admin"), null)).toBe(true);
    expect(canEnterObservation(viewer("admin"), 7)).toBe(true);
    expect(canEnterObservation(viewer("qa"), 7)).toBe(false);
    expect(canEnterObservation(viewer("board"), null)).toBe(false);
  });
});
