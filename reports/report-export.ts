import type { ActionsReport } from "~/domain/reports/actions";
import type { ComparisonReport } from "~/domain/reports/comparison";
import type { CompletionReport } from "~/domain/reports/completion";
import type { TrendReport } from "~/domain/reports/trend";
import type { AssuranceReport } from "~/domain/reports/assurance";
import type { ScorecardReport } from "~/domain/reports/scorecard";
import { SCORECARD_CSV_HEADER, scorecardCsvRows, scorecardLayout } from "./scorecard-layout";
import type { CaseAuditReport } from "~/domain/reports/case-audit";
import { CASE_AUDIT_CSV_HEADER, caseAuditCsvRows, caseAuditLayout } from "./case-audit-layout";
import { ASSURANCE_CSV_HEADER, assuranceCsvRows, assuranceLayout } from "./assurance-layout";
import { ukDateOf } from "~/domain/dates";
import { ACTIONS_CSV_HEADER, actionsCsvRows, actionsLayout } from "./actions-layout";
import { Readable } from "node:stream";
import { streamBaselineExport } from "./baseline-export";
import type { BaselineModel, ExportContext } from "./baseline-format";
import { COMPARISON_CSV_HEADER, comparisonCsvRows, comparisonLayout } from "./comparison-layout";
import { COMPLETION_CSV_HEADER, completionCsvRows, completionLayout } from "./completion-layout";
import { CONTENT_TYPES, fileSlug, wholeExport, type ExportFormat, type RenderedExport, type StreamedExport } from "./export-format";
import { jsonPieces, textStream } from "./export-stream";
import type { Anonymised } from "./layout-cells";
import { renderLayoutDocx, streamCsv, streamLayoutXlsx, type ReportLayout } from "./layout-writers";
import { trendLayout } from "./trend-layout";

/**
 * One entry point for every report file (pages, board, CLI, API all call it), so a file from any of
 * them is the same. JSON is the model itself (the documented, versioned shape: docs/api.md). The
 * baseline goes to its own renderers (reports/baseline-*.ts).
 */

/** Every report but the baseline, which has its own renderers. */
export type LaidOutReport =
  | (ComparisonReport & Anonymised)
  | CompletionReport
  | (ActionsReport & Anonymised)
  | TrendReport
  | AssuranceReport
  | ScorecardReport
  | CaseAuditReport;
export type ReportModel = BaselineModel | LaidOutReport;

export type ReportKind = "baseline" | "comparison" | "completion" | "actions" | "trend" | "assurance" | "scorecard" | "case-audit";

function isLaidOut(model: ReportModel): model is LaidOutReport {
  return (
    "kind" in model && ["comparison", "completion", "actions", "trend", "assurance", "scorecard", "case-audit"].includes(String(model.kind))
  );
}

export function kindOf(model: ReportModel): ReportKind {
  return isLaidOut(model) ? model.kind : "baseline";
}

/** The report's own title: what the page's heading says. */
export function defaultTitle(model: LaidOutReport): string {
  switch (model.kind) {
    case "comparison":
      return `Comparison report: ${model.later.cycle.title} against ${model.earlier.cycle.title}`;
    case "completion":
      return `Completion: ${model.cycle.title}`;
    case "actions":
      return `Actions report: ${model.cycle.title}`;
    case "trend":
      return `Trend: ${model.tool.title}`;
    case "assurance":
      return `Assurance: ${model.cycle.title}`;
    case "scorecard":
      return "Scorecard";
    case "case-audit":
      return `Case audit: ${model.caseAudit.title}`;
  }
}

function layoutOf(model: LaidOutReport, title: string): { layout: ReportLayout; csv: () => Readable; slug: string } {
  switch (model.kind) {
    case "comparison":
      return {
        layout: comparisonLayout(model, title),
        csv: () => streamCsv(COMPARISON_CSV_HEADER, comparisonCsvRows(model)),
        slug: `comparison-${fileSlug(model.later.cycle.title)}-vs-${fileSlug(model.earlier.cycle.title)}`,
      };
    case "completion":
      return {
        layout: completionLayout(model, title),
        csv: () => streamCsv(COMPLETION_CSV_HEADER, completionCsvRows(model)),
        slug: `completion-${fileSlug(model.cycle.title)}`,
      };
    case "actions":
      return {
        layout: actionsLayout(model, title),
        csv: () => streamCsv(ACTIONS_CSV_HEADER, actionsCsvRows(model)),
        slug: `actions-${fileSlug(model.cycle.title)}`,
      };
    case "assurance":
      return {
        layout: assuranceLayout(model, title),
        csv: () => streamCsv(ASSURANCE_CSV_HEADER, assuranceCsvRows(model)),
        slug: `assurance-${fileSlug(model.cycle.title)}`,
      };
    case "scorecard":
      return {
        layout: scorecardLayout(model, title),
        csv: () => streamCsv(SCORECARD_CSV_HEADER, scorecardCsvRows(model)),
        slug: "scorecard",
      };
    case "case-audit":
      return {
        layout: caseAuditLayout(model, title),
        csv: () => streamCsv(CASE_AUDIT_CSV_HEADER, caseAuditCsvRows(model)),
        slug: `case-audit-${fileSlug(model.caseAudit.title)}`,
      };
    case "trend": {
      const layout = trendLayout(model, title);
      const trend = layout.tables[0];
      return {
        layout,
        csv: () => streamCsv(["group", ...model.cycles.map((cycle) => `cycle_${cycle.id}`)], [...trend.rows]),
        slug: `trend-${fileSlug(model.tool.code)}`,
      };
    }
  }
}

/**
 * The file as a stream (what the download routes and the CLI send): CSV and JSON are made as they are read,
 * XLSX by exceljs's streaming writer; DOCX is built whole by the docx library (its tables capped at
 * DOCUMENT_TABLE_MAX_ROWS rows) and sent from memory (docs/decisions/024-streamed-exports.md).
 */
export async function streamReportExport(model: ReportModel, format: ExportFormat, context: ExportContext): Promise<StreamedExport> {
  if (!isLaidOut(model)) return streamBaselineExport(model, format, context);
  const report = model;
  const { layout, csv, slug } = layoutOf(report, context.publication?.title ?? defaultTitle(report));
  const body =
    format === "xlsx"
      ? streamLayoutXlsx(layout, context)
      : format === "docx"
        ? Readable.from([await renderLayoutDocx(layout, context)])
        : format === "csv"
          ? csv()
          : textStream(() => jsonPieces(model));
  return {
    body,
    contentType: CONTENT_TYPES[format],
    fileName: `${slug}-${ukDateOf(context.publication?.publishedAt ?? context.generatedAt)}.${format}`,
  };
}

/** The same file whole, as bytes (tests, the bench, and anything that keeps the file). */
export async function renderReportExport(model: ReportModel, format: ExportFormat, context: ExportContext): Promise<RenderedExport> {
  return wholeExport(await streamReportExport(model, format, context));
}
