import path from "node:path";
import { importAgencies, type AgencyInput } from "~/data/agencies.server";
import { AgencyInputSchema, SECTOR_LABELS } from "~/domain/agency";
import { SECTORS } from "~/domain/tool-schema";
import type { DbCommandContext } from "../index";
import { isReadableSpreadsheet, readSpreadsheetRows } from "../read-spreadsheet";

/**
 * `agencies:import <file.csv|xlsx>` (DESIGN §9): columns name, sector and contact email, in any order,
 * headed in the first row. Re-importing updates agencies by name and never duplicates them. Every row
 * is checked first; one bad row refuses the whole file, listing every problem, and nothing is written.
 */

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

export async function importAgenciesCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  const file = args[0];
  if (!isReadableSpreadsheet(file, err)) return 1;
  let rows: string[][];
  try {
    rows = (await readSpreadsheetRows(file)).map((row) => row.cells);
  } catch (error) {
    err(`${path.basename(file)} could not be read: ${(error as Error).message}`);
    return 1;
  }
  if (rows.length < 2) {
    err(`${path.basename(file)} has no agencies: the first row names the columns (name, sector, contact email), then one agency a row`);
    return 1;
  }
  const columns = rows[0].map((header) => HEADERS[header.toLowerCase().replace(/[^a-z]/g, "")]);
  for (const required of ["name", "sector"] as const) {
    if (!columns.includes(required)) {
      err(`${path.basename(file)} has no "${required}" column: the first row must name the columns (name, sector, contact email)`);
      return 1;
    }
  }
  const problems: string[] = [];
  const agencies: AgencyInput[] = [];
  const seen = new Map<string, number>();
  rows.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const value = (key: "name" | "sector" | "contactEmail") => cells[columns.indexOf(key)] ?? "";
    const parsed = AgencyInputSchema.safeParse({ name: value("name"), sector: sectorCode(value("sector")), contactEmail: columns.includes("contactEmail") ? value("contactEmail") : "" });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`row ${line}: ${issue.path[0] === "sector" ? `"${value("sector")}" is not a sector (use one of ${SECTORS.join(", ")})` : issue.message}`);
      return;
    }
    const key = parsed.data.name.toLowerCase();
    if (seen.has(key)) problems.push(`row ${line}: ${parsed.data.name} is already on row ${seen.get(key)}`);
    seen.set(key, line);
    agencies.push(parsed.data);
  });
  if (problems.length > 0) {
    err(`${path.basename(file)}: nothing imported, ${problems.length} ${problems.length === 1 ? "problem" : "problems"} to fix`);
    for (const problem of problems) err(`  ${problem}`);
    return 1;
  }
  const counts = await importAgencies(db, null, agencies);
  out(`Imported ${agencies.length} agencies: ${counts.added} added, ${counts.updated} updated, ${counts.unchanged} unchanged`);
  return 0;
}
