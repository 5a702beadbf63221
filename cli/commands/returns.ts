import path from "node:path";
import { rescoreCycle } from "~/data/return-edits.server";
import { getImportTarget, importPastReturns } from "~/data/return-import.server";
import { ukDateOf } from "~/domain/dates";
import { SCORING_RULES_VERSION, formatPercent, type Answers } from "~/domain/scoring";
import { IMPORT_WORDS, readAnswerCells, type AnswerCell } from "~/domain/return-sheet";
import type { DbCommandContext } from "../index";
import { isReadableSpreadsheet, readImportRows } from "../read-spreadsheet";

/**
 * `returns:import <cycle-id> <file.csv|xlsx>` (DESIGN §9): past returns from a spreadsheet, one row
 * per agency and question (`agency,question,value`; a matrix row is `question.row`; several checkbox
 * choices are separated by `;`). Every answer is read as the page form reads it (`readAnswerCells`),
 * then each agency's return is stored as submitted, signed off as imported, and scored, so an earlier
 * year becomes the baseline. One bad row refuses the whole file, listing every problem by row.
 */

const HEADERS: Record<string, "agency" | "question" | "value"> = {
  agency: "agency",
  agencyname: "agency",
  name: "agency",
  question: "question",
  reference: "question",
  value: "value",
  answer: "value",
};

const STATUS_WORDS: Record<string, string> = {
  in_progress: "in progress",
  submitted: "submitted",
  returned: "returned for changes",
  validated: "validated",
};

export async function importReturnsCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  const [cycleArg, file] = args;
  if (!/^[1-9]\d{0,9}$/.test(cycleArg)) {
    err(`<cycle-id>: give the cycle's id as a number (cycles:list shows it), not "${cycleArg}"`);
    return 1;
  }
  if (!isReadableSpreadsheet(file, err)) return 1;
  const fileName = path.basename(file);
  const target = await getImportTarget(db, Number(cycleArg));
  if (!target) {
    err(`There is no cycle ${cycleArg} (cycles:list shows the cycles)`);
    return 1;
  }
  if (target.cycle.status === "draft") {
    err(
      `Cycle ${cycleArg} (${target.cycle.title}) is a draft: open it first (cycles:open ${cycleArg}) so that each agency has a return to import into`,
    );
    return 1;
  }

  const rows = await readImportRows(
    file,
    { headers: HEADERS, required: ["agency", "question", "value"], columns: "agency, question, value", rowIs: "answer" },
    err,
  );
  if (!rows) return 1;

  const problems: { line: number; text: string }[] = [];
  const agencyByName = new Map(target.agencies.map((agency) => [agency.name.trim().toLowerCase(), agency]));
  const returnByAgency = new Map(target.returns.map((entry) => [entry.agencyId, entry]));
  const cellsByReturn = new Map<number, { agencyName: string; cells: AnswerCell[] }>();
  const refusedAgencies = new Set<string>();
  for (const { line, value } of rows) {
    const agencyName = value("agency");
    const agency = agencyByName.get(agencyName.toLowerCase());
    const key = agencyName.toLowerCase();
    if (agencyName === "") {
      problems.push({ line, text: `Row ${line}: give the agency's name` });
      continue;
    }
    if (!agency) {
      if (!refusedAgencies.has(key))
        problems.push({ line, text: `Row ${line}: agency '${agencyName}' is not in this partnership (agencies:import adds agencies)` });
      refusedAgencies.add(key);
      continue;
    }
    const entry = returnByAgency.get(agency.id);
    if (!entry || entry.status !== "not_started") {
      if (!refusedAgencies.has(key)) {
        problems.push({
          line,
          text: !entry
            ? `Row ${line}: agency '${agency.name}' is not part of cycle ${cycleArg} (${target.cycle.title})`
            : `Row ${line}: agency '${agency.name}' has a return in this cycle that is already ${STATUS_WORDS[entry.status] ?? entry.status}: only returns nobody has started can be imported`,
        });
      }
      refusedAgencies.add(key);
      continue;
    }
    if (value("question") === "") {
      problems.push({ line, text: `Row ${line}: give the question's name (its reference, like s11_1_q1)` });
      continue;
    }
    const group = cellsByReturn.get(entry.id) ?? { agencyName: agency.name, cells: [] };
    group.cells.push({ where: `Row ${line}`, reference: value("question"), value: value("value") });
    cellsByReturn.set(entry.id, group);
  }

  const tool = target.tool.definition;
  const imports: { returnId: number; agencyName: string; answers: Answers }[] = [];
  for (const [returnId, { agencyName, cells }] of cellsByReturn) {
    const read = readAnswerCells(tool, cells, {}, IMPORT_WORDS);
    if (!read.ok) {
      for (const problem of read.problems)
        problems.push({ line: Number(problem.where.replace(/\D/g, "")), text: `${problem.where}: ${problem.message}` });
      continue;
    }
    const answers = Object.fromEntries(Object.entries(read.answers).filter(([, answer]) => answer !== undefined));
    imports.push({ returnId, agencyName, answers });
  }
  if (problems.length > 0) {
    err(`${fileName}: nothing imported, ${problems.length} ${problems.length === 1 ? "problem" : "problems"} to fix`);
    for (const problem of problems.sort((a, b) => a.line - b.line)) err(`  ${problem.text}`);
    return 1;
  }

  const result = await importPastReturns(db, null, target.cycle.id, imports, { fileName, importedOn: ukDateOf(new Date().toISOString()) });
  if (!result.ok) {
    err(result.message);
    return 1;
  }
  out(
    `Imported ${imports.length} ${imports.length === 1 ? "return" : "returns"} into cycle ${target.cycle.id} (${target.cycle.title}), stored as submitted and scored:`,
  );
  result.scored.forEach(({ overallPercent }, index) => {
    const answered = Object.keys(imports[index].answers).length;
    out(`  ${imports[index].agencyName}: ${answered} ${answered === 1 ? "answer" : "answers"}, overall ${formatPercent(overallPercent)}`);
  });
  return 0;
}

/**
 * `returns:rescore <cycle-id>`: scores the cycle's submitted and validated returns again under today's
 * scoring rules where their current score was made under earlier ones. The earlier score is kept beside
 * the new one (the return's pages show both); a return already scored under today's rules is left alone.
 */
export async function rescoreReturnsCommand({ args, db, out, err }: DbCommandContext): Promise<number> {
  const [cycleArg] = args;
  if (!/^[1-9]\d{0,9}$/.test(cycleArg)) {
    err(`<cycle-id>: give the cycle's id as a number (cycles:list shows it), not "${cycleArg}"`);
    return 1;
  }
  const target = await getImportTarget(db, Number(cycleArg));
  if (!target) {
    err(`There is no cycle ${cycleArg} (cycles:list shows the cycles)`);
    return 1;
  }
  const { rescored, current } = await rescoreCycle(db, null, target.cycle.id);
  const returns = (n: number) => `${n} ${n === 1 ? "return" : "returns"}`;
  out(
    `${target.cycle.title}: ${returns(rescored)} re-scored under scoring rules version ${SCORING_RULES_VERSION} (earlier scores kept beside them); ${returns(current)} already current.`,
  );
  return 0;
}
