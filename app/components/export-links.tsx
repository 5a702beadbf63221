/**
 * Download links for a report's files (reports/report-export.ts): plain links, since each answer is a
 * download, not a page. `query` carries the page's own parameters (the comparison's cycle and threshold)
 * so the file holds the numbers on screen.
 */
const DOWNLOADS = [
  { format: "xlsx", text: "Excel spreadsheet (XLSX)" },
  { format: "docx", text: "Word board pack (DOCX)" },
  { format: "csv", text: "CSV, for analysts" },
  { format: "json", text: "JSON, for BI tools" },
];

export function ExportLinks({ base, label, query = "" }: { base: string; label: string; query?: string }) {
  return (
    <div className="app-no-print">
      <h2 className="govuk-heading-s govuk-!-margin-bottom-1">Download the {label}</h2>
      <ul className="govuk-list">
        {DOWNLOADS.map((entry) => (
          <li key={entry.format}>
            <a className="govuk-link" href={`${base}?format=${entry.format}${query ? `&${query}` : ""}`} download>
              {entry.text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
