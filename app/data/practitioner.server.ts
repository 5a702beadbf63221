import { randomBytes } from "node:crypto";
import { ukDateOf } from "~/domain/dates";
import { canReadPartnership, type Viewer } from "~/domain/permissions";
import {
  buildPractitionerResults,
  perResponseMax,
  parseMinGroup,
  scoreResponse,
  type PractitionerResults,
  type RoleGroup,
  type StandardOutcome,
  type Tally,
} from "~/domain/practitioner";
import type { Answers } from "~/domain/scoring";
import { checkAnswerShapes, validateReturn, visibleQuestions } from "~/domain/survey-engine";
import type { Sector, ToolDefinition } from "~/domain/tool-schema";
import { recordAudit } from "./audit.server";
import { isPostgres, nowIso, rowsFromJson, type Db } from "./db.server";
import { definitionOf, getTool, listTools, type ToolRecord } from "./tools.server";
import { cachedModel } from "./reports/cache.server";

/**
 * Practitioner surveys (DESIGN §11, decision 018). Opening one gives each agency of the cycle one open link.
 * A response is stored with its survey, agency, optional role group, the date and the answers only, and
 * nowhere else: no audit-log row and no log line is written for it (the audit log names people, and a
 * response must not be tied to anyone). Running tallies per agency, role group and standard are updated in
 * the same transaction, so results for a large survey read a few thousand rows.
 */

/** The partnership's minimum group size (`PRACTITIONER_MIN_GROUP`, default 10, never below 5). */
export function practitionerMinGroup(): number {
  const parsed = parseMinGroup(process.env.PRACTITIONER_MIN_GROUP);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

export interface PractitionerSurvey {
  id: number;
  cycleId: number;
  cycleTitle: string;
  tool: { id: number; code: string; version: string; title: string };
  opensOn: string;
  closesOn: string;
  closedAt: string | null;
  /** open: taking answers today; not_yet: before its opening date; closed: past its closing date or closed early. */
  state: "open" | "not_yet" | "closed";
  responses: number;
}

export interface SurveyLink {
  agencyId: number;
  agencyName: string;
  sector: Sector;
  token: string;
  responses: number;
}

function today(): string {
  return ukDateOf(nowIso());
}

function stateOf(row: { opens_on: string; closes_on: string; closed_at: string | null }, on: string): PractitionerSurvey["state"] {
  if (row.closed_at || on > row.closes_on) return "closed";
  return on < row.opens_on ? "not_yet" : "open";
}

function surveysQuery(db: Db) {
  return db("practitioner_surveys")
    .join("cycles", "cycles.id", "practitioner_surveys.cycle_id")
    .join("tools", "tools.id", "practitioner_surveys.tool_id")
    .select(
      "practitioner_surveys.*",
      "cycles.title as cycle_title",
      "tools.code as tool_code",
      "tools.version as tool_version",
      "tools.title as tool_title",
    );
}

function toSurvey(row: Record<string, unknown>): PractitionerSurvey {
  return {
    id: row.id as number,
    cycleId: row.cycle_id as number,
    cycleTitle: row.cycle_title as string,
    tool: { id: row.tool_id as number, code: row.tool_code as string, version: row.tool_version as string, title: row.tool_title as string },
    opensOn: row.opens_on as string,
    closesOn: row.closes_on as string,
    closedAt: (row.closed_at as string | null) ?? null,
    state: stateOf(row as { opens_on: string; closes_on: string; closed_at: string | null }, today()),
    responses: Number(row.responses_stored ?? 0),
  };
}

/** Scoped like every agency read: QA and admin see every survey; an agency lead those its agency has a link in. */
function scoped(db: Db, viewer: Viewer) {
  const query = surveysQuery(db);
  if (viewer.role === "agency_lead") {
    query.whereExists(db("practitioner_links").whereRaw("practitioner_links.survey_id = practitioner_surveys.id").where("practitioner_links.agency_id", viewer.agencyId));
  } else if (!canReadPartnership(viewer)) {
    query.whereRaw("1 = 0");
  }
  return query;
}

export async function listCycleSurveys(db: Db, viewer: Viewer, cycleId: number): Promise<PractitionerSurvey[]> {
  return (await scoped(db, viewer).where("practitioner_surveys.cycle_id", cycleId).orderBy("practitioner_surveys.id", "desc")).map(toSurvey);
}

export async function getSurvey(db: Db, viewer: Viewer, id: number): Promise<PractitionerSurvey | null> {
  const row = await scoped(db, viewer).where("practitioner_surveys.id", id).first();
  return row ? toSurvey(row) : null;
}

/** The links of a survey with their response counts: every agency's for QA and admin, the lead's own for a lead. */
export async function listSurveyLinks(db: Db, viewer: Viewer, surveyId: number): Promise<SurveyLink[]> {
  const query = db("practitioner_links")
    .join("agencies", "agencies.id", "practitioner_links.agency_id")
    .where("practitioner_links.survey_id", surveyId)
    .select(
      "practitioner_links.agency_id",
      "practitioner_links.token",
      "agencies.name",
      "agencies.sector",
      db("practitioner_responses").count("*").whereRaw("practitioner_responses.survey_id = practitioner_links.survey_id and practitioner_responses.agency_id = practitioner_links.agency_id").as("response_count"),
    )
    .orderBy("agencies.name");
  if (viewer.role === "agency_lead") query.where("practitioner_links.agency_id", viewer.agencyId);
  else if (!canReadPartnership(viewer)) return [];
  return (await query).map((row: Record<string, unknown>) => ({
    agencyId: row.agency_id as number,
    agencyName: row.name as string,
    sector: row.sector as Sector,
    token: row.token as string,
    responses: Number(row.response_count ?? 0),
  }));
}

/** Published practitioner tools that assure this tool code (the choices when opening a survey on a cycle of it). */
export async function listPractitionerTools(db: Db, assures: string): Promise<ToolRecord[]> {
  return (await listTools(db, { publishedOnly: true })).filter((tool) => tool.kind === "practitioner" && tool.definition.assures === assures);
}

export type OpenSurveyResult = { ok: true; id: number; links: { agencyName: string; token: string }[] } | { ok: false; status: 404 | 409; message: string };

/**
 * Opens a practitioner survey on a cycle (QA or the business office): the tool must be a practitioner survey
 * assuring the cycle's tool, naming only standards the cycle's tool has; one link per agency with a return
 * in the cycle, each a 128-bit random token. One survey at a time per cycle, so an agency's staff have one link.
 */
export async function openPractitionerSurvey(db: Db, actorId: number | null, input: { cycleId: number; toolId: number; opensOn: string; closesOn: string }): Promise<OpenSurveyResult> {
  const cycle = await db("cycles").join("tools", "tools.id", "cycles.tool_id").where("cycles.id", input.cycleId).select("cycles.id", "cycles.status", "cycles.title", "tools.code", "tools.definition").first();
  if (!cycle) return { ok: false, status: 404, message: `There is no cycle ${input.cycleId}` };
  const tool = await getTool(db, input.toolId);
  if (!tool || tool.status !== "published") return { ok: false, status: 404, message: "That practitioner survey tool was not found" };
  if (tool.kind !== "practitioner") return { ok: false, status: 409, message: `${tool.code}@${tool.version} is not a practitioner survey` };
  if (tool.definition.assures !== cycle.code) return { ok: false, status: 409, message: `${tool.code}@${tool.version} assures "${tool.definition.assures}", but this cycle uses "${cycle.code}"` };
  const cycleStandards = new Set((definitionOf(cycle).standards ?? []).map((standard) => standard.code));
  const unknown = tool.definition.standards.map((standard) => standard.code).filter((code) => !cycleStandards.has(code));
  if (unknown.length > 0) return { ok: false, status: 409, message: `The survey names standards this cycle's tool does not have: ${unknown.join(", ")}` };
  if (cycle.status === "draft") return { ok: false, status: 409, message: "Open the cycle before its practitioner survey: agencies get their links from their returns" };
  if (input.closesOn < input.opensOn) return { ok: false, status: 409, message: "The closing date must be on or after the opening date" };
  return db.transaction(async (trx) => {
    const running = await trx("practitioner_surveys").where({ cycle_id: input.cycleId }).whereNull("closed_at").where("closes_on", ">=", today()).first();
    if (running) return { ok: false as const, status: 409 as const, message: "This cycle already has a practitioner survey running: close it before opening another" };
    const [row] = await trx("practitioner_surveys")
      .insert({ cycle_id: input.cycleId, tool_id: input.toolId, opens_on: input.opensOn, closes_on: input.closesOn, created_by: actorId, created_at: nowIso() })
      .returning("id");
    const id = (typeof row === "object" ? row.id : row) as number;
    const agencies = await trx("returns").join("agencies", "agencies.id", "returns.agency_id").where("returns.cycle_id", input.cycleId).select("agencies.id", "agencies.name").orderBy("agencies.name");
    const links = agencies.map((agency: { id: number; name: string }) => ({ agencyId: agency.id, agencyName: agency.name, token: randomBytes(16).toString("base64url") }));
    for (let start = 0; start < links.length; start += 200) {
      await trx("practitioner_links").insert(links.slice(start, start + 200).map((link) => ({ survey_id: id, agency_id: link.agencyId, token: link.token })));
    }
    await recordAudit(trx, { userId: actorId, action: "practitioner_survey.open", entityType: "practitioner_survey", entityId: id, summary: { cycleId: input.cycleId, tool: `${tool.code}@${tool.version}`, opensOn: input.opensOn, closesOn: input.closesOn, links: links.length } });
    return { ok: true as const, id, links: links.map(({ agencyName, token }) => ({ agencyName, token })) };
  });
}

/** Closes a survey early (QA or the business office): the links stop taking answers and its results show. */
export async function closePractitionerSurvey(db: Db, viewer: Viewer, id: number): Promise<{ ok: true } | { ok: false; status: 403 | 404 | 409; message: string }> {
  if (!canReadPartnership(viewer)) return { ok: false, status: 403, message: "Only the QA subgroup and the business office close practitioner surveys" };
  if (!(await getSurvey(db, viewer, id))) return { ok: false, status: 404, message: "Survey not found" };
  return closeSurvey(db, viewer.id, id);
}

/**
 * Closes a survey now (the business office's command line, or `closePractitionerSurvey` once the viewer may):
 * its links stop taking answers and its results show, once and for good. `actorId` null is the command line.
 */
export async function closeSurvey(db: Db, actorId: number | null, id: number): Promise<{ ok: true } | { ok: false; status: 404 | 409; message: string }> {
  const row = await surveysQuery(db).where("practitioner_surveys.id", id).first();
  if (!row) return { ok: false, status: 404, message: `There is no practitioner survey ${id}` };
  const survey = toSurvey(row);
  if (survey.state === "closed") return { ok: false, status: 409, message: "This survey is already closed" };
  await db.transaction(async (trx) => {
    await trx("practitioner_surveys").where({ id }).update({ closed_at: nowIso() });
    await recordAudit(trx, { userId: actorId, action: "practitioner_survey.close", entityType: "practitioner_survey", entityId: id, summary: { responses: survey.responses } });
  });
  return { ok: true };
}

export interface PublicSurvey {
  surveyId: number;
  agencyId: number;
  agencyName: string;
  partnershipTool: { title: string };
  tool: ToolDefinition;
  state: PractitionerSurvey["state"];
  closesOn: string;
}

/** What the open link shows: no sign-in, found by its token only. */
export async function getPublicSurvey(db: Db, token: string): Promise<PublicSurvey | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const row = await db("practitioner_links")
    .join("practitioner_surveys", "practitioner_surveys.id", "practitioner_links.survey_id")
    .join("agencies", "agencies.id", "practitioner_links.agency_id")
    .join("tools", "tools.id", "practitioner_surveys.tool_id")
    .where("practitioner_links.token", token)
    .select("practitioner_surveys.id as survey_id", "practitioner_surveys.opens_on", "practitioner_surveys.closes_on", "practitioner_surveys.closed_at", "agencies.id as agency_id", "agencies.name as agency_name", "tools.title as tool_title", "tools.definition")
    .first();
  if (!row) return null;
  return {
    surveyId: row.survey_id,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    partnershipTool: { title: row.tool_title },
    tool: definitionOf(row),
    state: stateOf(row, today()),
    closesOn: row.closes_on,
  };
}

/** A link of a survey taking answers today, if any: what a start-up rehearsal sends its rehearsed responses through. */
export async function anOpenSurveyLink(db: Db): Promise<string | null> {
  const on = today();
  const row = await db("practitioner_links")
    .join("practitioner_surveys", "practitioner_surveys.id", "practitioner_links.survey_id")
    .whereNull("practitioner_surveys.closed_at")
    .where("practitioner_surveys.opens_on", "<=", on)
    .where("practitioner_surveys.closes_on", ">=", on)
    .orderBy("practitioner_links.id")
    .first("practitioner_links.token");
  return row?.token ?? null;
}

/** Problems with a whole response: answers the survey does not allow, then required questions left out. */
export function checkResponse(tool: ToolDefinition, answers: Answers): { name: string; message: string }[] {
  const shapes = checkAnswerShapes(tool.survey, answers);
  if (shapes.length > 0) return shapes.map((problem) => ({ name: "", message: problem }));
  return validateReturn(tool.survey, answers).map(({ name, message }) => ({ name, message }));
}

export interface ResponseRow {
  agencyId: number;
  roleGroup: RoleGroup | null;
  answers: Answers;
  outcomes: StandardOutcome[];
}

/**
 * Stores responses already checked and scored, and adds them to the tallies, in the caller's transaction
 * (the submit and import paths here, and `npm run bench` filling a county-sized survey).
 */
export async function storeResponses(trx: Db, surveyId: number, respondedOn: string, rows: ResponseRow[]): Promise<void> {
  // Each statement takes its rows as one JSON text (`rowsFromJson`): the same SQL for any number of rows.
  const responsesSql = `insert into practitioner_responses (survey_id, agency_id, role_group, responded_on, answers) ${rowsFromJson(trx, ["integer", "integer", "text", "text", "text"])}`;
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500).map((row) => [surveyId, row.agencyId, row.roleGroup, respondedOn, JSON.stringify(row.answers)]);
    await trx.raw(responsesSql, [JSON.stringify(chunk)]);
  }
  // The survey's count moves with its responses, in the same transaction: what shows the count and what
  // tells a cached result it is out of date (`cachedSurveyResults`).
  await trx("practitioner_surveys").where({ id: surveyId }).increment("responses_stored", rows.length);
  // Sum per group first, then one upsert per group and standard: the tallies add up exactly what was stored.
  const sums = new Map<string, [surveyId: number, agencyId: number, roleGroup: string, standard: string, responses: number, points: number, max: number]>();
  for (const row of rows) {
    for (const outcome of row.outcomes) {
      const key = `${row.agencyId}|${row.roleGroup ?? "none"}|${outcome.standard}`;
      let sum = sums.get(key);
      if (!sum) sums.set(key, (sum = [surveyId, row.agencyId, row.roleGroup ?? "none", outcome.standard, 0, 0, 0]));
      sum[4] += 1;
      sum[5] += outcome.points;
      sum[6] += outcome.max;
    }
  }
  const talliesSql = `insert into practitioner_tallies (survey_id, agency_id, role_group, standard_code, responses, points, "max")
    ${rowsFromJson(trx, ["integer", "integer", "text", "text", "integer", "real", "real"])} where true
    on conflict (survey_id, agency_id, role_group, standard_code) do update set
      responses = practitioner_tallies.responses + excluded.responses,
      points = practitioner_tallies.points + excluded.points,
      "max" = practitioner_tallies."max" + excluded."max"`;
  const tallies = [...sums.values()];
  for (let start = 0; start < tallies.length; start += 1000) {
    await trx.raw(talliesSql, [JSON.stringify(tallies.slice(start, start + 1000))]);
  }
}

export type SubmitResponseResult = { ok: true } | { ok: false; status: 404 | 409 | 400 | 429; message: string; errors?: { name: string; message: string }[] };

/**
 * Stores one practitioner's response through its agency's link. Validated like any answer (the survey's
 * own rules, every required question), scored by the tool rules. Nothing about the person is written:
 * not who, not from where, not when in the day; and no audit-log row.
 */
export async function submitPractitionerResponse(
  db: Db,
  /** The link's token, or the survey the caller has just read through it (`getPublicSurvey`), which saves reading it twice. */
  link: string | PublicSurvey,
  input: { roleGroup: RoleGroup | null; answers: Answers },
  /** Asked once the answers pass, just before storing: the link's flood limit (a refused answer uses up nobody's place). */
  admit: () => boolean = () => true,
  /** A start-up rehearsal (server.js, decision 033): every step is taken and the store is rolled back, so nothing is kept. */
  rehearsal = false,
): Promise<SubmitResponseResult> {
  const survey = typeof link === "string" ? await getPublicSurvey(db, link) : link;
  if (!survey) return { ok: false, status: 404, message: "This survey link is not recognised" };
  if (survey.state !== "open") return { ok: false, status: 409, message: survey.state === "closed" ? "This survey has closed" : "This survey is not open yet" };
  const errors = checkResponse(survey.tool, input.answers);
  if (errors.length > 0) return { ok: false, status: 400, message: errors[0].message, errors };
  if (!admit()) return { ok: false, status: 429, message: "Too many answers have been sent through this link or from your network in the last hour. Please try again later." };
  const outcomes = scoreResponse(survey.tool, input.answers, visibleQuestions(survey.tool.survey, input.answers));
  await storeTogether(db, { surveyId: survey.surveyId, respondedOn: today(), row: { agencyId: survey.agencyId, roleGroup: input.roleGroup, answers: input.answers, outcomes } }, rehearsal);
  return { ok: true };
}

type Response = { surveyId: number; respondedOn: string; row: ResponseRow };
type WaitingResponse = Response & { stored: () => void; failed: (error: unknown) => void };

type BatchQueue = { filling: WaitingResponse[] | null; writing: Promise<void> | null; rehearsal: boolean };

/**
 * Per database: the batch still taking responses, and the write of the batch before it. Rehearsals queue apart,
 * so a real response can never join a batch that is rolled back.
 */
const batches = new WeakMap<Db, BatchQueue>();
const rehearsalBatches = new WeakMap<Db, BatchQueue>();

/**
 * Responses sent at the same moment are stored together (group commit, decision 027): the first to arrive
 * opens a batch, everyone arriving before it is written joins it, and one transaction stores them all, so
 * an office of fifty phones costs a handful of transactions instead of fifty queued one behind another.
 * Each sender still waits until their own response is stored, and if a batch fails, each of its responses
 * is tried again on its own, so one that cannot be stored never costs anyone else theirs.
 */
function storeTogether(db: Db, response: Response, rehearsal: boolean): Promise<void> {
  const queues = rehearsal ? rehearsalBatches : batches;
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { filling: null, writing: null, rehearsal }));
  const owner = queue;
  return new Promise((stored, failed) => {
    const waiting = { ...response, stored, failed };
    if (owner.filling) {
      owner.filling.push(waiting);
      return;
    }
    const batch = [waiting];
    owner.filling = batch;
    const before = owner.writing;
    const write = (async () => {
      // Let the responses already on their way join: wait for the write before, or for this turn of the event loop.
      await (before ?? new Promise((resolve) => setImmediate(resolve)));
      if (owner.filling === batch) owner.filling = null;
      await writeBatch(db, batch, owner.rehearsal);
    })();
    owner.writing = write;
    void write.finally(() => {
      if (owner.writing === write) owner.writing = null;
    });
  });
}

/**
 * Settles every response of the batch; never throws. A rehearsal's batch is written and rolled back, through the same
 * steps as a real one (decision 033: what V8 learns from it must be what real responses run).
 */
async function writeBatch(db: Db, batch: WaitingResponse[], rehearsal: boolean): Promise<void> {
  const groups = new Map<string, WaitingResponse[]>();
  for (const response of batch) {
    const key = `${response.surveyId}|${response.respondedOn}`;
    groups.set(key, [...(groups.get(key) ?? []), response]);
  }
  try {
    await storeOrRehearse(db, rehearsal, async (trx) => {
      for (const group of groups.values()) await storeResponses(trx, group[0].surveyId, group[0].respondedOn, group.map((response) => response.row));
    });
    for (const response of batch) response.stored();
  } catch (error) {
    // A rehearsal is never stored, not even one response at a time.
    if (batch.length === 1 || rehearsal) {
      for (const response of batch) response.failed(error);
      return;
    }
    // Nothing of the batch was kept: store each response on its own, so only one that cannot be stored fails.
    for (const response of batch) {
      try {
        await storeOrRehearse(db, false, (trx) => storeResponses(trx, response.surveyId, response.respondedOn, [response.row]));
        response.stored();
      } catch (own) {
        response.failed(own);
      }
    }
  }
}

/**
 * Runs `work` in a transaction, then commits it, or for a rehearsal rolls it back; rolled back on any error. A COMMIT
 * that fails (a full disk, a dropped connection) rejects, so nobody is told their answers were stored when they were
 * not: knex's `commit()` resolves even then, and only the transaction's `executionPromise` says how it ended.
 */
async function storeOrRehearse(db: Db, rehearsal: boolean, work: (trx: Db) => Promise<void>): Promise<void> {
  const trx = await db.transaction();
  try {
    await work(trx);
  } catch (error) {
    await trx.rollback();
    throw error;
  }
  // One call for both, so a rehearsal teaches V8 the same step a real response takes (decision 033).
  await trx[rehearsal ? "rollback" : "commit"]();
  try {
    await trx.executionPromise;
  } catch (error) {
    // SQLite keeps the transaction open when its COMMIT fails (the database busy, or a check made only at COMMIT):
    // it is ended here, or every later write on the app's one connection would fail too. PostgreSQL ends it itself.
    if (!isPostgres(db)) await db.raw("rollback").catch(() => undefined);
    throw error;
  }
}

export interface ImportedResponse {
  agencyName: string;
  roleGroup: RoleGroup | null;
  answers: Answers;
  /** File row numbers of this response, for messages. */
  rows: number[];
}

/**
 * Past or paper responses (`practitioner:import`), all or nothing: every response is checked like a
 * submitted one first, and any problem refuses the whole file with its row numbers. Stored with today's
 * date, like a response given now; the file's grouping key is not kept.
 */
export async function importPractitionerResponses(db: Db, actorId: number | null, surveyId: number, responses: ImportedResponse[]): Promise<{ ok: true; imported: number } | { ok: false; errors: string[] }> {
  const survey = await db("practitioner_surveys").join("tools", "tools.id", "practitioner_surveys.tool_id").where("practitioner_surveys.id", surveyId).select("practitioner_surveys.id", "tools.definition").first();
  if (!survey) return { ok: false, errors: [`There is no practitioner survey ${surveyId}`] };
  const tool = definitionOf(survey);
  const links = await db("practitioner_links").join("agencies", "agencies.id", "practitioner_links.agency_id").where("practitioner_links.survey_id", surveyId).select("agencies.id", "agencies.name");
  const agencyByName = new Map(links.map((link: { id: number; name: string }) => [link.name.toLowerCase(), link.id]));
  const errors: string[] = [];
  const rows: ResponseRow[] = [];
  for (const response of responses) {
    const where = `row${response.rows.length > 1 ? "s" : ""} ${response.rows.join(", ")}`;
    const agencyId = agencyByName.get(response.agencyName.trim().toLowerCase());
    if (agencyId === undefined) {
      errors.push(`${where}: "${response.agencyName}" has no link in this survey`);
      continue;
    }
    const problems = checkResponse(tool, response.answers);
    if (problems.length > 0) {
      errors.push(...problems.map((problem) => `${where}: ${problem.name ? `question '${problem.name}': ` : ""}${problem.message}`));
      continue;
    }
    rows.push({ agencyId, roleGroup: response.roleGroup, answers: response.answers, outcomes: scoreResponse(tool, response.answers, visibleQuestions(tool.survey, response.answers)) });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: ["The file holds no responses"] };
  await db.transaction(async (trx) => {
    await storeResponses(trx, surveyId, today(), rows);
    // The business office's import is recorded (who imported how many), never the responses themselves.
    await recordAudit(trx, { userId: actorId, action: "practitioner_survey.import", entityType: "practitioner_survey", entityId: surveyId, summary: { responses: rows.length } });
  });
  return { ok: true, imported: rows.length };
}

/** The results of one survey, unscoped: callers scope (`getSurveyResults`) or are partnership-wide reports. */
export async function buildSurveyResults(db: Db, surveyId: number): Promise<PractitionerResults | null> {
  const survey = await db("practitioner_surveys")
    .join("tools as survey_tool", "survey_tool.id", "practitioner_surveys.tool_id")
    .join("cycles", "cycles.id", "practitioner_surveys.cycle_id")
    .join("tools as cycle_tool", "cycle_tool.id", "cycles.tool_id")
    .where("practitioner_surveys.id", surveyId)
    .select(
      "survey_tool.definition as survey_definition",
      "cycle_tool.definition as cycle_definition",
      "practitioner_surveys.opens_on",
      "practitioner_surveys.closes_on",
      "practitioner_surveys.closed_at",
    )
    .first();
  if (!survey) return null;
  const tool = definitionOf({ definition: survey.survey_definition });
  const assured = definitionOf({ definition: survey.cycle_definition });
  // A running survey shows nothing (decision 032): its tallies are not read at all.
  const held = stateOf(survey, today()) !== "closed";
  const agencies = await db("practitioner_links").join("agencies", "agencies.id", "practitioner_links.agency_id").where("practitioner_links.survey_id", surveyId).select("agencies.id", "agencies.name", "agencies.sector").orderBy("agencies.name");
  const tallies: Tally[] = (held ? [] : await db("practitioner_tallies").where({ survey_id: surveyId }).select("agency_id", "role_group", "standard_code", "responses", "points", "max")).map((row: Record<string, unknown>) => ({
    agencyId: row.agency_id as number,
    roleGroup: row.role_group === "none" ? null : (row.role_group as RoleGroup),
    standard: row.standard_code as string,
    responses: Number(row.responses),
    points: Number(row.points),
    max: Number(row.max),
  }));
  const titles = new Map(assured.standards.map((standard) => [standard.code, standard.title]));
  return buildPractitionerResults({
    minGroup: practitionerMinGroup(),
    heldUntilClose: held,
    bands: assured.bands,
    standards: tool.standards.map((standard) => ({ code: standard.code, title: titles.get(standard.code) ?? standard.title })),
    perResponseMax: perResponseMax(tool),
    agencies: agencies.map((agency: { id: number; name: string; sector: Sector }) => ({ id: agency.id, name: agency.name, sector: agency.sector })),
    tallies,
  });
}

/**
 * A survey's results as the viewer may see them: QA and admin everything shown; an agency lead only their
 * own agency's rows (withheld until past the minimum group size, by the same pattern as everyone sees).
 */
export async function getSurveyResults(db: Db, viewer: Viewer, surveyId: number): Promise<PractitionerResults | null> {
  const survey = await getSurvey(db, viewer, surveyId);
  if (!survey) return null;
  const results = await cachedSurveyResults(db, surveyId);
  if (!results || canReadPartnership(viewer)) return results;
  return { ...results, partnership: { suppressed: true }, sectors: [], agencies: results.agencies.filter((entry) => entry.agency.id === viewer.agencyId) };
}

/**
 * A cycle's staff evidence (for the dashboard, review page and assurance view): its latest practitioner survey
 * that has closed, whose results are final; failing that its latest, held while it runs. A survey opened again
 * on the same cycle leaves the last one's results standing until it closes in turn.
 */
export async function getCycleStaffResults(db: Db, cycleId: number): Promise<{ surveyId: number; results: PractitionerResults } | null> {
  const surveys = (await surveysQuery(db).where("practitioner_surveys.cycle_id", cycleId).orderBy("practitioner_surveys.id", "desc")).map(toSurvey);
  const evidence = staffEvidenceSurvey(surveys);
  if (!evidence) return null;
  const results = await cachedSurveyResults(db, evidence.id);
  return results ? { surveyId: evidence.id, results } : null;
}

/** Of a cycle's surveys, newest first, the one its staff evidence comes from: the latest closed, else the latest. */
export function staffEvidenceSurvey<T extends Pick<PractitionerSurvey, "state">>(surveys: T[]): T | undefined {
  return surveys.find((survey) => survey.state === "closed") ?? surveys[0];
}

/**
 * `buildSurveyResults` kept while nothing it is built from has changed (like report models, decision 015):
 * the survey's row (its count of stored responses moves with every response, its dates and closing decide
 * whether results are held), its links, the agencies' names and sectors, the minimum group size and the date.
 * One small query instead of re-reading every tally.
 */
function cachedSurveyResults(db: Db, surveyId: number): Promise<PractitionerResults | null> {
  return cachedModel(
    db,
    `practitioner:${surveyId}`,
    async () => {
      const row = await db
        .select(
          db("practitioner_surveys")
            .where("id", surveyId)
            .select(db.raw("responses_stored || '|' || tool_id || '|' || cycle_id || '|' || opens_on || '|' || closes_on || '|' || coalesce(closed_at, '')"))
            .as("survey"),
          db("practitioner_links").where("survey_id", surveyId).count("*").as("links"),
          db("agencies").max("updated_at").as("agencies_updated"),
          db("agencies").count("*").as("agencies"),
        )
        .first();
      // Today's date too: a survey closes by its date without any row changing, and its results then show.
      return [row?.survey, row?.links, row?.agencies_updated, row?.agencies, practitionerMinGroup(), today()].map((part) => String(part ?? "")).join("/");
    },
    () => buildSurveyResults(db, surveyId),
  );
}
