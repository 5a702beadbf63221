import type { z } from "zod";
import { datePartField, readDateParts, type DatePart } from "~/domain/answer-format";

/**
 * One way to validate a form (STYLE.md, GOV.UK pattern): parse the posted fields with a zod schema;
 * on failure return the first message per field, in the order the fields appear, plus the values as
 * posted so the page can be re-shown with the user's answers.
 */

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;

export const UNREADABLE_FORM = "The form could not be read: go back to the page and send it again";

/**
 * The posted form. A body that is not a form at all (JSON, say, or a form cut short) is the sender's
 * mistake: a 400 saying so, never a 500. So is a body whose reading failed (the connection dropped, or
 * server.js refused it mid-stream as over its size limit and has already answered 413).
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response(UNREADABLE_FORM, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

export function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !(key in values)) values[key] = value;
  }
  return values;
}

export function parseForm<Schema extends z.ZodType>(
  schema: Schema,
  input: Record<string, unknown>,
): { ok: true; data: z.infer<Schema> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(withMissingAsEmpty(schema, input));
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    if (!(field in errors)) errors[field] = issue.message;
  }
  return { ok: false, errors };
}

/**
 * A field the request does not carry at all (a hand-made request, or a form that lost a field) reads as
 * the empty string a browser sends for an empty box, so it gets the field's own "Enter …" message
 * rather than zod's "expected string, received undefined".
 */
function withMissingAsEmpty(schema: z.ZodType, input: Record<string, unknown>): Record<string, unknown> {
  const shape = (schema as { shape?: unknown }).shape;
  if (!shape || typeof shape !== "object") return input;
  const filled = { ...input };
  for (const key of Object.keys(shape)) if (filled[key] === undefined) filled[key] = "";
  return filled;
}

/**
 * Error summary entries linking to each field (the field's id is its name unless mapped). A problem
 * no field fixes is keyed "form" and listed without a link.
 */
export function errorSummaryItems(errors: FieldErrors, ids: Record<string, string> = {}): { href?: string; text: string }[] {
  return Object.entries(errors).map(([field, text]) => (field === "form" ? { text } : { href: `#${ids[field] ?? field}`, text }));
}

/**
 * Reads a GOV.UK date input (`<name>-day`, `-month`, `-year`) into YYYY-MM-DD, or an error message
 * in GOV.UK's words ("Enter the due date", "The due date must be a real date").
 */
export function readDateInput(
  formData: FormData,
  name: string,
  label: string,
  required = true,
): { value: string | null } | { error: string } {
  const part = (suffix: DatePart) => String(formData.get(datePartField(name, suffix)) ?? "");
  const reading = readDateParts({ day: part("day"), month: part("month"), year: part("year") }, `The ${label}`);
  if (!reading.ok) return { error: reading.message };
  if (reading.iso === undefined) return required ? { error: `Enter the ${label}` } : { value: null };
  return { value: reading.iso };
}

/** A form's date input: its name, the words its messages use ("due date") and whether it may be left empty. */
export interface DateField {
  name: string;
  label: string;
  required?: boolean;
}

/**
 * Reads a form's date inputs with readDateInput: each date by name (null for an optional one left empty),
 * and for each that is missing or not a real date its message, so every date's problem is shown at once.
 */
export function readDateInputs(
  formData: FormData,
  fields: readonly DateField[],
): { dates: Record<string, string | null>; errors: FieldErrors } {
  const dates: Record<string, string | null> = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const result = readDateInput(formData, field.name, field.label, field.required ?? true);
    if ("error" in result) errors[field.name] = result.error;
    else dates[field.name] = result.value;
  }
  return { dates, errors };
}

/** The day, month and year a date input was posted with, to show them again beside its error. */
export function postedDateParts(values: Partial<FormValues>, name: string): Partial<Record<DatePart, string>> {
  return { day: values[`${name}-day`], month: values[`${name}-month`], year: values[`${name}-year`] };
}

/** Where the error summary links each date's error: its day field, as GOV.UK's date input pattern does. */
export function dateErrorTargets(fields: readonly DateField[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field.name, `${field.name}-day`]));
}

/** Splits YYYY-MM-DD for re-showing a date input. */
export function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const [year = "", month = "", day = ""] = (iso ?? "").split("-");
  return { day: day.replace(/^0/, ""), month: month.replace(/^0/, ""), year };
}

export { formatDate, formatDateTime } from "~/domain/dates";
