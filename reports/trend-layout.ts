import { SECTOR_LABELS } from "~/domain/agency";
import type { TrendReport } from "~/domain/reports/trend";
import { formatPercent } from "~/domain/scoring";
import type { CellValue, ReportLayout } from "./layout-writers";
import { percent } from "./layout-cells";

/** The trend report moved into cells for the shared writers (layout-writers.ts). */

export function trendLayout(report: TrendReport, title: string): ReportLayout {
  const cycleColumns = report.cycles.map((cycle) => percent(cycle.title));
  return {
    title,
    subtitle: `${report.tool.title}: every cycle, oldest first (${report.cycles.length} cycles).`,
    facts: report.cycles.map((cycle): [string, CellValue] => [
      `${cycle.title} (version ${cycle.toolVersion}): scored returns`,
      cycle.submitted,
    ]),
    narrativeHeading: "The trend",
    narrative: report.cycles.map(
      (cycle, index) =>
        `${cycle.title}: median overall score ${formatPercent(report.partnership[index].median)} (n = ${report.partnership[index].n}).`,
    ),
    notes: ["Each point is the median of the agencies scored in that cycle, with its n; who took part can change from cycle to cycle."],
    tables: [
      {
        name: "Partnership and sectors",
        caption: "Median overall score per cycle (n in brackets in the page).",
        columns: [{ header: "Group", width: 32 }, ...cycleColumns],
        rows: [
          ["Partnership", ...report.partnership.map((entry) => entry.median)],
          ...report.sectors.map((row): CellValue[] => [SECTOR_LABELS[row.sector], ...row.points.map((entry) => entry.median)]),
        ],
      },
      {
        name: "Standards",
        caption: "Median score per standard per cycle; empty where the standard could not be compared.",
        columns: [{ header: "Standard", width: 44 }, ...cycleColumns],
        rows: report.standards.map((row): CellValue[] => [`${row.code} ${row.title}`, ...row.points.map((entry) => entry.median)]),
      },
      {
        name: "Agencies",
        caption: "Overall score per agency per cycle; empty where not scored.",
        columns: [{ header: "Agency", width: 40 }, ...cycleColumns],
        rows: report.agencies.map((row): CellValue[] => [row.agency.name, ...row.points.map((entry) => entry.percent)]),
      },
    ],
  };
}
