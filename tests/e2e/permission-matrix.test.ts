import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAction } from "~/data/actions.server";
import { addEvidence } from "~/data/evidence.server";
import type { Db } from "~/data/db.server";
import { publishBaseline, publishReport } from "~/data/publications.server";
import { importTool } from "~/data/tools.server";
import { openPractitionerSurvey } from "~/data/practitioner.server";
import { saveIndicator } from "~/data/scorecard.server";
import { IndicatorInputSchema } from "~/domain/scorecard";
import { makeCaseAuditFixtures } from "../support/case-audit-fixture";
import { baseUrl } from "../support/browser";
import { serverDb } from "../support/db";
import { ROUTES_DIR, routeModules } from "../support/routes";
import { signInOver } from "../support/server";
import {
  newVersionOf,
  S11_FILE,
  TEST_PASSWORD,
  importS11,
  makeAgencyWithPeople,
  makeCycle,
  makeUser,
  pageNames,
  returnIdOf,
  submitFullReturn,
} from "../support/factories";
import { MATRIX, PARTNERSHIP_ACTION, type AgencyOutcome, type Fixtures, type Outcome, type Row, type Who } from "./permission-matrix.table";

/*
 * DESIGN §7 over real HTTP: every route file in app/routes × every role × own/other agency, against the
 * expectations in permission-matrix.table.ts. The route list is read from the directory, so a new route
 * without a row fails here. Requests carry a real session cookie (signed in through /login); POSTs send
 * an empty form, so an allowed role is let in and refused for bad input (400) and nothing is changed.
 */

const WHO: Who[] = ["anonymous", "admin", "qa", "board", "agency_lead", "agency_member"];
const AGENCY_ROLES = new Set<Who>(["agency_lead", "agency_member"]);

let db: Db;
let fixtures: Fixtures;
const emails: Partial<Record<Who, string>> = {};

const cookies = new Map<Who, string>();

async function cookieFor(who: Who, fresh = false): Promise<string | null> {
  if (who === "anonymous") return null;
  if (fresh) return signInOver(baseUrl(), emails[who]!, passwordOf(who));
  if (!cookies.has(who)) cookies.set(who, await signInOver(baseUrl(), emails[who]!, passwordOf(who)));
  return cookies.get(who)!;
}

function passwordOf(who: Who): string {
  return AGENCY_ROLES.has(who) ? TEST_PASSWORD : "demo-password";
}

/** The outcome of one request, in the table's words. */
async function outcomeOf(method: "GET" | "POST", url: string, cookie: string | null): Promise<Outcome> {
  const response = await fetch(`${baseUrl()}${url}`, {
    method,
    headers: {
      ...(cookie ? { Cookie: cookie } : {}),
      ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
    },
    body: method === "POST" ? "" : undefined,
    redirect: "manual",
  });
  await response.arrayBuffer();
  if (response.status >= 300 && response.status < 400) {
    const location = new URL(response.headers.get("location") ?? "", baseUrl());
    return location.pathname === "/login" ? "login" : "redirect";
  }
  return response.status;
}

function expected(outcome: AgencyOutcome, side: "own" | "other"): Outcome {
  return typeof outcome === "object" ? outcome[side] : outcome;
}

beforeAll(async () => {
  db = serverDb();
  const tool = await importS11(db);
  const a = await makeAgencyWithPeople(db, { name: `Permission matrix agency A ${Date.now()}` });
  const b = await makeAgencyWithPeople(db, { name: `Permission matrix agency B ${Date.now()}` });
  const qa = await makeUser(db, "qa");
  const admin = await makeUser(db, "admin");
  const done = await makeCycle(db, tool, { agencyIds: [a.agency.id, b.agency.id] });
  const open = await makeCycle(db, tool, { agencyIds: [a.agency.id, b.agency.id] });
  const ids = async (side: typeof a) => {
    const doneReturnId = await returnIdOf(db, done, side.agency.id);
    await submitFullReturn(db, side.lead, tool, doneReturnId);
    const standardCode = tool.definition.standards[0].code;
    const action = await createAction(db, side.lead, doneReturnId, {
      standardCode,
      description: "Refresh training",
      owner: "Training lead",
      dueOn: "2099-01-31",
      successMeasure: "All staff trained",
    });
    if (!action.ok) throw new Error(`Writing the fixture action failed: ${JSON.stringify(action)}`);
    const openReturnId = await returnIdOf(db, open, side.agency.id);
    const bytes = new Uint8Array(Buffer.from("%PDF-1.7\nPermission matrix evidence\n%%EOF\n"));
    const evidence = await addEvidence(
      db,
      side.lead,
      openReturnId,
      { standardCode: null, questionName: null },
      { kind: "file", name: "policy.pdf", size: bytes.length, bytes },
    );
    if (!evidence.ok) throw new Error(`Adding the fixture evidence failed: ${evidence.message}`);
    const indicator = await saveIndicator(
      db,
      admin,
      IndicatorInputSchema.parse({
        code: `PM-${side.agency.id}`,
        title: "Permission matrix indicator",
        definition: "Counted for the permission matrix",
        unit: "count",
        polarity: "higher",
        target: "",
        greenTolerance: "",
        amberTolerance: "",
        frequency: "quarterly",
        quadrant: "how_much",
        theme: "outcomes",
        owner: String(side.agency.id),
        linkedStandards: "",
      }),
      null,
    );
    if (!indicator.ok) throw new Error(`Defining the fixture indicator failed: ${JSON.stringify(indicator)}`);
    return {
      agencyId: side.agency.id,
      doneReturnId,
      openReturnId,
      actionId: action.id,
      evidenceId: evidence.id,
      leadId: side.lead.id,
      indicatorId: indicator.id,
    };
  };
  const own = await ids(a);
  const other = await ids(b);
  const published = await publishBaseline(db, qa, done, { anonymise: true });
  if (!published.ok) throw new Error(`Publishing the fixture cycle failed: ${published.message}`);
  const actionsPublished = await publishReport(db, qa, done, { kind: "actions", anonymise: true });
  if (!actionsPublished.ok) throw new Error(`Publishing the fixture actions report failed: ${actionsPublished.message}`);
  // A tool of its own (a copy of S11 under a code no other test uses), in a cycle only agency B takes part in.
  const code = `matrix-${Date.now()}`;
  const soloTool = await importTool(db, null, { ...newVersionOf(S11_FILE), code, title: "Permission matrix tool" });
  if (!soloTool.ok) throw new Error(`Importing the fixture tool failed: ${soloTool.errors.join("; ")}`);
  const otherOnlyCycleId = await makeCycle(db, soloTool.tool, { agencyIds: [b.agency.id] });
  // Practitioner surveys: one on the done cycle (a link for each agency), one on a cycle only agency B is in.
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
  const otherSurvey = await openPractitionerSurvey(db, qa.id, {
    cycleId: await makeCycle(db, tool, { agencyIds: [b.agency.id] }),
    toolId: practitioner.tool.id,
    opensOn: "2020-01-01",
    closesOn: "2099-12-31",
  });
  if (!otherSurvey.ok) throw new Error(`Opening the fixture survey failed: ${otherSurvey.message}`);
  const tokenOf = (name: string) => survey.links.find((link) => link.agencyName === name)!.token;
  const chairRow = await db("users").where({ email: "qa@example.org" }).first();
  const chair = { id: chairRow.id, email: chairRow.email, name: chairRow.name, role: "qa" as const, agencyId: null };
  const caseAudits = await makeCaseAuditFixtures(db, chair, qa, a.agency.id, b.agency.id);
  fixtures = {
    caseAudits,
    surveys: { own: survey.id, other: otherSurvey.id },
    tokens: { own: tokenOf(a.agency.name), other: tokenOf(b.agency.name) },
    own,
    other,
    doneCycleId: done,
    openCycleId: open,
    toolId: tool.id,
    otherOnly: { cycleId: otherOnlyCycleId, toolId: soloTool.tool.id },
    publicationId: published.id,
    actionsPublicationId: actionsPublished.id,
    firstPageName: pageNames(tool)[0],
    firstStandardCode: tool.definition.standards[0].code,
  };
  Object.assign(emails, {
    admin: "admin@example.org",
    qa: "qa@example.org",
    board: "board@example.org",
    agency_lead: a.lead.email,
    agency_member: a.member.email,
  });
});

afterAll(async () => {
  await db?.destroy();
});

describe("the permission matrix (DESIGN §7)", () => {
  it("has a row for every route file in app/routes, and none for a route that is gone", () => {
    const files = routeModules();
    const missing = files.filter((file) => !(file in MATRIX));
    const stale = Object.keys(MATRIX).filter((file) => !files.includes(file));
    expect(
      missing,
      `These routes have no row in tests/e2e/permission-matrix.table.ts: ${missing.join(", ")}. Add one saying what each role (and another agency's user) must get from it (DESIGN §7).`,
    ).toEqual([]);
    expect(
      stale,
      `These rows in tests/e2e/permission-matrix.table.ts name route files that no longer exist: ${stale.join(", ")}. Remove or rename them.`,
    ).toEqual([]);
  });

  /** What each role gets from a row's address, against what the row says. */
  async function mismatchesOf(row: Row): Promise<string[]> {
    const mismatches: string[] = [];
    for (const method of ["GET", "POST"] as const) {
      const table = row[method];
      if (!table) continue;
      for (const who of WHO) {
        for (const side of AGENCY_ROLES.has(who) ? (["own", "other"] as const) : (["own"] as const)) {
          const url = row.url(fixtures, side);
          const want = expected(table[who], side);
          const got = await outcomeOf(method, url, await cookieFor(who, method === "POST" && row.endsSession));
          if (got !== want)
            mismatches.push(`${method} ${url} as ${who}${AGENCY_ROLES.has(who) ? ` (${side} agency)` : ""}: expected ${want}, got ${got}`);
        }
      }
    }
    return mismatches;
  }

  for (const [file, row] of Object.entries(MATRIX)) {
    it(`${file}: every role gets what the table says`, async () => {
      if (!fs.existsSync(path.join(ROUTES_DIR, file))) return expect.fail(`${file} is in the table but not in app/routes`);
      const mismatches = await mismatchesOf(row);
      expect(mismatches, `${file} does not match tests/e2e/permission-matrix.table.ts:\n${mismatches.join("\n")}`).toEqual([]);
    });
  }

  it("actions.$actionId.tsx for a partnership action: QA reads and updates it, the business office reads it, no agency finds it", async () => {
    const mismatches = await mismatchesOf(PARTNERSHIP_ACTION);
    expect(mismatches, `PARTNERSHIP_ACTION does not match tests/e2e/permission-matrix.table.ts:\n${mismatches.join("\n")}`).toEqual([]);
  });

  it("gives the board the published actions reports on /actions, linking to their frozen snapshots and never to a live action", async () => {
    const response = await fetch(`${baseUrl()}/actions`, { headers: { Cookie: (await cookieFor("board"))! } });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain(`href="/board/${fixtures.actionsPublicationId}"`);
    expect(html).not.toContain(`href="/board/${fixtures.publicationId}"`);
    expect(html).not.toMatch(/href="\/actions\/\d+"/);
  });

  it("answers 405 or refuses a POST to a route without an action, never 500", async () => {
    const withoutAction = Object.entries(MATRIX).filter(([, row]) => !row.POST);
    const errors: string[] = [];
    for (const [file, row] of withoutAction) {
      const got = await outcomeOf("POST", row.url(fixtures, "own"), await cookieFor("admin"));
      if (typeof got === "number" && got >= 500) errors.push(`POST ${file} as admin: ${got}`);
    }
    expect(errors).toEqual([]);
  });
});
