import { SECTOR_LABELS } from "~/domain/agency";
import { ROLE_GROUP_LABELS, type PractitionerResults, type StaffGroup } from "~/domain/practitioner";
import { formatPercent } from "~/domain/scoring";
import { Table, type TableCell } from "./govuk";

/**
 * Staff % by group and standard as a table (DESIGN §11): every shown group with its n, every withheld one
 * saying so, never a figure for a group under the minimum. The same component for QA (every agency, sector
 * and the partnership) and for an agency lead (their own agency only).
 */

function cells(results: PractitionerResults, group: StaffGroup): TableCell[] {
  if (group.suppressed)
    return [{ text: "Withheld", format: "numeric" }, ...results.standards.map((): TableCell => ({ text: "–", format: "numeric" }))];
  return [
    { text: String(group.n), format: "numeric" },
    ...results.standards.map((standard): TableCell => {
      const figure = group.standards[standard.code];
      if (figure?.withheld) return { text: "Withheld", format: "numeric" };
      return { text: figure?.percent == null ? "No answers" : formatPercent(figure.percent, results.bands), format: "numeric" };
    }),
  ];
}

export function StaffResultsTable({
  results,
  caption,
  showGroups = true,
}: {
  results: PractitionerResults;
  caption: string;
  showGroups?: boolean;
}) {
  const rows: TableCell[][] = [];
  for (const entry of results.agencies) {
    rows.push([{ text: <strong>{entry.agency.name}</strong> }, ...cells(results, entry.total)]);
    for (const role of entry.roleGroups)
      rows.push([{ text: `${entry.agency.name}: ${ROLE_GROUP_LABELS[role.roleGroup].toLowerCase()}` }, ...cells(results, role.group)]);
  }
  if (showGroups) {
    for (const sector of results.sectors) rows.push([{ text: `Sector: ${SECTOR_LABELS[sector.sector]}` }, ...cells(results, sector.group)]);
    rows.push([{ text: <strong>Partnership</strong> }, ...cells(results, results.partnership)]);
  }
  return (
    <div className="app-table-wrapper" role="region" aria-label={caption} tabIndex={0}>
      <Table
        caption={caption}
        captionSize="s"
        firstCellIsHeader
        head={[
          { text: "Group" },
          { text: "Responses (n)", format: "numeric" },
          ...results.standards.map((standard): TableCell => ({
            text: <abbr title={standard.title}>{standard.code}</abbr>,
            format: "numeric",
          })),
        ]}
        rows={rows}
      />
    </div>
  );
}

/** How to read the table, said once under it. */
export function StaffResultsNote({ minGroup }: { minGroup: number }) {
  return (
    <p className="govuk-body-s">
      Staff % is the share of answers that agree or strongly agree; “don't know” is left out. “Withheld”: fewer than {minGroup} people
      answered in the group, or on that standard (the others said “don't know”), or showing it would let a smaller group be worked out from
      the totals.
    </p>
  );
}
