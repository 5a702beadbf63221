import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { getViewer } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, Input } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { mailerFromEnv, serviceBaseUrl } from "~/data/mailer.server";
import { requestPasswordReset, sendPasswordResetEmail } from "~/data/password-resets.server";
import { toWaitText } from "~/domain/login-throttle";
import { PASSWORD_RESET_HOURS } from "~/domain/password-rule";
import { ForgotPasswordSchema } from "~/domain/user";
import { errorSummaryItems, type FieldErrors, formValues, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * "Forgot your password?": an email address in, the same answer whether or not it has an
 * account, a one-time link by email. Throttled per account and per address (requestPasswordReset). The
 * email goes out after the answer, so the time taken tells nothing either.
 */

export const meta: MetaFunction = () => [{ title: pageTitle("Reset your password") }];

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getViewer(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const values = formValues(await readForm(request));
  const parsed = parseForm(ForgotPasswordSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors as FieldErrors, email: values.email ?? "", sent: false }, { status: 400 });
  const db = getDb();
  const result = await requestPasswordReset(db, parsed.data.email, context?.clientIp ?? "unknown");
  if (result.kind === "throttled") {
    const message = `Too many requests for reset links from your network. Wait ${toWaitText(result.waitSeconds)} and try again`;
    return data(
      { errors: { email: message } as FieldErrors, email: parsed.data.email, sent: false },
      { status: 429, headers: { "Retry-After": String(result.waitSeconds) } },
    );
  }
  const mailer = result.kind === "issued" ? mailerFromEnv() : null;
  if (mailer && result.kind === "issued")
    void sendPasswordResetEmail(mailer, result.reset, serviceBaseUrl(), false).finally(() => mailer.close());
  return { errors: null, email: parsed.data.email, sent: true };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? undefined;
  useErrorTitle(Boolean(errors));
  if (actionData?.sent) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Check your email</h1>
          <p className="govuk-body">
            If <strong className="app-break-word">{actionData.email}</strong> has an account, we have sent it a link to choose a new
            password. The link works once, for {PASSWORD_RESET_HOURS} hours.
          </p>
          <p className="govuk-body">
            If nothing arrives within 10 minutes, check your spam folder, or ask your partnership business office to reset your password.
          </p>
          <p className="govuk-body">
            <a className="govuk-link" href="/login">
              Back to sign in
            </a>
          </p>
        </div>
      </div>
    );
  }
  return (
    <>
      <BackLink href="/login">Back to sign in</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors ? <ErrorSummary errors={errorSummaryItems(errors)} /> : null}
          <h1 className="govuk-heading-l">Reset your password</h1>
          <p className="govuk-body">Enter the email address you sign in with. We will email you a link to choose a new password.</p>
          <Form method="post" noValidate>
            <Input
              name="email"
              label="Email address"
              type="email"
              autoComplete="email"
              spellCheck={false}
              defaultValue={actionData?.email}
              error={errors?.email}
            />
            <Button>Send reset link</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
