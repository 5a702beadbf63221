import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { Button, ErrorSummary, Input, InsetText, NotificationBanner, Table, Tag } from "~/components/govuk";
import { getAgency } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import {
  INVITATION_DAYS,
  inviteMember,
  listAgencyPeople,
  reissueInvitation,
  removeMemberAccess,
  type AgencyPerson,
} from "~/data/invitations.server";
import { ROLE_LABELS } from "~/domain/permissions";
import { InviteInputSchema } from "~/domain/user";
import { errorSummaryItems, type FieldErrors, formatDateTime, formValues, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * People in your agency: the agency lead invites colleagues to help complete returns,
 * gives each the one-time link to set a password, and removes access when someone leaves.
 * Contributors edit drafts; only the lead signs off and submits (DESIGN §7).
 */

export const meta: MetaFunction = () => [{ title: pageTitle("People in your agency") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["agency_lead"]);
  const db = getDb();
  const people = await listAgencyPeople(db, viewer);
  if (!people) throw new Response("You do not have permission to see this page", { status: 403 });
  const agency = await getAgency(db, viewer, viewer.agencyId!);
  return { agencyName: agency?.name ?? "", people, viewerId: viewer.id, invitationDays: INVITATION_DAYS };
}

const PersonSchema = z.object({ userId: z.coerce.number().int().positive() });

/** The link an invitee opens; the one place an invitation goes out (a notifications module would email it from here). */
function invitationLink(request: Request, token: string): string {
  return `${new URL(request.url).origin}/invite/${token}`;
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["agency_lead"]);
  const form = await readForm(request);
  const values = formValues(form);
  const db = getDb();
  const intent = values._intent;

  if (intent === "remove" || intent === "reissue") {
    const parsed = PersonSchema.safeParse(values);
    if (!parsed.success) throw new Response("Choose a person from the list", { status: 400 });
    if (intent === "remove") {
      const removed = await removeMemberAccess(db, viewer, parsed.data.userId);
      if (!removed.ok) throw new Response(removed.message, { status: removed.status });
      return redirect(`/people?removed=${encodeURIComponent(removed.name)}`);
    }
    const reissued = await reissueInvitation(db, viewer, parsed.data.userId);
    if (!reissued.ok) throw new Response(reissued.message, { status: reissued.status });
    const person = (await listAgencyPeople(db, viewer))?.find((candidate) => candidate.id === reissued.userId);
    return {
      invited: { name: person?.name ?? "", link: invitationLink(request, reissued.token), expiresAt: reissued.expiresAt },
      errors: null,
      values: {},
    };
  }

  const parsed = parseForm(InviteInputSchema, values);
  if (!parsed.ok) return data({ invited: null, errors: parsed.errors as FieldErrors, values }, { status: 400 });
  const result = await inviteMember(db, viewer, parsed.data);
  if (!result.ok)
    return data(
      { invited: null, errors: { email: result.message } as FieldErrors, values },
      { status: result.status === 409 ? 400 : result.status },
    );
  return {
    invited: { name: parsed.data.name, link: invitationLink(request, result.token), expiresAt: result.expiresAt },
    errors: null,
    values: {},
  };
}

const STATE_TAGS: Record<AgencyPerson["state"], { text: string; colour?: "grey" | "blue" | "yellow" | "red" }> = {
  active: { text: "Active" },
  invited: { text: "Invited", colour: "blue" },
  expired: { text: "Invitation expired", colour: "yellow" },
  removed: { text: "Access removed", colour: "grey" },
};

export default function People() {
  const { agencyName, people, viewerId, invitationDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors ?? null;
  useErrorTitle(Boolean(errors));
  const values: Record<string, string> = actionData?.values ?? {};
  return (
    <>
      {errors ? <ErrorSummary errors={errorSummaryItems(errors)} /> : null}
      {actionData?.invited ? (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">{`Invitation created for ${actionData.invited.name}`}</p>
          <p className="govuk-body">
            Send them this link yourself, for example by email. It works once, until {formatDateTime(actionData.invited.expiresAt)}:
          </p>
          <p className="govuk-body app-invitation-link">
            <code>{actionData.invited.link}</code>
          </p>
        </NotificationBanner>
      ) : null}
      {params.has("removed") ? <NotificationBanner type="success" heading={`${params.get("removed")} can no longer sign in`} /> : null}
      <span className="govuk-caption-l">{agencyName}</span>
      <h1 className="govuk-heading-l">People in your agency</h1>
      <p className="govuk-body">
        Contributors can answer questions and save your agency's returns. Only you, as agency lead, can sign off and submit a return.
      </p>
      <div className="app-table-wrapper" role="region" aria-label="People in your agency" tabIndex={0}>
        <Table
          firstCellIsHeader
          head={[
            { text: "Name" },
            { text: "Email address" },
            { text: "Role" },
            { text: "Status" },
            { text: <span className="govuk-visually-hidden">Actions</span> },
          ]}
          rows={people.map((person) => [
            { text: person.name },
            { text: <span className="app-break-word">{person.email}</span> },
            { text: ROLE_LABELS[person.role] },
            { text: <Tag colour={STATE_TAGS[person.state].colour}>{STATE_TAGS[person.state].text}</Tag> },
            {
              text:
                person.role === "agency_member" && person.state !== "removed" && person.id !== viewerId ? (
                  <Form method="post" className="app-inline-form">
                    <input type="hidden" name="userId" value={person.id} />
                    {person.state === "invited" || person.state === "expired" ? (
                      <Button name="_intent" value="reissue" variant="secondary" className="govuk-!-margin-bottom-2">
                        New link<span className="govuk-visually-hidden"> for {person.name}</span>
                      </Button>
                    ) : null}{" "}
                    <Button name="_intent" value="remove" variant="warning" className="govuk-!-margin-bottom-0">
                      Remove access<span className="govuk-visually-hidden"> for {person.name}</span>
                    </Button>
                  </Form>
                ) : null,
            },
          ])}
        />
      </div>
      <h2 className="govuk-heading-m">Invite a colleague</h2>
      <InsetText>
        You will get a link to send them. They open it to choose a password; it works once and for {invitationDays} days. They join as a
        contributor.
      </InsetText>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {/* A fresh form after each invitation, so the next one starts empty. */}
          <Form method="post" noValidate key={actionData?.invited?.link ?? "invite"}>
            <Input name="name" label="Full name" autoComplete="off" defaultValue={values.name} error={errors?.name} />
            <Input
              name="email"
              label="Email address"
              type="email"
              spellCheck={false}
              autoComplete="off"
              defaultValue={values.email}
              error={errors?.email}
            />
            <Button name="_intent" value="invite">
              Create invitation
            </Button>
          </Form>
        </div>
      </div>
    </>
  );
}
