import { canEnterObservation, canReadIndicator, isAgencyRole, type Viewer } from "~/domain/permissions";
import { buildScorecardReport, type ScorecardIndicatorSource, type ScorecardObservationSource, type ScorecardReport } from "~/domain/reports/scorecard";
import { checkObservation, type Frequency, type IndicatorInput, type ObservationInput, type ObservationValues, type Polarity, type Quadrant, type ScorecardQuery, type Theme, type Unit } from "~/domain/scorecard";
import { recordAudit } from "./audit.server";
import { nowIso, parseJson, type Db } from "./db.server";

/**
 * Indicators and observations (DESIGN §13, decision 021). Admin defines indicators; an agency's people enter
 * the observations of their own agency's indicators, admin those of any (and the partnership's own); admin and
 * QA read everything; the board reads only what was published. A changed definition is a new version: the
 * observations entered after it carry the new number, so the series shows the break.
 */

export interface Indicator extends ScorecardIndicatorSource {
  currentVersion: number;
  definition: string;
}

export interface Observation extends ObservationValues {
  id: number;
  indicatorId: number;
  version: number;
  source: "form" | "import" | "api";
  enteredAt: string;
}

async function loadIndicators(db: Db, where: (query: ReturnType<Db>) => void = () => {}): Promise<Indicator[]> {
  const query = db("indicators").leftJoin("agencies", "agencies.id", "indicators.owner_agency_id").select("indicators.*", "agencies.name as owner_name").orderBy("indicators.code");
  where(query);
  const rows: Record<string, unknown>[] = await query;
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id as number);
  const versionRows: Record<string, unknown>[] = [];
  for (let start = 0; start < ids.length; start += 500) versionRows.push(...(await db("indicator_versions").whereIn("indicator_id", ids.slice(start, start + 500)).orderBy("version")));
  return rows.map((row) => {
    const versions = versionRows.filter((version) => version.indicator_id === row.id).map((version) => ({ version: version.version as number, definition: version.definition as string, createdAt: version.created_at as string }));
    const current = versions.find((version) => version.version === row.current_version);
    return {
      id: row.id as number,
      code: row.code as string,
      title: row.title as string,
      unit: row.unit as Unit,
      polarity: row.polarity as Polarity,
      target: (row.target as number | null) ?? null,
      greenTolerance: (row.green_tolerance as number | null) ?? null,
      amberTolerance: (row.amber_tolerance as number | null) ?? null,
      frequency: row.frequency as Frequency,
      quadrant: row.quadrant as Quadrant,
      theme: row.theme as Theme,
      owner: row.owner_agency_id === null ? null : { id: row.owner_agency_id as number, name: row.owner_name as string },
      linkedStandards: parseJson<string[]>(row.linked_standards, []),
      versions,
      currentVersion: row.current_version as number,
      definition: current?.definition ?? "",
    };
  });
}

/** The indicators the viewer may read, by code. */
export async function listIndicators(db: Db, viewer: Viewer): Promise<Indicator[]> {
  if (viewer.role === "admin" || viewer.role === "qa") return loadIndicators(db);
  if (!isAgencyRole(viewer.role) || viewer.agencyId === null) return [];
  return loadIndicators(db, (query) => query.where("indicators.owner_agency_id", viewer.agencyId));
}

/** The agencies that own indicators, by name, for the scorecard's owner filter (admin and QA only). */
export async function listIndicatorOwners(db: Db, viewer: Viewer): Promise<{ id: number; name: string }[]> {
  if (viewer.role !== "admin" && viewer.role !== "qa") return [];
  return db("agencies").whereIn("id", db("indicators").whereNotNull("owner_agency_id").select("owner_agency_id")).orderBy("name").select("id", "name");
}

/** One indicator, or null when it does not exist or is another agency's (a guessed id reads as not found). */
export async function getIndicator(db: Db, viewer: Viewer, id: number): Promise<Indicator | null> {
  const [indicator] = await loadIndicators(db, (query) => query.where("indicators.id", id));
  if (!indicator || !canReadIndicator(viewer, indicator.owner?.id ?? null)) return null;
  return indicator;
}

export async function listObservations(db: Db, viewer: Viewer, indicatorId: number): Promise<Observation[] | null> {
  const indicator = await getIndicator(db, viewer, indicatorId);
  if (!indicator) return null;
  const rows: Record<string, unknown>[] = await db("observations").where({ indicator_id: indicatorId });
  return rows.map(toObservation).sort((a, b) => b.period.localeCompare(a.period));
}

function toObservationSource(row: Record<string, unknown>): ScorecardObservationSource {
  return {
    indicatorId: row.indicator_id as number,
    version: row.version as number,
    period: row.period as string,
    value: row.value as number,
    numerator: (row.numerator as number | null) ?? null,
    denominator: (row.denominator as number | null) ?? null,
    provisional: Boolean(row.provisional),
    commentary: (row.commentary as string) ?? "",
  };
}

function toObservation(row: Record<string, unknown>): Observation {
  return { ...toObservationSource(row), id: row.id as number, source: row.source as Observation["source"], enteredAt: row.entered_at as string };
}

export type IndicatorResult = { ok: true; id: number; newVersion: boolean } | { ok: false; status: 403 | 404; message: string } | { ok: false; status: 400; errors: Record<string, string> };

async function ownerProblem(db: Db, owner: number | null): Promise<string | null> {
  if (owner === null) return null;
  const agency = await db("agencies").where({ id: owner }).first("id");
  if (!agency) return "Select the owner: that agency does not exist";
  return null;
}

function settingsRow(input: IndicatorInput) {
  return {
    title: input.title,
    unit: input.unit,
    polarity: input.polarity,
    target: input.target,
    green_tolerance: input.greenTolerance,
    amber_tolerance: input.amberTolerance,
    frequency: input.frequency,
    quadrant: input.quadrant,
    theme: input.theme,
    owner_agency_id: input.owner,
    linked_standards: JSON.stringify(input.linkedStandards),
  };
}

/**
 * Writes one indicator inside `trx`: a new code creates it at version 1; a known code updates its settings,
 * and a changed definition adds the next version. A frequency or unit change under existing observations would
 * reinterpret them, so it is refused: define a new indicator instead.
 */
async function writeIndicator(trx: Db, actorId: number | null, input: IndicatorInput, existingId: number | null): Promise<{ ok: true; id: number; newVersion: boolean } | { ok: false; errors: Record<string, string> }> {
  const problem = await ownerProblem(trx, input.owner);
  if (problem) return { ok: false, errors: { owner: problem } };
  const now = nowIso();
  const existing = existingId === null ? await trx("indicators").where({ code: input.code }).first() : await trx("indicators").where({ id: existingId }).first();
  if (!existing) {
    const [row] = await trx("indicators").insert({ code: input.code, ...settingsRow(input), current_version: 1, created_at: now, updated_at: now }).returning("id");
    const id = (typeof row === "object" ? row.id : row) as number;
    await trx("indicator_versions").insert({ indicator_id: id, version: 1, definition: input.definition, created_by: actorId, created_at: now });
    await recordAudit(trx, { userId: actorId, action: "indicator.create", entityType: "indicator", entityId: id, summary: { code: input.code, title: input.title } });
    return { ok: true, id, newVersion: false };
  }
  if (existingId !== null && input.code !== existing.code) {
    const clash = await trx("indicators").where({ code: input.code }).whereNot({ id: existing.id }).first("id");
    if (clash) return { ok: false, errors: { code: `There is already an indicator with the code ${input.code}` } };
  }
  const observed = await trx("observations").where({ indicator_id: existing.id }).first("id");
  if (observed && input.frequency !== existing.frequency) return { ok: false, errors: { frequency: `${existing.code} already has observations: its frequency cannot change. Define a new indicator instead` } };
  if (observed && input.unit !== existing.unit) return { ok: false, errors: { unit: `${existing.code} already has observations: its unit cannot change. Define a new indicator instead` } };
  const current = await trx("indicator_versions").where({ indicator_id: existing.id, version: existing.current_version }).first();
  const newVersion = current?.definition !== input.definition;
  const version = newVersion ? (existing.current_version as number) + 1 : (existing.current_version as number);
  if (newVersion) await trx("indicator_versions").insert({ indicator_id: existing.id, version, definition: input.definition, created_by: actorId, created_at: now });
  await trx("indicators").where({ id: existing.id }).update({ code: input.code, ...settingsRow(input), current_version: version, updated_at: now });
  await recordAudit(trx, { userId: actorId, action: "indicator.update", entityType: "indicator", entityId: existing.id, summary: { code: input.code, version, newVersion, before: { title: existing.title, target: existing.target } } });
  return { ok: true, id: existing.id as number, newVersion };
}

export async function saveIndicator(db: Db, viewer: Viewer, input: IndicatorInput, id: number | null): Promise<IndicatorResult> {
  if (viewer.role !== "admin") return { ok: false, status: 403, message: "Only the business office defines indicators" };
  return db.transaction(async (trx) => {
    if (id === null && (await trx("indicators").where({ code: input.code }).first("id"))) return { ok: false as const, status: 400 as const, errors: { code: `There is already an indicator with the code ${input.code}` } };
    if (id !== null && !(await trx("indicators").where({ id }).first("id"))) return { ok: false as const, status: 404 as const, message: "Indicator not found" };
    const result = await writeIndicator(trx, viewer.id, input, id);
    if (!result.ok) return { ok: false as const, status: 400 as const, errors: result.errors };
    return result;
  });
}

/** `indicators:import`: every row written or none; rows keyed by code (a known code updates, a new definition versions). */
export async function importIndicators(db: Db, actorId: number | null, rows: { line: number; input: IndicatorInput }[]): Promise<{ ok: true; added: number; updated: number; newVersions: number } | { ok: false; problems: { line: number; text: string }[] }> {
  const seen = new Map<string, number>();
  const problems: { line: number; text: string }[] = [];
  for (const row of rows) {
    const earlier = seen.get(row.input.code);
    if (earlier !== undefined) problems.push({ line: row.line, text: `${row.input.code} is already on row ${earlier}: give each indicator once` });
    seen.set(row.input.code, row.line);
  }
  if (problems.length > 0) return { ok: false, problems };
  try {
    return await db.transaction(async (trx) => {
      let added = 0;
      let updated = 0;
      let newVersions = 0;
      for (const row of rows) {
        const existed = Boolean(await trx("indicators").where({ code: row.input.code }).first("id"));
        const result = await writeIndicator(trx, actorId, row.input, null);
        if (!result.ok) {
          problems.push(...Object.values(result.errors).map((text) => ({ line: row.line, text })));
          continue;
        }
        if (existed) updated += 1;
        else added += 1;
        if (result.newVersion) newVersions += 1;
      }
      if (problems.length > 0) throw new ImportRefused();
      return { ok: true as const, added, updated, newVersions };
    });
  } catch (error) {
    if (error instanceof ImportRefused) return { ok: false, problems };
    throw error;
  }
}

class ImportRefused extends Error {}

export type ObservationResult = { ok: true; id: number; replaced: boolean } | { ok: false; status: 403 | 404; message: string } | { ok: false; status: 400; errors: Record<string, string> };

async function writeObservation(trx: Db, actorId: number | null, indicator: { id: number; code: string; current_version: number }, values: ObservationValues, source: Observation["source"]): Promise<{ id: number; replaced: boolean }> {
  const existing = await trx("observations").where({ indicator_id: indicator.id, period: values.period }).first();
  const row = {
    version: indicator.current_version,
    value: values.value,
    numerator: values.numerator,
    denominator: values.denominator,
    provisional: values.provisional,
    commentary: values.commentary,
    source,
    entered_by: actorId,
    entered_at: nowIso(),
  };
  let id: number;
  if (existing) {
    await trx("observations").where({ id: existing.id }).update(row);
    id = existing.id;
  } else {
    const [inserted] = await trx("observations").insert({ indicator_id: indicator.id, period: values.period, ...row }).returning("id");
    id = (typeof inserted === "object" ? inserted.id : inserted) as number;
  }
  await recordAudit(trx, {
    userId: actorId,
    action: existing ? "observation.update" : "observation.create",
    entityType: "observation",
    entityId: id,
    summary: { indicator: indicator.code, period: values.period, value: values.value, source, before: existing ? { value: existing.value, version: existing.version } : null },
  });
  return { id, replaced: Boolean(existing) };
}

/** Saves the observation of one period (a second entry for the same period replaces the first, audited). */
export async function saveObservation(db: Db, viewer: Viewer, indicatorId: number, input: ObservationInput, source: "form" | "api" = "form"): Promise<ObservationResult> {
  return db.transaction(async (trx) => {
    const indicator = await trx("indicators").where({ id: indicatorId }).first();
    if (!indicator || !canReadIndicator(viewer, indicator.owner_agency_id ?? null)) return { ok: false as const, status: 404 as const, message: "Indicator not found" };
    if (!canEnterObservation(viewer, indicator.owner_agency_id ?? null)) return { ok: false as const, status: 403 as const, message: "Only the owning agency enters this indicator's observations" };
    const checked = checkObservation(input, indicator);
    if (!checked.ok) return { ok: false as const, status: 400 as const, errors: checked.errors };
    const written = await writeObservation(trx, source === "api" ? null : viewer.id, indicator, checked.observation, source);
    return { ok: true as const, ...written };
  });
}

export interface ObservationImportRow {
  line: number;
  indicator: string;
  /** The owner as the file names it: an agency's name, or "" for the partnership. */
  agency: string;
  input: ObservationInput;
}

/**
 * `observations:import` and the API's batch: every row is checked against its indicator (known code, the owner
 * the file names, the frequency's period, the unit's value) before anything is written; one bad row refuses all.
 */
export async function importObservations(db: Db, actorId: number | null, rows: ObservationImportRow[], source: "import" | "api" = "import"): Promise<{ ok: true; added: number; replaced: number } | { ok: false; problems: { line: number; text: string }[] }> {
  const indicators: Record<string, unknown>[] = await db("indicators").leftJoin("agencies", "agencies.id", "indicators.owner_agency_id").select("indicators.*", "agencies.name as owner_name");
  const byCode = new Map(indicators.map((row) => [String(row.code).toLowerCase(), row]));
  const problems: { line: number; text: string }[] = [];
  const checked: { indicator: Record<string, unknown>; values: ObservationValues }[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const indicator = byCode.get(row.indicator.trim().toLowerCase());
    if (!indicator) {
      problems.push({ line: row.line, text: row.indicator.trim() ? `There is no indicator ${row.indicator.trim()}` : "Give the indicator's code" });
      continue;
    }
    const ownerName = (indicator.owner_name as string | null) ?? null;
    const named = row.agency.trim();
    if (ownerName === null ? named !== "" : named.toLowerCase() !== ownerName.toLowerCase()) {
      problems.push({ line: row.line, text: ownerName === null ? `${indicator.code} is the partnership's: leave the agency empty (got "${named}")` : `${indicator.code} belongs to ${ownerName}: give that agency (got "${named || "nothing"}")` });
      continue;
    }
    const result = checkObservation(row.input, { unit: indicator.unit as Unit, frequency: indicator.frequency as Frequency });
    if (!result.ok) {
      problems.push(...Object.values(result.errors).map((text) => ({ line: row.line, text })));
      continue;
    }
    const key = `${indicator.id}:${result.observation.period}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push({ line: row.line, text: `${indicator.code} ${result.observation.period} is already on row ${earlier}` });
    seen.set(key, row.line);
    checked.push({ indicator, values: result.observation });
  }
  if (rows.length === 0) problems.push({ line: 1, text: "There are no observations to import" });
  if (problems.length > 0) return { ok: false, problems };
  return db.transaction(async (trx) => {
    let added = 0;
    let replaced = 0;
    for (const { indicator, values } of checked) {
      const written = await writeObservation(trx, actorId, indicator as { id: number; code: string; current_version: number }, values, source);
      if (written.replaced) replaced += 1;
      else added += 1;
    }
    return { ok: true as const, added, replaced };
  });
}

/** The live scorecard (admin and QA); null for anyone else (the board reads published copies). */
export async function getScorecardReport(db: Db, viewer: Viewer, query: ScorecardQuery): Promise<ScorecardReport | null> {
  if (viewer.role !== "admin" && viewer.role !== "qa") return null;
  return buildScorecardReport(await loadIndicators(db), await loadObservationSources(db), query);
}

async function loadObservationSources(db: Db): Promise<ScorecardObservationSource[]> {
  const rows: Record<string, unknown>[] = await db("observations").select("indicator_id", "version", "period", "value", "numerator", "denominator", "provisional", "commentary");
  return rows.map(toObservationSource);
}

/** The partnership-wide scorecard for the assurance view, read as the system (no viewer scoping: its callers already have). */
export async function scorecardForAssurance(db: Db): Promise<ScorecardReport> {
  return buildScorecardReport(await loadIndicators(db), await loadObservationSources(db), { theme: null, quadrant: null, owner: null, from: null, to: null });
}
