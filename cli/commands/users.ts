import { randomBytes } from "node:crypto";
import { listAgencies, type Agency } from "~/data/agencies.server";
import { createUser, DuplicateEmailError } from "~/data/users.server";
import { ROLES, isAgencyRole, type Viewer } from "~/domain/permissions";
import { NewUserSchema } from "~/auth/password-policy.server";
import type { CommandOptions, DbCommandContext } from "../index";

export const ROLE_LIST = ROLES.join(", ");

/**
 * Whoever runs the CLI already holds the database, so it reads as the business office would; this
 * viewer only scopes reads (writes record no actor).
 */
const COMMAND_LINE_VIEWER: Viewer = { id: 0, email: "command-line", name: "Command line", role: "admin", agencyId: null };

/** The option each field of NewUserSchema comes from, so a problem names what to change. */
const OPTION_OF: Record<string, string> = {
  name: "--name",
  email: "--email",
  role: "--role",
  agencyId: "--agency",
  password: "--password",
};

/**
 * `users:create`: the same rules as the Users page (NewUserSchema). A deployment with
 * SEED_DEMO=false creates its first administrator this way.
 */
export async function createUserCommand({ options, db, out, err }: DbCommandContext): Promise<number> {
  const agencyOption = stringOption(options, "agency");
  let agency: Agency | null = null;
  if (agencyOption !== undefined) {
    agency = await findAgency(db, agencyOption);
    if (!agency) {
      err(`--agency: no agency has the name or id "${agencyOption}"`);
      return 1;
    }
  }

  const givenPassword = stringOption(options, "password");
  const parsed = NewUserSchema.safeParse({
    name: stringOption(options, "name") ?? "",
    email: stringOption(options, "email") ?? "",
    role: stringOption(options, "role"),
    agencyId: agency ? String(agency.id) : undefined,
    password: givenPassword ?? generatePassword(),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) err(describeIssue(String(issue.path[0] ?? ""), issue.message, stringOption(options, "role")));
    return 1;
  }

  const input = parsed.data;
  try {
    const user = await createUser(db, null, input);
    const where = user.agencyName ? ` at ${user.agencyName}` : "";
    out(`Created ${user.role} ${user.name} <${user.email}>${where} (id ${user.id})`);
    if (givenPassword === undefined) out(`Password (shown only this once): ${input.password}`);
    return 0;
  } catch (error) {
    if (error instanceof DuplicateEmailError) {
      err(`--email: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** An agency by id (digits) or else by its exact name, ignoring case. */
async function findAgency(db: DbCommandContext["db"], value: string): Promise<Agency | null> {
  const agencies = await listAgencies(db, COMMAND_LINE_VIEWER);
  const wanted = value.trim();
  const byId = /^\d+$/.test(wanted) ? agencies.find((agency) => agency.id === Number(wanted)) : undefined;
  return byId ?? agencies.find((agency) => agency.name.toLowerCase() === wanted.toLowerCase()) ?? null;
}

/** The schema's messages are written for the form; two need the command line's words instead. */
function describeIssue(field: string, message: string, role: string | undefined): string {
  const option = OPTION_OF[field] ?? field;
  if (field === "role") {
    return role ? `--role: "${role}" is not a role; use one of ${ROLE_LIST}` : `--role: ${message} (one of ${ROLE_LIST})`;
  }
  if (field === "agencyId" && role && (ROLES as readonly string[]).includes(role) && !isAgencyRole(role as (typeof ROLES)[number])) {
    return `--agency: partnership roles (${ROLES.filter((candidate) => !isAgencyRole(candidate)).join(", ")}) do not belong to an agency; leave out --agency`;
  }
  return `${option}: ${message}`;
}

/** 18 random bytes: 24 URL-safe characters, well past the 12-character minimum. */
function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

function stringOption(options: CommandOptions, key: string): string | undefined {
  const value = options[key];
  return typeof value === "string" ? value : undefined;
}
