/**
 * The way to answer a return offline: download its questions as a spreadsheet, fill it in,
 * upload it back. Once the return can no longer be edited, only the download (questions and answers)
 * is offered. Self-contained so the return's overview only places it.
 */
export function ReturnSpreadsheetLinks({ returnId, editable }: { returnId: number; editable: boolean }) {
  const download = (
    <a className="govuk-link" href={`/returns/${returnId}/spreadsheet`} download>
      {editable ? "Download the questions as a spreadsheet" : "Download the questions and answers as a spreadsheet"}
    </a>
  );
  if (!editable) return <p className="govuk-body">{download}</p>;
  return (
    <>
      <h2 className="govuk-heading-s">Answer in a spreadsheet instead</h2>
      <p className="govuk-body">
        You can fill in the questions offline, or share them around your agency, and upload the answers when they are ready.
      </p>
      <ul className="govuk-list">
        <li>{download}</li>
        <li>
          <a className="govuk-link" href={`/returns/${returnId}/upload`}>
            Upload a completed spreadsheet
          </a>
        </li>
      </ul>
    </>
  );
}
