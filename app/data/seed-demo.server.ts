import fs from "node:fs";
import path from "node:path";
import type { Sector } from "~/domain/tool-schema";
import { listQuestions, choiceValuesOf } from "~/domain/survey-json";
import { scoreAnswers } from "~/domain/score-answers";
import { scoreReturn, type Answers } from "~/domain/scoring";
import { visibleQuestions } from "~/domain/survey-engine";
import { createAgency } from "./agencies.server";
import { closeCycle, createCycle, openCycle } from "./cycles.server";
import { nowIso, type Db } from "./db.server";
import { importTool, type ToolRecord } from "./tools.server";
import { createUser } from "./users.server";
import { rescoreCycle, storeScore } from "./return-edits.server";
import { recordAudit } from "./audit.server";
import { seedDemoPractitioner } from "./seed-demo-practitioner.server";
import { seedDemoScorecard } from "./seed-demo-scorecard.server";
import { seedDemoScrutiny } from "./seed-demo-scrutiny.server";
import { seedDemoCaseAudit } from "./seed-demo-case-audit.server";

/**
 * The demo partnership (DESIGN §9): a dozen agencies across sectors, one user per role, every
 * shipped tool, a closed Section 11 cycle from a year ago (the baseline), an open Section 11
 * cycle with returns in every state, so each role has something to do on the first visit and the
 * comparison report has two cycles to compare, and open schools, voluntary sector and supervision
 * cycles with every return not started. Deterministic: the same seed gives the same answers
 * every time.
 */

export const DEMO_PASSWORD = "demo-password";
export const PARTNERSHIP_NAME_DEFAULT = "Northshire Safeguarding Children Partnership";

export const DEMO_AGENCIES: { name: string; slug: string; sector: Sector }[] = [
  { name: "Northshire County Council", slug: "council", sector: "local_authority" },
  { name: "Northshire Police", slug: "police", sector: "police" },
  { name: "Northshire Hospitals NHS Foundation Trust", slug: "hospitals", sector: "health" },
  { name: "Northshire Community Health NHS Trust", slug: "community-health", sector: "health" },
  { name: "Probation Service, Northshire region", slug: "probation", sector: "probation" },
  { name: "Northshire Youth Justice Service", slug: "youth-justice", sector: "youth_justice" },
  { name: "Northshire Homes", slug: "housing", sector: "housing" },
  { name: "Riverside Primary School", slug: "riverside-primary", sector: "education" },
  { name: "Hilltop Academy", slug: "hilltop-academy", sector: "education" },
  { name: "Northshire Youth Clubs", slug: "youth-clubs", sector: "voluntary" },
  { name: "Family Support Northshire", slug: "family-support", sector: "voluntary" },
  { name: "St Mark's Church", slug: "st-marks", sector: "faith" },
];

/** Which demo returns are already submitted, and how strong each agency's answers are (0–1). */
const SUBMITTED: Record<string, number> = { council: 0.8, police: 0.65, hospitals: 0.9, probation: 0.5, "youth-justice": 0.35, "family-support": 0.6 };
const IN_PROGRESS = new Set(["community-health", "housing", "riverside-primary"]);

/**
 * The closed 2025 cycle: nine agencies submitted, generally a little weaker than in 2026 (youth
 * justice a little stronger), so the comparison shows improvement with some declines. Family
 * Support, Youth Clubs and Riverside Primary never submitted; four agencies submitted in 2025 but
 * not (yet) in 2026; so both "one cycle only" lists have someone in them.
 */
const SUBMITTED_2025: Record<string, number> = {
  council: 0.7,
  police: 0.5,
  hospitals: 0.85,
  probation: 0.4,
  "youth-justice": 0.42,
  "community-health": 0.55,
  housing: 0.45,
  "hilltop-academy": 0.6,
  "st-marks": 0.3,
};

/** A small deterministic generator (mulberry32), so demo data is the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plausible answers for an S11-style tool: stronger agencies answer higher; evidence and N/A reasons filled. */
export function demoAnswers(tool: ToolRecord, strength: number, seed: number, fraction = 1, year = 2026): Answers {
  const next = random(seed);
  const answers: Answers = {};
  const questions = listQuestions(tool.definition.survey);
  const pages = tool.definition.survey.pages.map((page) => page.name);
  const lastPage = Math.ceil(pages.length * fraction);
  const onPages = new Set(pages.slice(0, lastPage));
  for (const question of questions) {
    if (!onPages.has(question.pageName)) continue;
    const rule = tool.definition.items[question.name];
    if (rule?.points) {
      const ranked = Object.entries(rule.points).sort((a, b) => b[1] - a[1]).map(([value]) => value);
      if (rule.notApplicable?.length && next() < 0.04) answers[question.name] = rule.notApplicable[0];
      else {
        const roll = next() * 0.6 + strength * 0.7 - 0.15;
        answers[question.name] = ranked[Math.max(0, Math.min(ranked.length - 1, Math.floor((1 - roll) * ranked.length)))];
      }
    }
  }
  const selfRatings = new Set(tool.definition.standards.map((standard) => standard.selfRating));
  for (const question of questions) {
    if (!onPages.has(question.pageName) || question.name in answers) continue;
    // A required choice that is not scored ("Does your agency commission services?") gates the questions
    // after it: answer it "yes" (or its first choice), so what it governs is asked and answered too.
    const choices = question.element.isRequired && !selfRatings.has(question.name) ? choiceValuesOf(question.element) : null;
    if (choices?.length) answers[question.name] = choices.includes("yes") ? "yes" : choices[0];
    else if (question.name.endsWith("_na")) answers[question.name] = "This service is not commissioned by our agency.";
    else if (question.name.endsWith("_evidence")) answers[question.name] = `Safeguarding policy (reviewed March ${year}); training dashboard; internal audit report to the board, June ${year}.`;
  }
  const visible = visibleQuestions(tool.definition.survey, answers);
  for (const name of Object.keys(answers)) if (!visible.has(name)) delete answers[name];
  // Self ratings lean optimistic, as self-assessments tend to (DOMAIN.md, "Lessons").
  const score = scoreAnswers(tool.definition, answers);
  for (const standard of tool.definition.standards) {
    if (!standard.selfRating || !onPages.has(questions.find((q) => q.name === standard.selfRating)?.pageName ?? "")) continue;
    const computed = score.standards.find((entry) => entry.code === standard.code)?.band;
    const bands = tool.definition.bands.map((band) => band.code);
    const choices = choiceValuesOf(questions.find((q) => q.name === standard.selfRating)!.element) ?? bands;
    const index = computed ? Math.max(0, bands.indexOf(computed) - (next() < 0.5 ? 1 : 0)) : 0;
    if (choices.includes(bands[index])) answers[standard.selfRating] = bands[index];
  }
  return answers;
}

export function shippedToolFiles(root = process.cwd()): string[] {
  const dir = path.resolve(root, "surveys");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => path.join(dir, file));
}

function isoDate(daysFromToday: number, today = new Date()): string {
  return new Date(today.getTime() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

/** A timestamp in the past, for demo events that happened before the seed ran (mid-morning, UTC). */
function isoTime(daysFromToday: number): string {
  return `${isoDate(daysFromToday)}T10:00:00.000Z`;
}

/** Seeds the demo partnership into an empty database. Returns false (and does nothing) if there are users. */
export async function seedDemo(db: Db, log: (line: string) => void = () => {}): Promise<boolean> {
  const existing = await db("users").count({ n: "*" }).first();
  if (Number(existing?.n ?? 0) > 0) return false;
  // All or nothing: a half-seeded database would have users, so it would never be seeded again.
  const seeded = await db.transaction((trx) => seedInto(trx));
  log(`Seeded the demo partnership: ${DEMO_AGENCIES.length} agencies, ${seeded.tools} tools, a closed Section 11 cycle (2025, the baseline), an open one (2026), open schools, voluntary sector and supervision cycles, and a case audit of three cases.`);
  return true;
}

async function seedInto(db: Db): Promise<{ tools: number }> {

  const tools: ToolRecord[] = [];
  for (const file of shippedToolFiles()) {
    const result = await importTool(db, null, JSON.parse(fs.readFileSync(file, "utf8")));
    if (!result.ok) throw new Error(`${path.relative(process.cwd(), file)} does not validate: ${result.errors.join("; ")}`);
    tools.push(result.tool);
  }
  // The 2026 cycles run on each tool's latest version; the 2025 baseline ran on s11 2026.1, so the comparison
  // maps standards across versions (comparableTo) and shows what cannot be compared.
  const s11 = latestVersion(tools, "s11");
  const s11Of2025 = tools.find((tool) => tool.code === "s11" && tool.version === "2026.1");
  if (!s11Of2025) throw new Error("surveys/s11/2026.1.json is missing: the demo's 2025 baseline ran on it");

  const admin = await createUser(db, null, { email: "admin@example.org", name: "Ayesha Khan (business office)", role: "admin", agencyId: null, password: DEMO_PASSWORD });
  await createUser(db, admin.id, { email: "qa@example.org", name: "Dr Tom Reilly (QA subgroup chair)", role: "qa", agencyId: null, password: DEMO_PASSWORD });
  await createUser(db, admin.id, { email: "board@example.org", name: "Margaret Osei (board member)", role: "board", agencyId: null, password: DEMO_PASSWORD });

  const agencyIds = new Map<string, number>();
  for (const demo of DEMO_AGENCIES) {
    const agency = await createAgency(db, admin.id, { name: demo.name, sector: demo.sector, contactEmail: `safeguarding@${demo.slug}.example.org` }, demo.slug);
    agencyIds.set(demo.slug, agency.id);
    await createUser(db, admin.id, { email: `lead@${demo.slug}.example.org`, name: `Safeguarding lead, ${demo.name}`, role: "agency_lead", agencyId: agency.id, password: DEMO_PASSWORD });
  }
  await createUser(db, admin.id, { email: "member@police.example.org", name: "Sam Patel (Northshire Police)", role: "agency_member", agencyId: agencyIds.get("police")!, password: DEMO_PASSWORD });
  const slugOf = new Map([...agencyIds].map(([slug, id]) => [id, slug]));

  await seedClosedBaseline(db, admin.id, s11Of2025, slugOf);

  const cycleId = await createCycle(db, admin.id, {
    toolId: s11.id,
    title: "Section 11 audit 2026",
    opensOn: isoDate(-30),
    dueOn: isoDate(30),
    finalDeadlineOn: isoDate(45),
    selection: { all: true },
  });
  await openCycle(db, admin.id, cycleId);
  await seedOtherOpenCycles(db, admin.id, tools, agencyIds);

  const returns = await db("returns").where({ cycle_id: cycleId }).select("id", "agency_id");
  for (const [index, row] of returns.entries()) {
    const slug = slugOf.get(row.agency_id)!;
    const now = nowIso();
    if (slug in SUBMITTED) {
      const answers = demoAnswers(s11, SUBMITTED[slug], 1000 + index);
      const lead = await db("users").where({ email: `lead@${slug}.example.org` }).first();
      await db.transaction(async (trx) => {
        await trx("returns").where({ id: row.id }).update({
          answers: JSON.stringify(answers), status: "submitted", revision: 1, started_at: now, updated_at: now, updated_by: lead.id,
          submitted_at: now, submitted_by: lead.id, signoff_name: lead.name, signoff_role: "Designated safeguarding lead", signoff_date: now.slice(0, 10),
        });
        const score = scoreAnswers(s11.definition, answers);
        await storeScore(trx, row.id, score);
        await recordAudit(trx, { userId: lead.id, action: "return.submit", entityType: "return", entityId: row.id, summary: { demo: true, overallPercent: score.overall.percent, overallBand: score.overall.band } });
      });
    } else if (IN_PROGRESS.has(slug)) {
      const answers = demoAnswers(s11, 0.6, 2000 + index, 0.4);
      await db("returns").where({ id: row.id }).update({ answers: JSON.stringify(answers), status: "in_progress", revision: 1, started_at: now, updated_at: now });
    }
  }
  await seedDemoScrutiny(db);
  await seedDemoPractitioner(db, cycleId);
  await seedDemoScorecard(db, admin.id, agencyIds);
  await seedDemoCaseAudit(db);
  return { tools: tools.length };
}

/**
 * The other three journeys of the issue, each with its own open cycle and every return not started:
 * schools complete the s175/s157 tool, voluntary and faith groups the voluntary-sector Section 11
 * tool, and the statutory agencies the supervision audit (its case records as matrices).
 */
export const DEMO_OPEN_CYCLES: { title: string; code: string; agencies: string[] }[] = [
  { title: "Schools safeguarding audit 2026", code: "s175", agencies: ["riverside-primary", "hilltop-academy"] },
  { title: "Voluntary sector Section 11 self-assessment 2026", code: "s11-vcs", agencies: ["youth-clubs", "family-support", "st-marks"] },
  { title: "Supervision audit 2026", code: "supervision", agencies: ["council", "police", "hospitals", "community-health", "probation", "youth-justice"] },
];

/** The newest version of a shipped tool (versions are dotted years, "2026.2" after "2026.1"). */
function latestVersion(tools: ToolRecord[], code: string): ToolRecord {
  const versions = tools.filter((tool) => tool.code === code).sort((a, b) => b.version.localeCompare(a.version, "en", { numeric: true }));
  if (versions.length === 0) throw new Error(`surveys/${code} is missing: the demo needs it`);
  return versions[0];
}

async function seedOtherOpenCycles(db: Db, adminId: number, tools: ToolRecord[], agencyIds: Map<string, number>): Promise<void> {
  for (const [index, demo] of DEMO_OPEN_CYCLES.entries()) {
    const tool = latestVersion(tools, demo.code);
    const id = await createCycle(db, adminId, {
      toolId: tool.id,
      title: demo.title,
      opensOn: isoDate(-20 + index),
      dueOn: isoDate(60 + 15 * index),
      finalDeadlineOn: null,
      selection: { agencyIds: demo.agencies.map((slug) => agencyIds.get(slug)!) },
    });
    await openCycle(db, adminId, id);
  }
}

/**
 * "Section 11 audit 2025": opened, answered and closed about a year before the demo's today, and
 * marked as the baseline. Returns are stored as submitted and scored, as `returns:import` would
 * store a past year; the unsubmitted ones stay not started (missing once the cycle closed). They were
 * scored under scoring rules version 1 at the time, then re-scored under today's rules, so each shows
 * both; Northshire Housing answered its safeguarding policy "not applicable", which v1 left out and v2
 * counts as an essential requirement not met.
 */
async function seedClosedBaseline(db: Db, adminId: number, s11: ToolRecord, slugOf: Map<number, string>): Promise<void> {
  const cycleId = await createCycle(db, adminId, {
    toolId: s11.id,
    title: "Section 11 audit 2025",
    opensOn: isoDate(-395),
    dueOn: isoDate(-335),
    finalDeadlineOn: isoDate(-320),
    selection: { all: true },
  });
  await openCycle(db, adminId, cycleId);
  const returns = await db("returns").where({ cycle_id: cycleId }).orderBy("id").select("id", "agency_id");
  for (const [index, row] of returns.entries()) {
    const slug = slugOf.get(row.agency_id)!;
    if (!(slug in SUBMITTED_2025)) continue;
    const answers = demoAnswers(s11, SUBMITTED_2025[slug], 3000 + index, 1, 2025);
    if (slug === "housing") Object.assign(answers, { s11_3_q1: "na", s11_3_q1_na: "We use the council's safeguarding policy." });
    const lead = await db("users").where({ email: `lead@${slug}.example.org` }).first();
    const submittedAt = isoTime(-360 + index);
    await db("returns").where({ id: row.id }).update({
      answers: JSON.stringify(answers), status: "submitted", revision: 1, started_at: isoTime(-390 + index), updated_at: submittedAt, updated_by: lead.id,
      submitted_at: submittedAt, submitted_by: lead.id, signoff_name: lead.name, signoff_role: "Designated safeguarding lead", signoff_date: submittedAt.slice(0, 10),
    });
    const score = scoreReturn(s11.definition, answers, visibleQuestions(s11.definition.survey, answers), "1");
    await storeScore(db, row.id, score);
    await recordAudit(db, { userId: lead.id, action: "return.submit", entityType: "return", entityId: row.id, summary: { demo: true, overallPercent: score.overall.percent, overallBand: score.overall.band } });
  }
  await rescoreCycle(db, adminId, cycleId);
  const closed = await closeCycle(db, adminId, cycleId);
  if (!closed.ok) throw new Error(`Closing the demo 2025 cycle failed: ${closed.message}`);
  // Back-dated to when it happened in the demo's story; no data function marks a baseline yet.
  await db("cycles").where({ id: cycleId }).update({ is_baseline: true, opened_at: isoTime(-395), closed_at: isoTime(-320) });
  // Its "cycle opened" messages went out and were read a year ago: today's inbox must not ask anyone to complete
  // a cycle that closed long since.
  const links = returns.map((row) => `/returns/${row.id}`);
  await db("notifications").whereIn("link", links).update({ created_at: isoTime(-395), read_at: isoTime(-394) });
  await db("outbox")
    .whereIn("notification_id", db("notifications").whereIn("link", links).select("id"))
    .update({ state: "sent", attempts: 1, sent_at: isoTime(-395), created_at: isoTime(-395), next_attempt_at: isoTime(-395) });
}

export const DEMO_LOGINS = [
  "admin@example.org (partnership administrator)",
  "qa@example.org (QA subgroup)",
  "qa2@example.org (QA subgroup member, on the case audit panel)",
  "board@example.org (board member)",
  ...DEMO_AGENCIES.map((agency) => `lead@${agency.slug}.example.org (agency lead, ${agency.name})`),
  "member@police.example.org (agency contributor, Northshire Police)",
];
