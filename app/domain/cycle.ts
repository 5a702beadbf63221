import { z } from "zod";
import { SECTORS } from "./tool-schema";

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * A new cycle as the business office describes it (form and CLI share this). Dates are already
 * YYYY-MM-DD; the due date cannot be before the opening date, nor the final deadline before the due date.
 */
/** A cycle is set up (draft), open for returns, then closed. */
export const CYCLE_STATUSES = ["draft", "open", "closed"] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

export const CycleInputSchema = z
  .object({
    toolId: z.coerce.number({ error: "Select the audit tool" }).int().positive("Select the audit tool"),
    title: z.string().trim().min(1, "Enter a title for the cycle").max(200, "The title must be 200 characters or fewer"),
    opensOn: IsoDate,
    dueOn: IsoDate,
    finalDeadlineOn: IsoDate.nullable(),
    scope: z.enum(["all", "sectors"], { error: "Select which agencies take part" }),
    sectors: z.array(z.enum(SECTORS, { error: "Select sectors from the list" })),
  })
  .superRefine((cycle, ctx) => {
    if (cycle.dueOn < cycle.opensOn)
      ctx.addIssue({ code: "custom", path: ["dueOn"], message: "The due date must be the same as or after the opening date" });
    if (cycle.finalDeadlineOn && cycle.finalDeadlineOn < cycle.dueOn) {
      ctx.addIssue({ code: "custom", path: ["finalDeadlineOn"], message: "The final deadline must be the same as or after the due date" });
    }
    if (cycle.scope === "sectors" && cycle.sectors.length === 0)
      ctx.addIssue({ code: "custom", path: ["sectors"], message: "Select at least one sector" });
  });

export type CycleInputData = z.infer<typeof CycleInputSchema>;
