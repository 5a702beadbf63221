import type { ReactNode } from "react";

import { classNames } from "./class-names";
import { Tag, type TagColour } from "./tag";

/** A status shown as a tag (to draw attention) or as plain text (for finished or blocked tasks). */
export type TaskListStatus = { tag: { text: ReactNode; colour?: TagColour } } | { text: ReactNode; cannotStartYet?: boolean };

export interface TaskListItem {
  title: ReactNode;
  /** Without a link the task cannot be started yet. */
  href?: string;
  hint?: ReactNode;
  status: TaskListStatus;
}

export interface TaskListProps {
  items: TaskListItem[];
  /** Prefixes the hint and status ids; defaults to "task-list". Must be unique on the page. */
  idPrefix?: string;
  className?: string;
}

export function TaskList({ items, idPrefix = "task-list", className }: TaskListProps) {
  return (
    <ul className={classNames("govuk-task-list", className)}>
      {items.map((item, index) => {
        const hintId = `${idPrefix}-${index + 1}-hint`;
        const statusId = `${idPrefix}-${index + 1}-status`;
        const status = item.status;
        return (
          <li key={index} className={classNames("govuk-task-list__item", item.href && "govuk-task-list__item--with-link")}>
            <div className="govuk-task-list__name-and-hint">
              {item.href ? (
                <a
                  className="govuk-link govuk-task-list__link"
                  href={item.href}
                  aria-describedby={classNames(item.hint ? hintId : undefined, statusId)}
                >
                  {item.title}
                </a>
              ) : (
                <div>{item.title}</div>
              )}
              {item.hint ? (
                <div id={hintId} className="govuk-task-list__hint">
                  {item.hint}
                </div>
              ) : null}
            </div>
            <div
              className={classNames(
                "govuk-task-list__status",
                "cannotStartYet" in status && status.cannotStartYet && "govuk-task-list__status--cannot-start-yet",
              )}
              id={statusId}
            >
              {"tag" in status ? <Tag colour={status.tag.colour}>{status.tag.text}</Tag> : status.text}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
