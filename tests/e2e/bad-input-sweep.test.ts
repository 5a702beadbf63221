import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAction } from "~/data/actions.server";
import { issuePasswordReset } from "~/data/password-resets.server";
import { createApiToken, revokeApiToken } from "~/data/api-tokens.server";
import type { Db } from "~/data/db.server";
import { addEvidence } from "~/data/evidence.server";
import { inviteMember } from "~/data/invitations.server";
import { raiseChallenge } from "~/data/moderation.server";
import { createPanel } from "~/data/panels.server";
import { openPractitionerSurvey } from "~/data/practitioner.server";
import { saveIndicator, saveObservation } from "~/data/scorecard.server";
import { IndicatorInputSchema, ObservationInputSchema } from "~/domain/scorecard";
import { makeCaseAuditFixtures } from "../support/case-audit-fixture";
import { importTool } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { newWorkbook } from "../../reports/excel";
import { baseUrl } from "../support/browser";
import { serverDb } from "../support/db";
import { ROUTES_DIR, routeModules } from "../support/routes";
import {
  TEST_PASSWORD,
  importS11,
  importTypedAnswersTool,
  makeAgencyWithPeople,
  makeCycle,
  makeUser,
  pageNames,
  returnIdOf,
  submitFullReturn,
} from "../support/factories";
import { signInOver } from "../support/server";
import { xlsxBomb } from "../support/zip-bomb";
import { differences, snapshot, tableNames } from "../support/snapshot";
import { SWEEP, type BadCase, type Body, type SideIds, type SweepEntry, type SweepFixtures, type Who } from "./bad-input-sweep.table";

/*
 * The bad-input sweep over real HTTP: every form (every route file with an `action`) and every
 * /api/v1 address is sent bad input, and each must answer a 4xx (never a 5xx) with a specific message
 * and write nothing: every table's row count, and the content of the tables the route writes plus
 * audit_log, are the same before and after. The route list is read from app/routes, so a new form
 * without an entry in bad-input-sweep.table.ts (or a new API address without a case below) fails here.
 */

let db: Db;
let fixtures: SweepFixtures;
let placeholders: Record<string, string>;
/**
 * Files made for the cases, named by placeholder: OTHER_WORKBOOK, an .xlsx workbook that is not a return's;
 * ZIP_BOMB, an .xlsx of a few hundred KB whose sheet inflates to 450 MB, its ZIP directory saying 2 KB.
 */
const files: Record<string, Uint8Array> = {};
const emails: Partial<Record<Who, string>> = {};
const cookies = new Map<Who, string>();
let token: string;
let revokedToken: string;
let writeToken: string;

/** Route files that export an action, read from their source. */
function actionRouteFiles(): string[] {
  return routeModules()
    .filter((name) =>
      /export\s+(async\s+function\s+action\b|const\s+action\b|\{[^}]*\baction\b[^}]*\})/.test(
        fs.readFileSync(path.join(ROUTES_DIR, name), "utf8"),
      ),
    )
    .sort();
}

async function cookieFor(who: Who): Promise<string | null> {
  if (who === "anonymous") return null;
  if (!cookies.has(who))
    cookies.set(who, await signInOver(baseUrl(), emails[who]!, who.startsWith("agency_") ? TEST_PASSWORD : "demo-password"));
  return cookies.get(who)!;
}

// ---- Requests ----------------------------------------------------------------------------------------

const fill = (value: string) => placeholders[value] ?? value;

function requestBody(body: Body): { body: BodyInit; contentType?: string } {
  if (body.kind === "raw") return { body: body.text, contentType: body.contentType };
  if (body.kind === "form") {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(body.fields)) for (const item of [value].flat()) params.append(name, fill(item));
    return { body: params, contentType: "application/x-www-form-urlencoded" };
  }
  const data = new FormData();
  for (const [name, value] of Object.entries(body.fields)) {
    if (typeof value === "string") data.append(name, fill(value));
    else
      data.append(
        name,
        new Blob(
          [
            typeof value.file === "string"
              ? files[value.file]
                ? new Uint8Array(files[value.file])
                : value.file
              : new Uint8Array(value.file),
          ],
          { type: value.type ?? "application/octet-stream" },
        ),
        value.filename,
      );
  }
  return { body: data };
}

function decode(html: string): string {
  return html
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** What a person reads of a refusal: the error summary, the error page's text, or the JSON error. */
function shown(text: string): string {
  try {
    const json = JSON.parse(text) as { error?: { message?: string }; publishError?: string };
    if (json.error?.message) return json.error.message;
  } catch {
    // HTML
  }
  const summary =
    /<div class="govuk-error-summary[\s\S]*?<\/div>\s*<\/div>/.exec(text)?.[0] ?? /<main[\s\S]*?<\/main>/.exec(text)?.[0] ?? text;
  return decode(
    summary
      .replace(/<script[\s\S]*?<\/script>/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  ).slice(0, 400);
}

async function send(entry: SweepEntry, item: BadCase) {
  const url = (item.path ?? entry.path)(fixtures);
  const cookie = await cookieFor(entry.as);
  const { body, contentType } = requestBody(item.body);
  const response = await fetch(`${baseUrl()}${url}`, {
    method: "POST",
    headers: { ...(cookie ? { Cookie: cookie } : {}), ...(contentType ? { "Content-Type": contentType } : {}) },
    body,
    redirect: "manual",
  });
  return { url, status: response.status, text: decode(await response.text()) };
}

// ---- Fixtures ----------------------------------------------------------------------------------------

beforeAll(async () => {
  db = serverDb();
  const tool = await importS11(db);
  const a = await makeAgencyWithPeople(db, { name: `Bad-input sweep agency A ${Date.now()}` });
  const b = await makeAgencyWithPeople(db, { name: `Bad-input sweep agency B ${Date.now()}` });
  const qa = await makeUser(db, "qa");
  const done = await makeCycle(db, tool, { agencyIds: [a.agency.id, b.agency.id] });
  const open = await makeCycle(db, tool, { agencyIds: [a.agency.id, b.agency.id] });
  const standardCode = tool.definition.standards[0].code;
  const ids = async (side: typeof a): Promise<SideIds> => {
    const doneReturnId = await returnIdOf(db, done, side.agency.id);
    await submitFullReturn(db, side.lead, tool, doneReturnId);
    const action = await createAction(db, side.lead, doneReturnId, {
      standardCode,
      description: "Refresh training",
      owner: "Training lead",
      dueOn: "2099-01-31",
      successMeasure: "All staff trained",
    });
    if (!action.ok) throw new Error(`Writing the fixture action failed: ${JSON.stringify(action)}`);
    const challenge = await raiseChallenge(db, qa, doneReturnId, { standardCode, question: "Which policy covers this?" });
    if (!challenge.ok) throw new Error(`Raising the fixture challenge failed: ${challenge.message}`);
    const challengeRow = await db("challenges").where({ return_id: doneReturnId }).orderBy("id", "desc").first("id");
    const openReturnId = await returnIdOf(db, open, side.agency.id);
    const bytes = new Uint8Array(Buffer.from("%PDF-1.7\nBad-input sweep evidence\n%%EOF\n"));
    const evidence = await addEvidence(
      db,
      side.lead,
      openReturnId,
      { standardCode: null, questionName: null },
      { kind: "file", name: "policy.pdf", size: bytes.length, bytes },
    );
    if (!evidence.ok) throw new Error(`Adding the fixture evidence failed: ${evidence.message}`);
    const adminRow = await db("users").where({ email: "admin@example.org" }).first();
    const indicator = await saveIndicator(
      db,
      { id: adminRow.id, email: adminRow.email, name: adminRow.name, role: "admin", agencyId: null },
      IndicatorInputSchema.parse({
        code: `SWEEP-${side.agency.id}`,
        title: "Sweep indicator",
        definition: "Counted for the sweep",
        unit: "percent",
        polarity: "higher",
        target: "90",
        greenTolerance: "0",
        amberTolerance: "5",
        frequency: "quarterly",
        quadrant: "how_well",
        theme: "workforce",
        owner: String(side.agency.id),
        linkedStandards: "",
      }),
      null,
    );
    if (!indicator.ok) throw new Error(`Defining the fixture indicator failed: ${JSON.stringify(indicator)}`);
    const figure = await saveObservation(
      db,
      side.lead,
      indicator.id,
      ObservationInputSchema.parse({ period: "2025-Q4", value: "88", numerator: "", denominator: "", provisional: "", commentary: "" }),
    );
    if (!figure.ok) throw new Error(`Entering the fixture figure failed: ${JSON.stringify(figure)}`);
    return {
      agencyId: side.agency.id,
      doneReturnId,
      openReturnId,
      actionId: action.id,
      evidenceId: evidence.id,
      challengeId: challengeRow.id,
      leadId: side.lead.id,
      memberId: side.member.id,
      indicatorId: indicator.id,
    };
  };
  const own = await ids(a);
  const other = await ids(b);
  // The other agency's open return is submitted (still another agency's: 404 to ours), so that no
  // cycle of this file is one without a scored return, which the trend report shows as a gap.
  await submitFullReturn(db, b.lead, tool, other.openReturnId);
  const panel = await createPanel(db, qa, done, {
    heldOn: "2099-03-01",
    startsAt: "14:00",
    location: "Room 1",
    agencyIds: [a.agency.id, b.agency.id],
  });
  if (!panel.ok) throw new Error(`Scheduling the fixture panel failed: ${JSON.stringify(panel)}`);
  const invitation = await inviteMember(db, a.lead, { name: "Sweep Invitee", email: `sweep-invitee-${Date.now()}@test.example.org` });
  if (!invitation.ok) throw new Error(`Inviting the fixture person failed: ${invitation.message}`);
  const adminForReset = await db("users").where({ email: "admin@example.org" }).first();
  const reset = await issuePasswordReset(
    db,
    { id: adminForReset.id, email: adminForReset.email, name: adminForReset.name, role: "admin", agencyId: null },
    a.member.id,
  );
  if (!reset.ok) throw new Error(`Issuing the fixture reset link failed: ${reset.message}`);
  const workbook = await newWorkbook();
  workbook.addWorksheet("Budget").addRow(["Item", "Cost"]);
  files.OTHER_WORKBOOK = new Uint8Array(await workbook.xlsx.writeBuffer());
  files.ZIP_BOMB = new Uint8Array(await xlsxBomb({ megabytes: 450, declaredSize: 2_000 }));
  const adminRow = await db("users").where({ email: "admin@example.org" }).first();
  const admin: Viewer = { id: adminRow.id, email: adminRow.email, name: adminRow.name, role: "admin", agencyId: null };
  const created = await createApiToken(db, admin, `Bad-input sweep ${Date.now()}`);
  const revoked = await createApiToken(db, admin, `Bad-input sweep revoked ${Date.now()}`);
  if (!created.ok || !revoked.ok) throw new Error("Creating the fixture API tokens failed");
  await revokeApiToken(db, admin, revoked.id);
  token = created.token;
  const writer = await createApiToken(db, admin, `Bad-input sweep writer ${Date.now()}`, "write");
  if (!writer.ok) throw new Error("Creating the fixture write token failed");
  writeToken = writer.token;
  revokedToken = revoked.token;
  // A practitioner survey running on the done cycle; the open cycle has none, for the opening form's cases.
  const practitioner = await importTool(
    db,
    null,
    JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../surveys/practitioner-s11/2026.1.json"), "utf8")),
  );
  if (!practitioner.ok) throw new Error(`Importing the practitioner survey failed: ${practitioner.errors.join("; ")}`);
  const survey = await openPractitionerSurvey(db, qa.id, {
    cycleId: done,
    toolId: practitioner.tool.id,
    opensOn: "2020-01-01",
    closesOn: "2099-12-31",
  });
  if (!survey.ok) throw new Error(`Opening the fixture survey failed: ${survey.message}`);
  const surveyToken = survey.links.find((link) => link.agencyName === a.agency.name)!.token;
  // A return of the typed-answers tool for the own agency: date, email, telephone and number questions.
  const typedTool = await importTypedAnswersTool(db);
  const typedCycle = await makeCycle(db, typedTool, { agencyIds: [a.agency.id] });
  const typedReturnId = await returnIdOf(db, typedCycle, a.agency.id);
  const qa2 = await makeUser(db, "qa");
  const caseAudits = await makeCaseAuditFixtures(db, qa, qa2, a.agency.id, b.agency.id);
  const caseTool = await db("tools").where({ code: "case-audit", version: "2026.1" }).first();
  fixtures = {
    caseAudits,
    typedReturnId,
    own,
    other,
    doneCycleId: done,
    openCycleId: open,
    toolId: tool.id,
    panelId: panel.id,
    revokedTokenId: revoked.id,
    inviteToken: invitation.token,
    resetToken: reset.token,
    firstPageName: pageNames(tool)[0],
    firstStandardCode: standardCode,
    surveyId: survey.id,
    surveyToken,
  };
  placeholders = {
    PRACTITIONER_TOOL: String(practitioner.tool.id),
    CASE_TOOL: String(caseTool.id),
    SWEEP_QA: String(qa.id),
    SWEEP_QA2: String(qa2.id),
    CASE_ID: String(caseAudits.caseId),
    OWN_CONCERN: String(caseAudits.concerns.own),
    OWN_AGENCY: String(own.agencyId),
    OWN_INDICATOR: `SWEEP-${own.agencyId}`,
    OWN_CHALLENGE: String(own.challengeId),
    OTHER_CHALLENGE: String(other.challengeId),
    OTHER_MEMBER: String(other.memberId),
    OWN_LEAD: String(own.leadId),
    OWN_MEMBER: String(own.memberId),
    OTHER_EVIDENCE: String(other.evidenceId),
    DONE_CYCLE: String(done),
    OPEN_CYCLE: String(open),
    DUPLICATE_AGENCY: a.agency.name,
    STANDARD: standardCode,
  };
  Object.assign(emails, {
    admin: "admin@example.org",
    qa: qa.email,
    board: "board@example.org",
    agency_lead: a.lead.email,
    agency_member: a.member.email,
  });
  // The QA user made here signs in with the test password.
  cookies.set("qa", await signInOver(baseUrl(), qa.email, TEST_PASSWORD));
});

afterAll(async () => {
  await db?.destroy();
});

// ---- Forms -------------------------------------------------------------------------------------------

describe("the bad-input sweep over every form", () => {
  it("has an entry for every route file with an action, and none for a form that is gone", () => {
    const files = actionRouteFiles();
    const missing = files.filter((file) => !(file in SWEEP));
    const stale = Object.keys(SWEEP).filter((file) => !files.includes(file));
    expect(
      missing,
      `These routes have an action but no entry in tests/e2e/bad-input-sweep.table.ts: ${missing.join(", ")}. Add the bad bodies it must refuse (or an exemption with its reason).`,
    ).toEqual([]);
    expect(
      stale,
      `These entries in tests/e2e/bad-input-sweep.table.ts name route files without an action: ${stale.join(", ")}. Remove or rename them.`,
    ).toEqual([]);
  });

  it("says why every exempt form is exempt, and gives every 400/409/422 and every redirect its words", () => {
    const problems: string[] = [];
    for (const [file, row] of Object.entries(SWEEP)) {
      if ("exempt" in row) {
        if (row.exempt.trim().length < 20) problems.push(`${file}: an exemption needs a real reason`);
        continue;
      }
      if (row.cases.length === 0) problems.push(`${file}: no cases`);
      for (const item of row.cases) {
        if ([400, 409, 422].includes(item.status) && !item.message?.trim())
          problems.push(`${file} / ${item.name}: a ${item.status} must name the message a person reads`);
        if (item.status >= 300 && item.status < 400 && !item.reason?.trim())
          problems.push(`${file} / ${item.name}: a redirect needs a reason`);
        if (item.status >= 500 || item.status < 300)
          problems.push(`${file} / ${item.name}: bad input must be refused with a 4xx (or a redirect with a reason)`);
      }
    }
    expect(problems).toEqual([]);
  });

  for (const [file, row] of Object.entries(SWEEP)) {
    if ("exempt" in row) continue;
    it(`${file}: every bad body is refused with its message and writes nothing`, async () => {
      const tables = await tableNames(db);
      const unknown = row.writes.filter((table) => !tables.includes(table));
      expect(unknown, `${file}: "writes" names tables that do not exist`).toEqual([]);
      const watched = [...new Set([...row.writes, "audit_log"])];
      const mismatches: string[] = [];
      for (const item of row.cases) {
        await cookieFor(row.as);
        const before = await snapshot(db, watched);
        const got = await send(row, item);
        const after = await snapshot(db, watched);
        const where = `${item.name} (POST ${got.url} as ${row.as})`;
        if (got.status >= 500) mismatches.push(`${where}: ${got.status}, a server error: ${shown(got.text)}`);
        else if (got.status !== item.status) mismatches.push(`${where}: expected ${item.status}, got ${got.status}: ${shown(got.text)}`);
        else if (item.message && !got.text.includes(item.message))
          mismatches.push(`${where}: expected the message "${item.message}", the answer says: ${shown(got.text)}`);
        const written = differences(before, after);
        if (written.length > 0) mismatches.push(`${where}: wrote ${written.join("; ")}`);
      }
      expect(mismatches, `${file}:\n${mismatches.join("\n")}`).toEqual([]);
    });
  }
});

// ---- The API -----------------------------------------------------------------------------------------

interface ApiCase {
  /** The route file this request reaches (so a new API address without a case fails). */
  route: string;
  name: string;
  path: (f: SweepFixtures) => string;
  /** The Authorization header: the good token by default. */
  auth?: () => string | null;
  status: 400 | 401 | 403 | 404 | 405 | 415;
  message: string;
  method?: "GET" | "POST" | "PUT" | "DELETE";
  /** A request body, sent as JSON unless `contentType` says otherwise. */
  body?: string;
  contentType?: string;
}

const NO_TOKEN = "Send an API token in the Authorization header: Bearer <token>";
const BAD_TOKEN = "The API token is not valid: it is unknown or has been revoked";
const noToken = () => null;
const tokenCases = (route: string, at: (f: SweepFixtures) => string): ApiCase[] => [
  { route, name: "no token", path: at, auth: noToken, status: 401, message: NO_TOKEN },
  { route, name: "an unknown token", path: at, auth: () => "Bearer sap_not-a-real-token", status: 401, message: BAD_TOKEN },
  { route, name: "a revoked token", path: at, auth: () => `Bearer ${revokedToken}`, status: 401, message: BAD_TOKEN },
  {
    route,
    name: "a malformed header",
    path: at,
    auth: () => `Basic ${Buffer.from("admin:demo-password").toString("base64")}`,
    status: 401,
    message: BAD_TOKEN,
  },
  { route, name: "an over-long token", path: at, auth: () => `Bearer sap_${"a".repeat(10_000)}`, status: 401, message: BAD_TOKEN },
  { route, name: "a write", path: at, method: "POST", status: 405, message: "The API is read-only: use GET" },
];

const asWriter = () => `Bearer ${writeToken}`;
const observationsAt = () => "/observations";
const post = (body: string, contentType = "application/json") => ({ method: "POST" as const, auth: asWriter, body, contentType });

const API_CASES: ApiCase[] = [
  ...tokenCases("api.v1.scorecard.ts", () => "/scorecard"),
  {
    route: "api.v1.observations.ts",
    name: "no token",
    path: observationsAt,
    method: "POST",
    auth: noToken,
    status: 401,
    message: NO_TOKEN,
  },
  {
    route: "api.v1.observations.ts",
    name: "a revoked token",
    path: observationsAt,
    method: "POST",
    auth: () => `Bearer ${revokedToken}`,
    status: 401,
    message: BAD_TOKEN,
  },
  {
    route: "api.v1.observations.ts",
    name: "a read-only token",
    path: observationsAt,
    method: "POST",
    body: '{"observations":[]}',
    status: 403,
    message: "This token is read-only",
  },
  { route: "api.v1.observations.ts", name: "a GET", path: observationsAt, auth: asWriter, status: 405, message: "Post observations here" },
  {
    route: "api.v1.observations.ts",
    name: "a form instead of JSON",
    path: observationsAt,
    ...post("indicator=x", "application/x-www-form-urlencoded"),
    status: 415,
    message: "Send the observations as JSON",
  },
  {
    route: "api.v1.observations.ts",
    name: "broken JSON",
    path: observationsAt,
    ...post("{ not json"),
    status: 400,
    message: "The body is not valid JSON",
  },
  {
    route: "api.v1.observations.ts",
    name: "no list",
    path: observationsAt,
    ...post('{"indicator":"x"}'),
    status: 400,
    message: 'Send { "observations": [ … ] }',
  },
  {
    route: "api.v1.observations.ts",
    name: "an empty list",
    path: observationsAt,
    ...post('{"observations":[]}'),
    status: 400,
    message: "Send at least one observation",
  },
  {
    route: "api.v1.observations.ts",
    name: "a list of strings",
    path: observationsAt,
    ...post('{"observations":["x"]}'),
    status: 400,
    message: "Nothing was written: 1 observation has a problem",
  },
  {
    route: "api.v1.observations.ts",
    name: "an unknown indicator",
    path: observationsAt,
    ...post('{"observations":[{"indicator":"NOPE","period":"2026-Q1","value":5}]}'),
    status: 400,
    message: "Nothing was written",
  },
  {
    route: "api.v1.observations.ts",
    name: "one good and one bad figure",
    path: observationsAt,
    ...post(
      JSON.stringify({
        observations: [
          { indicator: "SWEEP_OWN", agency: "SWEEP_OWN_AGENCY", period: "2026-Q1", value: 80 },
          { indicator: "SWEEP_OWN", agency: "SWEEP_OWN_AGENCY", period: "2026-13", value: 80 },
        ],
      }),
    ),
    status: 400,
    message: "Nothing was written: 1 observation has a problem",
  },
  ...tokenCases("api.v1.case-audits._index.ts", () => "/case-audits"),
  ...tokenCases("api.v1.case-audits.$caseAuditId.report.ts", (f) => `/case-audits/${f.caseAudits.own}/report`),
  {
    route: "api.v1.case-audits.$caseAuditId.report.ts",
    name: "a case audit that does not exist",
    path: () => "/case-audits/999999/report",
    status: 404,
    message: "There is no case audit with this id",
  },
  {
    route: "api.v1.case-audits.$caseAuditId.report.ts",
    name: "a letter id",
    path: () => "/case-audits/abc/report",
    status: 404,
    message: "Not found",
  },
  ...tokenCases("api.v1.cycles._index.ts", () => "/cycles"),
  {
    route: "api.v1.cycles._index.ts",
    name: "a DELETE",
    path: () => "/cycles",
    method: "DELETE",
    status: 405,
    message: "The API is read-only: use GET",
  },
  ...tokenCases("api.v1.cycles.$cycleId._index.ts", (f) => `/cycles/${f.doneCycleId}`),
  {
    route: "api.v1.cycles.$cycleId._index.ts",
    name: "a cycle that does not exist",
    path: () => "/cycles/999999",
    status: 404,
    message: "There is no cycle with this id",
  },
  { route: "api.v1.cycles.$cycleId._index.ts", name: "a letter id", path: () => "/cycles/abc", status: 404, message: "Not found" },
  { route: "api.v1.cycles.$cycleId._index.ts", name: "id 0", path: () => "/cycles/0", status: 404, message: "Not found" },
  { route: "api.v1.cycles.$cycleId._index.ts", name: "an exponent id", path: () => "/cycles/1e3", status: 404, message: "Not found" },
  {
    route: "api.v1.cycles.$cycleId._index.ts",
    name: "an over-long id",
    path: () => `/cycles/${"9".repeat(40)}`,
    status: 404,
    message: "Not found",
  },
  ...tokenCases("api.v1.cycles.$cycleId.returns.ts", (f) => `/cycles/${f.doneCycleId}/returns`),
  {
    route: "api.v1.cycles.$cycleId.returns.ts",
    name: "a cycle that does not exist",
    path: () => "/cycles/999999/returns",
    status: 404,
    message: "There is no cycle with this id",
  },
  {
    route: "api.v1.cycles.$cycleId.returns.ts",
    name: "a negative id",
    path: () => "/cycles/-1/returns",
    status: 404,
    message: "Not found",
  },
  ...tokenCases("api.v1.cycles.$cycleId.reports.$kind.ts", (f) => `/cycles/${f.doneCycleId}/reports/baseline`),
  {
    route: "api.v1.cycles.$cycleId.reports.$kind.ts",
    name: "an unknown report",
    path: (f) => `/cycles/${f.doneCycleId}/reports/everything`,
    status: 404,
    message: 'There is no report called "everything"',
  },
  {
    route: "api.v1.cycles.$cycleId.reports.$kind.ts",
    name: "a cycle that does not exist",
    path: () => "/cycles/999999/reports/baseline",
    status: 404,
    message: "There is no cycle with this id",
  },
  {
    route: "api.v1.cycles.$cycleId.reports.$kind.ts",
    name: "a letter id",
    path: () => "/cycles/abc/reports/baseline",
    status: 404,
    message: "Not found",
  },
  {
    route: "api.v1.cycles.$cycleId.reports.$kind.ts",
    name: "a comparison without against",
    path: (f) => `/cycles/${f.doneCycleId}/reports/comparison`,
    status: 400,
    message: "Give the earlier cycle to compare with: ?against=<cycle id>",
  },
  {
    route: "api.v1.cycles.$cycleId.reports.$kind.ts",
    name: "letters for against",
    path: (f) => `/cycles/${f.doneCycleId}/reports/comparison?against=abc`,
    status: 400,
    message: "Select an earlier cycle to compare with",
  },
  {
    route: "api.v1.cycles.$cycleId.reports.$kind.ts",
    name: "letters for the threshold",
    path: (f) => `/cycles/${f.openCycleId}/reports/comparison?against=${f.doneCycleId}&threshold=lots`,
    status: 400,
    message: "Enter the threshold as a whole number of percentage points, like 5",
  },
  {
    route: "api.v1.cycles.$cycleId.reports.$kind.ts",
    name: "a threshold out of range",
    path: (f) => `/cycles/${f.openCycleId}/reports/comparison?against=${f.doneCycleId}&threshold=500`,
    status: 400,
    message: "The threshold must be between 1 and 50 percentage points",
  },
  {
    route: "api.v1.cycles.$cycleId.reports.$kind.ts",
    name: "against a cycle that does not exist",
    path: (f) => `/cycles/${f.doneCycleId}/reports/comparison?against=999999`,
    status: 404,
    message: "There is no cycle with the id given in against",
  },
  ...tokenCases("api.v1.$.ts", () => "/no-such-thing"),
  {
    route: "api.v1.$.ts",
    name: "an unknown address",
    path: () => "/no-such-thing",
    status: 404,
    message: "There is no such API address: see docs/api.md",
  },
  {
    route: "api.v1.$.ts",
    name: "an unknown address under a cycle",
    path: (f) => `/cycles/${f.doneCycleId}/secrets`,
    status: 404,
    message: "There is no such API address: see docs/api.md",
  },
];

describe("the bad-input sweep over the API", () => {
  it("has cases for every /api/v1 route file", () => {
    const files = fs.readdirSync(ROUTES_DIR).filter((name) => name.startsWith("api.v1."));
    const covered = new Set(API_CASES.map((item) => item.route));
    expect(
      files.filter((file) => !covered.has(file)),
      "API route files without a case in API_CASES",
    ).toEqual([]);
    expect(
      [...covered].filter((file) => !files.includes(file)),
      "API_CASES names route files that do not exist",
    ).toEqual([]);
    expect(
      API_CASES.filter((item) => item.message.trim() === "").map((item) => item.name),
      "every API case names its message",
    ).toEqual([]);
  });

  it("answers every bad request with a JSON 4xx error naming the problem, and writes nothing", async () => {
    const mismatches: string[] = [];
    for (const item of API_CASES) {
      const url = `/api/v1${item.path(fixtures)}`;
      const auth = item.auth ? item.auth() : `Bearer ${token}`;
      const headers: Record<string, string> = auth === null ? {} : { Authorization: auth };
      if (item.body !== undefined) headers["Content-Type"] = item.contentType ?? "application/json";
      const sentBody = item.body
        ?.replaceAll("SWEEP_OWN_AGENCY", placeholders.DUPLICATE_AGENCY)
        .replaceAll("SWEEP_OWN", placeholders.OWN_INDICATOR);
      const before = await snapshot(db, ["audit_log", "observations"]);
      const response = await fetch(`${baseUrl()}${url}`, { method: item.method ?? "GET", headers, body: sentBody, redirect: "manual" });
      const text = await response.text();
      const after = await snapshot(db, ["audit_log", "observations"]);
      const where = `${item.name} (${item.method ?? "GET"} ${url})`;
      let body: { error?: { status?: number; message?: string } } = {};
      try {
        body = JSON.parse(text);
      } catch {
        mismatches.push(`${where}: not JSON: ${text.slice(0, 200)}`);
        continue;
      }
      if (response.status !== item.status)
        mismatches.push(`${where}: expected ${item.status}, got ${response.status}: ${text.slice(0, 300)}`);
      else if (!response.headers.get("content-type")?.startsWith("application/json"))
        mismatches.push(`${where}: content type ${response.headers.get("content-type")}`);
      else if (body.error?.status !== item.status || !body.error?.message?.includes(item.message))
        mismatches.push(`${where}: expected the message "${item.message}", got ${text.slice(0, 300)}`);
      const written = differences(before, after);
      if (written.length > 0) mismatches.push(`${where}: wrote ${written.join("; ")}`);
    }
    expect(mismatches, mismatches.join("\n")).toEqual([]);
  });
});
