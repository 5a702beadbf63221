import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { createDb, migrate, type Db } from "~/data/db.server";
import { addEvidence } from "~/data/evidence.server";
import { seedDemo } from "~/data/seed-demo.server";
import { createAction, getActionPlan, updateActionProgress } from "~/data/actions.server";
import { raiseChallenge, recordModeration } from "~/data/moderation.server";
import { publishBaseline } from "~/data/publications.server";
import { getLoginRecord } from "~/data/users.server";
import { attemptLogin } from "~/auth/login.server";
import { createSession } from "~/auth/session.server";
import type { Viewer } from "~/domain/permissions";
import { backupCommand, restoreCommand } from "./commands/backup";

/*
 * Backups restore (DESIGN §10): a populated database (the whole demo partnership) is backed up while a
 * second connection keeps writing, restored into a different empty database, and every table compared.
 */

let dir: string;
let source: Db;
/** An evidence file's bytes: a PDF header, then 20 KB of noise no compression or encoding could pass through unchanged by accident. */
const EVIDENCE_BYTES = new Uint8Array(Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(20 * 1024)]));
/** Tables that must hold rows before the backup, so the round trip compares real data in each. */
const POPULATED = [
  "agencies",
  "users",
  "sessions",
  "login_attempts",
  "tools",
  "cycles",
  "returns",
  "scores",
  "standard_scores",
  "audit_log",
  "moderations",
  "challenges",
  "actions",
  "action_updates",
  "publications",
  "evidence",
  "evidence_contents",
  "knex_migrations",
];

async function viewer(db: Db, email: string): Promise<Viewer> {
  const record = await getLoginRecord(db, email);
  if (!record) throw new Error(`No demo user ${email}`);
  const { id, name, role, agencyId } = record.user;
  return { id, email, name, role, agencyId };
}

function ok(result: { ok: boolean }, what: string): void {
  if (!result.ok) throw new Error(`${what} failed: ${JSON.stringify(result)}`);
}

/** Beyond the demo seed: a sign-in, QA scrutiny, an action with progress and a publication, through the data layer. */
async function populateTheRest(db: Db): Promise<void> {
  const qa = await viewer(db, "qa@example.org");
  const lead = await viewer(db, "lead@police.example.org");
  ok(await attemptLogin(db, { email: lead.email, password: "demo-password", ip: "127.0.0.1" }), "Signing in");
  await createSession(db, new Request("http://localhost/login"), lead.id);
  const ret = await db("returns")
    .join("cycles", "cycles.id", "returns.cycle_id")
    .where({ "returns.agency_id": lead.agencyId, "returns.status": "submitted", "cycles.status": "open" })
    .first("returns.id", "returns.cycle_id");
  const plan = await getActionPlan(db, lead, ret.id);
  const standardCode = plan!.suggestions[0].code;
  ok(
    await recordModeration(db, qa, ret.id, {
      standardCode,
      band: plan!.suggestions[0].effectiveBand,
      rationale: "Checked against the evidence",
    }),
    "Moderating",
  );
  ok(await raiseChallenge(db, qa, ret.id, { standardCode, question: "Where is the training record?" }), "Challenging");
  const action = await createAction(db, lead, ret.id, {
    standardCode,
    description: "Refresh training",
    owner: "Training lead",
    dueOn: "2099-01-31",
    successMeasure: "All staff trained",
  });
  if (!action.ok) throw new Error(`Writing an action failed: ${JSON.stringify(action)}`);
  ok(
    await updateActionProgress(db, lead, action.id, { status: "in_progress", rag: "on_track", note: "Course booked", evidenceNote: "" }),
    "Updating the action",
  );
  ok(await publishBaseline(db, qa, ret.cycle_id, { anonymise: true }), "Publishing");
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

/** Every table in the file (whoever's migration made it, knex's own included), row for row in storage order. */
async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const tables: string[] = (
    await db("sqlite_master").where({ type: "table" }).whereNot("name", "like", "sqlite_%").orderBy("name").select("name")
  ).map((row: { name: string }) => row.name);
  const result: Record<string, unknown[]> = {};
  for (const table of tables) result[table] = await db.raw(`select * from "${table}" order by rowid`);
  return result;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "backup-test-"));
  source = createDb(`file:${path.join(dir, "live.db")}`);
  await migrate(source);
  await seedDemo(source);
  // Evidence files live in the database (docs/decisions/006-evidence.md): one on a draft return.
  const draft = await source("returns")
    .join("cycles", "cycles.id", "returns.cycle_id")
    .where("cycles.status", "open")
    .whereIn("returns.status", ["not_started", "in_progress"])
    .first("returns.id", "returns.agency_id");
  const lead = await source("users").where({ agency_id: draft.agency_id, role: "agency_lead" }).first();
  const viewer = { id: lead.id, email: lead.email, name: lead.name, role: lead.role, agencyId: lead.agency_id };
  const added = await addEvidence(
    source,
    viewer,
    draft.id,
    { standardCode: null, questionName: null },
    { kind: "file", name: "board report.pdf", size: EVIDENCE_BYTES.length, bytes: EVIDENCE_BYTES },
  );
  if (!added.ok) throw new Error(added.message);
  await populateTheRest(source);
});
afterAll(async () => {
  await source.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("round-trips a populated database table by table", async () => {
    const backupFile = path.join(dir, "backup.db");
    const writer = createDb(`file:${path.join(dir, "live.db")}`);
    // Saves keep arriving while the backup runs; the backup is a consistent snapshot either way.
    const writing = (async () => {
      for (let n = 0; n < 20; n += 1)
        await writer("audit_log").insert({
          at: new Date().toISOString(),
          user_id: null,
          action: "test.write",
          entity_type: "test",
          entity_id: String(n),
          summary: "{}",
        });
    })();
    const backup = capture();
    await expect(backupCommand({ args: [backupFile], options: {}, db: source, ...backup.io })).resolves.toBe(0);
    await writing;
    await writer.destroy();
    expect(backup.out[0]).toMatch(/^Backed up to .*backup\.db \(\d+ pages, \d+ KB\)$/);

    const snapshot = createDb(`file:${backupFile}`);
    const expected = await dump(snapshot);
    await snapshot.destroy();
    expect(expected.agencies).toHaveLength(12);
    for (const table of POPULATED) expect(expected[table]?.length ?? 0, `${table} has rows to compare`).toBeGreaterThan(0);
    expect(Object.keys(expected)).toEqual(expect.arrayContaining([...POPULATED, "knex_migrations_lock"]));

    const target = createDb(`file:${path.join(dir, "restored.db")}`);
    await migrate(target);
    const restore = capture();
    await expect(restoreCommand({ args: [backupFile], options: {}, db: target, ...restore.io })).resolves.toBe(0);
    expect(restore.out[0]).toMatch(/^Restored .*: 12 agencies, \d+ returns$/);
    expect(await dump(target)).toEqual(expected);
    // The evidence file comes back byte for byte.
    const restored = await target("evidence_contents")
      .join("evidence", "evidence.id", "evidence_contents.evidence_id")
      .where("evidence.file_name", "board report.pdf")
      .first("evidence_contents.content");
    expect(new Uint8Array(restored.content)).toEqual(EVIDENCE_BYTES);
    await target.destroy();
  });

  it("never overwrites an existing file", async () => {
    const existing = path.join(dir, "exists.db");
    fs.writeFileSync(existing, "keep me");
    const run = capture();
    await expect(backupCommand({ args: [existing], options: {}, db: source, ...run.io })).resolves.toBe(1);
    expect(run.err).toEqual([`${existing} already exists: choose a new file name (a backup never overwrites a file)`]);
    expect(fs.readFileSync(existing, "utf8")).toBe("keep me");
  });

  it("refuses to restore a file that is not a backup, leaving the database untouched", async () => {
    const bogus = path.join(dir, "bogus.db");
    fs.writeFileSync(bogus, "agency,sector\nPolice,police\n");
    const before = await dump(source);
    const run = capture();
    await expect(restoreCommand({ args: [bogus], options: {}, db: source, ...run.io })).resolves.toBe(1);
    expect(run.err[0]).toContain("is not a backup made by this application");
    const missing = capture();
    await expect(restoreCommand({ args: [path.join(dir, "nope.db")], options: {}, db: source, ...missing.io })).resolves.toBe(1);
    expect(missing.err[0]).toContain("there is no such file");
    expect(await dump(source)).toEqual(before);
  });
});
