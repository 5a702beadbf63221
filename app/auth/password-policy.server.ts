import { dictionary } from "@zxcvbn-ts/language-common";
import type { z } from "zod";
import { PASSWORD_MIN_LENGTH_RULE } from "~/domain/password-rule";
import { NewPasswordSchema, UserInputSchema } from "~/domain/user";

/**
 * New passwords are refused when they are among the most common ones (NCSC password guidance, GOV.UK
 * "Passwords" pattern: a deny list, not complexity rules). The list is zxcvbn-ts's common-password
 * dictionary (about 49,000 passwords from breach corpora), shipped in a maintained npm package rather
 * than typed here, compared without regard to case. It lives outside the domain because it is data
 * loaded from a package, not a rule.
 */

let common: Set<string> | null = null;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"].map((entry) => entry.toLowerCase()));
  return common.has(password.trim().toLowerCase());
}

export const COMMON_PASSWORD_MESSAGE = "This password is too common and easy to guess: choose a different one, such as three random words";

function refuseCommon<Schema extends z.ZodType<{ password: string }>>(schema: Schema, message: string): Schema {
  return schema.superRefine((value, ctx) => {
    // A password already too short has its one message; this is the next thing to fix, not a second.
    if (value.password.length >= PASSWORD_MIN_LENGTH_RULE && isCommonPassword(value.password))
      ctx.addIssue({ code: "custom", path: ["password"], message });
  }) as Schema;
}

/** A password someone chooses for themselves (invitation or reset link). */
export const ChosenPasswordSchema = refuseCommon(NewPasswordSchema, COMMON_PASSWORD_MESSAGE);

/** A new user with the temporary password the business office gives them. */
export const NewUserSchema = refuseCommon(
  UserInputSchema,
  "This temporary password is too common and easy to guess: choose a different one",
);
