import type { ReturnStatus } from "~/domain/permissions";
import type { CycleStatus } from "~/data/cycles.server";
import { Tag, type TagColour } from "./govuk";

const RETURN_STATUS: Record<ReturnStatus, { text: string; colour: TagColour }> = {
  not_started: { text: "Not started", colour: "grey" },
  in_progress: { text: "In progress", colour: "light-blue" },
  submitted: { text: "Submitted", colour: "blue" },
  returned: { text: "Returned for changes", colour: "orange" },
  validated: { text: "Validated", colour: "green" },
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
