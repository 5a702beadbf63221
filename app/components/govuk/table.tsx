import type { CSSProperties, ReactNode } from "react";

import { classNames } from "./class-names";

export interface TableCell {
  text: ReactNode;
  /** Right-aligns numbers so they line up (GOV.UK "numeric" format). */
  format?: "numeric";
  className?: string;
  colSpan?: number;
  rowSpan?: number;
  style?: CSSProperties;
  /** On a column heading of a sortable table: which way it is sorted (WAI-ARIA `aria-sort`). */
  ariaSort?: "ascending" | "descending" | "none";
}

export interface TableProps {
  caption?: ReactNode;
  captionSize?: "s" | "m" | "l" | "xl";
  head?: TableCell[];
  rows: TableCell[][];
  /** Makes the first cell of each row a row header (`th scope="row"`). */
  firstCellIsHeader?: boolean;
  className?: string;
}

export function Table({ caption, captionSize, head, rows, firstCellIsHeader = false, className }: TableProps) {
  return (
    <table className={classNames("govuk-table", className)}>
      {caption ? (
        <caption className={classNames("govuk-table__caption", captionSize && `govuk-table__caption--${captionSize}`)}>{caption}</caption>
      ) : null}
      {head ? (
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {head.map((cell, index) => (
              <th
                key={index}
                scope="col"
                className={classNames("govuk-table__header", cell.format && `govuk-table__header--${cell.format}`, cell.className)}
                colSpan={cell.colSpan}
                rowSpan={cell.rowSpan}
                style={cell.style}
                aria-sort={cell.ariaSort}
              >
                {cell.text}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody className="govuk-table__body">
        {rows.map((row, rowIndex) => (
          <tr key={rowIndex} className="govuk-table__row">
            {row.map((cell, index) =>
              index === 0 && firstCellIsHeader ? (
                <th
                  key={index}
                  scope="row"
                  className={classNames("govuk-table__header", cell.className)}
                  colSpan={cell.colSpan}
                  rowSpan={cell.rowSpan}
                  style={cell.style}
                >
                  {cell.text}
                </th>
              ) : (
                <td
                  key={index}
                  className={classNames("govuk-table__cell", cell.format && `govuk-table__cell--${cell.format}`, cell.className)}
                  colSpan={cell.colSpan}
                  rowSpan={cell.rowSpan}
                  style={cell.style}
                >
                  {cell.text}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
