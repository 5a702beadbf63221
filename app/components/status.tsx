import { progressShown, type ActionProgress } from "~/domain/actions";
import { RETURN_STATUS_LABELS, type ReturnStatus } from "~/domain/permissions";
import { USER_STATUS_LABELS, type UserStatus } from "~/domain/user";
import type { CycleStatus } from "~/domain/cycle";
import { Tag, type TagColour } from "./govuk";

const RETURN_STATUS: Record<ReturnStatus, { text: string; colour: TagColour }> = {
  not_started: { text: RETURN_STATUS_LABELS.not_started, colour: "grey" },
  in_progress: { text: RETURN_STATUS_LABELS.in_progress, colour: "light-blue" },
  submitted: { text: RETURN_STATUS_LABELS.submitted, colour: "blue" },
  returned: { text: RETURN_STATUS_LABELS.returned, colour: "orange" },
  validated: { text: RETURN_STATUS_LABELS.validated, colour: "green" },
};

const CYCLE_STATUS: Record<CycleStatus, { text: string; colour: TagColour }> = {
  draft: { text: "Draft", colour: "grey" },
  open: { text: "Open", colour: "green" },
  closed: { text: "Closed", colour: "purple" },
};

export function ReturnStatusTag({ status }: { status: ReturnStatus }) {
  return <Tag colour={RETURN_STATUS[status].colour}>{RETURN_STATUS[status].text}</Tag>;
}

export function returnStatusText(status: ReturnStatus): string {
  return RETURN_STATUS[status].text;
}

export function CycleStatusTag({ status }: { status: CycleStatus }) {
  return <Tag colour={CYCLE_STATUS[status].colour}>{CYCLE_STATUS[status].text}</Tag>;
}

const USER_STATUS: Record<UserStatus, TagColour> = { active: "green", invited: "blue", deactivated: "grey" };

export function UserStatusTag({ status }: { status: UserStatus }) {
  return <Tag colour={USER_STATUS[status]}>{USER_STATUS_LABELS[status]}</Tag>;
}

/** An action's progress: its RAG, or "Overdue" with the RAG last reported beside it (see `progressShown`). */
export function ActionProgressTag({ progress, overdue }: { progress: ActionProgress; overdue: boolean }) {
  const shown = progressShown(progress, overdue);
  return (
    <>
      <Tag colour={shown.colour}>{shown.label}</Tag>
      {shown.reported ? (
        <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 govuk-!-margin-top-1">{shown.reported}</span>
      ) : null}
    </>
  );
}
