import { writeFile } from "node:fs/promises";
import { getBaselineReport } from "~/data/reports.server";
import type { Viewer } from "~/domain/permissions";
import { EXPORT_FORMATS, ExportFormatSchema, renderBaselineExport } from "../../reports/baseline-export";
import type { DbCommandContext } from "../index";

export const REPORT_KINDS = ["baseline", "comparison", "completion", "actions"] as const;
export const FORMAT_LIST = EXPORT_FORMATS.join(", ");

/**
 * Whoever runs the CLI already holds the database, so reports read as the QA subgroup sees them:
 * every agency's submitted return, no agency scoping, drafts still left out (DESIGN §7).
 */
const COMMAND_LINE_QA_VIEWER: Viewer = { id: 0, email: "command-line", name: "Command line", role: "qa", agencyId: null };

/**
 * `report <kind> --cycle <id> --format json|csv|xlsx|docx --out <file>` (DESIGN §9): the same files the
 * report pages offer for download, made by the same renderers from the same model.
 */
export async function reportCommand({ args, options, db, out, err }: DbCommandContext): Promise<number> {
  const [kind] = args;
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) {
    err(`"${kind}" is not a report: use one of ${REPORT_KINDS.join(", ")}`);
    return 1;
  }
  if (kind !== "baseline") {
    err(`The ${kind} report is not available yet: only the baseline report can be produced for now`);
    return 1;
  }
  if (options.against !== undefined) {
    err("--against compares two cycles, which only the comparison report does; leave it out for the baseline");
    return 1;
  }

  const cycleOption = String(options.cycle);
  if (!/^[1-9]\d{0,9}$/.test(cycleOption)) {
    err(`--cycle: "${cycleOption}" is not a cycle id; give the number cycles:list shows`);
    return 1;
  }
  const format = ExportFormatSchema.safeParse(options.format);
  if (!format.success) {
    err(`--format: "${String(options.format)}" is not a format; use one of ${FORMAT_LIST}`);
    return 1;
  }
  const file = String(options.out);

  const report = await getBaselineReport(db, COMMAND_LINE_QA_VIEWER, Number(cycleOption));
  if (!report) {
    err(`--cycle: there is no cycle with id ${cycleOption}`);
    return 1;
  }
  const rendered = await renderBaselineExport(report, format.data, { generatedAt: new Date().toISOString() });
  try {
    await writeFile(file, rendered.body);
  } catch (error) {
    err(`Cannot write ${file}: ${describeWriteError(error)}`);
    return 1;
  }
  const returns = report.agencies.length === 1 ? "1 submitted return" : `${report.agencies.length} submitted returns`;
  out(`Wrote the baseline report of ${report.cycle.title} (${returns}) to ${file}`);
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
