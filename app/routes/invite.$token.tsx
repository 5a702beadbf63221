import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { createSession } from "~/auth/session.server";
import { ChoosePasswordForm } from "~/components/choose-password-form";
import { ErrorSummary } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { acceptInvitation, getOpenInvitation } from "~/data/invitations.server";
import { ChosenPasswordSchema } from "~/auth/password-policy.server";
import { errorSummaryItems, type FieldErrors, formValues, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * An invitation link: the invitee chooses a password and is signed in. A used, expired or
 * unknown link says so (404), without saying which: the link alone is the key.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? "Choose your password" : "This link does not work") }];

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await getOpenInvitation(getDb(), params.token ?? "");
  if (!invitation) throw new Response("This invitation link does not work", { status: 404 });
  return { name: invitation.name, email: invitation.email, agencyName: invitation.agencyName };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb();
  // A link that does not work is "not found" whatever the form holds, as the page itself is.
  if (!(await getOpenInvitation(db, params.token ?? ""))) throw new Response("This invitation link does not work", { status: 404 });
  const parsed = parseForm(ChosenPasswordSchema, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: parsed.errors as FieldErrors }, { status: 400 });
  const accepted = await acceptInvitation(db, params.token ?? "", parsed.data.password);
  if (!accepted.ok) throw new Response("This invitation link does not work", { status: 404 });
  const cookie = await createSession(db, request, accepted.userId);
  return redirect("/returns", { headers: { "Set-Cookie": cookie } });
}

export default function AcceptInvitation() {
  const { name, email, agencyName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  useErrorTitle(Boolean(errors));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errors={errorSummaryItems(errors)} /> : null}
        <span className="govuk-caption-l">{agencyName}</span>
        <h1 className="govuk-heading-l">Choose your password</h1>
        <p className="govuk-body">
          {name}, your agency lead has invited you to help complete your agency's safeguarding audit returns. You will sign in with <strong className="app-break-word">{email}</strong>.
        </p>
        <ChoosePasswordForm email={email} errors={errors} label="Password" />
      </div>
    </div>
  );
}
