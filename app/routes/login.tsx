import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { deviceCookie, readDeviceToken, rememberDevice } from "~/auth/device.server";
import { attemptLogin } from "~/auth/login.server";
import { createSession, getViewer, safeRedirect } from "~/auth/session.server";
import { Button, ErrorSummary, Input } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { toWaitText } from "~/domain/login-throttle";
import { errorSummaryItems, type FieldErrors, formValues, parseForm, readForm } from "~/utils/form";
import { useErrorTitle } from "~/utils/use-error-title";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Sign in") }];

// A throttled attempt says when to try again (Retry-After) on the page itself, not only in its data.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

const LoginSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.org")),
  password: z.string().min(1, "Enter your password").max(1000, "Password must be 1000 characters or fewer"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getViewer(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const values = formValues(form);
  const parsed = parseForm(LoginSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, email: values.email ?? "" }, { status: 400 });
  const db = getDb();
  const deviceToken = readDeviceToken(request);
  const result = await attemptLogin(db, { ...parsed.data, ip: context?.clientIp ?? "unknown", deviceToken });
  if (!result.ok) {
    if (result.reason === "throttled") {
      const message = `Too many attempts to sign in. Wait ${toWaitText(result.waitSeconds)} and try again`;
      return data(
        { errors: { email: message }, email: parsed.data.email },
        { status: 429, headers: { "Retry-After": String(result.waitSeconds) } },
      );
    }
    return data({ errors: { email: "Enter the email address and password for your account" }, email: parsed.data.email }, { status: 401 });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await createSession(db, request, result.viewer.id));
  headers.append("Set-Cookie", deviceCookie(request, await rememberDevice(db, result.viewer.id, deviceToken, new Date())));
  return redirect(safeRedirect(form.get("redirectTo"), "/"), { headers });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: FieldErrors | undefined = actionData?.errors;
  useErrorTitle(Boolean(errors));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errors={errorSummaryItems(errors)} /> : null}
        <h1 className="govuk-heading-l">Sign in</h1>
        <p className="govuk-body">Sign in to complete your agency's safeguarding self-assessment or to review the partnership's returns.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <Input
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={actionData?.email}
            error={errors?.email}
          />
          <Input name="password" label="Password" type="password" autoComplete="current-password" error={errors?.password} />
          <Button>Sign in</Button>
        </Form>
        <p className="govuk-body">
          <a className="govuk-link" href="/forgot-password">
            Forgot your password?
          </a>
        </p>
      </div>
    </div>
  );
}
