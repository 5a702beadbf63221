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

/** The agencies list's filters, read from its address (GET form): unknown values fall back to "all". */
export interface AgencyListQuery {
  /** Part of the name, as typed (trimmed, at most 100 characters); "" for none. */
  search: string;
  sector: Sector | null;
  page: number;
}

export function parseAgencyListQuery(params: URLSearchParams): AgencyListQuery {
  const sector = params.get("sector");
  const page = Number(params.get("page"));
  return {
    search: (params.get("search") ?? "").trim().slice(0, 100),
    sector: (SECTORS as readonly string[]).includes(sector ?? "") ? (sector as Sector) : null,
    page: Number.isInteger(page) && page >= 1 && page <= 1_000_000 ? page : 1,
  };
}

/** The list's address with `query` (defaults left out). */
export function agencyListSearch(query: AgencyListQuery): string {
  const params = new URLSearchParams();
  if (query.search) params.set("search", query.search);
  if (query.sector) params.set("sector", query.sector);
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally (escape character `\`). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
