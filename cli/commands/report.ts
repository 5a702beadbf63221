import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { getActionsReport } from "~/data/reports/actions.server";
import { getAssuranceReport } from "~/data/reports/assurance.server";
import { getComparisonReport } from "~/data/reports/comparison.server";
import { getCompletionReport } from "~/data/reports/completion.server";
import { getCycle } from "~/data/cycles.server";
import { getBaselineReport } from "~/data/reports/baseline.server";
import type { Viewer } from "~/domain/permissions";
import { getScorecardReport } from "~/data/scorecard.server";
import { getCaseAuditReport } from "~/data/case-audits.server";
import { parsePeriod } from "~/domain/scorecard";
import { EXPORT_FORMATS, ExportFormatSchema, type ExportFormat } from "../../reports/export-format";
import { streamReportExport, type ReportModel } from "../../reports/report-export";
import type { DbCommandContext } from "../index";

export const REPORT_KINDS = ["baseline", "comparison", "completion", "actions", "assurance", "scorecard", "case-audit"] as const;
type ReportKind = (typeof REPORT_KINDS)[number];
export const FORMAT_LIST = EXPORT_FORMATS.join(", ");

/**
 * Whoever runs the CLI already holds the database, so reports read as the QA subgroup sees them:
 * every agency's submitted return, no agency scoping, drafts still left out (DESIGN §7).
 */
const COMMAND_LINE_QA_VIEWER: Viewer = { id: 0, email: "command-line", name: "Command line", role: "qa", agencyId: null };

const CYCLE_ID = /^[1-9]\d{0,9}$/;

/** The one-line success message: what was written, with the n a reader checks first. */
function describe(kind: ReportKind, model: ReportModel): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (model.kind === "comparison")
    return `the comparison report of ${model.later.cycle.title} against ${model.earlier.cycle.title} (${plural(model.summary.agenciesInBoth, "agency", "agencies")} in both cycles)`;
  if (model.kind === "completion")
    return `the completion report of ${model.cycle.title} (${plural(model.partnership.assigned, "return", "returns")})`;
  if (model.kind === "actions")
    return `the actions report of ${model.cycle.title} (${plural(model.partnership.total, "action", "actions")})`;
  if (model.kind === "trend") return `the trend of ${model.tool.title}`;
  if (model.kind === "case-audit")
    return `the case audit report of ${model.caseAudit.title} (${plural(model.summary.cases, "case", "cases")}, ${plural(model.summary.agencies, "agency", "agencies")})`;
  if (model.kind === "scorecard")
    return `the scorecard (${plural(model.summary.indicators, "indicator", "indicators")}, ${plural(
      model.indicators.reduce((sum, indicator) => sum + indicator.points.length, 0),
      "figure",
      "figures",
    )})`;
  if (model.kind === "assurance")
    return `the assurance report of ${model.cycle.title} (${plural(model.agencies.length, "agency", "agencies")}, ${plural(model.summary.staffGaps, "staff-evidence gap", "staff-evidence gaps")})`;
  return `the ${kind} report of ${model.cycle.title} (${plural(model.agencies.length, "submitted return", "submitted returns")})`;
}

/**
 * `report <kind> --cycle <id> [--against <id>] --format json|csv|xlsx|docx --out <file>` (DESIGN §9):
 * the same files the report pages offer for download, made by the same renderers from the same model.
 */
export async function reportCommand({ args, options, db, out, err }: DbCommandContext): Promise<number> {
  const [kind] = args;
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) {
    err(`"${kind}" is not a report: use one of ${REPORT_KINDS.join(", ")}`);
    return 1;
  }
  if (kind === "scorecard") return scorecardCommand({ args, options, db, out, err });
  if (kind === "case-audit") return caseAuditReport({ args, options, db, out, err });
  if (options["case-audit"] !== undefined) {
    err(`--case-audit names a case audit, which only the case-audit report reads; give --cycle for the ${kind} report`);
    return 1;
  }
  if (options.from !== undefined || options.to !== undefined) {
    err(`--from and --to choose the scorecard's periods; leave them out for the ${kind} report`);
    return 1;
  }
  if (options.cycle === undefined) {
    err(`--cycle: the ${kind} report is of one cycle; give its id (cycles:list shows it)`);
    return 1;
  }
  if (kind !== "comparison" && options.against !== undefined) {
    err(`--against compares two cycles, which only the comparison report does; leave it out for the ${kind} report`);
    return 1;
  }
  const cycleOption = String(options.cycle);
  if (!CYCLE_ID.test(cycleOption)) {
    err(`--cycle: "${cycleOption}" is not a cycle id; give the number cycles:list shows`);
    return 1;
  }
  if (kind === "comparison" && options.against === undefined) {
    err("--against: the comparison report needs the earlier cycle to compare with, e.g. --against 3 (cycles:list shows the ids)");
    return 1;
  }
  const againstOption = options.against === undefined ? null : String(options.against);
  if (againstOption !== null && !CYCLE_ID.test(againstOption)) {
    err(`--against: "${againstOption}" is not a cycle id; give the number cycles:list shows`);
    return 1;
  }
  const format = ExportFormatSchema.safeParse(options.format);
  if (!format.success) {
    err(`--format: "${String(options.format)}" is not a format; use one of ${FORMAT_LIST}`);
    return 1;
  }
  const viewer = COMMAND_LINE_QA_VIEWER;
  const cycleId = Number(cycleOption);
  if (!(await getCycle(db, viewer, cycleId))) {
    err(`--cycle: there is no cycle with id ${cycleOption}`);
    return 1;
  }

  let model: ReportModel | null;
  if (kind === "comparison") {
    if (!(await getCycle(db, viewer, Number(againstOption)))) {
      err(`--against: there is no cycle with id ${againstOption}`);
      return 1;
    }
    const result = await getComparisonReport(db, viewer, Number(againstOption), cycleId);
    if (result && !result.ok) {
      err(`--against: ${result.message}`);
      return 1;
    }
    model = result?.report ?? null;
  } else if (kind === "completion") model = await getCompletionReport(db, viewer, cycleId);
  else if (kind === "actions") model = await getActionsReport(db, viewer, cycleId);
  else if (kind === "assurance") model = await getAssuranceReport(db, viewer, cycleId);
  else model = await getBaselineReport(db, viewer, cycleId);
  if (!model) {
    err(`--cycle: there is no cycle with id ${cycleOption}`);
    return 1;
  }

  return writeReport(model, kind as ReportKind, format.data, String(options.out), out, err);
}

/** `report scorecard [--from <period>] [--to <period>] --format … --out …`: the partnership-wide scorecard, not of a cycle. */
async function scorecardCommand({ options, db, out, err }: DbCommandContext): Promise<number> {
  if (options.cycle !== undefined || options.against !== undefined) {
    err("--cycle and --against do not apply: the scorecard is the partnership's, not a cycle's; choose periods with --from and --to");
    return 1;
  }
  const period = (name: "from" | "to"): string | null | false => {
    if (options[name] === undefined) return null;
    const parsed = parsePeriod(String(options[name]));
    if (!parsed) {
      err(`--${name}: "${String(options[name])}" is not a period; give one like 2026-Q3, 2026-09 or 2026`);
      return false;
    }
    return parsed.text;
  };
  const from = period("from");
  if (from === false) return 1;
  const to = period("to");
  if (to === false) return 1;
  if (from !== null && to !== null && (parsePeriod(from)?.startMonth ?? 0) > (parsePeriod(to)?.endMonth ?? 0)) {
    err(`--to: ${to} is before --from ${from}`);
    return 1;
  }
  const format = ExportFormatSchema.safeParse(options.format);
  if (!format.success) {
    err(`--format: "${String(options.format)}" is not a format; use one of ${FORMAT_LIST}`);
    return 1;
  }
  const model = await getScorecardReport(db, COMMAND_LINE_QA_VIEWER, { theme: null, quadrant: null, owner: null, from, to });
  if (!model) throw new Error("The command line reads as QA, who reads the scorecard");
  return writeReport(model, "scorecard", format.data, String(options.out), out, err);
}

/** `report case-audit --case-audit <id> --format … --out …`: the case audit report, as its page downloads it. */
async function caseAuditReport({ options, db, out, err }: DbCommandContext): Promise<number> {
  for (const [name, about] of [
    ["cycle", "a cycle"],
    ["against", "an earlier cycle"],
    ["from", "a scorecard period"],
    ["to", "a scorecard period"],
  ] as const) {
    if (options[name] !== undefined) {
      err(`--${name} names ${about}, which the case-audit report does not read; give --case-audit`);
      return 1;
    }
  }
  const idOption = options["case-audit"] === undefined ? "" : String(options["case-audit"]);
  if (!CYCLE_ID.test(idOption)) {
    err(
      idOption === ""
        ? "--case-audit: the case-audit report needs the case audit's id, e.g. --case-audit 2"
        : `--case-audit: "${idOption}" is not a case audit id; give the number in its page's address`,
    );
    return 1;
  }
  const format = ExportFormatSchema.safeParse(options.format);
  if (!format.success) {
    err(`--format: "${String(options.format)}" is not a format; use one of ${FORMAT_LIST}`);
    return 1;
  }
  const model = await getCaseAuditReport(db, COMMAND_LINE_QA_VIEWER, Number(idOption));
  if (!model) {
    err(`--case-audit: there is no case audit with id ${idOption}`);
    return 1;
  }
  return writeReport(model, "case-audit", format.data, String(options.out), out, err);
}

async function writeReport(
  model: ReportModel,
  kind: ReportKind,
  format: ExportFormat,
  file: string,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  // Written as it is made, so a national report is never held whole in memory.
  const streamed = await streamReportExport(model, format, { generatedAt: new Date().toISOString() });
  try {
    await pipeline(streamed.body, createWriteStream(file));
  } catch (error) {
    err(`Cannot write ${file}: ${describeWriteError(error)}`);
    return 1;
  }
  out(`Wrote ${describe(kind as ReportKind, model)} to ${file}`);
  return 0;
}

function describeWriteError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return "its folder does not exist";
    case "EISDIR":
      return "it is a folder, not a file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return (error as Error).message;
  }
}
