import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAgency } from "~/data/agencies.server";
import type { Db } from "~/data/db.server";
import { getToolByRef } from "~/data/tools.server";
import { getLoginRecord } from "~/data/users.server";
import { createTestDb } from "../tests/support/factories";
import { verifyPassword } from "~/data/password-hash.server";
import { importToolCommand, listToolsCommand, validateToolCommand } from "./commands/tools";
import { createUserCommand } from "./commands/users";
import { runCli, type CommandOptions } from "./index";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const S11 = "surveys/s11/2026.1.json";

let tmp: string;
let db: Db;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "cli-test-"));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  db = await createTestDb();
});

afterEach(async () => {
  await db.destroy();
});

/** A command's context with its output captured line by line. */
function context(args: string[], options: CommandOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, context: { args, options, db, out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

async function s11Json(): Promise<Record<string, any>> {
  return JSON.parse(await readFile(path.join(ROOT, S11), "utf8"));
}

async function writeTemp(name: string, content: string): Promise<string> {
  const file = path.join(tmp, name);
  await writeFile(file, content);
  return file;
}

describe("tools:validate", () => {
  it("accepts the Section 11 tool and sums it up on one line", async () => {
    const run = context([S11]);
    expect(await validateToolCommand(run.context)).toBe(0);
    expect(run.out[0]).toBe("surveys/s11/2026.1.json: valid (s11@2026.1, 12 standards, 56 scored items)");
    expect(run.err).toEqual([]);
  });

  it("says which of today's rules a tool published before them breaks, and still accepts it", async () => {
    const run = context([S11]);
    expect(await validateToolCommand(run.context)).toBe(0);
    expect(run.out[1]).toBe(
      "  Published before scoring rules version 2, so it still imports unchanged; a new version would be refused today:",
    );
    // One line for each of the nine essential items that offer "not applicable".
    expect(run.out.slice(2)).toHaveLength(9);
    expect(run.out[2]).toMatch(
      /^ {2}items\.s11_1_q1: page "1\. Leadership and accountability", question "Does a named member .*" is essential but offers not applicable \("na"\)/,
    );
  });

  it("refuses a new version whose essential item offers not applicable, naming the page and question", async () => {
    const tool = await s11Json();
    tool.version = "2027.1";
    const file = await writeTemp("new-with-na.json", JSON.stringify(tool));
    const validated = context([file]);
    expect(await validateToolCommand(validated.context)).toBe(1);
    expect(validated.err[0]).toBe(`${file}: not valid under today's rules`);
    expect(validated.err).toHaveLength(10);
    const imported = context([file]);
    expect(await importToolCommand(imported.context)).toBe(1);
    expect(imported.err[0]).toBe(`${file}: not imported`);
    expect(imported.err[1]).toMatch(/^ {2}items\.s11_1_q1: page "1\. Leadership and accountability"/);
    expect(await db("tools").count({ n: "*" }).first()).toEqual({ n: 0 });
  });

  it("rejects a tool whose item names an unknown standard and whose survey uses an unsupported element, naming both", async () => {
    const tool = await s11Json();
    const itemKey = Object.keys(tool.items)[0];
    tool.items[itemKey].standard = "S99";
    tool.survey.pages[0].elements.push({ type: "signaturepad", name: "signature" });
    const file = await writeTemp("broken.json", JSON.stringify(tool));
    const run = context([file]);

    expect(await validateToolCommand(run.context)).toBe(1);
    expect(run.out).toEqual([]);
    expect(run.err[0]).toBe(`${file}: not valid`);
    expect(run.err).toContain(`  items.${itemKey}.standard: unknown standard "S99"`);
    expect(
      run.err.some((line) =>
        /^ {2}survey\.pages\.0\.elements\.\d+: element "signature" has type "signaturepad", which is not supported/.test(line),
      ),
    ).toBe(true);
  });

  it("explains in one line that a missing file cannot be read", async () => {
    const file = path.join(tmp, "no-such-tool.json");
    const run = context([file]);
    expect(await validateToolCommand(run.context)).toBe(1);
    expect(run.err).toEqual([`Cannot read ${file}: there is no such file`]);
  });

  it("reports a file that is not JSON as such", async () => {
    const file = await writeTemp("not-json.json", '{ "code": "s11", ');
    const run = context([file]);
    expect(await validateToolCommand(run.context)).toBe(1);
    expect(run.err).toHaveLength(2);
    expect(run.err[0]).toBe(`${file}: not valid`);
    expect(run.err[1]).toMatch(/^ {2}The file is not valid JSON: /);
  });
});

describe("tools:import and tools:list", () => {
  it("imports a tool, leaves an identical re-import unchanged and refuses a changed definition under the same version", async () => {
    const first = context([S11]);
    expect(await importToolCommand(first.context)).toBe(0);
    const stored = await getToolByRef(db, "s11", "2026.1");
    expect(first.out).toEqual([`Imported s11@2026.1 (id ${stored!.id})`]);

    const again = context([S11]);
    expect(await importToolCommand(again.context)).toBe(0);
    expect(again.out).toEqual(["s11@2026.1 is already imported (unchanged)"]);

    const changed = await s11Json();
    changed.title = "Section 11 self-assessment (revised)";
    const file = await writeTemp("changed.json", JSON.stringify(changed));
    const refused = context([file]);
    expect(await importToolCommand(refused.context)).toBe(1);
    expect(refused.out).toEqual([]);
    expect(refused.err).toEqual([
      `${file}: not imported`,
      "  version: s11@2026.1 is already published and cannot change; give the revised tool a new version",
    ]);
    expect((await getToolByRef(db, "s11", "2026.1"))!.title).toBe("Section 11 self-assessment");
    expect(await db("tools").count({ n: "*" }).first()).toEqual({ n: 1 });
  });

  it("refuses to import an invalid tool and stores nothing", async () => {
    const tool = await s11Json();
    delete tool.standards;
    const file = await writeTemp("no-standards.json", JSON.stringify(tool));
    const run = context([file]);
    expect(await importToolCommand(run.context)).toBe(1);
    expect(run.err[0]).toBe(`${file}: not valid`);
    expect(run.err.slice(1).some((line) => line.startsWith("  standards: "))).toBe(true);
    expect(await db("tools").count({ n: "*" }).first()).toEqual({ n: 0 });
  });

  it("lists imported tools as a table with code, version, title, standards and imported date", async () => {
    await importToolCommand(context([S11]).context);
    const run = context([]);
    expect(await listToolsCommand(run.context)).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(run.out[0].split(/\s{2,}/)).toEqual(["code", "version", "title", "standards", "imported"]);
    expect(run.out[1].split(/\s{2,}/)).toEqual(["s11", "2026.1", "Section 11 self-assessment", "12", today]);
    expect(run.out).toHaveLength(2);
  });

  it("lists imported tools as a JSON array with --json", async () => {
    await importToolCommand(context([S11]).context);
    const run = context([], { json: true });
    expect(await listToolsCommand(run.context)).toBe(0);
    const listed = JSON.parse(run.out.join("\n"));
    expect(listed).toEqual([
      {
        id: expect.any(Number),
        code: "s11",
        version: "2026.1",
        title: "Section 11 self-assessment",
        kind: "s11",
        standards: 12,
        scoredItems: 56,
        importedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
  });

  it("says so when no tool is imported yet", async () => {
    const run = context([]);
    expect(await listToolsCommand(run.context)).toBe(0);
    expect(run.out).toEqual(["No tools are imported yet: import one with npm run cli -- tools:import <file>"]);
  });
});

describe("users:create", () => {
  it("creates an administrator with a generated password that is printed once and signs in", async () => {
    const run = context([], { email: " Ada@Example.org ", name: "Ada Lovelace", role: "admin" });
    expect(await createUserCommand(run.context)).toBe(0);
    expect(run.err).toEqual([]);
    expect(run.out[0]).toMatch(/^Created admin Ada Lovelace <ada@example\.org> \(id \d+\)$/);
    const password = /^Password \(shown only this once\): (\S+)$/.exec(run.out[1])?.[1];
    expect(password).toHaveLength(24);
    const login = await getLoginRecord(db, "ada@example.org");
    expect(login?.user).toMatchObject({ role: "admin", agencyId: null });
    expect(await verifyPassword(password!, login!.passwordHash)).toBe(true);
  });

  it("creates an agency lead for an agency named in any case, without echoing a given password", async () => {
    const agency = await createAgency(db, null, { name: "Northshire Police", sector: "police", contactEmail: null });
    const run = context([], {
      email: "lead@police.example.org",
      name: "Pat Lead",
      role: "agency_lead",
      agency: "northshire POLICE",
      password: "a long enough password",
    });
    expect(await createUserCommand(run.context)).toBe(0);
    expect(run.out).toEqual([
      expect.stringMatching(/^Created agency_lead Pat Lead <lead@police\.example\.org> at Northshire Police \(id \d+\)$/),
    ]);
    const login = await getLoginRecord(db, "lead@police.example.org");
    expect(login?.user.agencyId).toBe(agency.id);
    expect(await verifyPassword("a long enough password", login!.passwordHash)).toBe(true);
  });

  it("finds the agency by its id too", async () => {
    const agency = await createAgency(db, null, { name: "Northshire Council", sector: "local_authority", contactEmail: null });
    const run = context([], { email: "member@council.example.org", name: "Sam Member", role: "agency_member", agency: String(agency.id) });
    expect(await createUserCommand(run.context)).toBe(0);
    expect((await getLoginRecord(db, "member@council.example.org"))?.user.agencyId).toBe(agency.id);
  });

  it("refuses a second user with the same email address", async () => {
    await createUserCommand(context([], { email: "ada@example.org", name: "Ada Lovelace", role: "admin" }).context);
    const run = context([], { email: "ADA@example.org", name: "Another Ada", role: "qa" });
    expect(await createUserCommand(run.context)).toBe(1);
    expect(run.out).toEqual([]);
    expect(run.err).toEqual(["--email: A user with the email address ada@example.org already exists"]);
  });

  it("refuses an agency role without --agency with the form's message", async () => {
    const run = context([], { email: "lead@example.org", name: "Pat Lead", role: "agency_lead" });
    expect(await createUserCommand(run.context)).toBe(1);
    expect(run.err).toEqual(["--agency: Select the agency this person works for"]);
    expect(await getLoginRecord(db, "lead@example.org")).toBeNull();
  });

  it("refuses an agency that does not exist", async () => {
    const run = context([], { email: "lead@example.org", name: "Pat Lead", role: "agency_lead", agency: "Atlantis Police" });
    expect(await createUserCommand(run.context)).toBe(1);
    expect(run.err).toEqual(['--agency: no agency has the name or id "Atlantis Police"']);
  });

  it("refuses a partnership role given an agency", async () => {
    await createAgency(db, null, { name: "Northshire Police", sector: "police", contactEmail: null });
    const run = context([], { email: "qa@example.org", name: "Quinn", role: "qa", agency: "Northshire Police" });
    expect(await createUserCommand(run.context)).toBe(1);
    expect(run.err).toEqual(["--agency: partnership roles (admin, qa, board) do not belong to an agency; leave out --agency"]);
  });

  it("refuses an unknown role, listing the roles", async () => {
    const run = context([], { email: "wiz@example.org", name: "Wiz", role: "wizard" });
    expect(await createUserCommand(run.context)).toBe(1);
    expect(run.err).toEqual(['--role: "wizard" is not a role; use one of admin, qa, board, agency_lead, agency_member']);
  });

  it("refuses a bad email address and a short password, one line each", async () => {
    const run = context([], { email: "not-an-address", name: "Ada", role: "admin", password: "short" });
    expect(await createUserCommand(run.context)).toBe(1);
    expect(run.err).toEqual([
      "--email: Enter an email address in the correct format, like name@example.org",
      "--password: The temporary password must be 12 characters or more",
    ]);
  });
});

describe("the command line", () => {
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line), openDb: () => db } };
  }

  it("lists every command in its top-level help and exits 0", async () => {
    const run = capture();
    expect(await runCli(["--help"], run.io)).toBe(0);
    for (const name of ["tools:validate", "tools:import", "tools:list", "users:create"]) {
      expect(run.out.some((line) => line.trimStart().startsWith(name))).toBe(true);
    }
    expect(run.err).toEqual([]);
  });

  it("shows each command's usage and options with --help and exits 0", async () => {
    const run = capture();
    expect(await runCli(["users:create", "--help"], run.io)).toBe(0);
    expect(run.out[0]).toBe(
      "Usage: npm run cli -- users:create --email <address> --name <full name> --role <role> [--agency <name or id>] [--password <password>]",
    );
    for (const name of ["tools:validate", "tools:import", "tools:list"]) {
      const help = capture();
      expect(await runCli([name, "--help"], help.io)).toBe(0);
      expect(help.out[0]).toMatch(new RegExp(`^Usage: npm run cli -- ${name}`));
    }
  });

  it("refuses an unknown command in one line that lists the commands", async () => {
    const run = capture();
    expect(await runCli(["tools:delete"], run.io)).toBe(1);
    expect(run.err).toEqual([
      'Unknown command "tools:delete": use one of tools:validate, tools:import, tools:list, users:create, report, agencies:import, cycles:create, cycles:open, cycles:close, cycles:list, returns:import, returns:rescore, practitioner:open, practitioner:import, practitioner:close, indicators:import, observations:import, backup, restore, notifications:run',
    ]);
  });

  it("refuses an unknown option, a missing argument and a missing required option in one line each", async () => {
    const unknown = capture();
    expect(await runCli(["tools:list", "--csv"], unknown.io)).toBe(1);
    expect(unknown.err).toEqual(["tools:list: unknown option --csv (npm run cli -- tools:list --help shows the usage)"]);

    const noFile = capture();
    expect(await runCli(["tools:validate"], noFile.io)).toBe(1);
    expect(noFile.err).toEqual(["tools:validate: missing <file> (npm run cli -- tools:validate --help shows the usage)"]);

    const noEmail = capture();
    expect(await runCli(["users:create", "--name", "Ada", "--role", "admin"], noEmail.io)).toBe(1);
    expect(noEmail.err).toEqual(["users:create: give --email (npm run cli -- users:create --help shows the usage)"]);
  });

  it("prefixes the stack of an unexpected error with a one-line summary", async () => {
    await db("tools").insert({
      code: "broken",
      version: "1",
      title: "Broken",
      kind: "custom",
      definition: "{}",
      imported_at: "2026-01-01T00:00:00.000Z",
    });
    const run = capture();
    expect(await runCli(["tools:list"], run.io)).toBe(1);
    expect(run.out).toEqual([]);
    expect(run.err[0]).toMatch(
      /^tools:list failed unexpectedly \(this is a bug; please report it with the details below\): Stored tool broken@1 no longer validates: /,
    );
    expect(run.err[1]).toMatch(/^Error: Stored tool broken@1 no longer validates[^]*\n {4}at /);
  });

  it("passes parsed options through to the command", async () => {
    const run = capture();
    expect(
      await runCli(
        ["users:create", "--email", "ada@example.org", "--name", "Ada Lovelace", "--role", "admin", "--password", "a long enough password"],
        run.io,
      ),
    ).toBe(0);
    expect(run.out).toEqual([expect.stringMatching(/^Created admin Ada Lovelace <ada@example\.org> \(id \d+\)$/)]);
  });
});

describe("the real CLI process", () => {
  function cli(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "cli/index.ts", ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  it("imports into the database DATABASE_URL names, exits 0 and ends by itself", async () => {
    const databaseUrl = `file:${path.join(tmp, "spawned.db")}`;
    const imported = await cli(["tools:import", S11], databaseUrl);
    expect(imported).toEqual({ code: 0, stdout: "Imported s11@2026.1 (id 1)\n", stderr: "" });

    const listed = await cli(["tools:list", "--json"], databaseUrl);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((tool: { code: string; version: string }) => `${tool.code}@${tool.version}`)).toEqual([
      "s11@2026.1",
    ]);
  }, 30_000);

  it("exits 1 with a one-line reason for a missing file and for an unknown command", async () => {
    const databaseUrl = `file:${path.join(tmp, "unused.db")}`;
    const missing = await cli(["tools:validate", "surveys/none.json"], databaseUrl);
    expect(missing).toEqual({ code: 1, stdout: "", stderr: "Cannot read surveys/none.json: there is no such file\n" });

    const unknown = await cli(["cycles:frobnicate"], databaseUrl);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toBe(
      'Unknown command "cycles:frobnicate": use one of tools:validate, tools:import, tools:list, users:create, report, agencies:import, cycles:create, cycles:open, cycles:close, cycles:list, returns:import, returns:rescore, practitioner:open, practitioner:import, practitioner:close, indicators:import, observations:import, backup, restore, notifications:run\n',
    );
  }, 30_000);
});
