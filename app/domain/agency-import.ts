import { AgencyInputSchema, SECTOR_LABELS } from "./agency";
import { SECTORS, type Sector } from "./tool-schema";

/**
 * Reading an agencies spreadsheet (DESIGN §9 `agencies:import`, and the business office's upload page):
 * columns name, sector and contact email, in any order, headed in the first row. Every row is checked;
 * one bad row refuses the whole file, so every problem is listed with its row number. The CLI and the
 * page share this, so a file means the same in both.
 */

export interface AgencyImportRow {
  name: string;
  sector: Sector;
  contactEmail: string | null;
  /** The row's number as a person sees it in the file. */
  line: number;
}

export type AgencyFileReading =
  | { ok: true; agencies: AgencyImportRow[] }
  /** `fileProblem`: the file as a whole cannot be read as agencies; else `problems`, one a row. */
  | { ok: false; fileProblem: string; problems: [] }
  | { ok: false; fileProblem: null; problems: string[] };

const HEADERS: Record<string, "name" | "sector" | "contactEmail"> = {
  name: "name",
  agency: "name",
  agencyname: "name",
  sector: "sector",
  contactemail: "contactEmail",
  email: "contactEmail",
  safeguardingcontactemail: "contactEmail",
  safeguardingcontact: "contactEmail",
};

/** A sector by its code ("youth_justice") or its label ("Youth justice"), in any case. */
function sectorCode(value: string): string {
  const wanted = value.trim().toLowerCase();
  const byLabel = SECTORS.find((sector) => SECTOR_LABELS[sector].toLowerCase() === wanted || sector.replace(/_/g, " ") === wanted);
  return byLabel ?? wanted;
}

export function readAgencyRows(rows: { line: number; cells: string[] }[]): AgencyFileReading {
  if (rows.length < 2)
    return {
      ok: false,
      fileProblem: "has no agencies: the first row names the columns (name, sector, contact email), then one agency a row",
      problems: [],
    };
  const columns = rows[0].cells.map((header) => HEADERS[header.toLowerCase().replace(/[^a-z]/g, "")]);
  for (const required of ["name", "sector"] as const) {
    if (!columns.includes(required))
      return {
        ok: false,
        fileProblem: `has no "${required}" column: the first row must name the columns (name, sector, contact email)`,
        problems: [],
      };
  }
  const problems: string[] = [];
  const agencies: AgencyImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows.slice(1)) {
    const value = (key: "name" | "sector" | "contactEmail") => cells[columns.indexOf(key)] ?? "";
    const parsed = AgencyInputSchema.safeParse({
      name: value("name"),
      sector: sectorCode(value("sector")),
      contactEmail: columns.includes("contactEmail") ? value("contactEmail") : "",
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(
          `row ${line}: ${issue.path[0] === "sector" ? `"${value("sector")}" is not a sector (use one of ${SECTORS.join(", ")})` : issue.message}`,
        );
      continue;
    }
    const key = parsed.data.name.toLowerCase();
    if (seen.has(key)) problems.push(`row ${line}: ${parsed.data.name} is already on row ${seen.get(key)}`);
    seen.set(key, line);
    agencies.push({ ...parsed.data, line });
  }
  return problems.length > 0 ? { ok: false, fileProblem: null, problems } : { ok: true, agencies };
}
