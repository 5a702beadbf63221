import { z } from "zod";
import { ROLES, isAgencyRole } from "./permissions";
import { PASSWORD_MIN_LENGTH_RULE } from "./password-rule";

/** A new user as the business office enters it (form and CLI share this). */
export const UserInputSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the person's full name").max(200, "The name must be 200 characters or fewer"),
    email: z
      .string()
      .trim()
      .min(1, "Enter the person's email address")
      .max(254, "The email address must be 254 characters or fewer")
      .pipe(z.email("Enter an email address in the correct format, like name@example.org")),
    role: z.enum(ROLES, { error: "Select the person's role" }),
    agencyId: z
      .string()
      .optional()
      .transform((value) => (value && /^\d+$/.test(value) ? Number(value) : null)),
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH_RULE, `The temporary password must be ${PASSWORD_MIN_LENGTH_RULE} characters or more`)
      .max(200, "The temporary password must be 200 characters or fewer"),
  })
  .superRefine((user, ctx) => {
    if (isAgencyRole(user.role) && user.agencyId === null) {
      ctx.addIssue({ code: "custom", path: ["agencyId"], message: "Select the agency this person works for" });
    }
    if (!isAgencyRole(user.role) && user.agencyId !== null) {
      ctx.addIssue({ code: "custom", path: ["agencyId"], message: "Partnership roles do not belong to an agency: choose “No agency”" });
    }
  });

/** A colleague an agency lead invites to help complete returns (issue 3). */
export const InviteInputSchema = z.object({
  name: z.string().trim().min(1, "Enter the person's full name").max(200, "The name must be 200 characters or fewer"),
  email: z
    .string()
    .trim()
    .min(1, "Enter the person's email address")
    .max(254, "The email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.org")),
});

/** A password chosen from an invitation link (NCSC: length, nothing else imposed). */
export const NewPasswordSchema = z
  .object({
    password: z
      .string()
      .min(1, "Enter a password")
      .min(PASSWORD_MIN_LENGTH_RULE, `Your password must be ${PASSWORD_MIN_LENGTH_RULE} characters or more`)
      .max(200, "Your password must be 200 characters or fewer"),
    confirm: z.string().min(1, "Enter your password again"),
  })
  .superRefine((input, ctx) => {
    if (input.confirm && input.password !== input.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "The passwords do not match: enter the same password twice" });
  });
