import path from "node:path";
import { closeSurvey, importPractitionerResponses, openPractitionerSurvey, type ImportedResponse } from "~/data/practitioner.server";
import { getToolByRef } from "~/data/tools.server";
import { ukDateOf } from "~/domain/dates";
import { ROLE_GROUPS, type RoleGroup } from "~/domain/practitioner";
import { IMPORT_WORDS, readAnswerCells, type AnswerCell } from "~/domain/return-sheet";
import type { DbCommandContext } from "../index";
import { isReadableSpreadsheet, readImportRows } from "../read-spreadsheet";

/**
 * `practitioner:open`, `practitioner:import` and `practitioner:close` (DESIGN §9, §11): the business office opens a
 * cycle's practitioner survey from the command line (printing each agency's link), loads past or paper responses,
 * and closes it, which shows its results (they are held while it runs).
 */

const ID = /^[1-9]\d{0,9}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Without --closes a survey runs for four weeks: long enough for shift workers to see the poster. */
const DEFAULT_WEEKS = 4;

function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** `practitioner:open <cycle-id> --tool <code@version> [--closes <date>]`: prints the survey id, then one agency and link a line. */
export async function openPractitionerCommand({ args, options, db, out, err }: DbCommandContext): Promise<number> {
  const [cycleArg] = args;
  if (!ID.test(cycleArg)) {
    err(`<cycle-id>: give the cycle's id as a number (cycles:list shows it), not "${cycleArg}"`);
    return 1;
  }
  const ref = String(options.tool ?? "");
  const match = /^([^@\s]+)@([^@\s]+)$/.exec(ref);
  if (!match) {
    err(`--tool: give the practitioner survey as code@version, for example practitioner-s11@2026.1 (got "${ref}")`);
    return 1;
  }
  const tool = await getToolByRef(db, match[1], match[2]);
  if (!tool || tool.status !== "published") {
    err(`--tool: there is no published tool ${ref} (tools:list shows them)`);
    return 1;
  }
  const today = ukDateOf(new Date().toISOString());
  const closes = options.closes === undefined ? null : String(options.closes);
  if (closes !== null && !isRealDate(closes)) {
    err(`--closes: give the closing date as YYYY-MM-DD, a real date (got "${closes}")`);
    return 1;
  }
  const closesOn = closes ?? new Date(Date.parse(`${today}T00:00:00Z`) + DEFAULT_WEEKS * 7 * 86_400_000).toISOString().slice(0, 10);
  if (closesOn < today) {
    err(`--closes: ${closesOn} is in the past; give today or a later date`);
    return 1;
  }
  const result = await openPractitionerSurvey(db, null, { cycleId: Number(cycleArg), toolId: tool.id, opensOn: today, closesOn });
  if (!result.ok) {
    err(result.message);
    return 1;
  }
  const base = (process.env.APP_URL || `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
  out(String(result.id));
  for (const link of result.links) out(`${link.agencyName}\t${base}/p/${link.token}`);
  return 0;
}

const HEADERS: Record<string, "response" | "agency" | "role" | "question" | "value"> = {
  response: "response",
  respondent: "response",
  agency: "agency",
  role: "role",
  rolegroup: "role",
  question: "question",
  value: "value",
  answer: "value",
};

/**
 * `practitioner:import <survey-id> <file.csv|xlsx>`: one row per answer, `response,agency,role,question,value`.
 * `response` groups one person's rows within the file and is not stored; `role` is frontline, manager, other
 * or empty. Every answer is read as the survey page reads it; one bad row refuses the whole file.
 */
export async function importPractitionerCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  const [surveyArg, file] = args;
  if (!ID.test(surveyArg)) {
    err(`<survey-id>: give the survey's id as a number (practitioner:open prints it), not "${surveyArg}"`);
    return 1;
  }
  if (!isReadableSpreadsheet(file, err)) return 1;
  const fileName = path.basename(file);
  const survey = await db("practitioner_surveys")
    .join("tools", "tools.id", "practitioner_surveys.tool_id")
    .where("practitioner_surveys.id", Number(surveyArg))
    .select("tools.code", "tools.version")
    .first();
  if (!survey) {
    err(`There is no practitioner survey ${surveyArg}`);
    return 1;
  }
  const tool = await getToolByRef(db, survey.code, survey.version);
  if (!tool) {
    err(`There is no practitioner survey ${surveyArg}`);
    return 1;
  }
  const rows = await readImportRows(
    file,
    {
      headers: HEADERS,
      required: ["response", "agency", "question", "value"],
      columns: "response, agency, role, question, value",
      rowIs: "answer",
    },
    err,
  );
  if (!rows) return 1;

  const problems: { line: number; text: string }[] = [];
  const groups = new Map<string, { agency: string; role: string; lines: number[]; cells: AnswerCell[] }>();
  for (const { line, value } of rows) {
    const response = value("response");
    if (response === "") {
      problems.push({
        line,
        text: `Row ${line}: give the response it belongs to (any label that is the same on all of one person's rows)`,
      });
      continue;
    }
    const role = value("role").toLowerCase();
    if (role !== "" && !(ROLE_GROUPS as readonly string[]).includes(role)) {
      problems.push({ line, text: `Row ${line}: role '${value("role")}' must be frontline, manager, other or empty` });
      continue;
    }
    const group = groups.get(response) ?? { agency: value("agency"), role, lines: [], cells: [] };
    if (group.agency.toLowerCase() !== value("agency").toLowerCase() || group.role !== role) {
      problems.push({
        line,
        text: `Row ${line}: response '${response}' has another agency or role on an earlier row; one person's rows must agree`,
      });
      continue;
    }
    if (value("question") === "") {
      problems.push({ line, text: `Row ${line}: give the question's name (its reference, like p1)` });
      continue;
    }
    group.lines.push(line);
    group.cells.push({ where: `Row ${line}`, reference: value("question"), value: value("value") });
    groups.set(response, group);
  }
  const responses: ImportedResponse[] = [];
  for (const group of groups.values()) {
    const read = readAnswerCells(tool.definition, group.cells, {}, IMPORT_WORDS);
    if (!read.ok) {
      for (const problem of read.problems)
        problems.push({ line: Number(problem.where.replace(/\D/g, "")), text: `${problem.where}: ${problem.message}` });
      continue;
    }
    const answers = Object.fromEntries(Object.entries(read.answers).filter(([, answer]) => answer !== undefined));
    responses.push({ agencyName: group.agency, roleGroup: (group.role || null) as RoleGroup | null, answers, rows: group.lines });
  }
  const fail = (list: string[]) => {
    err(`${fileName}: nothing imported, ${list.length} ${list.length === 1 ? "problem" : "problems"} to fix`);
    for (const text of list) err(`  ${text}`);
    return 1;
  };
  if (problems.length > 0) return fail(problems.sort((a, b) => a.line - b.line).map((problem) => problem.text));
  const result = await importPractitionerResponses(db, null, Number(surveyArg), responses);
  if (!result.ok) return fail(result.errors.map((text) => text.replace(/^rows? /, (word) => word[0].toUpperCase() + word.slice(1))));
  out(`Imported ${result.imported} ${result.imported === 1 ? "response" : "responses"} into practitioner survey ${surveyArg}`);
  return 0;
}

/** `practitioner:close <survey-id>`: stops its links taking answers and shows its results (held while it runs). */
export async function closePractitionerCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  const [surveyArg] = args;
  if (!ID.test(surveyArg)) {
    err(`<survey-id>: give the survey's id as a number (practitioner:open prints it), not "${surveyArg}"`);
    return 1;
  }
  const result = await closeSurvey(db, null, Number(surveyArg));
  if (!result.ok) {
    err(result.message);
    return 1;
  }
  out(`Closed practitioner survey ${surveyArg}: its results now show`);
  return 0;
}
