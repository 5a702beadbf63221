import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { choosePasswordAction } from "~/auth/choose-password.server";
import { ChoosePasswordForm } from "~/components/choose-password-form";
import { ErrorSummary } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { acceptInvitation, getOpenInvitation } from "~/data/invitations.server";
import { errorSummaryItems } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * An invitation link: the invitee chooses a password and is signed in. A used, expired or
 * unknown link says so (404), without saying which: the link alone is the key.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? "Choose your password" : "This link does not work") },
];

const NOT_WORKING = "This invitation link does not work";

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await getOpenInvitation(getDb(), params.token ?? "");
  if (!invitation) throw new Response(NOT_WORKING, { status: 404 });
  return { name: invitation.name, email: invitation.email, agencyName: invitation.agencyName };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb();
  const token = params.token ?? "";
  return choosePasswordAction(db, request, {
    isOpen: async () => (await getOpenInvitation(db, token)) !== null,
    choose: (password) => acceptInvitation(db, token, password),
    notWorking: NOT_WORKING,
    then: "/returns",
  });
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
          {name}, your agency lead has invited you to help complete your agency's safeguarding audit returns. You will sign in with{" "}
          <strong className="app-break-word">{email}</strong>.
        </p>
        <ChoosePasswordForm email={email} errors={errors} label="Password" />
      </div>
    </div>
  );
}
