import { formatDateTime } from "~/domain/dates";
import { Table, Tag } from "./govuk";

/** Published reports as the board lists them: title (linking to the frozen copy), when, by whom, current or superseded. */
export function PublicationsTable({
  publications,
  label,
  firstHeading = "Report",
}: {
  publications: { id: number; title: string; publishedAt: string; publishedBy: string; supersededBy: number | null }[];
  label: string;
  firstHeading?: string;
}) {
  return (
    <div className="app-table-wrapper" role="region" aria-label={label} tabIndex={0}>
      <Table
        firstCellIsHeader
        head={[{ text: firstHeading }, { text: "Published" }, { text: "By" }, { text: "Status" }]}
        rows={publications.map((publication) => [
          {
            text: (
              <a className="govuk-link" href={`/board/${publication.id}`}>
                {publication.title}
              </a>
            ),
          },
          { text: formatDateTime(publication.publishedAt) },
          { text: publication.publishedBy },
          { text: publication.supersededBy ? <Tag colour="grey">Superseded</Tag> : <Tag colour="green">Current</Tag> },
        ])}
      />
    </div>
  );
}
