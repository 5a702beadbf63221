import path from "node:path";
import { importAgencies } from "~/data/agencies.server";
import { readAgencyRows } from "~/domain/agency-import";
import type { DbCommandContext } from "../index";
import { isReadableSpreadsheet, readSpreadsheetRows } from "../read-spreadsheet";

/**
 * `agencies:import <file.csv|xlsx>` (DESIGN §9): columns name, sector and contact email, in any order,
 * headed in the first row. Re-importing updates agencies by name and never duplicates them. Every row
 * is checked first (readAgencyRows, shared with the upload page); one bad row refuses the whole file,
 * listing every problem, and nothing is written.
 */
export async function importAgenciesCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  const file = args[0];
  if (!isReadableSpreadsheet(file, err)) return 1;
  let rows: { line: number; cells: string[] }[];
  try {
    rows = await readSpreadsheetRows(file);
  } catch (error) {
    err(`${path.basename(file)} could not be read: ${(error as Error).message}`);
    return 1;
  }
  const reading = readAgencyRows(rows);
  if (!reading.ok) {
    if (reading.fileProblem) {
      err(`${path.basename(file)} ${reading.fileProblem}`);
      return 1;
    }
    err(
      `${path.basename(file)}: nothing imported, ${reading.problems.length} ${reading.problems.length === 1 ? "problem" : "problems"} to fix`,
    );
    for (const problem of reading.problems) err(`  ${problem}`);
    return 1;
  }
  const agencies = reading.agencies.map(({ line: _line, ...agency }) => agency);
  const counts = await importAgencies(db, null, agencies);
  out(`Imported ${agencies.length} agencies: ${counts.added} added, ${counts.updated} updated, ${counts.unchanged} unchanged`);
  return 0;
}
