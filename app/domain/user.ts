import { z } from "zod";
import { ROLES, isAgencyRole } from "./permissions";
import { PASSWORD_MIN_LENGTH_RULE } from "./password-rule";

/** An email address field, with GOV.UK's messages for whose address it is. */
function emailField(enter: string, tooLong: string) {
  return z
    .string()
    .trim()
    .min(1, enter)
    .max(254, tooLong)
    .pipe(z.email("Enter an email address in the correct format, like name@example.org"));
}

const PersonFields = {
  name: z.string().trim().min(1, "Enter the person's full name").max(200, "The name must be 200 characters or fewer"),
  email: emailField("Enter the person's email address", "The email address must be 254 characters or fewer"),
  role: z.enum(ROLES, { error: "Select the person's role" }),
  agencyId: z
    .string()
    .optional()
    .transform((value) => (value && /^\d+$/.test(value) ? Number(value) : null)),
};

/** A partnership role has no agency; an agency role needs one (DESIGN §7): creating and editing alike. */
function roleMatchesAgency(user: { role: (typeof ROLES)[number]; agencyId: number | null }, ctx: z.RefinementCtx): void {
  if (isAgencyRole(user.role) && user.agencyId === null) {
    ctx.addIssue({ code: "custom", path: ["agencyId"], message: "Select the agency this person works for" });
  }
  if (!isAgencyRole(user.role) && user.agencyId !== null) {
    ctx.addIssue({ code: "custom", path: ["agencyId"], message: "Partnership roles do not belong to an agency: choose “No agency”" });
  }
}

/** A new user as the business office enters it (form and CLI share this). */
export const UserInputSchema = z
  .object({
    ...PersonFields,
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH_RULE, `The temporary password must be ${PASSWORD_MIN_LENGTH_RULE} characters or more`)
      .max(200, "The temporary password must be 200 characters or fewer"),
  })
  .superRefine(roleMatchesAgency);

/** A person's details as the business office changes them: the same rules as creating, without the password. */
export const UserEditSchema = z.object(PersonFields).superRefine(roleMatchesAgency);

/** Where a person stands: invited (no password chosen yet), active, or deactivated (cannot sign in). */
export const USER_STATUSES = ["active", "invited", "deactivated"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const USER_STATUS_LABELS: Record<UserStatus, string> = { active: "Active", invited: "Invited", deactivated: "Deactivated" };

/** The users list's filters, read from its address (GET form): unknown values fall back to "all". */
export interface UserListQuery {
  /** Part of the name or email, as typed (trimmed, at most 100 characters); "" for none. */
  search: string;
  role: (typeof ROLES)[number] | null;
  agencyId: number | null;
  status: UserStatus | null;
  page: number;
}

export function parseUserListQuery(params: URLSearchParams): UserListQuery {
  const role = params.get("role") ?? "";
  const status = params.get("status") ?? "";
  const agency = params.get("agencyId") ?? "";
  const page = Number(params.get("page"));
  return {
    search: (params.get("search") ?? "").trim().slice(0, 100),
    role: (ROLES as readonly string[]).includes(role) ? (role as (typeof ROLES)[number]) : null,
    agencyId: /^\d{1,9}$/.test(agency) ? Number(agency) : null,
    status: (USER_STATUSES as readonly string[]).includes(status) ? (status as UserStatus) : null,
    page: Number.isInteger(page) && page >= 1 && page <= 1_000_000 ? page : 1,
  };
}

/** The list's address with `query` (defaults left out). */
export function userListSearch(query: UserListQuery): string {
  const params = new URLSearchParams();
  if (query.search) params.set("search", query.search);
  if (query.role) params.set("role", query.role);
  if (query.agencyId !== null) params.set("agencyId", String(query.agencyId));
  if (query.status) params.set("status", query.status);
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** "Forgot your password?": only an email address is asked for. */
export const ForgotPasswordSchema = z.object({
  email: emailField("Enter your email address", "Your email address must be 254 characters or fewer").transform((email) =>
    email.toLowerCase(),
  ),
});

/** A colleague an agency lead invites to help complete returns. */
export const InviteInputSchema = z.object({ name: PersonFields.name, email: PersonFields.email });

/** A password chosen from an invitation or reset link (NCSC: length, nothing else imposed; common passwords are refused in app/auth). */
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
    if (input.confirm && input.password !== input.confirm)
      ctx.addIssue({ code: "custom", path: ["confirm"], message: "The passwords do not match: enter the same password twice" });
  });
