import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCycle } from "~/data/cycles.server";
import { createDb, migrate, type Db } from "~/data/db.server";
import { importTool } from "~/data/tools.server";
import { newVersionOf, importS11, makeAgency, makeCycle } from "../tests/support/factories";
import { differences, snapshot } from "../tests/support/snapshot";
import { xlsxBomb } from "../tests/support/zip-bomb";
import { commandNames } from "./index";
import { cliAgainst } from "../tests/support/cli";

/*
 * The CLI's bad-input sweep: every registered command is given missing arguments, unknown
 * options and bad values (ids that are not numbers or not there, missing files, malformed CSV/XLSX,
 * the wrong file type), through the real argument parser on a real migrated database. Each must exit
 * non-zero with a one-line message on stderr naming the problem (the problems it sums up may follow,
 * indented), print nothing on stdout, show no stack trace, and change no table. A command registered
 * in cli/index.ts without cases here fails.
 */

let dir: string;
let url: string;
let db: Db;
const ids = { openCycle: 0, draftCycle: 0, survey: 0 };
/** An .xlsx of a few hundred KB whose sheet inflates to 450 MB, its ZIP directory saying 2 KB (made in beforeAll). */
let bomb: Buffer;

const run = cliAgainst(() => url);
const cli = (argv: string[]) => run(...argv);

function file(name: string, content: string | Uint8Array): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, content);
  return target;
}

interface CliCase {
  name: string;
  argv: () => string[];
  /** Text the first line of stderr must contain. */
  message: string | (() => string);
}

const USAGE_FILES = {
  missing: () => path.join(dir, "no-such-file.csv"),
  text: () => file("notes.txt", "just some words\n"),
  emptyCsv: () => file("empty.csv", ""),
  noColumns: () => file("columns.csv", "something,else\n1,2\n"),
  fakeXlsx: () => file("fake.xlsx", "this is not a zip"),
  bombXlsx: () => file("bomb.xlsx", bomb),
  brokenJson: () => file("broken.json", "{ not json"),
  notATool: () => file("not-a-tool.json", '{"code": 5}'),
};

/** Every registered command: its bad command lines and the words its refusal must use. */
const SWEEP: Record<string, CliCase[]> = {
  "tools:validate": [
    { name: "no file", argv: () => ["tools:validate"], message: "tools:validate: missing <file>" },
    { name: "unknown option", argv: () => ["tools:validate", "x.json", "--force"], message: "tools:validate: unknown option --force" },
    { name: "two files", argv: () => ["tools:validate", "a.json", "b.json"], message: 'tools:validate: unexpected argument "b.json"' },
    { name: "a missing file", argv: () => ["tools:validate", USAGE_FILES.missing()], message: "there is no such file" },
    { name: "malformed JSON", argv: () => ["tools:validate", USAGE_FILES.brokenJson()], message: "broken.json: not valid" },
    { name: "the wrong file type", argv: () => ["tools:validate", USAGE_FILES.text()], message: "notes.txt: not valid" },
    { name: "JSON that is not a tool", argv: () => ["tools:validate", USAGE_FILES.notATool()], message: "not-a-tool.json: not valid" },
  ],
  "tools:import": [
    { name: "no file", argv: () => ["tools:import"], message: "tools:import: missing <file>" },
    { name: "unknown option", argv: () => ["tools:import", "x.json", "--publish"], message: "tools:import: unknown option --publish" },
    { name: "a missing file", argv: () => ["tools:import", USAGE_FILES.missing()], message: "there is no such file" },
    { name: "malformed JSON", argv: () => ["tools:import", USAGE_FILES.brokenJson()], message: "broken.json: not valid" },
    { name: "the wrong file type", argv: () => ["tools:import", USAGE_FILES.text()], message: "notes.txt: not valid" },
    { name: "JSON that is not a tool", argv: () => ["tools:import", USAGE_FILES.notATool()], message: "not-a-tool.json: not valid" },
  ],
  "tools:list": [
    { name: "unknown option", argv: () => ["tools:list", "--csv"], message: "tools:list: unknown option --csv" },
    { name: "a value for a flag", argv: () => ["tools:list", "--json=yes"], message: "tools:list: --json takes no value" },
    { name: "an argument", argv: () => ["tools:list", "all"], message: 'tools:list: unexpected argument "all"' },
  ],
  "users:create": [
    { name: "no options", argv: () => ["users:create"], message: "users:create: give --email, --name, --role" },
    { name: "an option without its value", argv: () => ["users:create", "--email"], message: "users:create: --email needs a value" },
    {
      name: "unknown option",
      argv: () => ["users:create", "--email", "a@example.org", "--name", "A", "--role", "qa", "--admin"],
      message: "users:create: unknown option --admin",
    },
    {
      name: "unknown role",
      argv: () => ["users:create", "--email", "a@example.org", "--name", "A Person", "--role", "superuser"],
      message: '--role: "superuser" is not a role',
    },
    {
      name: "malformed email",
      argv: () => ["users:create", "--email", "not-an-email", "--name", "A Person", "--role", "qa"],
      message: "--email: Enter an email address in the correct format",
    },
    {
      name: "over-long name",
      argv: () => ["users:create", "--email", "a@example.org", "--name", "x".repeat(100_000), "--role", "qa"],
      message: "--name: The name must be 200 characters or fewer",
    },
    {
      name: "a short password",
      argv: () => ["users:create", "--email", "a@example.org", "--name", "A Person", "--role", "qa", "--password", "short"],
      message: "--password: The temporary password must be 12 characters or more",
    },
    {
      name: "an agency role without an agency",
      argv: () => ["users:create", "--email", "a@example.org", "--name", "A Person", "--role", "agency_lead"],
      message: "--agency: Select the agency this person works for",
    },
    {
      name: "an agency that does not exist",
      argv: () => ["users:create", "--email", "a@example.org", "--name", "A Person", "--role", "agency_lead", "--agency", "999999"],
      message: '--agency: no agency has the name or id "999999"',
    },
    {
      name: "an email already in use",
      argv: () => ["users:create", "--email", "taken@example.org", "--name", "A Person", "--role", "qa"],
      message: "--email: A user with the email address taken@example.org already exists",
    },
  ],
  report: [
    {
      name: "no kind",
      argv: () => ["report", "--cycle", "1", "--format", "csv", "--out", path.join(dir, "r.csv")],
      message: "report: missing <kind>",
    },
    { name: "no options", argv: () => ["report", "baseline"], message: "report: give --format, --out" },
    {
      name: "a cycle report without --cycle",
      argv: () => ["report", "baseline", "--format", "csv", "--out", path.join(dir, "r.csv")],
      message: "--cycle: the baseline report is of one cycle",
    },
    {
      name: "a scorecard of a cycle",
      argv: () => ["report", "scorecard", "--cycle", "1", "--format", "csv", "--out", path.join(dir, "s.csv")],
      message: "the scorecard is the partnership's, not a cycle's",
    },
    {
      name: "a scorecard from a bad period",
      argv: () => ["report", "scorecard", "--from", "2026-Q5", "--format", "csv", "--out", path.join(dir, "s.csv")],
      message: '--from: "2026-Q5" is not a period',
    },
    {
      name: "a scorecard ending before it starts",
      argv: () => ["report", "scorecard", "--from", "2026-Q3", "--to", "2026-Q1", "--format", "csv", "--out", path.join(dir, "s.csv")],
      message: "--to: 2026-Q1 is before --from 2026-Q3",
    },
    {
      name: "--from on a cycle report",
      argv: () => [
        "report",
        "baseline",
        "--cycle",
        String(ids.openCycle),
        "--from",
        "2026-Q1",
        "--format",
        "csv",
        "--out",
        path.join(dir, "r.csv"),
      ],
      message: "--from and --to choose the scorecard's periods",
    },
    {
      name: "unknown kind",
      argv: () => ["report", "everything", "--cycle", "1", "--format", "csv", "--out", path.join(dir, "r.csv")],
      message: '"everything" is not a report',
    },
    {
      name: "letters for the cycle",
      argv: () => ["report", "baseline", "--cycle", "abc", "--format", "csv", "--out", path.join(dir, "r.csv")],
      message: '--cycle: "abc" is not a cycle id',
    },
    {
      name: "a cycle that does not exist",
      argv: () => ["report", "baseline", "--cycle", "999999", "--format", "csv", "--out", path.join(dir, "r.csv")],
      message: "--cycle: there is no cycle with id 999999",
    },
    {
      name: "unknown format",
      argv: () => ["report", "baseline", "--cycle", String(ids.openCycle), "--format", "pdfx", "--out", path.join(dir, "r.csv")],
      message: '--format: "pdfx" is not a format',
    },
    {
      name: "a comparison without --against",
      argv: () => ["report", "comparison", "--cycle", String(ids.openCycle), "--format", "csv", "--out", path.join(dir, "r.csv")],
      message: "--against: the comparison report needs the earlier cycle",
    },
    {
      name: "letters for --against",
      argv: () => [
        "report",
        "comparison",
        "--cycle",
        String(ids.openCycle),
        "--against",
        "abc",
        "--format",
        "csv",
        "--out",
        path.join(dir, "r.csv"),
      ],
      message: '--against: "abc" is not a cycle id',
    },
    {
      name: "--against for another report",
      argv: () => [
        "report",
        "baseline",
        "--cycle",
        String(ids.openCycle),
        "--against",
        "1",
        "--format",
        "csv",
        "--out",
        path.join(dir, "r.csv"),
      ],
      message: "--against compares two cycles",
    },
    {
      name: "a folder that does not exist",
      argv: () => [
        "report",
        "baseline",
        "--cycle",
        String(ids.openCycle),
        "--format",
        "csv",
        "--out",
        path.join(dir, "no-such-folder", "r.csv"),
      ],
      message: "r.csv: its folder does not exist",
    },
    {
      name: "an assurance report of a cycle that does not exist",
      argv: () => ["report", "assurance", "--cycle", "999999", "--format", "json", "--out", path.join(dir, "a.json")],
      message: "--cycle: there is no cycle with id 999999",
    },
    {
      name: "an assurance report in an unknown format",
      argv: () => ["report", "assurance", "--cycle", String(ids.openCycle), "--format", "pdf", "--out", path.join(dir, "a.pdf")],
      message: '--format: "pdf" is not a format',
    },
  ],
  "agencies:import": [
    { name: "no file", argv: () => ["agencies:import"], message: "agencies:import: missing <file>" },
    { name: "unknown option", argv: () => ["agencies:import", "a.csv", "--dry-run"], message: "agencies:import: unknown option --dry-run" },
    { name: "a missing file", argv: () => ["agencies:import", USAGE_FILES.missing()], message: "there is no such file" },
    { name: "the wrong file type", argv: () => ["agencies:import", USAGE_FILES.text()], message: "give a .csv or .xlsx file" },
    { name: "an empty CSV", argv: () => ["agencies:import", USAGE_FILES.emptyCsv()], message: "empty.csv has no agencies" },
    {
      name: "a CSV without the columns",
      argv: () => ["agencies:import", USAGE_FILES.noColumns()],
      message: 'columns.csv has no "name" column',
    },
    {
      name: "malformed XLSX",
      argv: () => ["agencies:import", USAGE_FILES.fakeXlsx()],
      message: "fake.xlsx could not be read: it is not an Excel workbook (.xlsx)",
    },
    {
      name: "an XLSX zip bomb",
      argv: () => ["agencies:import", USAGE_FILES.bombXlsx()],
      message: "bomb.xlsx could not be read: it is too large to read (it unpacks to more than 50 MB)",
    },
    {
      name: "a bad row",
      argv: () => ["agencies:import", file("bad-row.csv", "name,sector,contact email\nSweep Agency,pirates,x@example.org\n")],
      message: "bad-row.csv: nothing imported, 1 problem to fix",
    },
    {
      name: "malformed CSV quoting",
      argv: () => ["agencies:import", file("quotes.csv", 'name,sector\n"Sweep Agency,health\n')],
      message: "quotes.csv could not be read: A quoted field that starts on line 2 is never closed",
    },
  ],
  "cycles:create": [
    { name: "no options", argv: () => ["cycles:create"], message: "cycles:create: give --tool, --title, --opens, --due" },
    {
      name: "unknown option",
      argv: () => ["cycles:create", "--tool", "s11@2026.1", "--title", "T", "--opens", "2027-01-04", "--due", "2027-03-31", "--open-now"],
      message: "cycles:create: unknown option --open-now",
    },
    {
      name: "a malformed tool",
      argv: () => ["cycles:create", "--tool", "s11", "--title", "T", "--opens", "2027-01-04", "--due", "2027-03-31"],
      message: "--tool: give the tool as code@version",
    },
    {
      name: "a tool that does not exist",
      argv: () => ["cycles:create", "--tool", "s11@1999.1", "--title", "T", "--opens", "2027-01-04", "--due", "2027-03-31"],
      message: "--tool: there is no published tool s11@1999.1",
    },
    {
      name: "a draft tool",
      argv: () => ["cycles:create", "--tool", "sweep@2026.1", "--title", "T", "--opens", "2027-01-04", "--due", "2027-03-31"],
      message: "--tool: there is no published tool sweep@2026.1",
    },
    {
      name: "31 February",
      argv: () => ["cycles:create", "--tool", "s11@2026.1", "--title", "T", "--opens", "2026-02-31", "--due", "2027-03-31"],
      message: '--opens: give a real date as YYYY-MM-DD (got "2026-02-31")',
    },
    {
      name: "letters for a date",
      argv: () => ["cycles:create", "--tool", "s11@2026.1", "--title", "T", "--opens", "soon", "--due", "2027-03-31"],
      message: '--opens: give a real date as YYYY-MM-DD (got "soon")',
    },
    {
      name: "due before it opens",
      argv: () => ["cycles:create", "--tool", "s11@2026.1", "--title", "T", "--opens", "2027-03-31", "--due", "2027-01-04"],
      message: "--due: The due date must be the same as or after the opening date",
    },
    {
      name: "over-long title",
      argv: () => ["cycles:create", "--tool", "s11@2026.1", "--title", "x".repeat(100_000), "--opens", "2027-01-04", "--due", "2027-03-31"],
      message: "--title: The title must be 200 characters or fewer",
    },
    {
      name: "unknown sector",
      argv: () => [
        "cycles:create",
        "--tool",
        "s11@2026.1",
        "--title",
        "T",
        "--opens",
        "2027-01-04",
        "--due",
        "2027-03-31",
        "--sectors",
        "pirates",
      ],
      message: "--sectors: Select sectors from the list",
    },
    {
      name: "both --sectors and --agencies",
      argv: () => [
        "cycles:create",
        "--tool",
        "s11@2026.1",
        "--title",
        "T",
        "--opens",
        "2027-01-04",
        "--due",
        "2027-03-31",
        "--sectors",
        "police",
        "--agencies",
        "all",
      ],
      message: "Give either --sectors or --agencies all, not both",
    },
    {
      name: "--agencies other than all",
      argv: () => [
        "cycles:create",
        "--tool",
        "s11@2026.1",
        "--title",
        "T",
        "--opens",
        "2027-01-04",
        "--due",
        "2027-03-31",
        "--agencies",
        "some",
      ],
      message: '--agencies: only "all" is accepted',
    },
  ],
  "returns:rescore": [
    { name: "no arguments", argv: () => ["returns:rescore"], message: "returns:rescore: missing <cycle-id>" },
    {
      name: "letters for the cycle",
      argv: () => ["returns:rescore", "one"],
      message: 'give the cycle\'s id as a number (cycles:list shows it), not "one"',
    },
    { name: "a cycle that does not exist", argv: () => ["returns:rescore", "999999"], message: "There is no cycle 999999" },
    { name: "unknown option", argv: () => ["returns:rescore", "1", "--force"], message: "returns:rescore: unknown option --force" },
  ],
  "cycles:open": [
    { name: "no id", argv: () => ["cycles:open"], message: "cycles:open: missing <id>" },
    {
      name: "letters for the id",
      argv: () => ["cycles:open", "abc"],
      message: 'Give the cycle\'s id as a number (cycles:list shows it), not "abc"',
    },
    { name: "a negative id", argv: () => ["cycles:open", "--", "-1"], message: 'not "-1"' },
    { name: "a cycle that does not exist", argv: () => ["cycles:open", "999999"], message: "There is no cycle 999999" },
    { name: "a cycle already open", argv: () => ["cycles:open", String(ids.openCycle)], message: "This cycle is already open" },
    { name: "unknown option", argv: () => ["cycles:open", "1", "--force"], message: "cycles:open: unknown option --force" },
  ],
  "cycles:close": [
    { name: "no id", argv: () => ["cycles:close"], message: "cycles:close: missing <id>" },
    { name: "letters for the id", argv: () => ["cycles:close", "1.5"], message: 'not "1.5"' },
    { name: "a cycle that does not exist", argv: () => ["cycles:close", "999999"], message: "There is no cycle 999999" },
    { name: "a draft cycle", argv: () => ["cycles:close", String(ids.draftCycle)], message: "Open the cycle before closing it" },
  ],
  "cycles:list": [
    { name: "unknown option", argv: () => ["cycles:list", "--all"], message: "cycles:list: unknown option --all" },
    { name: "an argument", argv: () => ["cycles:list", "open"], message: 'cycles:list: unexpected argument "open"' },
  ],
  "returns:import": [
    { name: "no arguments", argv: () => ["returns:import"], message: "returns:import: missing <cycle-id> <file>" },
    { name: "no file", argv: () => ["returns:import", "1"], message: "returns:import: missing <file>" },
    {
      name: "letters for the cycle",
      argv: () => ["returns:import", "one", file("ok.csv", "agency,question,value\nSweep Police,s11_1_q1,fully\n")],
      message: 'give the cycle\'s id as a number (cycles:list shows it), not "one"',
    },
    {
      name: "a cycle that does not exist",
      argv: () => ["returns:import", "999999", file("ok.csv", "agency,question,value\nSweep Police,s11_1_q1,fully\n")],
      message: "There is no cycle 999999",
    },
    {
      name: "a draft cycle",
      argv: () => ["returns:import", String(ids.draftCycle), file("ok.csv", "agency,question,value\nSweep Police,s11_1_q1,fully\n")],
      message: "is a draft: open it first",
    },
    {
      name: "a missing file",
      argv: () => ["returns:import", String(ids.openCycle), USAGE_FILES.missing()],
      message: "there is no such file",
    },
    {
      name: "the wrong file type",
      argv: () => ["returns:import", String(ids.openCycle), USAGE_FILES.text()],
      message: "give a .csv or .xlsx file",
    },
    {
      name: "a CSV without the columns",
      argv: () => ["returns:import", String(ids.openCycle), USAGE_FILES.noColumns()],
      message: 'has no "agency" column',
    },
    {
      name: "an empty CSV",
      argv: () => ["returns:import", String(ids.openCycle), USAGE_FILES.emptyCsv()],
      message: 'empty.csv has no "agency" column',
    },
    {
      name: "malformed XLSX",
      argv: () => ["returns:import", String(ids.openCycle), USAGE_FILES.fakeXlsx()],
      message: "fake.xlsx could not be read: it is not an Excel workbook (.xlsx)",
    },
    {
      name: "an XLSX zip bomb",
      argv: () => ["returns:import", String(ids.openCycle), USAGE_FILES.bombXlsx()],
      message: "bomb.xlsx could not be read: it is too large to read (it unpacks to more than 50 MB)",
    },
    {
      name: "bad rows",
      argv: () => [
        "returns:import",
        String(ids.openCycle),
        file(
          "bad-rows.csv",
          "agency,question,value\nSweep Police,s11_1_q1,superb\nNobody,s11_1_q1,fully\nSweep Police,no_such_question,fully\n",
        ),
      ],
      message: "bad-rows.csv: nothing imported, 3 problems to fix",
    },
    { name: "unknown option", argv: () => ["returns:import", "1", "a.csv", "--force"], message: "returns:import: unknown option --force" },
  ],
  "practitioner:open": [
    {
      name: "no cycle",
      argv: () => ["practitioner:open", "--tool", "practitioner-s11@2026.1"],
      message: "practitioner:open: missing <cycle-id>",
    },
    { name: "no tool", argv: () => ["practitioner:open", String(ids.openCycle)], message: "practitioner:open: give --tool" },
    {
      name: "letters for the cycle",
      argv: () => ["practitioner:open", "one", "--tool", "practitioner-s11@2026.1"],
      message: 'give the cycle\'s id as a number (cycles:list shows it), not "one"',
    },
    {
      name: "a tool without a version",
      argv: () => ["practitioner:open", String(ids.openCycle), "--tool", "practitioner-s11"],
      message: "--tool: give the practitioner survey as code@version",
    },
    {
      name: "a tool that does not exist",
      argv: () => ["practitioner:open", String(ids.openCycle), "--tool", "nothing@1"],
      message: "--tool: there is no published tool nothing@1",
    },
    {
      name: "a tool that is not a practitioner survey",
      argv: () => ["practitioner:open", String(ids.openCycle), "--tool", "s11@2026.1"],
      message: "is not a practitioner survey",
    },
    {
      name: "a cycle that does not exist",
      argv: () => ["practitioner:open", "999999", "--tool", "practitioner-s11@2026.1"],
      message: "There is no cycle 999999",
    },
    {
      name: "a draft cycle",
      argv: () => ["practitioner:open", String(ids.draftCycle), "--tool", "practitioner-s11@2026.1"],
      message: "Open the cycle before its practitioner survey",
    },
    {
      name: "a cycle with a survey running",
      argv: () => ["practitioner:open", String(ids.openCycle), "--tool", "practitioner-s11@2026.1"],
      message: "already has a practitioner survey running",
    },
    {
      name: "a date that is not real",
      argv: () => ["practitioner:open", String(ids.openCycle), "--tool", "practitioner-s11@2026.1", "--closes", "2027-02-30"],
      message: "--closes: give the closing date as YYYY-MM-DD, a real date",
    },
    {
      name: "a closing date in the past",
      argv: () => ["practitioner:open", String(ids.openCycle), "--tool", "practitioner-s11@2026.1", "--closes", "2001-01-01"],
      message: "--closes: 2001-01-01 is in the past",
    },
    {
      name: "unknown option",
      argv: () => ["practitioner:open", "1", "--tool", "a@1", "--opens", "2027-01-01"],
      message: "practitioner:open: unknown option --opens",
    },
  ],
  "practitioner:import": [
    { name: "no arguments", argv: () => ["practitioner:import"], message: "practitioner:import: missing <survey-id> <file>" },
    {
      name: "letters for the survey",
      argv: () => ["practitioner:import", "one", file("p.csv", "response,agency,role,question,value\n1,Sweep Police,,p1,agree\n")],
      message: 'give the survey\'s id as a number (practitioner:open prints it), not "one"',
    },
    {
      name: "a survey that does not exist",
      argv: () => ["practitioner:import", "999999", file("p.csv", "response,agency,role,question,value\n1,Sweep Police,,p1,agree\n")],
      message: "There is no practitioner survey 999999",
    },
    {
      name: "a missing file",
      argv: () => ["practitioner:import", String(ids.survey), USAGE_FILES.missing()],
      message: "there is no such file",
    },
    {
      name: "the wrong file type",
      argv: () => ["practitioner:import", String(ids.survey), USAGE_FILES.text()],
      message: "give a .csv or .xlsx file",
    },
    {
      name: "a CSV without the columns",
      argv: () => ["practitioner:import", String(ids.survey), USAGE_FILES.noColumns()],
      message: 'has no "response" column',
    },
    {
      name: "an empty CSV",
      argv: () => ["practitioner:import", String(ids.survey), USAGE_FILES.emptyCsv()],
      message: 'empty.csv has no "response" column',
    },
    {
      name: "malformed XLSX",
      argv: () => ["practitioner:import", String(ids.survey), USAGE_FILES.fakeXlsx()],
      message: "fake.xlsx could not be read",
    },
    {
      name: "bad rows",
      argv: () => [
        "practitioner:import",
        String(ids.survey),
        file(
          "bad-responses.csv",
          "response,agency,role,question,value\n1,Sweep Police,boss,p1,agree\n2,Sweep Police,,p1,superb\n3,Nobody,,p1,agree\n,Sweep Police,,p1,agree\n",
        ),
      ],
      message: "bad-responses.csv: nothing imported",
    },
    {
      name: "a response missing required answers",
      argv: () => [
        "practitioner:import",
        String(ids.survey),
        file("part.csv", "response,agency,role,question,value\n1,Sweep Police,frontline,p1,agree\n"),
      ],
      message: "part.csv: nothing imported, 15 problems to fix",
    },
    {
      name: "unknown option",
      argv: () => ["practitioner:import", "1", "a.csv", "--force"],
      message: "practitioner:import: unknown option --force",
    },
  ],
  "practitioner:close": [
    { name: "no survey", argv: () => ["practitioner:close"], message: "practitioner:close: missing <survey-id>" },
    {
      name: "letters for the survey",
      argv: () => ["practitioner:close", "one"],
      message: 'give the survey\'s id as a number (practitioner:open prints it), not "one"',
    },
    {
      name: "a survey that does not exist",
      argv: () => ["practitioner:close", "999999"],
      message: "There is no practitioner survey 999999",
    },
    {
      name: "unknown option",
      argv: () => ["practitioner:close", String(ids.survey), "--now"],
      message: "practitioner:close: unknown option --now",
    },
  ],
  "indicators:import": [
    { name: "no file", argv: () => ["indicators:import"], message: "indicators:import: missing <file>" },
    { name: "a missing file", argv: () => ["indicators:import", USAGE_FILES.missing()], message: "there is no such file" },
    { name: "the wrong file type", argv: () => ["indicators:import", USAGE_FILES.text()], message: "give a .csv or .xlsx file" },
    { name: "a CSV without the columns", argv: () => ["indicators:import", USAGE_FILES.noColumns()], message: 'has no "code" column' },
    { name: "malformed XLSX", argv: () => ["indicators:import", USAGE_FILES.fakeXlsx()], message: "fake.xlsx could not be read" },
    {
      name: "bad rows",
      argv: () => [
        "indicators:import",
        file(
          "bad-indicators.csv",
          "code,title,definition,unit,polarity,target,green,amber,frequency,quadrant,theme,owner\nX-1,Thing,Counted,percent,higher,90,5,1,quarterly,how_well,plans,\nX-2,Thing,Counted,furlongs,higher,,,,quarterly,how_well,plans,\nX-3,Thing,Counted,count,higher,,,,quarterly,how_well,plans,Nobody\n",
        ),
      ],
      message: "bad-indicators.csv: nothing imported, 3 problems to fix",
    },
    { name: "unknown option", argv: () => ["indicators:import", "a.csv", "--force"], message: "indicators:import: unknown option --force" },
  ],
  "observations:import": [
    { name: "no file", argv: () => ["observations:import"], message: "observations:import: missing <file>" },
    { name: "a missing file", argv: () => ["observations:import", USAGE_FILES.missing()], message: "there is no such file" },
    { name: "the wrong file type", argv: () => ["observations:import", USAGE_FILES.text()], message: "give a .csv or .xlsx file" },
    {
      name: "a CSV without the columns",
      argv: () => ["observations:import", USAGE_FILES.noColumns()],
      message: 'has no "indicator" column',
    },
    { name: "an empty CSV", argv: () => ["observations:import", USAGE_FILES.emptyCsv()], message: 'empty.csv has no "indicator" column' },
    { name: "malformed XLSX", argv: () => ["observations:import", USAGE_FILES.fakeXlsx()], message: "fake.xlsx could not be read" },
    {
      name: "bad rows",
      argv: () => [
        "observations:import",
        file("bad-observations.csv", "indicator,period,agency,value\nNOPE,2026-Q1,,5\nNOPE,2026-Q1,,lots\n"),
      ],
      message: "bad-observations.csv: nothing imported, 1 problem to fix",
    },
    {
      name: "unknown option",
      argv: () => ["observations:import", "a.csv", "--force"],
      message: "observations:import: unknown option --force",
    },
  ],
  backup: [
    { name: "no file", argv: () => ["backup"], message: "backup: missing <file>" },
    { name: "a file that exists", argv: () => ["backup", USAGE_FILES.text()], message: "already exists: choose a new file name" },
    {
      name: "a folder that does not exist",
      argv: () => ["backup", path.join(dir, "no-such-folder", "copy.db")],
      message: "does not exist",
    },
    { name: "unknown option", argv: () => ["backup", "copy.db", "--overwrite"], message: "backup: unknown option --overwrite" },
  ],
  restore: [
    { name: "no file", argv: () => ["restore"], message: "restore: missing <file>" },
    { name: "a missing file", argv: () => ["restore", USAGE_FILES.missing()], message: "no-such-file.csv: there is no such file" },
    {
      name: "a file that is not a database",
      argv: () => ["restore", USAGE_FILES.text()],
      message: "notes.txt is not a backup made by this application",
    },
    { name: "an empty file", argv: () => ["restore", file("empty.db", "")], message: "empty.db is not a backup made by this application" },
    { name: "unknown option", argv: () => ["restore", "copy.db", "--yes"], message: "restore: unknown option --yes" },
  ],
  "notifications:run": [
    { name: "unknown option", argv: () => ["notifications:run", "--dry-run"], message: "notifications:run: unknown option --dry-run" },
    { name: "an argument", argv: () => ["notifications:run", "now"], message: 'notifications:run: unexpected argument "now"' },
  ],
};

/** Bad command lines that reach no command. */
const TOP_LEVEL: CliCase[] = [
  { name: "no command", argv: () => [], message: "Give a command:" },
  { name: "an unknown command", argv: () => ["tools:delete"], message: 'Unknown command "tools:delete"' },
  {
    name: "an option before the command",
    argv: () => ["--verbose", "tools:list"],
    message: "Unknown option --verbose: give a command first",
  },
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-sweep-"));
  url = `file:${path.join(dir, "app.db")}`;
  db = createDb(url);
  await migrate(db);
  bomb = await xlsxBomb({ megabytes: 450, declaredSize: 2_000 });
  const tool = await importS11(db);
  const draftTool = newVersionOf("surveys/s11/2026.1.json");
  const drafted = await importTool(db, null, { ...draftTool, code: "sweep" }, { status: "draft" });
  if (!drafted.ok) throw new Error(drafted.errors.join("; "));
  const police = await makeAgency(db, { name: "Sweep Police", sector: "police" });
  await makeAgency(db, { name: "Sweep Hospitals", sector: "health" });
  ids.openCycle = await makeCycle(db, tool, { agencyIds: [police.id] });
  ids.draftCycle = await createCycle(db, null, {
    toolId: tool.id,
    title: "Sweep draft",
    opensOn: "2027-01-04",
    dueOn: "2027-03-31",
    finalDeadlineOn: null,
    selection: { all: true },
  });
  const practitioner = await importTool(db, null, JSON.parse(fs.readFileSync("surveys/practitioner-s11/2026.1.json", "utf8")));
  if (!practitioner.ok) throw new Error(practitioner.errors.join("; "));
  const opened = await cli(["practitioner:open", String(ids.openCycle), "--tool", "practitioner-s11@2026.1", "--closes", "2099-12-31"]);
  if (opened.code !== 0) throw new Error(opened.err.join("\n"));
  ids.survey = Number(opened.out[0]);
  const taken = await cli([
    "users:create",
    "--email",
    "taken@example.org",
    "--name",
    "Taken",
    "--role",
    "qa",
    "--password",
    "a-long-enough-password",
  ]);
  if (taken.code !== 0) throw new Error(taken.err.join("\n"));
});

afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function expectRefused(item: CliCase): Promise<string[]> {
  const problems: string[] = [];
  const argv = item.argv();
  const shown = argv.map((arg) => (arg.length > 60 ? `${arg.slice(0, 20)}…(${arg.length} characters)` : arg)).join(" ");
  const before = await snapshot(db, "all");
  const { code, out, err } = await cli(argv);
  const after = await snapshot(db, "all");
  const message = typeof item.message === "function" ? item.message() : item.message;
  const where = `${item.name} (${shown})`;
  if (code === 0) problems.push(`${where}: exited 0`);
  if (out.length > 0) problems.push(`${where}: printed on stdout: ${out.join(" / ").slice(0, 200)}`);
  if (err.length === 0) problems.push(`${where}: said nothing on stderr`);
  else if (!err[0].includes(message))
    problems.push(`${where}: expected the first line of stderr to say "${message}", it says: ${err[0].slice(0, 300)}`);
  if (err.some((line) => /^\s+at .+[:(]/m.test(line) || /this is a bug/.test(line)))
    problems.push(`${where}: a stack trace or "this is a bug": ${err.join("\n").slice(0, 500)}`);
  if (err[0]?.includes("\n")) problems.push(`${where}: the first line of stderr spans several lines`);
  const written = differences(before, after);
  if (written.length > 0) problems.push(`${where}: wrote ${written.join("; ")}`);
  return problems;
}

describe("the CLI's bad-input sweep", () => {
  it("has cases for every registered command, and none for a command that is gone", () => {
    const names = commandNames();
    expect(
      names.filter((name) => !(name in SWEEP)),
      "commands in cli/index.ts without cases in cli/sweep.test.ts",
    ).toEqual([]);
    expect(
      Object.keys(SWEEP).filter((name) => !names.includes(name)),
      "cases in cli/sweep.test.ts for commands that are not registered",
    ).toEqual([]);
    for (const [name, cases] of Object.entries(SWEEP)) expect(cases.length, `${name} has no cases`).toBeGreaterThan(0);
  });

  it("refuses bad command lines that reach no command", async () => {
    const problems: string[] = [];
    for (const item of TOP_LEVEL) problems.push(...(await expectRefused(item)));
    expect(problems, problems.join("\n")).toEqual([]);
  });

  for (const [name, cases] of Object.entries(SWEEP)) {
    it(`${name}: every bad command line exits 1 with a one-line reason and changes nothing`, async () => {
      const problems: string[] = [];
      for (const item of cases) problems.push(...(await expectRefused(item)));
      expect(problems, problems.join("\n")).toEqual([]);
    });
  }
});
