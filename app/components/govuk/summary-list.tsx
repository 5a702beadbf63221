import { Fragment, type ReactNode } from "react";

import { classNames } from "./class-names";

export interface SummaryListAction {
  href: string;
  text: ReactNode;
  /** Completes the link text for screen readers, e.g. "Change" + " due date". */
  visuallyHiddenText?: string;
}

export interface SummaryListRow {
  key: ReactNode;
  value: ReactNode;
  actions?: SummaryListAction[];
  className?: string;
}

export interface SummaryListProps {
  rows: SummaryListRow[];
  noBorder?: boolean;
  className?: string;
}

function ActionLink({ action }: { action: SummaryListAction }) {
  return (
    <a className="govuk-link" href={action.href}>
      {action.text}
      {action.visuallyHiddenText ? <span className="govuk-visually-hidden"> {action.visuallyHiddenText}</span> : null}
    </a>
  );
}

export function SummaryList({ rows, noBorder = false, className }: SummaryListProps) {
  // Rows without actions get a modifier only when some other row has them, so the columns line up.
  const anyRowHasActions = rows.some((row) => (row.actions?.length ?? 0) > 0);
  return (
    <dl className={classNames("govuk-summary-list", noBorder && "govuk-summary-list--no-border", className)}>
      {rows.map((row, index) => {
        const actions = row.actions ?? [];
        return (
          <div
            key={index}
            className={classNames(
              "govuk-summary-list__row",
              anyRowHasActions && actions.length === 0 && "govuk-summary-list__row--no-actions",
              row.className,
            )}
          >
            <dt className="govuk-summary-list__key">{row.key}</dt>
            <dd className="govuk-summary-list__value">{row.value}</dd>
            {actions.length > 0 ? (
              <dd className="govuk-summary-list__actions">
                {actions.length === 1 ? (
                  <ActionLink action={actions[0]} />
                ) : (
                  <ul className="govuk-summary-list__actions-list">
                    {actions.map((action, actionIndex) => (
                      // The space between items is part of the inline-block layout, as in GOV.UK's template.
                      <Fragment key={actionIndex}>
                        {actionIndex > 0 ? " " : null}
                        <li className="govuk-summary-list__actions-list-item">
                          <ActionLink action={action} />
                        </li>
                      </Fragment>
                    ))}
                  </ul>
                )}
              </dd>
            ) : null}
          </div>
        );
      })}
    </dl>
  );
}
