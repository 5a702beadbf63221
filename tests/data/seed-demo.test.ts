import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptLogin } from "~/auth/login.server";
import type { Db } from "~/data/db.server";
import { DEMO_AGENCIES, DEMO_PASSWORD, seedDemo } from "~/data/seed-demo.server";
import { validateReturn } from "~/domain/survey-engine";
import { createTestDb } from "../support/factories";

/* DESIGN §9: `npm start` seeds the demo partnership on an empty database, and only then. */

let db: Db;
let seededFirst: boolean;

async function counts() {
  const tables = ["agencies", "users", "tools", "cycles", "returns", "scores", "standard_scores", "audit_log"];
  return Object.fromEntries(await Promise.all(tables.map(async (table) => [table, Number((await db(table).count({ n: "*" }).first())?.n)])));
}

beforeAll(async () => {
  db = await createTestDb();
  seededFirst = await seedDemo(db);
});

afterAll(async () => {
  await db.destroy();
});

describe("seedDemo", () => {
  it("seeds an empty database and says so", () => {
    expect(seededFirst).toBe(true);
  });

  it("creates the twelve demo agencies", async () => {
    const agencies = await db("agencies").orderBy("id").select("slug", "sector");
    expect(agencies).toHaveLength(12);
    expect(agencies.map((agency) => agency.slug)).toEqual(DEMO_AGENCIES.map((agency) => agency.slug));
    expect(new Set(agencies.map((agency) => agency.sector)).size).toBeGreaterThanOrEqual(8);
  });

  it("creates the admin, QA and board users and one lead per agency", async () => {
    const users = await db("users").leftJoin("agencies", "agencies.id", "users.agency_id").select("users.email", "users.role", "agencies.slug");
    const byEmail = new Map(users.map((user) => [user.email, user]));
    expect(byEmail.get("admin@example.org")).toMatchObject({ role: "admin", slug: null });
    expect(byEmail.get("qa@example.org")).toMatchObject({ role: "qa", slug: null });
    expect(byEmail.get("board@example.org")).toMatchObject({ role: "board", slug: null });
    const leads = users.filter((user) => user.role === "agency_lead");
    expect(leads).toHaveLength(12);
    for (const lead of leads) expect(lead.email).toBe(`lead@${lead.slug}.example.org`);
  });

  it("lets the demo logins in with the demo password", async () => {
    for (const email of ["admin@example.org", "lead@police.example.org", "lead@st-marks.example.org"]) {
      const result = await attemptLogin(db, { email, password: DEMO_PASSWORD, ip: "192.0.2.1" });
      expect(result.ok).toBe(true);
    }
  });

  it("opens one Section 11 cycle with returns in several states", async () => {
    const cycles = await db("cycles").join("tools", "tools.id", "cycles.tool_id").where("tools.code", "s11").orderBy("cycles.opens_on").select("cycles.id", "cycles.title", "cycles.status", "tools.code");
    expect(cycles).toEqual([
      { id: expect.any(Number), title: "Section 11 audit 2025", status: "closed", code: "s11" },
      { id: expect.any(Number), title: "Section 11 audit 2026", status: "open", code: "s11" },
    ]);
    const statuses = await db("returns").where({ cycle_id: cycles[1].id }).select("status");
    expect(statuses).toHaveLength(12);
    const tally = Object.fromEntries(["submitted", "in_progress", "not_started"].map((status) => [status, statuses.filter((row) => row.status === status).length]));
    expect(tally).toEqual({ submitted: 6, in_progress: 3, not_started: 3 });
  });

  it("keeps a closed 2025 cycle on s11 2026.1 as the baseline of the 2026 cycle on 2026.2, with nine returns submitted before it was due", async () => {
    const [earlier, later] = await db("cycles")
      .join("tools", "tools.id", "cycles.tool_id")
      .whereIn("cycles.title", ["Section 11 audit 2025", "Section 11 audit 2026"])
      .orderBy("opens_on")
      .select("cycles.id", "tools.code", "tools.version", "is_baseline", "opens_on", "due_on");
    expect([earlier.code, earlier.version, later.code, later.version]).toEqual(["s11", "2026.1", "s11", "2026.2"]);
    expect(Boolean(earlier.is_baseline)).toBe(true);
    expect(Boolean(later.is_baseline)).toBe(false);
    expect(earlier.due_on < later.opens_on).toBe(true);
    const returns = await db("returns").join("agencies", "agencies.id", "returns.agency_id").where({ cycle_id: earlier.id }).select("agencies.slug", "returns.status", "returns.submitted_at");
    const submitted = returns.filter((row) => row.status === "submitted");
    expect(returns).toHaveLength(12);
    expect(submitted).toHaveLength(9);
    expect(returns.filter((row) => row.status === "not_started").map((row) => row.slug).sort()).toEqual(["family-support", "riverside-primary", "youth-clubs"]);
    for (const row of submitted) expect(row.submitted_at.slice(0, 10) <= earlier.due_on).toBe(true);
  });

  it("leaves nobody an unread message asking them to complete the 2025 cycle, which closed long ago", async () => {
    const cycle = await db("cycles").where({ title: "Section 11 audit 2025" }).first();
    const links = (await db("returns").where({ cycle_id: cycle.id }).select("id")).map((row) => `/returns/${row.id}`);
    const messages = await db("notifications").whereIn("link", links);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter((message) => message.read_at === null)).toEqual([]);
    expect(messages.every((message) => message.created_at < cycle.closed_at)).toBe(true);
  });

  it("shows the 2025 returns scored under rules v1 and re-scored under v2, Northshire Housing's policy answered N/A now an unmet essential", async () => {
    const cycle = await db("cycles").where({ title: "Section 11 audit 2025" }).first();
    const scores = await db("scores").join("returns", "returns.id", "scores.return_id").join("agencies", "agencies.id", "returns.agency_id").where("returns.cycle_id", cycle.id).select("agencies.slug", "scores.rules_version", "scores.is_current", "scores.unmet_essentials");
    expect(scores).toHaveLength(18);
    expect(scores.filter((score) => Boolean(score.is_current)).every((score) => score.rules_version === "2")).toBe(true);
    expect(scores.filter((score) => !score.is_current).every((score) => score.rules_version === "1" && score.unmet_essentials === null)).toBe(true);
    const housing = scores.find((score) => score.slug === "housing" && Boolean(score.is_current))!;
    expect(JSON.parse(housing.unmet_essentials)).toContainEqual({ standard: "S11-3", item: "s11_3_q1", answer: "na" });
  });

  it("opens a schools, a voluntary sector and a supervision cycle, each return not started", async () => {
    const cycles = await db("cycles").join("tools", "tools.id", "cycles.tool_id").whereNotIn("tools.code", ["s11", "case-audit"]).orderBy("cycles.id").select("cycles.id", "cycles.title", "cycles.status", "tools.code");
    expect(cycles.map(({ title, status, code }) => ({ title, status, code }))).toEqual([
      { title: "Schools safeguarding audit 2026", status: "open", code: "s175" },
      { title: "Voluntary sector Section 11 self-assessment 2026", status: "open", code: "s11-vcs" },
      { title: "Supervision audit 2026", status: "open", code: "supervision" },
    ]);
    const agenciesOf = async (cycleId: number) =>
      (await db("returns").join("agencies", "agencies.id", "returns.agency_id").where({ cycle_id: cycleId }).orderBy("agencies.slug").select("agencies.slug", "returns.status"));
    expect(await agenciesOf(cycles[0].id)).toEqual([
      { slug: "hilltop-academy", status: "not_started" },
      { slug: "riverside-primary", status: "not_started" },
    ]);
    expect((await agenciesOf(cycles[1].id)).map((row) => row.slug)).toEqual(["family-support", "st-marks", "youth-clubs"]);
    const supervision = await agenciesOf(cycles[2].id);
    expect(supervision.map((row) => row.slug)).toEqual(expect.arrayContaining(["council", "police", "hospitals", "community-health", "probation"]));
    expect(supervision.every((row) => row.status === "not_started")).toBe(true);
  });

  it("scores every submitted demo return and no draft", async () => {
    const rows = await db("returns").leftJoin("scores", "scores.return_id", "returns.id").select("returns.status", "scores.id as score_id", "scores.overall_percent");
    for (const row of rows) {
      if (row.status === "submitted") expect(row.overall_percent).toEqual(expect.any(Number));
      else expect(row.score_id).toBeNull();
    }
  });

  it("answers every question a submitted demo return's tool requires, scope questions included", async () => {
    const rows = await db("returns").join("cycles", "cycles.id", "returns.cycle_id").join("tools", "tools.id", "cycles.tool_id").whereIn("returns.status", ["submitted", "returned", "validated"]).select("returns.answers", "tools.definition");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const definition = typeof row.definition === "string" ? JSON.parse(row.definition) : row.definition;
      const answers = typeof row.answers === "string" ? JSON.parse(row.answers) : row.answers;
      expect(validateReturn(definition.survey, answers)).toEqual([]);
    }
  });

  it("does nothing the second time", async () => {
    const before = await counts();
    expect(await seedDemo(db)).toBe(false);
    expect(await counts()).toEqual(before);
  });
});
