import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, Checkboxes, ErrorSummary, NotificationBanner, SummaryList, WarningText } from "~/components/govuk";
import { UserStatusTag } from "~/components/status";
import { getDb } from "~/data/db.server";
import { mailerFromEnv, serviceBaseUrl } from "~/data/mailer.server";
import { issuePasswordReset, sendPasswordResetEmail } from "~/data/password-resets.server";
import { deactivateUser, getUser, listLiveTokensCreatedBy, reactivateUser } from "~/data/users.server";
import { PASSWORD_RESET_HOURS } from "~/domain/password-rule";
import { ROLE_LABELS } from "~/domain/permissions";
import { formatDateTime, formValues, parseForm, readForm } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * One person, for the business office: their details, status and last sign-in; change them,
 * deactivate or reactivate them, or start a password reset. A reset link is emailed when SMTP is set,
 * otherwise shown here once (in this answer only) for the admin to pass on securely.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.user.name ?? "User") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const db = getDb();
  const user = await getUser(db, viewer, requireId(params.userId));
  if (!user) notFound();
  return { user, tokens: user.status === "deactivated" ? [] : await listLiveTokensCreatedBy(db, user.id), isSelf: user.id === viewer.id };
}

const IntentSchema = z.object({
  _intent: z.enum(["deactivate", "reactivate", "reset"], { error: "Choose an action from the page" }),
  keepTokens: z.string().optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const id = requireId(params.userId);
  const parsed = parseForm(IntentSchema, formValues(await readForm(request)));
  if (!parsed.ok) return data({ error: parsed.errors._intent ?? "Choose an action from the page", resetLink: null }, { status: 400 });
  const db = getDb();
  if (parsed.data._intent === "deactivate") {
    const result = await deactivateUser(db, viewer, id, { keepTokens: parsed.data.keepTokens === "yes" });
    if (!result.ok) return refused(result);
    return redirect(`/users/${id}?deactivated=${result.tokensRevoked}`);
  }
  if (parsed.data._intent === "reactivate") {
    const result = await reactivateUser(db, viewer, id);
    if (!result.ok) return refused(result);
    return redirect(`/users/${id}?reactivated=1`);
  }
  const reset = await issuePasswordReset(db, viewer, id);
  if (!reset.ok) return refused(reset);
  const mailer = mailerFromEnv();
  if (mailer) {
    try {
      if (await sendPasswordResetEmail(mailer, reset, serviceBaseUrl(), true)) return redirect(`/users/${id}?resetSent=1`);
    } finally {
      mailer.close();
    }
  }
  // No email (none set up, or the server refused it): the admin passes the link on, shown once, never stored.
  return data(
    { error: null, resetLink: `${serviceBaseUrl()}/reset-password/${reset.token}`, emailFailed: Boolean(mailer) },
    { headers: { "Cache-Control": "no-store" } },
  );
}

function refused(result: { status: number; message: string }) {
  if (result.status === 404) notFound();
  return data({ error: result.message, resetLink: null }, { status: result.status });
}

export default function UserPage() {
  const { user, tokens, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  useErrorTitle(Boolean(actionData?.error));
  const revoked = Number(params.get("deactivated") ?? "0");
  const banner = params.has("deactivated")
    ? `${user.name} has been deactivated and signed out${revoked > 0 ? `; ${revoked} API ${revoked === 1 ? "token" : "tokens"} they created revoked` : ""}`
    : params.has("reactivated")
      ? `${user.name} can sign in again`
      : params.has("resetSent")
        ? `A password reset link has been emailed to ${user.email}. It works once, for ${PASSWORD_RESET_HOURS} hours.`
        : params.has("updated")
          ? "Changes saved"
          : null;
  return (
    <>
      <BackLink href="/users">Back to users</BackLink>
      {actionData?.error ? <ErrorSummary errors={[{ text: actionData.error }]} /> : null}
      {banner ? <NotificationBanner type="success" heading={banner} /> : null}
      {actionData?.resetLink ? (
        <div className="govuk-panel govuk-panel--confirmation" role="status">
          <h2 className="govuk-panel__title">Password reset link</h2>
          <div className="govuk-panel__body">
            <p className="govuk-!-margin-bottom-2">
              {"emailFailed" in actionData && actionData.emailFailed ? "The email could not be sent. " : "Email is not set up. "}
              Give this link to {user.name} securely. It works once, for {PASSWORD_RESET_HOURS} hours, and will not be shown again.
            </p>
            <code className="app-token" data-testid="reset-link">
              {actionData.resetLink}
            </code>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{user.name}</h1>
      <SummaryList
        rows={[
          {
            key: "Name",
            value: user.name,
            actions: [{ href: `/users/${user.id}/edit`, text: "Change", visuallyHiddenText: "name, email, role or agency" }],
          },
          { key: "Email", value: <span className="app-break-word">{user.email}</span> },
          { key: "Role", value: ROLE_LABELS[user.role] },
          {
            key: "Agency",
            value: user.agencyId ? (
              <a className="govuk-link" href={`/agencies/${user.agencyId}`}>
                {user.agencyName}
              </a>
            ) : (
              "Partnership (no agency)"
            ),
          },
          { key: "Last signed in", value: user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "Never" },
          { key: "Status", value: <UserStatusTag status={user.status} /> },
        ]}
      />

      {user.status === "deactivated" ? (
        <>
          <h2 className="govuk-heading-m">Reactivate</h2>
          <p className="govuk-body">
            {user.name} cannot sign in. Reactivating lets them sign in again with their password; you can also send them a reset link
            afterwards.
          </p>
          <Form method="post">
            <input type="hidden" name="_intent" value="reactivate" />
            <Button variant="secondary">Reactivate {user.name}</Button>
          </Form>
        </>
      ) : (
        <>
          <h2 className="govuk-heading-m">Password</h2>
          <p className="govuk-body">
            Send {user.name} a link to choose a new password. It works once, for {PASSWORD_RESET_HOURS} hours. Their current password keeps
            working until they use it.
          </p>
          <Form method="post">
            <input type="hidden" name="_intent" value="reset" />
            <Button variant="secondary">Send a password reset link</Button>
          </Form>
          {isSelf ? null : (
            <>
              <h2 className="govuk-heading-m">Deactivate</h2>
              <WarningText>Deactivating signs {user.name} out at once and stops them signing in. Their work and history stay.</WarningText>
              <Form method="post">
                <input type="hidden" name="_intent" value="deactivate" />
                {tokens.length > 0 ? (
                  <Checkboxes
                    name="keepTokens"
                    legend={`${user.name} created ${tokens.length} API ${tokens.length === 1 ? "token" : "tokens"}: ${tokens.map((token) => token.name).join(", ")}`}
                    legendSize="s"
                    hint="They are revoked with the person unless you confirm another system still needs them."
                    items={[{ value: "yes", text: "Keep these API tokens working" }]}
                  />
                ) : null}
                <Button variant="warning">Deactivate {user.name}</Button>
              </Form>
            </>
          )}
        </>
      )}
    </>
  );
}
