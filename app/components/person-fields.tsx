import { ROLES, ROLE_LABELS, type Role } from "~/domain/permissions";
import type { FieldErrors, FormValues } from "~/utils/form";
import { Input, Radios, Select } from "./govuk";

const ROLE_HINTS: Record<Role, string> = {
  admin: "Runs the platform: agencies, users, tools and cycles.",
  qa: "Reviews submitted returns and builds reports.",
  board: "Sees reports published to the board.",
  agency_lead: "Completes the agency's return and signs it off.",
  agency_member: "Helps complete the agency's return; cannot submit it.",
};

/** A person's name, email, role and agency: the same fields and messages when adding and when changing them. */
export function PersonFields({
  values,
  errors,
  agencies,
}: {
  values: Partial<FormValues>;
  errors?: FieldErrors;
  agencies: { id: number; name: string }[];
}) {
  return (
    <>
      <Input name="name" label="Full name" autoComplete="off" defaultValue={values.name} error={errors?.name} />
      <Input
        name="email"
        label="Email address"
        type="email"
        spellCheck={false}
        autoComplete="off"
        defaultValue={values.email}
        error={errors?.email}
      />
      <Radios
        name="role"
        legend="Role"
        legendSize="m"
        defaultValue={values.role}
        error={errors?.role}
        items={ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], hint: ROLE_HINTS[role] }))}
      />
      <Select
        name="agencyId"
        label="Agency"
        hint="Agency leads and contributors belong to one agency. Choose “No agency” for partnership roles."
        defaultValue={values.agencyId ?? ""}
        error={errors?.agencyId}
        items={[{ value: "", text: "No agency" }, ...agencies.map((agency) => ({ value: String(agency.id), text: agency.name }))]}
      />
    </>
  );
}
