import type { AutosaveStatus } from "./use-autosave";
import { questionId } from "./survey-page";

/** The autosave's outcome, announced politely (it must not interrupt someone typing). */
export function AutosaveMessage({ status }: { status: AutosaveStatus }) {
  return (
    <div className="app-autosave-status" role="status" aria-live="polite">
      {status.state === "saved" && status.conflicts.length === 0 ? <p className="govuk-body-s">Saved at {status.at}</p> : null}
      {status.state === "saved" && status.conflicts.length > 0 ? (
        <>
          <p className="govuk-body-s govuk-!-font-weight-bold">
            Saved at {status.at}, apart from {status.conflicts.length === 1 ? "1 answer" : `${status.conflicts.length} answers`} someone
            else in your agency changed while you were editing:
          </p>
          <ul className="govuk-list govuk-body-s">
            {status.conflicts.map((conflict) => (
              <li key={conflict.name}>
                <a className="govuk-link" href={`#${questionId(conflict.name)}`}>
                  {conflict.summary ?? conflict.message}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {status.state === "failed" ? (
        <p className="govuk-body-s govuk-!-font-weight-bold">
          Your latest changes are not saved yet.{" "}
          {status.field ? (
            <a className="govuk-link" href={`#${questionId(status.field)}`}>
              {status.message}
            </a>
          ) : (
            status.message
          )}
        </p>
      ) : null}
    </div>
  );
}
