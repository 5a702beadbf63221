import fs from "node:fs";
import path from "node:path";
import { createAgency, type Agency } from "~/data/agencies.server";
import { createCycle, openCycle, type Selection } from "~/data/cycles.server";
import { openPractitionerSurvey } from "~/data/practitioner.server";
import type { Db } from "~/data/db.server";
import { saveReturnPage, submitReturn } from "~/data/return-edits.server";
import { seedDemo } from "~/data/seed-demo.server";
import { importTool, type ToolRecord } from "~/data/tools.server";
import { createUser } from "~/data/users.server";
import type { Role, Viewer } from "~/domain/permissions";
import type { Answers } from "~/domain/scoring";
import { listQuestions } from "~/domain/survey-json";
import { createMigratedTestDb } from "../setup/test-databases";
import type { Sector } from "~/domain/tool-schema";

/**
 * Factories for data tests: each builds real rows through the data layer (never raw inserts where a
 * data function exists), so a test exercises the same code the routes call. Names carry a counter,
 * so a file can make as many agencies and users as it likes in its one database.
 */

export const TEST_PASSWORD = "correct-horse-battery";
export const S11_FILE = path.resolve(process.cwd(), "surveys/s11/2026.1.json");

/**
 * A shipped 2026.1 tool file as the starting point of a new tool version in a test: its essential items no
 * longer offer "not applicable", as today's rules require of every new version (scoring rules v2, DESIGN §4).
 * The 2026.1 files themselves import unchanged because they were published before those rules.
 */
export function newVersionOf(file: string): Record<string, any> {
  const definition = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), file), "utf8"));
  const essentials = new Set<string>();
  for (const [key, rule] of Object.entries(definition.items as Record<string, { essential?: boolean; notApplicable?: string[] }>)) {
    if (!rule.essential || !rule.notApplicable) continue;
    essentials.add(key);
    delete rule.notApplicable;
  }
  const withoutNa = (element: Record<string, any>): void => {
    if (essentials.has(element.name) && Array.isArray(element.choices)) {
      element.choices = element.choices.filter(
        (choice: string | { value: string }) => (typeof choice === "string" ? choice : choice.value) !== "na",
      );
    }
    for (const child of element.elements ?? []) withoutNa(child);
  };
  for (const page of definition.survey.pages) withoutNa(page);
  return definition;
}

/**
 * A revised S11 (2027.1) for comparisons across tool versions: S11-2 renamed S11-2A (its items follow it),
 * S11-11 marked not comparable, and S11-12 left out of the mapping, so it counts as added (the old S11-12
 * as removed). Every other standard maps to itself.
 */
export function revisedS11(): Record<string, any> {
  const definition = newVersionOf(S11_FILE);
  definition.version = "2027.1";
  for (const standard of definition.standards) if (standard.code === "S11-2") standard.code = "S11-2A";
  for (const rule of Object.values(definition.items) as { standard: string }[]) if (rule.standard === "S11-2") rule.standard = "S11-2A";
  const mapping: Record<string, string | null> = {};
  for (const standard of definition.standards as { code: string }[]) mapping[standard.code] = standard.code;
  mapping["S11-2A"] = "S11-2";
  mapping["S11-11"] = null;
  delete mapping["S11-12"];
  definition.comparableTo = { "s11@2026.1": mapping };
  return definition;
}

let counter = 0;
const next = () => (counter += 1);
/**
 * Told apart per test file: e2e files share one server and database but each counts from 1, so names and
 * emails carry this file's own token as well (agency names and emails are unique in the database).
 */
const RUN = Math.random().toString(36).slice(2, 8);
/**
 * E2e files run one after another, seconds apart, so their start second sets their cycles' numbers apart
 * (kept short: a longer title folds an email's subject line, which some tests read whole).
 */
const CYCLE_NUMBERS = (Math.floor(Date.now() / 1000) % 100_000) * 100;

/**
 * A fresh, fully migrated database; destroy it in afterAll. In-memory SQLite, or, when DATABASE_URL names
 * PostgreSQL (npm test runs the data tests on both), a new PostgreSQL database of its own.
 */
export async function createTestDb(): Promise<Db> {
  return createMigratedTestDb();
}

/** A user of the database as the app sees them when signed in. */
export async function viewerOf(db: Db, email: string): Promise<Viewer> {
  const row = await db("users").where({ email }).first();
  if (!row) throw new Error(`No user ${email}`);
  return { id: row.id, email: row.email, name: row.name, role: row.role, agencyId: row.agency_id };
}

/** A fresh database with the demo seeded, its QA member, and the id of a demo cycle by its title. */
export async function demoDatabase(): Promise<{ db: Db; qa: Viewer; cycleIdOf: (title: string) => Promise<number> }> {
  const db = await createTestDb();
  await seedDemo(db);
  return {
    db,
    qa: await viewerOf(db, "qa@example.org"),
    cycleIdOf: async (title) => (await db("cycles").where({ title }).first()).id,
  };
}

export async function makeAgency(db: Db, overrides: { name?: string; sector?: Sector } = {}): Promise<Agency> {
  const n = next();
  return createAgency(db, null, {
    name: overrides.name ?? `Test agency ${n} ${RUN}`,
    sector: overrides.sector ?? "health",
    contactEmail: `safeguarding${n}@agency.example.org`,
  });
}

/** A user of any role, as the `Viewer` the data layer takes. Agency roles need `agencyId`. */
export async function makeUser(
  db: Db,
  role: Role,
  agencyId: number | null = null,
  overrides: { email?: string; password?: string } = {},
): Promise<Viewer> {
  const n = next();
  const user = await createUser(db, null, {
    email: overrides.email ?? `${role.replace("_", "-")}${n}-${RUN}@test.example.org`,
    name: `Test ${role} ${n}`,
    role,
    agencyId,
    password: overrides.password ?? TEST_PASSWORD,
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role, agencyId: user.agencyId };
}

/** An agency with its lead and one contributor. */
export async function makeAgencyWithPeople(
  db: Db,
  overrides: { name?: string; sector?: Sector } = {},
): Promise<{ agency: Agency; lead: Viewer; member: Viewer }> {
  const agency = await makeAgency(db, overrides);
  return { agency, lead: await makeUser(db, "agency_lead", agency.id), member: await makeUser(db, "agency_member", agency.id) };
}

/** Imports the shipped Section 11 tool (idempotent: the same definition again is accepted). */
export async function importS11(db: Db): Promise<ToolRecord> {
  const result = await importTool(db, null, JSON.parse(fs.readFileSync(S11_FILE, "utf8")));
  if (!result.ok) throw new Error(`surveys/s11/2026.1.json does not import: ${result.errors.join("; ")}`);
  return result.tool;
}

/** Creates a draft cycle of the tool; `open: true` (the default) opens it, creating the returns. */
export async function makeCycle(
  db: Db,
  tool: ToolRecord,
  selection: Selection = { all: true },
  options: { open?: boolean; dueOn?: string } = {},
): Promise<number> {
  const cycleId = await createCycle(db, null, {
    toolId: tool.id,
    // Cycle titles are unique: e2e files share one database, so each file numbers from its own start.
    title: `Section 11 audit ${CYCLE_NUMBERS + next()}`,
    opensOn: "2026-01-05",
    dueOn: options.dueOn ?? "2099-03-31",
    finalDeadlineOn: null,
    selection,
  });
  if (options.open ?? true) {
    const opened = await openCycle(db, null, cycleId);
    if (!opened.ok) throw new Error(opened.message);
  }
  return cycleId;
}

export async function returnIdOf(db: Db, cycleId: number, agencyId: number): Promise<number> {
  const row = await db("returns").where({ cycle_id: cycleId, agency_id: agencyId }).first("id");
  if (!row) throw new Error(`Agency ${agencyId} has no return in cycle ${cycleId}`);
  return row.id as number;
}

export function pageNames(tool: ToolRecord): string[] {
  return tool.definition.survey.pages.map((page) => page.name);
}

/**
 * Answers for the tool's questions on the given pages (all pages by default), built from the tool's
 * own items: every scored item gets `choice` (a points key, e.g. "mostly"), every text question a
 * sentence, every self rating the band `selfRating`. Conditional N/A reasons stay unanswered because
 * no item is answered "na", so they are hidden.
 */
export function answersFor(tool: ToolRecord, options: { pages?: string[]; choice?: string; selfRating?: string } = {}): Answers {
  const pages = new Set(options.pages ?? pageNames(tool));
  const choice = options.choice ?? "mostly";
  const selfRatings = new Set(tool.definition.standards.map((standard) => standard.selfRating).filter(Boolean));
  const answers: Answers = {};
  for (const question of listQuestions(tool.definition.survey)) {
    if (!pages.has(question.pageName)) continue;
    const rule = tool.definition.items[question.name];
    if (rule?.points) {
      if (!(choice in rule.points)) throw new Error(`${question.name} has no "${choice}" answer`);
      answers[question.name] = choice;
    } else if (selfRatings.has(question.name)) {
      answers[question.name] = options.selfRating ?? "fully";
    } else if (question.type === "comment" && question.element.visibleIf === undefined) {
      answers[question.name] = `Evidence for ${question.name}: policy reviewed 2026.`;
    }
  }
  return answers;
}

/** Answers a return page by page through `saveReturnPage`, as an agency user would; returns what was sent. */
export async function answerReturn(
  db: Db,
  viewer: Viewer,
  tool: ToolRecord,
  returnId: number,
  options: { pages?: string[]; choice?: string; selfRating?: string } = {},
): Promise<Answers> {
  const answers = answersFor(tool, options);
  const pageOf = new Map(listQuestions(tool.definition.survey).map((question) => [question.name, question.pageName]));
  for (const page of options.pages ?? pageNames(tool)) {
    const onPage = Object.fromEntries(Object.entries(answers).filter(([name]) => pageOf.get(name) === page));
    const saved = await saveReturnPage(db, viewer, returnId, page, onPage);
    if (!saved.ok) throw new Error(`Saving page ${page} failed: ${saved.message}`);
  }
  return answers;
}

export const SIGNOFF = { name: "Jo Bloggs", role: "Designated safeguarding lead", date: "2026-02-14" };

/** Answers every page and submits with the lead's sign-off. */
export async function submitFullReturn(
  db: Db,
  lead: Viewer,
  tool: ToolRecord,
  returnId: number,
  options: { choice?: string; selfRating?: string } = {},
): Promise<Answers> {
  const answers = await answerReturn(db, lead, tool, returnId, options);
  const result = await submitReturn(db, lead, returnId, SIGNOFF);
  if (!result.ok)
    throw new Error(`Submitting failed: ${"message" in result ? result.message : result.errors.map((error) => error.message).join("; ")}`);
  return answers;
}

/** The page of `importTypedAnswersTool` holding every typed answer: date, email, telephone, numbers, long text, a grid. */
export const TYPED_PAGE = "TA-1";

/**
 * A small custom tool whose one page has a question of every typed kind the renderer handles (GOV.UK
 * date input, email, telephone, whole and percentage numbers with the tool's validators, long text
 * with a character count, a grid needing every row, and a "Not applicable" with its reason), as the
 * bad-input sweep and the answering journey need. Published, so a cycle can use it.
 */
export async function importTypedAnswersTool(db: Db): Promise<ToolRecord> {
  const code = `typed-answers-${RUN}-${next()}`;
  const definition = {
    code,
    version: "1.0",
    title: "Typed answers (test tool)",
    kind: "custom",
    description: "A page of every typed kind of answer.",
    bands: [
      { code: "good", label: "Good", min: 75, colour: "#00703c" },
      { code: "poor", label: "Poor", min: 0, colour: "#d4351c" },
    ],
    dimensions: [{ code: "all", title: "All" }],
    standards: [{ code: TYPED_PAGE, title: "School data", dimension: "all" }],
    items: { ta_policy: { standard: TYPED_PAGE, points: { yes: 1, no: 0 }, notApplicable: ["na"] } },
    survey: {
      pages: [
        {
          name: TYPED_PAGE,
          title: "School data",
          elements: [
            {
              type: "radiogroup",
              name: "ta_policy",
              title: "Does the school publish its safeguarding policy?",
              choices: [
                { value: "yes", text: "Yes" },
                { value: "no", text: "No" },
                { value: "na", text: "Not applicable" },
              ],
            },
            { type: "comment", name: "ta_policy_na", title: "Why does this not apply?", visibleIf: "{ta_policy} = 'na'", isRequired: true },
            { type: "text", name: "ta_reviewed", title: "When was the policy last reviewed?", inputType: "date" },
            { type: "text", name: "ta_email", title: "Designated safeguarding lead's email address", inputType: "email" },
            { type: "text", name: "ta_phone", title: "Designated safeguarding lead's telephone number", inputType: "tel" },
            {
              type: "text",
              name: "ta_roll",
              title: "How many pupils are on roll?",
              inputType: "number",
              validators: [
                { type: "numeric", minValue: 0, text: "Enter a whole number, 0 or more" },
                { type: "regex", regex: "^\\d+$", text: "Enter a whole number, 0 or more" },
              ],
            },
            {
              type: "text",
              name: "ta_trained",
              title: "What percentage of staff have in-date safeguarding training?",
              inputType: "number",
              validators: [{ type: "numeric", minValue: 0, maxValue: 100, text: "Enter a percentage from 0 to 100" }],
            },
            { type: "comment", name: "ta_notes", title: "Anything that helps us understand these figures" },
            {
              type: "matrix",
              name: "ta_files",
              title: "File audit: was each record complete?",
              isAllRowRequired: true,
              columns: [
                { value: "yes", text: "Yes" },
                { value: "no", text: "No" },
              ],
              rows: Array.from({ length: 10 }, (_, index) => ({ value: `r${index + 1}`, text: `Record ${index + 1}` })),
            },
          ],
        },
        // A second page, so the first offers "Save and come back later".
        { name: "TA-2", title: "About the school", elements: [{ type: "text", name: "ta_head", title: "Headteacher's name" }] },
      ],
    },
  };
  const result = await importTool(db, null, definition);
  if (!result.ok) throw new Error(`The typed-answers tool does not import: ${result.errors.join("; ")}`);
  return result.tool;
}

/**
 * A practitioner survey's setting: the shipped survey imported, a QA member, two agencies (North, police; South,
 * health) and a Section 11 cycle of both. `open()` opens the survey on the cycle for every date from 2026 on.
 */
export async function practitionerFixture(db: Db): Promise<{
  tool: ToolRecord;
  qaId: number;
  cycleId: number;
  open(): Promise<{ surveyId: number; tokens: string[] }>;
}> {
  const s11 = await importS11(db);
  const imported = await importTool(db, null, JSON.parse(fs.readFileSync("surveys/practitioner-s11/2026.1.json", "utf8")));
  if (!imported.ok) throw new Error("surveys/practitioner-s11/2026.1.json did not import");
  const qaId = (await makeUser(db, "qa")).id;
  await makeAgencyWithPeople(db, { name: "North agency", sector: "police" });
  await makeAgencyWithPeople(db, { name: "South agency", sector: "health" });
  const cycleId = await makeCycle(db, s11);
  return {
    tool: imported.tool,
    qaId,
    cycleId,
    async open() {
      const opened = await openPractitionerSurvey(db, qaId, {
        cycleId,
        toolId: imported.tool.id,
        opensOn: "2026-01-01",
        closesOn: "2099-12-31",
      });
      if (!opened.ok) throw new Error(opened.message);
      return { surveyId: opened.id, tokens: opened.links.map((link) => link.token) };
    },
  };
}
