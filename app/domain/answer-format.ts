import type { SurveyElementJson } from "./survey-json";

/**
 * The typed text answers (`inputType` number, date, email, tel) read as a person writes them and
 * checked with messages in a person's words. The page form, the practitioner survey and the
 * spreadsheet import all read answers through the survey engine, which uses these, so a rule reads
 * the same wherever it is broken.
 */

/** The longest text answer kept (a page is well under the request limit with every answer this long). */
export const MAX_TEXT_LENGTH = 20_000;

// ---------------------------------------------------------------------------------------------
// Numbers

/** What a number question accepts, from the tool's own validators and the question's min and max. */
export interface NumberRule {
  whole: boolean;
  min: number | null;
  max: number | null;
}

const WHOLE_NUMBER_PATTERNS = new Set(["^\\d+$", "^[0-9]+$", "^-?\\d+$", "^-?[0-9]+$", "^\\d*$", "^[0-9]*$"]);

function numberOf(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/**
 * The rule a number question's tool states: a `numeric` validator's minValue/maxValue, the text
 * input's own `min`/`max`, and a regex validator that allows digits only (how SurveyJS tools say
 * "whole number"). Where several bounds are given the tightest holds.
 */
export function numberRuleOf(element: SurveyElementJson): NumberRule {
  const rule: NumberRule = { whole: element.step === 1, min: null, max: null };
  const tighten = (min: number | null, max: number | null) => {
    if (min !== null) rule.min = rule.min === null ? min : Math.max(rule.min, min);
    if (max !== null) rule.max = rule.max === null ? max : Math.min(rule.max, max);
  };
  tighten(numberOf(element.min), numberOf(element.max));
  for (const validator of Array.isArray(element.validators) ? element.validators : []) {
    if (validator === null || typeof validator !== "object") continue;
    const { type, minValue, maxValue, regex } = validator as Record<string, unknown>;
    if (type === "numeric") tighten(numberOf(minValue), numberOf(maxValue));
    if (type === "regex" && typeof regex === "string" && WHOLE_NUMBER_PATTERNS.has(regex)) {
      rule.whole = true;
      // Digits only also means no minus sign.
      if (!regex.includes("-")) tighten(0, null);
    }
  }
  return rule;
}

function plainNumber(value: number): string {
  return value.toLocaleString("en-GB", { maximumFractionDigits: 10 });
}

/**
 * The one message for every way a number answer can be wrong, saying what is wanted in the
 * question's own words: "How many pupils are on roll?" with a whole-number rule from 0 reads
 * "Enter a whole number of pupils, 0 or more"; a percentage "Enter a percentage from 0 to 100".
 * Where the question names no thing it counts, its title says which question is meant.
 */
export function numberMessage(element: SurveyElementJson, title: string): string {
  const rule = numberRuleOf(element);
  const rawTitle = String(element.title ?? "").trim();
  const range =
    rule.min !== null && rule.max !== null
      ? `from ${plainNumber(rule.min)} to ${plainNumber(rule.max)}`
      : rule.min !== null
        ? `${plainNumber(rule.min)} or more`
        : rule.max !== null
          ? `${plainNumber(rule.max)} or less`
          : null;
  if (/^what percentage\b/i.test(rawTitle) || /%|\bper ?cent/i.test(rawTitle)) {
    return `Enter ${rule.whole ? "a whole percentage" : "a percentage"}${range ? ` ${range}` : ", like 12 or 87.5"}`;
  }
  const counted = /^how many ([a-z][a-z'-]*)\b/i.exec(rawTitle)?.[1]?.toLowerCase();
  const kind = rule.whole ? "a whole number" : "a number";
  const what = counted ? `${kind} of ${counted}` : kind;
  const how = range ? (range.startsWith("from") ? ` ${range}` : `, ${range}`) : rule.whole ? ", like 12" : ", like 12 or 87.5";
  return counted ? `Enter ${what}${how}` : `Enter ${what}${how}, for “${title}”`;
}

/**
 * Reads a typed number: plain decimals with optional thousands commas ("1,250"). Number() alone would
 * take "0x10", "1e3" or "Infinity"; those are not how anyone writes a count.
 */
export function parseNumber(raw: string): number | null {
  const plain = raw.trim().replace(/,/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(plain)) return null;
  const number = Number(plain);
  return Number.isFinite(number) ? number : null;
}

/** Whether a number keeps the rule (an answer outside it is not saved). */
export function keepsNumberRule(value: number, rule: NumberRule): boolean {
  return (!rule.whole || Number.isInteger(value)) && (rule.min === null || value >= rule.min) && (rule.max === null || value <= rule.max);
}

// ---------------------------------------------------------------------------------------------
// Dates (GOV.UK date input: day, month and year fields; stored as ISO YYYY-MM-DD)

export type DatePart = "day" | "month" | "year";
export const DATE_PARTS: readonly DatePart[] = ["day", "month", "year"];

export type DateParts = Record<DatePart, string>;

/** The posted field of one part of a date question. */
export function datePartField(name: string, part: DatePart): string {
  return `${name}-${part}`;
}

/** A stored ISO date as the three fields show it ("2026-03-07" → 7, 3, 2026); anything else in the day field, so nothing is lost. */
export function isoToDateParts(value: string | undefined): DateParts {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return { day: value ?? "", month: "", year: "" };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] };
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function monthNumber(raw: string): number | null {
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const named = MONTHS.indexOf(raw.slice(0, 3).toLowerCase());
  // GOV.UK asks services to accept month names and abbreviations ("Mar", "March") too.
  return named >= 0 && MONTHS[named].startsWith(raw.slice(0, 3).toLowerCase()) && raw.length >= 3 ? named + 1 : null;
}

export type DateReading = { ok: true; iso: string | undefined } | { ok: false; message: string; parts: DatePart[] };

/**
 * A date from its three fields, with GOV.UK's error messages: which part is missing first, then
 * whether it is a real date. All three empty is no answer. `subject` starts each message: a survey
 * question's title in quotes, or a form's "The due date".
 */
export function readDateParts(parts: DateParts, subject: string): DateReading {
  const given = { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() };
  const missing = DATE_PARTS.filter((part) => given[part] === "");
  if (missing.length === 3) return { ok: true, iso: undefined };
  if (missing.length > 0) {
    const words = missing.length === 2 ? `${missing[0]} and ${missing[1]}` : missing[0];
    return { ok: false, message: `${subject} must include a ${words}`, parts: missing };
  }
  const wrong: DatePart[] = [];
  const day = /^\d{1,2}$/.test(given.day) ? Number(given.day) : null;
  const month = monthNumber(given.month);
  const year = /^\d+$/.test(given.year) ? Number(given.year) : null;
  if (day === null || day < 1 || day > 31) wrong.push("day");
  if (month === null || month < 1 || month > 12) wrong.push("month");
  if (year === null) wrong.push("year");
  if (wrong.length > 0) return { ok: false, message: `${subject} must be a real date`, parts: wrong };
  if (given.year.length !== 4) return { ok: false, message: `${subject} must include a year with 4 numbers, like 2026`, parts: ["year"] };
  const iso = `${given.year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  // 31 April or 29 February 2027 do not exist: the date must read back as itself.
  if (new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) !== iso)
    return { ok: false, message: `${subject} must be a real date`, parts: ["day"] };
  return { ok: true, iso };
}

/**
 * A date typed in one field (the spreadsheet, or a form without the three fields): ISO
 * "2026-03-27" or the UK "27/03/2026" (also with dashes or dots).
 */
export function readDateText(raw: string, subject: string): DateReading {
  const text = raw.trim();
  if (text === "") return { ok: true, iso: undefined };
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return readDateParts({ day: iso[3], month: iso[2], year: iso[1] }, subject);
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (uk) return readDateParts({ day: uk[1], month: uk[2], year: uk[3] }, subject);
  return { ok: false, message: `${subject} must be a real date`, parts: ["day", "month", "year"] };
}

// ---------------------------------------------------------------------------------------------
// Email addresses and telephone numbers

/** A shape check only (something@domain.tld, no spaces): whether the address exists is not knowable here. */
export function emailProblem(raw: string, title: string): string | null {
  if (raw.length > 254 || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(raw)) {
    return `Enter an email address in the correct format, like name@example.com, for “${title}”`;
  }
  return null;
}

/** Digits with the spaces, brackets, dashes, dots, "+" and extension people write; at least 5 digits. */
export function telephoneProblem(raw: string, title: string): string | null {
  const digits = raw.replace(/\D/g, "").length;
  if (raw.length > 40 || digits < 5 || !/^[+\d\s().-]+((ext|extension|x)\.?\s*\d+)?$/i.test(raw)) {
    return `Enter a telephone number, like 01632 960 001 or +44 808 157 0192, for “${title}”`;
  }
  return null;
}
