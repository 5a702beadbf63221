import { agreeAction, createAction, updateActionProgress } from "./actions.server";
import type { Db } from "./db.server";
import { answerChallenge, closeChallenge, raiseChallenge, recordModeration } from "./moderation.server";
import { getTool } from "./tools.server";
import type { Viewer } from "~/domain/permissions";

/**
 * QA scrutiny and action plans on the demo's open 2026 Section 11 cycle ("at least two cycles
 * of S11, one a baseline, one later, with moderation and actions"), made through the same data
 * functions the pages use, so the audit log tells the story too. Only Northshire County Council,
 * Northshire Hospitals and Northshire Youth Justice are touched, and their returns stay submitted:
 * other journeys' tests use probation, family support and police, and count six submitted returns.
 *
 *   Council        S11-3 moderated one band down; a challenge on S11-5, answered and closed (accepted).
 *   Hospitals      S11-4 moderated down; an action on S11-4 written 40 days ago, agreed, done 12 days
 *                  later, after which QA re-rated S11-4 up (an action that changed a rating); a second
 *                  action in progress; a challenge on S11-9 waiting for the agency.
 *   Youth justice  two actions: one written 60 days ago and overdue, one open and due next month.
 */

function isoDate(daysFromToday: number, today: Date): string {
  return new Date(today.getTime() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

function isoTime(daysFromToday: number, today: Date): string {
  return `${isoDate(daysFromToday, today)}T10:00:00.000Z`;
}

async function viewerByEmail(db: Db, email: string): Promise<Viewer> {
  const row = await db("users").where({ email }).first();
  if (!row) throw new Error(`The demo has no user ${email}`);
  return { id: row.id, email: row.email, name: row.name, role: row.role, agencyId: row.agency_id ?? null };
}

function must(result: { ok: boolean }, what: string): void {
  if (!result.ok) throw new Error(`Demo scrutiny: ${what} failed: ${JSON.stringify(result)}`);
}

/** One band below (or above, `step` −1) a band of the demo tool, staying within its bands. */
function shift(bands: string[], band: string | null, step: number): string {
  const index = band === null ? bands.length - 1 : bands.indexOf(band);
  return bands[Math.max(0, Math.min(bands.length - 1, index + step))];
}

export async function seedDemoScrutiny(db: Db, today = new Date()): Promise<void> {
  const cycle = await db("cycles").where({ title: "Section 11 audit 2026" }).first();
  if (!cycle) throw new Error("Demo scrutiny needs the 2026 Section 11 cycle");
  const tool = await getTool(db, cycle.tool_id);
  if (!tool) throw new Error("Demo scrutiny: the 2026 cycle's tool is missing");
  const bands = tool.definition.bands.map((band) => band.code);
  const qa = await viewerByEmail(db, "qa@example.org");
  const returnOf = async (slug: string) => {
    const row = await db("returns").join("agencies", "agencies.id", "returns.agency_id").where({ "returns.cycle_id": cycle.id, "agencies.slug": slug }).first("returns.id");
    if (!row) throw new Error(`The demo 2026 cycle has no return for ${slug}`);
    return row.id as number;
  };
  const computed = async (returnId: number, code: string): Promise<string | null> => {
    const row = await db("standard_scores").join("scores", "scores.id", "standard_scores.score_id").where({ "scores.return_id": returnId, "scores.is_current": true, "standard_scores.standard_code": code }).first("standard_scores.band");
    return row?.band ?? null;
  };

  // Council: a moderation and a closed challenge.
  const council = await returnOf("council");
  const councilLead = await viewerByEmail(db, "lead@council.example.org");
  must(await recordModeration(db, qa, council, { standardCode: "S11-3", band: shift(bands, await computed(council, "S11-3"), 1), rationale: "The policy seen at panel had not been reviewed since 2023." }), "council moderation");
  must(await raiseChallenge(db, qa, council, { standardCode: "S11-5", question: "Please send the minutes showing how children's views changed the service." }), "council challenge");
  const councilChallenge = await db("challenges").where({ return_id: council }).orderBy("id", "desc").first();
  must(await answerChallenge(db, councilLead, councilChallenge.id, "Minutes of the children in care council, June 2026, attached to section 5."), "council answer");
  must(await closeChallenge(db, qa, councilChallenge.id, { outcome: "accepted", note: "Minutes seen; rating stands." }), "council close");

  // Hospitals: moderated down, an action done and the rating moved back up after it, another in progress, an open challenge.
  const hospitals = await returnOf("hospitals");
  const hospitalsLead = await viewerByEmail(db, "lead@hospitals.example.org");
  const lowered = shift(bands, await computed(hospitals, "S11-4"), 1);
  must(await recordModeration(db, qa, hospitals, { standardCode: "S11-4", band: lowered, rationale: "Training figures exclude bank and agency staff." }), "hospitals moderation");
  const training = await createAction(
    db,
    hospitalsLead,
    hospitals,
    { standardCode: "S11-4", description: "Add bank and agency staff to the safeguarding training dashboard", owner: "Head of workforce", dueOn: isoDate(-10, today), successMeasure: "Dashboard covers every staff group" },
    isoTime(-40, today),
  );
  if (!training.ok) throw new Error(`Demo scrutiny: hospitals action failed: ${JSON.stringify(training)}`);
  must(await agreeAction(db, qa, training.id), "hospitals agree");
  must(await updateActionProgress(db, hospitalsLead, training.id, { status: "in_progress", rag: "on_track", note: "Bank staff added; agency staff next.", evidenceNote: "" }), "hospitals progress");
  must(await updateActionProgress(db, hospitalsLead, training.id, { status: "done", rag: null, note: "", evidenceNote: "Dashboard for October 2026 shows all staff groups." }), "hospitals done");
  must(await recordModeration(db, qa, hospitals, { standardCode: "S11-4", band: shift(bands, lowered, -1), rationale: "Dashboard now covers bank and agency staff." }), "hospitals re-rating");
  const supervision = await createAction(
    db,
    hospitalsLead,
    hospitals,
    { standardCode: "S11-4", description: "Quarterly audit of safeguarding supervision in the emergency department", owner: "Named nurse", dueOn: isoDate(60, today), successMeasure: "Four quarterly audits reported to the board" },
    isoTime(-20, today),
  );
  if (!supervision.ok) throw new Error(`Demo scrutiny: hospitals second action failed: ${JSON.stringify(supervision)}`);
  must(await updateActionProgress(db, hospitalsLead, supervision.id, { status: "in_progress", rag: "at_risk", note: "First audit delayed by winter pressures.", evidenceNote: "" }), "hospitals second progress");
  must(await raiseChallenge(db, qa, hospitals, { standardCode: "S11-9", question: "How are safeguarding concerns shared with the GP when a child is discharged?" }), "hospitals challenge");

  // Youth justice: one overdue action, one open.
  const youth = await returnOf("youth-justice");
  const youthLead = await viewerByEmail(db, "lead@youth-justice.example.org");
  const suggested = async (returnId: number) => {
    const rows = await db("standard_scores").join("scores", "scores.id", "standard_scores.score_id").where({ "scores.return_id": returnId, "scores.is_current": true }).whereNot("standard_scores.band", bands[0]).whereNotNull("standard_scores.band").orderBy("standard_scores.standard_code").select("standard_scores.standard_code");
    return rows.map((row: { standard_code: string }) => row.standard_code);
  };
  const [first, second] = await suggested(youth);
  if (!first || !second) throw new Error("Demo scrutiny: youth justice has too few standards below the top band");
  const overdue = await createAction(
    db,
    youthLead,
    youth,
    { standardCode: first, description: "Refresh the safeguarding policy and share it with every case manager", owner: "Service manager", dueOn: isoDate(-5, today), successMeasure: "Policy signed off and read by all staff" },
    isoTime(-60, today),
  );
  if (!overdue.ok) throw new Error(`Demo scrutiny: youth justice action failed: ${JSON.stringify(overdue)}`);
  must(await agreeAction(db, qa, overdue.id), "youth justice agree");
  const open = await createAction(
    db,
    youthLead,
    youth,
    { standardCode: second, description: "Add a safeguarding item to every team meeting agenda", owner: "Team leader", dueOn: isoDate(30, today), successMeasure: "Agendas for three months show the item" },
    isoTime(-3, today),
  );
  if (!open.ok) throw new Error(`Demo scrutiny: youth justice second action failed: ${JSON.stringify(open)}`);
}
