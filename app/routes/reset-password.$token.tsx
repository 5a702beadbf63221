import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { choosePasswordAction } from "~/auth/choose-password.server";
import { ChoosePasswordForm } from "~/components/choose-password-form";
import { ErrorSummary } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { completePasswordReset, getOpenReset } from "~/data/password-resets.server";
import { errorSummaryItems } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * A password reset link: the person chooses a new password and is signed in; every other
 * session of theirs ends. A used, expired or unknown link says so (404), without saying which.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? "Choose a new password" : "This link does not work") },
];

const NOT_WORKING =
  "This password reset link does not work. It may have been used already or be more than a day old: ask for a new one from the sign-in page";

export async function loader({ params }: LoaderFunctionArgs) {
  const reset = await getOpenReset(getDb(), params.token ?? "");
  if (!reset) throw new Response(NOT_WORKING, { status: 404 });
  return { name: reset.name, email: reset.email };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb();
  const token = params.token ?? "";
  return choosePasswordAction(db, request, {
    isOpen: async () => (await getOpenReset(db, token)) !== null,
    choose: (password) => completePasswordReset(db, token, password),
    notWorking: NOT_WORKING,
    then: "/",
  });
}

export default function ResetPassword() {
  const { name, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  useErrorTitle(Boolean(errors));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errors={errorSummaryItems(errors)} /> : null}
        <h1 className="govuk-heading-l">Choose a new password</h1>
        <p className="govuk-body">
          {name}, choose a new password for <strong className="app-break-word">{email}</strong>. You will be signed out everywhere else.
        </p>
        <ChoosePasswordForm email={email} errors={errors} label="New password" />
      </div>
    </div>
  );
}
