import path from "node:path";
import { importIndicators, importObservations, type ObservationImportRow } from "~/data/scorecard.server";
import {
  FREQUENCIES,
  IndicatorInputSchema,
  ObservationInputSchema,
  POLARITIES,
  QUADRANTS,
  THEMES,
  UNITS,
  type IndicatorInput,
} from "~/domain/scorecard";
import type { DbCommandContext } from "../index";
import { isReadableSpreadsheet, readImportRows } from "../read-spreadsheet";

/**
 * `indicators:import` and `observations:import` (DESIGN §9, §13): the business office defines the scorecard's
 * indicators and loads figures in bulk. Each row is checked as the form checks it; one bad row refuses the
 * whole file, named by its row number, and nothing is written.
 */

type Problem = { line: number; text: string };

const normalise = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Words a spreadsheet may use for the coded fields, beside the codes themselves. */
const WORDS: Record<string, Record<string, string>> = {
  unit: {
    "%": "percent",
    percentage: "percent",
    number: "count",
    day: "days",
    rateper10000: "rate_per_10000",
    rateper10k: "rate_per_10000",
    rate: "rate_per_10000",
  },
  polarity: { higherisbetter: "higher", lowerisbetter: "lower", high: "higher", low: "lower" },
  frequency: { month: "monthly", quarter: "quarterly", year: "annual", annually: "annual", yearly: "annual" },
  quadrant: {
    howmuch: "how_much",
    howwell: "how_well",
    betteroff: "better_off",
    isanyonebetteroff: "better_off",
    howmuchdidwedo: "how_much",
    howwelldidwedoit: "how_well",
  },
  theme: {
    outcomes: "outcomes",
    cpactivity: "cp_activity",
    childprotectionactivity: "cp_activity",
    decisions: "decisions",
    plans: "plans",
    workforce: "workforce",
  },
};

function coded(field: string, value: string): string {
  if (value.trim() === "%") return "percent";
  return WORDS[field]?.[normalise(value)] ?? value.trim().toLowerCase();
}

const CODES: Record<string, readonly string[]> = {
  unit: UNITS,
  polarity: POLARITIES,
  frequency: FREQUENCIES,
  quadrant: QUADRANTS,
  theme: THEMES,
};

function fail(fileName: string, problems: Problem[], err: (line: string) => void): number {
  err(`${fileName}: nothing imported, ${problems.length} ${problems.length === 1 ? "problem" : "problems"} to fix`);
  for (const problem of [...problems].sort((a, b) => a.line - b.line)) err(`  Row ${problem.line}: ${problem.text}`);
  return 1;
}

const INDICATOR_COLUMNS: Record<string, string> = {
  code: "code",
  title: "title",
  definition: "definition",
  unit: "unit",
  polarity: "polarity",
  target: "target",
  green: "greenTolerance",
  greentolerance: "greenTolerance",
  amber: "amberTolerance",
  ambertolerance: "amberTolerance",
  frequency: "frequency",
  quadrant: "quadrant",
  theme: "theme",
  owner: "owner",
  agency: "owner",
  linkedstandards: "linkedStandards",
  standards: "linkedStandards",
};

/** `indicators:import <file.csv|xlsx>`: a known code updates its indicator; a changed definition starts a new version. */
export async function importIndicatorsCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  const [file] = args;
  if (!isReadableSpreadsheet(file, err)) return 1;
  const rows = await readImportRows(
    file,
    {
      headers: INDICATOR_COLUMNS,
      required: ["code", "title", "definition", "unit", "polarity", "frequency", "quadrant", "theme"],
      columns: "code, title, definition, unit, polarity, target, green, amber, frequency, quadrant, theme, owner, linked standards",
      rowIs: "indicator",
    },
    err,
  );
  if (!rows) return 1;
  const fileName = path.basename(file);
  const agencies: { id: number; name: string }[] = await db("agencies").select("id", "name");
  const problems: Problem[] = [];
  const inputs: { line: number; input: IndicatorInput }[] = [];
  for (const { line, value } of rows) {
    const ownerName = value("owner");
    const owner =
      ownerName === "" || normalise(ownerName) === "partnership" || normalise(ownerName) === "thepartnership"
        ? null
        : agencies.find((agency) => agency.name.toLowerCase() === ownerName.toLowerCase());
    if (owner === undefined) {
      problems.push({ line, text: `there is no agency called "${ownerName}" (leave the owner empty for the partnership)` });
      continue;
    }
    const unknownCode = Object.entries(CODES).find(([field, codes]) => value(field) !== "" && !codes.includes(coded(field, value(field))));
    if (unknownCode) {
      problems.push({ line, text: `${unknownCode[0]} "${value(unknownCode[0])}" must be one of ${unknownCode[1].join(", ")}` });
      continue;
    }
    const raw = Object.fromEntries(
      ["code", "title", "definition", "target", "greenTolerance", "amberTolerance", "linkedStandards"].map((key) => [key, value(key)]),
    );
    const parsed = IndicatorInputSchema.safeParse({
      ...raw,
      unit: coded("unit", value("unit")),
      polarity: coded("polarity", value("polarity")),
      frequency: coded("frequency", value("frequency")),
      quadrant: coded("quadrant", value("quadrant")),
      theme: coded("theme", value("theme")),
      owner: owner ? String(owner.id) : "",
    });
    if (!parsed.success) {
      problems.push({ line, text: parsed.error.issues[0].message });
      continue;
    }
    inputs.push({ line, input: parsed.data });
  }
  if (problems.length > 0) return fail(fileName, problems, err);
  const result = await importIndicators(db, null, inputs);
  if (!result.ok) return fail(fileName, result.problems, err);
  out(`Imported ${fileName}: ${result.added} added, ${result.updated} updated, ${result.newVersions} with a new definition version`);
  return 0;
}

const OBSERVATION_COLUMNS: Record<string, string> = {
  indicator: "indicator",
  code: "indicator",
  period: "period",
  agency: "agency",
  owner: "agency",
  value: "value",
  numerator: "numerator",
  denominator: "denominator",
  provisional: "provisional",
  commentary: "commentary",
  comment: "commentary",
};

/** `observations:import <file.csv|xlsx>`: `indicator,period,agency,value,numerator,denominator,provisional,commentary`; agency empty = the partnership. */
export async function importObservationsCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  const [file] = args;
  if (!isReadableSpreadsheet(file, err)) return 1;
  const rows = await readImportRows(
    file,
    {
      headers: OBSERVATION_COLUMNS,
      required: ["indicator", "period"],
      columns: "indicator, period, agency, value, numerator, denominator, provisional, commentary",
      rowIs: "observation",
    },
    err,
  );
  if (!rows) return 1;
  const fileName = path.basename(file);
  const problems: Problem[] = [];
  const parsedRows: ObservationImportRow[] = [];
  for (const { line, value } of rows) {
    const parsed = ObservationInputSchema.safeParse({
      period: value("period"),
      value: value("value"),
      numerator: value("numerator"),
      denominator: value("denominator"),
      provisional: value("provisional"),
      commentary: value("commentary"),
    });
    if (!parsed.success) {
      problems.push({ line, text: parsed.error.issues[0].message });
      continue;
    }
    parsedRows.push({ line, indicator: value("indicator"), agency: value("agency"), input: parsed.data });
  }
  if (problems.length > 0) return fail(fileName, problems, err);
  const result = await importObservations(db, null, parsedRows);
  if (!result.ok) return fail(fileName, result.problems, err);
  out(`Imported ${fileName}: ${result.added} added, ${result.replaced} replaced`);
  return 0;
}
