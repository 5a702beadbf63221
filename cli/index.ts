import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import knexFactory from "knex";
import { knexConfig, migrate, type Db } from "~/data/db.server";
import { importAgenciesCommand } from "./commands/agencies";
import { backupCommand, restoreCommand } from "./commands/backup";
import { importReturnsCommand, rescoreReturnsCommand } from "./commands/returns";
import { closeCycleCommand, createCycleCommand, listCyclesCommand, openCycleCommand } from "./commands/cycles";
import { importToolCommand, listToolsCommand, validateToolCommand } from "./commands/tools";
import { createUserCommand, ROLE_LIST } from "./commands/users";
import { FORMAT_LIST, REPORT_KINDS, reportCommand } from "./commands/report";
import { runNotificationsCommand } from "./commands/notifications";
import { closePractitionerCommand, importPractitionerCommand, openPractitionerCommand } from "./commands/practitioner";
import { importIndicatorsCommand, importObservationsCommand } from "./commands/scorecard";

/**
 * The business office's command line (DESIGN §9): `npm run cli -- <command>`. Exit 0 on success;
 * every failure, whether a usage mistake or a refusal, exits 1 with a one-line reason on stderr
 * (the reason may be followed by the problems it sums up, one per line). Only a genuine bug prints
 * a stack trace, after a one-line summary. Results go to stdout, everything about a failure to stderr.
 */

export type CommandOptions = Record<string, string | boolean | undefined>;

/** What a command receives; tests build one directly and capture `out` and `err` line by line. */
export interface CommandContext {
  args: string[];
  options: CommandOptions;
  db?: Db;
  out: (line: string) => void;
  err: (line: string) => void;
}

export type DbCommandContext = CommandContext & { db: Db };

interface OptionSpec {
  type: "string" | "boolean";
  /** The placeholder shown in help, for string options. */
  value?: string;
  required?: boolean;
  description: string;
}

interface CommandBase {
  name: string;
  summary: string;
  /** Extra help paragraphs, one line each. */
  details: string[];
  positionals: string[];
  options: Record<string, OptionSpec>;
}

type Command =
  | (CommandBase & { usesDb: false; run: (context: CommandContext) => Promise<number> })
  | (CommandBase & { usesDb: true; run: (context: DbCommandContext) => Promise<number> });

const INVOCATION = "npm run cli --";

const COMMANDS: Command[] = [
  {
    name: "tools:validate",
    summary: "Check a tool definition file against the tool format, without touching the database",
    details: ["Lists every problem with the JSON path it is at."],
    positionals: ["file"],
    options: {},
    usesDb: false,
    run: validateToolCommand,
  },
  {
    name: "tools:import",
    summary: "Validate a tool definition file and import it as a tool version",
    details: [
      "A tool version never changes once imported: importing the same file again changes nothing,",
      "and a different definition under a version already imported is refused (give it a new version).",
    ],
    positionals: ["file"],
    options: {},
    usesDb: true,
    run: importToolCommand,
  },
  {
    name: "tools:list",
    summary: "List the imported tool versions",
    details: [],
    positionals: [],
    options: { json: { type: "boolean", description: "Print a JSON array instead of a table" } },
    usesDb: true,
    run: listToolsCommand,
  },
  {
    name: "users:create",
    summary: "Create a user, such as a new deployment's first administrator",
    details: [
      `Roles: ${ROLE_LIST}. Agency roles (agency_lead, agency_member) need --agency; the others must not have one.`,
      "Without --password a strong password is generated and printed once (a password typed on the",
      "command line stays in your shell history, so leaving it out is safer).",
    ],
    positionals: [],
    options: {
      email: { type: "string", value: "<address>", required: true, description: "The person's email address (their sign-in name)" },
      name: { type: "string", value: "<full name>", required: true, description: "The person's full name" },
      role: { type: "string", value: "<role>", required: true, description: `One of ${ROLE_LIST}` },
      agency: { type: "string", value: "<name or id>", description: "The agency, by its exact name (any case) or its id" },
      password: { type: "string", value: "<password>", description: "A temporary password of 12 characters or more" },
    },
    usesDb: true,
    run: createUserCommand,
  },
  {
    name: "report",
    summary: "Write a report of a cycle, or the scorecard, to a file, as the report pages download it",
    details: [
      `Kinds: ${REPORT_KINDS.join(", ")}; comparison needs --against, the earlier cycle. Formats: ${FORMAT_LIST}.`,
      "Every kind but scorecard needs --cycle; the scorecard is the partnership's, with optional --from and --to periods (2026-Q3, 2026-09 or 2026).",
      "case-audit takes --case-audit, the case audit's id, instead of --cycle.",
      "The report reads as the QA subgroup sees it: every agency's submitted return, drafts left out.",
    ],
    positionals: ["kind"],
    options: {
      cycle: {
        type: "string",
        value: "<id>",
        description: "The cycle's id (cycles:list shows it); every kind but scorecard and case-audit needs it",
      },
      "case-audit": {
        type: "string",
        value: "<id>",
        description: "The case audit's id (its page's address shows it), for the case-audit report",
      },
      against: { type: "string", value: "<id>", description: "The earlier cycle a comparison report compares with" },
      from: { type: "string", value: "<period>", description: "The scorecard's first period, e.g. 2025-Q3" },
      to: { type: "string", value: "<period>", description: "The scorecard's last period, e.g. 2026-Q2" },
      format: { type: "string", value: "<format>", required: true, description: `One of ${FORMAT_LIST}` },
      out: { type: "string", value: "<file>", required: true, description: "The file to write (replaced if it exists)" },
    },
    usesDb: true,
    run: reportCommand,
  },
  {
    name: "agencies:import",
    summary: "Add or update agencies from a spreadsheet (.csv or .xlsx)",
    details: [
      "Columns, named in the first row: name, sector (code or label) and contact email (optional).",
      "Agencies are matched by name: a re-import updates them and never duplicates. One bad row refuses the whole file.",
    ],
    positionals: ["file"],
    options: {},
    usesDb: true,
    run: importAgenciesCommand,
  },
  {
    name: "cycles:create",
    summary: "Create a draft cycle of a published tool; prints its id",
    details: [
      "Dates are YYYY-MM-DD. Without --sectors every agency takes part (the same as --agencies all).",
      "Open it with cycles:open to create the returns.",
    ],
    positionals: [],
    options: {
      tool: { type: "string", value: "<code@version>", required: true, description: "The published tool, for example s11@2026.1" },
      title: { type: "string", value: "<title>", required: true, description: "The cycle's title" },
      opens: { type: "string", value: "<YYYY-MM-DD>", required: true, description: "Opening date" },
      due: { type: "string", value: "<YYYY-MM-DD>", required: true, description: "Due date (later submissions are late)" },
      "final-deadline": { type: "string", value: "<YYYY-MM-DD>", description: "After this, unsubmitted returns are missing" },
      sectors: { type: "string", value: "<a,b>", description: "Only agencies of these sectors, comma-separated" },
      agencies: { type: "string", value: "all", description: "Every agency (the default)" },
    },
    usesDb: true,
    run: createCycleCommand,
  },
  {
    name: "cycles:open",
    summary: "Open a draft cycle: one return per chosen agency",
    details: [],
    positionals: ["id"],
    options: {},
    usesDb: true,
    run: openCycleCommand,
  },
  {
    name: "cycles:close",
    summary: "Close an open cycle: editing stops, unsubmitted returns become missing",
    details: [],
    positionals: ["id"],
    options: {},
    usesDb: true,
    run: closeCycleCommand,
  },
  {
    name: "cycles:list",
    summary: "List the cycles",
    details: [],
    positionals: [],
    options: { json: { type: "boolean", description: "Print a JSON array instead of a table" } },
    usesDb: true,
    run: listCyclesCommand,
  },
  {
    name: "returns:import",
    summary: "Import past returns into a cycle from a spreadsheet (.csv or .xlsx), as submitted and scored",
    details: [
      "Columns, named in the first row: agency, question, value; one row per agency and question.",
      "A question is named as in the tool (s11_1_q1); a matrix row is question.row; several checkbox choices are separated by ;.",
      "A choice may be given by its value (fully) or its label (Fully met). Every answer is checked as the return's form checks it.",
      "Each agency's return must not have been started; it is stored as submitted, signed off as imported with the file's name,",
      "and scored, so an earlier year becomes the baseline. One bad row refuses the whole file, and nothing is written.",
    ],
    positionals: ["cycle-id", "file"],
    options: {},
    usesDb: true,
    run: importReturnsCommand,
  },
  {
    name: "returns:rescore",
    summary: "Score a cycle's submitted returns again under today's scoring rules, keeping the earlier scores beside them",
    details: [
      "Only returns whose current score was made under earlier rules are re-scored, from the answers signed off.",
      "A return sent back for changes is left until it is resubmitted. Each re-score is written to the audit log.",
    ],
    positionals: ["cycle-id"],
    options: {},
    usesDb: true,
    run: rescoreReturnsCommand,
  },
  {
    name: "practitioner:open",
    summary: "Open a practitioner survey on a cycle; prints its id, then each agency's link",
    details: [
      "The tool is a practitioner survey that assures the cycle's tool (tools:list shows them). It opens today",
      "and closes on --closes (YYYY-MM-DD; four weeks from today without it). Links use APP_URL when it is set.",
    ],
    positionals: ["cycle-id"],
    options: {
      tool: {
        type: "string",
        value: "<code@version>",
        required: true,
        description: "The practitioner survey, e.g. practitioner-s11@2026.1",
      },
      closes: { type: "string", value: "<date>", description: "The last day answers are taken, YYYY-MM-DD" },
    },
    usesDb: true,
    run: openPractitionerCommand,
  },
  {
    name: "practitioner:import",
    summary: "Import past or paper practitioner responses from a spreadsheet (.csv or .xlsx)",
    details: [
      "Columns, named in the first row: response, agency, role, question, value; one row per answer.",
      "response groups one person's rows in the file and is not stored; role is frontline, manager, other or empty.",
      "Every answer is checked like one given on the survey page; one bad row refuses the whole file.",
    ],
    positionals: ["survey-id", "file"],
    options: {},
    usesDb: true,
    run: importPractitionerCommand,
  },
  {
    name: "practitioner:close",
    summary: "Close a practitioner survey now: its links stop taking answers and its results show",
    details: [
      "Results are held while a survey runs (figures that moved with each answer would give answers away);",
      "close it after importing past or paper responses, or to end it before its closing date.",
    ],
    positionals: ["survey-id"],
    options: {},
    usesDb: true,
    run: closePractitionerCommand,
  },
  {
    name: "indicators:import",
    summary: "Define or update scorecard indicators from a spreadsheet (.csv or .xlsx)",
    details: [
      "Columns, named in the first row: code, title, definition, unit, polarity, target, green, amber, frequency, quadrant, theme, owner, linked standards.",
      "unit: count, percent, days or rate_per_10000; polarity: higher or lower; frequency: monthly, quarterly or annual; quadrant: how_much, how_well or better_off;",
      "theme: outcomes, cp_activity, decisions, plans or workforce; owner: an agency's name, or empty for the partnership; linked standards: codes separated by commas.",
      "A known code updates its indicator; a changed definition starts a new version (a break in the series). One bad row refuses the whole file.",
    ],
    positionals: ["file"],
    options: {},
    usesDb: true,
    run: importIndicatorsCommand,
  },
  {
    name: "observations:import",
    summary: "Import scorecard figures from a spreadsheet (.csv or .xlsx), all or nothing",
    details: [
      "Columns, named in the first row: indicator, period, agency, value, numerator, denominator, provisional, commentary.",
      "period matches the indicator's frequency (2026-Q3, 2026-09 or 2026); agency names the indicator's owner, empty for the partnership's own.",
      "For a percentage or rate give the numerator and denominator (the value is worked out) or the value. A period already entered is replaced.",
      "One bad row refuses the whole file, named by its row number; nothing is written.",
    ],
    positionals: ["file"],
    options: {},
    usesDb: true,
    run: importObservationsCommand,
  },
  {
    name: "backup",
    summary: "Copy the database to a new file, safely while the app is running",
    details: ["Uses SQLite's online backup: the copy is consistent even while agencies are saving. PostgreSQL: use pg_dump."],
    positionals: ["file"],
    options: {},
    usesDb: true,
    run: backupCommand,
  },
  {
    name: "restore",
    summary: "Replace the database with a backup file (stop the app first)",
    details: ["The file is checked first: it must be a sound SQLite database made by this application."],
    positionals: ["file"],
    options: {},
    usesDb: true,
    run: restoreCommand,
  },
  {
    name: "notifications:run",
    summary: "Queue the reminders due today and send the waiting emails (for cron)",
    details: [
      "Reminders: 14 and 3 days before each agency's due date, overdue returns and overdue actions.",
      "Emails go through SMTP_URL; without it, notifications stay in the service. Nothing is sent twice.",
    ],
    positionals: [],
    options: {},
    usesDb: true,
    run: runNotificationsCommand,
  },
];

const COMMAND_NAMES = COMMANDS.map((command) => command.name).join(", ");

/** The registered commands' names (the CLI's bad-input sweep checks each has its cases). */
export function commandNames(): string[] {
  return COMMANDS.map((command) => command.name);
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Opens the database; defaults to the one DATABASE_URL names. */
  openDb?: () => Db;
}

/** Runs one command line (without the `node cli/index.ts` part) and resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(`Give a command: ${COMMAND_NAMES} (${INVOCATION} --help describes them)`);
    return 1;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    const target = COMMANDS.find((command) => command.name === rest[0]);
    printLines(io.out, target ? commandHelp(target) : topHelp());
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(
      name.startsWith("-")
        ? `Unknown option ${name}: give a command first, one of ${COMMAND_NAMES}`
        : `Unknown command "${name}": use one of ${COMMAND_NAMES}`,
    );
    return 1;
  }
  const beforeTerminator = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
  if (beforeTerminator.includes("--help") || beforeTerminator.includes("-h")) {
    printLines(io.out, commandHelp(command));
    return 0;
  }

  const parsed = parseCommandLine(command, rest);
  if (typeof parsed === "string") {
    io.err(`${command.name}: ${parsed} (${INVOCATION} ${command.name} --help shows the usage)`);
    return 1;
  }
  const { args, options } = parsed;

  try {
    if (!command.usesDb) return await command.run({ args, options, out: io.out, err: io.err });
    let db: Db;
    try {
      db = (io.openDb ?? (() => openDatabase(io.err)))();
    } catch (error) {
      io.err(`Cannot open the database: ${(error as Error).message}`);
      return 1;
    }
    try {
      try {
        await migrate(db);
      } catch (error) {
        io.err(`Cannot prepare the database: ${(error as Error).message}`);
        return 1;
      }
      return await command.run({ args, options, db, out: io.out, err: io.err });
    } finally {
      await db.destroy();
    }
  } catch (error) {
    // Commands report every user mistake themselves, so anything thrown this far is a bug.
    const summary = error instanceof Error ? error.message : String(error);
    io.err(`${command.name} failed unexpectedly (this is a bug; please report it with the details below): ${summary}`);
    if (error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}

/**
 * createDb()'s connection (the database DATABASE_URL names), except for where knex's own warnings go:
 * knex prints them on stdout, which scripts read, and prints a refused connection with a stack
 * although migrate() then fails with the same reason, which this CLI reports in one line.
 */
function openDatabase(err: (line: string) => void): Db {
  return knexFactory({
    ...knexConfig(),
    log: { warn: (message: string) => (message.startsWith("Acquire connection error") ? undefined : err(`knex: ${message}`)) },
  });
}

function parseCommandLine(command: Command, rest: string[]): { args: string[]; options: CommandOptions } | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(Object.entries(command.options).map(([key, spec]) => [key, { type: spec.type }])),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return describeParseError(error);
  }
  const args = parsed.positionals;
  if (args.length < command.positionals.length) {
    return `missing ${command.positionals
      .slice(args.length)
      .map((positional) => `<${positional}>`)
      .join(" ")}`;
  }
  if (args.length > command.positionals.length) {
    return `unexpected argument "${args[command.positionals.length]}"`;
  }
  const missing = Object.entries(command.options).filter(([key, spec]) => spec.required && parsed.values[key] === undefined);
  if (missing.length > 0) return `give ${missing.map(([key]) => `--${key}`).join(", ")}`;
  return { args, options: parsed.values as CommandOptions };
}

/** node:util's messages are written for developers; these are the one-line versions. */
function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-{1,2}[^' ]+)/.exec(message ?? "")?.[1] ?? "an option";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${option}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return /does not take an argument/.test(message ?? "") ? `${option} takes no value` : `${option} needs a value`;
  }
  throw error;
}

function topHelp(): string[] {
  const width = Math.max(...COMMANDS.map((command) => usageOf(command, { short: true }).length));
  return [
    `Usage: ${INVOCATION} <command> [options]`,
    "",
    "Commands:",
    ...COMMANDS.map((command) => `  ${usageOf(command, { short: true }).padEnd(width)}  ${command.summary}`),
    "",
    `Every command takes --help, e.g. ${INVOCATION} tools:import --help.`,
    ...DATABASE_NOTE,
  ];
}

function commandHelp(command: Command): string[] {
  const flags = [
    ...Object.entries(command.options).map(([key, spec]) => [`--${key}${spec.value ? ` ${spec.value}` : ""}`, spec.description]),
    ["--help", "Show this help"],
  ];
  const width = Math.max(...flags.map(([flag]) => flag.length));
  return [
    `Usage: ${INVOCATION} ${usageOf(command, { short: false })}`,
    "",
    `${command.summary}.`,
    ...command.details,
    "",
    "Options:",
    ...flags.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`),
    ...(command.usesDb ? ["", ...DATABASE_NOTE] : []),
  ];
}

const DATABASE_NOTE = [
  "Commands use the database DATABASE_URL names (unset: data/app.db; file:<path>; postgres://…)",
  "and bring its schema up to date first.",
];

/** The top-level list names each command with its arguments; its own help adds the options. */
function usageOf(command: Command, { short }: { short: boolean }): string {
  const parts = [command.name, ...command.positionals.map((positional) => `<${positional}>`)];
  if (short) return parts.join(" ");
  for (const [key, spec] of Object.entries(command.options)) {
    const flag = `--${key}${spec.value ? ` ${spec.value}` : ""}`;
    parts.push(spec.required ? flag : `[${flag}]`);
  }
  return parts.join(" ");
}

function printLines(print: (line: string) => void, lines: string[]): void {
  for (const line of lines) print(line);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;

if (invokedDirectly) {
  // exitCode rather than exit(): stdout is flushed and the closed database lets the process end by itself.
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
