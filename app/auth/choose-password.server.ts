import { data, redirect } from "@remix-run/node";
import type { Db } from "~/data/db.server";
import { formValues, parseForm, readForm, type FieldErrors } from "~/utils/form";
import { ChosenPasswordSchema } from "./password-policy.server";
import { createSession } from "./session.server";

/**
 * The action behind a one-time link that lets someone choose a password (an invitation, a reset): a link
 * that does not work is "not found" whatever the form holds, as its page is; a password that breaks the
 * policy is a form error; a good one is stored by `choose`, which uses the link up, and the person is
 * signed in and sent to `then`. `choose` refusing (the link used up by another tab meanwhile) is a 404 too.
 */
export async function choosePasswordAction(
  db: Db,
  request: Request,
  link: {
    isOpen: () => Promise<boolean>;
    choose: (password: string) => Promise<{ ok: true; userId: number } | { ok: false }>;
    notWorking: string;
    then: string;
  },
) {
  if (!(await link.isOpen())) throw new Response(link.notWorking, { status: 404 });
  const parsed = parseForm(ChosenPasswordSchema, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: parsed.errors as FieldErrors }, { status: 400 });
  const chosen = await link.choose(parsed.data.password);
  if (!chosen.ok) throw new Response(link.notWorking, { status: 404 });
  return redirect(link.then, { headers: { "Set-Cookie": await createSession(db, request, chosen.userId) } });
}
