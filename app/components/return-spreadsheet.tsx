/**
 * The way to answer a return offline (issue 3): download its questions as a spreadsheet, fill it in,
 * upload it back. Self-contained so the return's overview only places it.
 */
export function ReturnSpreadsheetLinks({ returnId }: { returnId: number }) {
  return (
    <>
      <h2 className="govuk-heading-s">Answer in a spreadsheet instead</h2>
      <p className="govuk-body">You can fill in the questions offline, or share them around your agency, and upload the answers when they are ready.</p>
      <ul className="govuk-list">
        <li>
          <a className="govuk-link" href={`/returns/${returnId}/spreadsheet`} download>
            Download the questions as a spreadsheet
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`/returns/${returnId}/upload`}>
            Upload a completed spreadsheet
          </a>
        </li>
      </ul>
    </>
  );
}
