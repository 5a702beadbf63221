import { z } from "zod";
import { SECTORS, type Sector } from "./tool-schema";

export const SECTOR_LABELS: Record<Sector, string> = {
  local_authority: "Local authority",
  police: "Police",
  health: "Health",
  education: "Education (schools and colleges)",
  probation: "Probation",
  youth_justice: "Youth justice",
  housing: "Housing",
  voluntary: "Voluntary and community",
  faith: "Faith",
  early_years: "Early years",
  other: "Other",
};

/** An agency as the business office enters it (form, CSV import and CLI share this). */
export const AgencyInputSchema = z.object({
  name: z.string().trim().min(1, "Enter the agency's name").max(200, "The agency's name must be 200 characters or fewer"),
  sector: z.enum(SECTORS, { error: "Select the agency's sector" }),
  contactEmail: z
    .string()
    .trim()
    .max(254, "The contact email address must be 254 characters or fewer")
    .transform((value) => (value === "" ? null : value.toLowerCase()))
    .pipe(z.email("Enter the contact email address in the correct format, like safeguarding@agency.org").nullable()),
});
