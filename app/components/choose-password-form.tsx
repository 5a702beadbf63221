import { Form } from "@remix-run/react";
import { PASSWORD_HINT } from "~/domain/password-rule";
import type { FieldErrors } from "~/utils/form";
import { Button, Input } from "./govuk";

/**
 * Choosing a password, from an invitation or a reset link (GOV.UK "Passwords" pattern: the rules up front,
 * typed twice, the username beside it so password managers save the pair).
 */
export function ChoosePasswordForm({ email, errors, label }: { email: string; errors?: FieldErrors; label: string }) {
  return (
    <Form method="post" noValidate>
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <Input name="password" label={label} hint={PASSWORD_HINT} type="password" autoComplete="new-password" error={errors?.password} />
      <Input
        name="confirm"
        label={`Enter the ${label.toLowerCase()} again`}
        type="password"
        autoComplete="new-password"
        error={errors?.confirm}
      />
      <Button>Set password and sign in</Button>
    </Form>
  );
}
