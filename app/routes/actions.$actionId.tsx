import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { ActionProgressTag } from "~/components/status";
import { BandLabel } from "~/components/band";
import {
  BackLink,
  Button,
  ErrorSummary,
  InsetText,
  NotificationBanner,
  Radios,
  SummaryList,
  Table,
  Tag,
  Textarea,
} from "~/components/govuk";
import { agreeAction, getAction, rerateAfterAction, updateActionProgress } from "~/data/actions.server";
import { getDb } from "~/data/db.server";
import {
  ACTION_RAGS,
  ACTION_STATUSES,
  PROGRESS_LABELS,
  STATUS_COLOURS,
  STATUS_LABELS,
  canAgreeAction,
  canRerateAfterAction,
  canUpdateAction,
  nextStatuses,
} from "~/domain/actions";
import { canModerate } from "~/domain/moderation";
import { isAgencyRole } from "~/domain/permissions";
import { errorSummaryItems, type FieldErrors, formatDate, formatDateTime, formValues, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";
import { bandLabel } from "~/domain/scoring";

/**
 * One action: what, who, when, how success is measured, agreement and the progress history. The
 * agency reports progress here; QA agrees the action and, once it is done, re-rates the standard.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Action: ${data.action.standardLabel} – ${data.action.agencyName ?? "the partnership"}` : "Action"),
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Board members read actions only as published (DESIGN §7): a live action is not found for them (getAction scopes it away).
  const viewer = await requireRole(request, ["admin", "qa", "board", "agency_lead", "agency_member"]);
  const action = await getAction(getDb(), viewer, requireId(params.actionId));
  if (!action) notFound();
  return {
    action,
    isAgency: isAgencyRole(viewer.role),
    canUpdate: canUpdateAction(viewer, action),
    nextStatuses: nextStatuses(action.status),
    canAgree: canAgreeAction(viewer, action),
    canRerate: action.returnStatus !== null && canRerateAfterAction(viewer, action.status, action.returnStatus),
    // A submitted return is still with QA: a done action's standard is re-rated by ordinary moderation.
    moderateHref:
      viewer.role === "qa" && action.status === "done" && action.returnStatus !== null && canModerate(viewer, action.returnStatus)
        ? `/returns/${action.returnId}/review/${encodeURIComponent(action.standardCode)}`
        : null,
  };
}

const ProgressSchema = z.object({
  status: z.enum(ACTION_STATUSES, { error: "Select the status of the action" }),
  rag: z.enum(ACTION_RAGS, { error: "Select how the action is progressing" }).nullable(),
  note: z.string().max(5000, "The note must be 5,000 characters or fewer"),
  evidenceNote: z.string().max(5000, "The evidence note must be 5,000 characters or fewer"),
});
const RerateSchema = z.object({
  band: z.string().min(1, "Select the new moderated rating"),
  rationale: z.string().trim().min(1, "Enter the reason for the new rating").max(5000, "The reason must be 5,000 characters or fewer"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["qa", "agency_lead", "agency_member"]);
  const id = requireId(params.actionId);
  // Another agency's action is not found, whatever the form holds (DESIGN §7).
  if (!(await getAction(getDb(), viewer, id))) notFound();
  const form = await readForm(request);
  const values = formValues(form);
  const intent = values._intent ?? "";
  const db = getDb();
  const fail = (errors: FieldErrors, status: number) => data({ intent, errors, values }, { status });
  const refused = (result: { status: number; message: string }, field: string) =>
    result.status === 404 ? notFound() : fail({ [field]: result.message }, result.status);

  if (intent === "progress") {
    const parsed = parseForm(ProgressSchema, {
      status: values.status ?? "",
      rag: values.rag || null,
      note: values.note ?? "",
      evidenceNote: values.evidenceNote ?? "",
    });
    if (!parsed.ok) return fail(parsed.errors, 400);
    const result = await updateActionProgress(db, viewer, id, parsed.data);
    if (!result.ok) return "errors" in result ? fail(result.errors, 400) : refused(result, "status");
    return redirect(`/actions/${id}?${parsed.data.status === "done" ? "done" : "updated"}=1`);
  }
  if (intent === "agree") {
    const result = await agreeAction(db, viewer, id);
    if (!result.ok) return "errors" in result ? fail(result.errors, 400) : refused(result, "form");
    return redirect(`/actions/${id}?agreed=1`);
  }
  if (intent === "rerate") {
    const parsed = parseForm(RerateSchema, { band: values.band ?? "", rationale: values.rationale ?? "" });
    if (!parsed.ok) return fail(parsed.errors, 400);
    const result = await rerateAfterAction(db, viewer, id, parsed.data);
    if (!result.ok) return "errors" in result ? fail(result.errors, 400) : refused(result, "band");
    return redirect(`/actions/${id}?rerated=1`);
  }
  return fail({ form: "Choose an action from the page" }, 400);
}

const BANNERS: Record<string, string> = {
  created: "Action saved. The QA subgroup will be asked to agree it.",
  agreed: "Action agreed",
  updated: "Progress update saved",
  done: "Action marked as done",
  rerated: "New moderated rating recorded",
};

export default function ActionPage() {
  const { action: a, isAgency, canUpdate, nextStatuses: statuses, canAgree, canRerate, moderateHref } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors: FieldErrors | undefined = actionData?.errors;
  const values: Record<string, string> = actionData?.values ?? {};
  const mine = (intent: string) => (actionData?.intent === intent ? values : {});
  useErrorTitle(Boolean(errors));
  // A re-shown form posts to this page's address, query and all: the last success is old news beside its errors.
  const banner = errors ? undefined : Object.keys(BANNERS).find((key) => params.has(key));
  const formAction = `/actions/${a.id}`;
  const ratingLabel = (code: string | null) => bandLabel(a.bands, code, "Not rated");
  const progress = mine("progress");
  return (
    <>
      <BackLink href="/actions">{isAgency ? "Back to your actions" : "Back to actions"}</BackLink>
      {errors ? (
        <ErrorSummary errors={errorSummaryItems(errors, { status: "status", rag: "rag", evidenceNote: "evidenceNote", band: "band" })} />
      ) : null}
      {banner ? <NotificationBanner type="success" heading={BANNERS[banner]} /> : null}
      <span className="govuk-caption-l">
        {a.agencyName ?? "Partnership action"}: {a.cycleTitle}
      </span>
      <h1 className="govuk-heading-l">Action on {a.standardLabel}</h1>
      <SummaryList
        rows={[
          { key: "What will be done", value: a.description },
          { key: "Owner", value: a.owner },
          {
            key: "Due",
            value: (
              <>
                {formatDate(a.dueOn)} {a.overdue ? <Tag colour="red">Overdue</Tag> : null}
              </>
            ),
          },
          { key: "Success measure", value: a.successMeasure },
          { key: "Status", value: <Tag colour={STATUS_COLOURS[a.status]}>{STATUS_LABELS[a.status]}</Tag> },
          { key: "Progress", value: <ActionProgressTag progress={a.progress} overdue={a.overdue} /> },
          ...(a.evidenceNote ? [{ key: "Evidence it is done", value: `${a.evidenceNote} (${formatDate(a.doneAt)})` }] : []),
          {
            key: "Agreed",
            value: a.agreedAt ? `Agreed by ${a.agreedBy} on ${formatDate(a.agreedAt)}` : "Not yet agreed by the QA subgroup",
          },
          { key: "Written", value: `${formatDate(a.createdAt)} by ${a.createdBy}` },
          // A partnership action comes from a case audit's recommendation: no return, no rating to move.
          ...(a.returnId === null
            ? [
                {
                  key: "Case audit",
                  value: (
                    <a className="govuk-link" href={`/case-audits/${a.caseAuditId}#learning`}>
                      {a.cycleTitle}
                    </a>
                  ),
                },
              ]
            : [
                {
                  key: "Standard's rating now",
                  value: (
                    <>
                      <BandLabel bands={a.bands} code={a.rating.effective} />
                      <span className="govuk-body-s govuk-!-display-block">
                        {a.rating.moderated ? `Moderated; computed ${ratingLabel(a.rating.computed)}` : "Computed; not moderated"}
                      </span>
                    </>
                  ),
                },
                {
                  key: "Return",
                  value: (
                    <a className="govuk-link" href={`/returns/${a.returnId}`}>
                      {a.cycleTitle}
                    </a>
                  ),
                },
              ]),
        ]}
      />

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {canAgree ? (
            <Form action={formAction} method="post" noValidate>
              <p className="govuk-body">Agree the action when it addresses the standard and its success measure will show that it has.</p>
              <Button name="_intent" value="agree">
                Agree this action
              </Button>
            </Form>
          ) : null}

          {moderateHref ? (
            <p className="govuk-body">
              <a className="govuk-link" href={moderateHref}>
                Re-rate the standard on the review page
              </a>{" "}
              (the return is submitted, so its ratings are moderated there).
            </p>
          ) : null}

          {canRerate ? (
            <Form key={a.rating.moderated ?? "none"} action={formAction} method="post" noValidate>
              <Radios
                name="band"
                legend="Re-rate the standard"
                legendSize="m"
                hint="The action is done. The new moderated rating supersedes the current one; the earlier ratings stay in the history."
                defaultValue={mine("rerate").band ?? a.rating.moderated ?? undefined}
                error={actionData?.intent === "rerate" ? errors?.band : undefined}
                items={a.bands.map((band) => ({ value: band.code, text: band.label }))}
              />
              <Textarea
                name="rationale"
                label="Reason"
                labelSize="s"
                hint="What the evidence of the action shows. It is recorded as “After action: …”."
                defaultValue={mine("rerate").rationale}
                error={actionData?.intent === "rerate" ? errors?.rationale : undefined}
              />
              <Button name="_intent" value="rerate">
                Record new moderated rating
              </Button>
            </Form>
          ) : null}

          {canUpdate ? (
            // Keyed by the history's length, so a saved update leaves an empty form for the next one.
            <Form key={a.updates.length} action={formAction} method="post" noValidate>
              <h2 className="govuk-heading-m">Update progress</h2>
              <Radios
                name="status"
                legend="Status"
                legendSize="s"
                defaultValue={progress.status ?? a.status}
                error={actionData?.intent === "progress" ? errors?.status : undefined}
                items={statuses.map((status) => ({
                  value: status,
                  text: STATUS_LABELS[status],
                  conditional:
                    status === "done" ? (
                      <Textarea
                        name="evidenceNote"
                        label="Evidence that the action is done"
                        hint="What shows the success measure has been met, and where the evidence is kept."
                        defaultValue={progress.evidenceNote}
                        error={actionData?.intent === "progress" ? errors?.evidenceNote : undefined}
                      />
                    ) : undefined,
                }))}
              />
              <Radios
                name="rag"
                legend="How is the action progressing?"
                legendSize="s"
                hint="Not needed when you mark the action as done."
                defaultValue={progress.rag ?? a.rag}
                error={actionData?.intent === "progress" ? errors?.rag : undefined}
                items={ACTION_RAGS.map((rag) => ({ value: rag, text: PROGRESS_LABELS[rag] }))}
              />
              <Textarea
                name="note"
                label="Progress note"
                labelSize="s"
                hint="What has happened since the last update. Optional when you mark the action as done."
                defaultValue={progress.note}
                error={actionData?.intent === "progress" ? errors?.note : undefined}
              />
              <Button name="_intent" value="progress">
                Save progress update
              </Button>
            </Form>
          ) : null}
          {isAgency && a.status === "done" ? (
            <InsetText>This action is done. The QA subgroup may now re-rate the standard.</InsetText>
          ) : null}
        </div>
      </div>

      <h2 className="govuk-heading-m">Progress history</h2>
      {a.updates.length === 0 ? (
        <p className="govuk-body">No progress updates yet.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="Progress history" tabIndex={0}>
          <Table
            caption="Progress history, newest first"
            captionSize="s"
            head={[{ text: "Date" }, { text: "By" }, { text: "Status" }, { text: "Progress" }, { text: "Note" }]}
            rows={a.updates.map((update) => [
              { text: formatDateTime(update.at) },
              { text: update.by },
              { text: STATUS_LABELS[update.status] },
              { text: update.status === "done" ? PROGRESS_LABELS.done : update.rag ? PROGRESS_LABELS[update.rag] : "" },
              {
                text:
                  update.status === "done"
                    ? [update.note, a.evidenceNote ? `Evidence: ${a.evidenceNote}` : null].filter(Boolean).join(" ")
                    : (update.note ?? ""),
              },
            ])}
          />
        </div>
      )}
    </>
  );
}
