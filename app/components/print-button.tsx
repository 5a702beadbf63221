import { useEffect, useState } from "react";

/** "Print or save as PDF": needs script, so it appears only once the page has it; never printed itself. */
export function PrintButton() {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return <p className="govuk-body app-no-print">Use your browser's print command to print this page or save it as a PDF.</p>;
  return (
    <button
      type="button"
      className="govuk-button govuk-button--secondary app-no-print"
      data-module="govuk-button"
      onClick={() => window.print()}
    >
      Print or save as PDF
    </button>
  );
}
