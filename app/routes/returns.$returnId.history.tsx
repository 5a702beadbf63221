import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Table } from "~/components/govuk";
import { listReturnHistory, type AuditRecord } from "~/data/audit.server";
import { getDb } from "~/data/db.server";
import { getReturnDueDate } from "~/data/due-dates.server";
import { NOTIFICATION_KIND_LABELS, type NotificationKind } from "~/domain/notifications";
import { SUBMITTED_STATUSES } from "~/domain/permissions";
import { formatDate, formatDateTime } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";

/** The append-only history of a return, for the business office and the QA subgroup (read only). */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `History: ${data.agencyName}` : "History") }];

const ACTIONS: Record<string, string> = {
  "return.save": "Answers saved",
  "return.submit": "Signed off and submitted",
  "return.upload": "Answers uploaded from a spreadsheet",
  "return.import": "Imported as a past return",
  "return.carry_forward": "Started from last cycle's answers",
  "return.moderate": "Moderated rating recorded",
  "return.return_for_changes": "Returned for changes",
  "return.validate": "Validated",
  "challenge.raise": "Challenge raised",
  "challenge.answer": "Challenge answered",
  "challenge.close": "Challenge closed",
  "evidence.add": "Evidence added",
  "evidence.remove": "Evidence removed",
  "return.extend_due_date": "Due date changed",
  "return.remind": "Reminder sent",
};

/** A one-line description of what changed, from the entry's summary (never the answers themselves). */
function describe(entry: AuditRecord): string {
  const summary = entry.summary as Record<string, unknown>;
  switch (entry.action) {
    case "return.save":
      return `Section ${summary.page}: ${Array.isArray(summary.changed) ? summary.changed.length : 0} answers changed`;
    case "return.upload":
      return `${summary.file}: ${Array.isArray(summary.changed) ? summary.changed.length : 0} answers changed`;
    case "return.import":
      return `From ${summary.file}`;
    case "return.moderate": {
      const after = summary.after as { band?: string; rationale?: string } | undefined;
      const before = summary.before as { band?: string } | null | undefined;
      return `${summary.standard}: ${before?.band ? `${before.band} → ` : ""}${after?.band ?? ""}. ${after?.rationale ?? ""}`;
    }
    case "return.return_for_changes":
      return String(summary.reason ?? "");
    case "return.carry_forward": {
      const from = summary.from as { cycle?: string } | undefined;
      const dropped = Array.isArray(summary.dropped) ? summary.dropped.length : 0;
      return `${summary.carried} answers from ${from?.cycle ?? "the previous return"}${dropped > 0 ? `; ${dropped} left out` : ""}`;
    }
    case "challenge.raise":
      return `On ${summary.standard}`;
    case "challenge.close":
      return `Outcome: ${String(summary.outcome ?? "").replace("_", " ")}`;
    case "evidence.add":
    case "evidence.remove":
      return [summary.standard ?? summary.question, summary.fileName ?? summary.url].filter(Boolean).join(": ");
    case "return.extend_due_date": {
      const before = summary.before as { dueOn?: string } | undefined;
      const after = summary.after as { dueOn?: string } | undefined;
      return `From ${formatDate(before?.dueOn)} to ${formatDate(after?.dueOn)}. Reason: ${String(summary.reason ?? "")}`;
    }
    case "return.remind": {
      const recipients = Number(summary.recipients ?? 0);
      return `${NOTIFICATION_KIND_LABELS[summary.kind as NotificationKind] ?? String(summary.kind)} (due ${formatDate(String(summary.dueOn ?? ""))}), to ${recipients} ${recipients === 1 ? "person" : "people"} at the agency`;
    }
    default:
      return "";
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "admin"]);
  const db = getDb();
  // A return not yet submitted has a history too (its chase, due dates), but not the agency's draft work (visibleHistory).
  const ret = await getReturnDueDate(db, viewer, requireId(params.returnId));
  if (!ret) notFound();
  const history = await listReturnHistory(db, viewer, ret.returnId);
  return {
    returnId: ret.returnId,
    back: (SUBMITTED_STATUSES as readonly string[]).includes(ret.status)
      ? { href: `/returns/${ret.returnId}/review`, text: "Back to the review" }
      : { href: `/cycles/${ret.cycleId}`, text: "Back to the cycle" },
    agencyName: ret.agencyName,
    cycleTitle: ret.cycleTitle,
    entries: history.map((entry) => ({
      id: entry.id,
      at: entry.at,
      who: entry.userName ?? "The system",
      what: ACTIONS[entry.action] ?? entry.action,
      detail: describe(entry),
    })),
  };
}

export default function ReturnHistory() {
  const { back, agencyName, cycleTitle, entries } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href={back.href}>{back.text}</BackLink>
      <span className="govuk-caption-l">{cycleTitle}</span>
      <h1 className="govuk-heading-l">History: {agencyName}</h1>
      <p className="govuk-body">Every change to this return, newest first. The history cannot be edited or deleted.</p>
      <p className="govuk-body">Drafts are private to the agency: its changes to answers and evidence appear here once it submits them.</p>
      <div className="app-table-wrapper" role="region" aria-label="History" tabIndex={0}>
        <Table
          firstCellIsHeader
          head={[{ text: "When" }, { text: "Who" }, { text: "What" }, { text: "Detail" }]}
          rows={entries.map((entry) => [
            { text: formatDateTime(entry.at) },
            { text: entry.who },
            { text: entry.what },
            { text: entry.detail },
          ])}
        />
      </div>
    </>
  );
}
