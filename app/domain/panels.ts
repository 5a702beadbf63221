import { z } from "zod";
import { isAgencyRole, type Viewer } from "./permissions";

/**
 * Challenge panels, pure. The QA subgroup schedules a session for some of a cycle's
 * agencies whose returns are submitted, records each agency's attendance, notes and outcome, and
 * marks the panel complete; each agency then gets a feedback letter (decision 010).
 */

export const PANEL_STATUSES = ["scheduled", "complete"] as const;
export type PanelStatus = (typeof PANEL_STATUSES)[number];

export const PANEL_STATUS_LABELS: Record<PanelStatus, string> = { scheduled: "Scheduled", complete: "Complete" };

const Time = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/**
 * A new panel as the QA form sends it (the date already read from the GOV.UK date input). The time
 * is 24-hour "14:30" (GOV.UK style asks for a plain time field with a hint); one or more agencies.
 */
export const PanelInputSchema = z.object({
  heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  startsAt: z
    .string()
    .trim()
    .min(1, "Enter the start time")
    .regex(Time, "Enter the start time as a 24-hour time, like 14:30")
    .transform((value) => value.padStart(5, "0")),
  location: z.string().trim().min(1, "Enter where the panel meets").max(300, "The location must be 300 characters or fewer"),
  agencyIds: z.array(z.coerce.number().int().positive()).min(1, "Select the agencies the panel will meet"),
});
export type PanelInput = z.infer<typeof PanelInputSchema>;

/**
 * What the panel records for one agency: whether it attended (and then who, required) and the
 * notes and outcome, either of which may wait until after the session.
 */
export const PanelRecordSchema = z
  .object({
    attended: z.enum(["yes", "no"], { error: "Select whether the agency attended" }),
    attendees: z.string().trim().max(2000, "Who attended must be 2,000 characters or fewer"),
    notes: z.string().trim().max(10000, "The notes must be 10,000 characters or fewer"),
    outcome: z.string().trim().max(5000, "The outcome must be 5,000 characters or fewer"),
  })
  .superRefine((record, ctx) => {
    if (record.attended === "yes" && record.attendees === "")
      ctx.addIssue({ code: "custom", path: ["attendees"], message: "Enter who attended for the agency" });
  });
export type PanelRecordInput = z.infer<typeof PanelRecordSchema>;

/** Only the QA subgroup schedules panels, records them and marks them complete. */
export function canManagePanels(viewer: Viewer): boolean {
  return viewer.role === "qa";
}

/** The QA subgroup and the business office read every panel; agencies and the board read none. */
export function canReadPanels(viewer: Viewer): boolean {
  return viewer.role === "qa" || viewer.role === "admin";
}

/**
 * A feedback letter: QA and the business office read any (a draft until the panel is complete);
 * the agency's own lead and contributors read theirs once the panel is complete, as they read their
 * own submitted return and its scrutiny (DESIGN §7). The board never reads one.
 */
export function canReadLetter(viewer: Viewer, agencyId: number, panelStatus: PanelStatus): boolean {
  if (canReadPanels(viewer)) return true;
  return isAgencyRole(viewer.role) && viewer.agencyId === agencyId && panelStatus === "complete";
}

/**
 * A panel can be marked complete once every agency's attendance is recorded (null = not yet), so no
 * letter goes out saying nothing about the session.
 */
export function completionProblem(agencies: { agencyName: string; attended: boolean | null }[]): string | null {
  const unrecorded = agencies.filter((agency) => agency.attended === null).map((agency) => agency.agencyName);
  if (unrecorded.length === 0) return null;
  return `Record whether ${unrecorded.join(", ")} attended before marking the panel complete`;
}
