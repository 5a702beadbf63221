import { z } from "zod";
import { oneDecimal } from "./scoring";

/**
 * The scorecard (DESIGN §13): indicators with a versioned definition, and their observations per period.
 * Pure: period arithmetic, the value of a ratio, RAG against a target with tolerances and polarity,
 * direction of travel and breaks in a series. The data layer stores; this decides.
 */

export const UNITS = ["count", "percent", "days", "rate_per_10000"] as const;
export type Unit = (typeof UNITS)[number];
export const UNIT_LABELS: Record<Unit, string> = {
  count: "Count",
  percent: "Percentage (%)",
  days: "Days",
  rate_per_10000: "Rate per 10,000",
};

export const POLARITIES = ["higher", "lower"] as const;
export type Polarity = (typeof POLARITIES)[number];
export const POLARITY_LABELS: Record<Polarity, string> = { higher: "Higher is better", lower: "Lower is better" };

export const FREQUENCIES = ["monthly", "quarterly", "annual"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const FREQUENCY_LABELS: Record<Frequency, string> = { monthly: "Monthly", quarterly: "Quarterly", annual: "Annual" };

/** The four-quadrant frame partnerships use (DOMAIN §9.5): effort and effect. */
export const QUADRANTS = ["how_much", "how_well", "better_off"] as const;
export type Quadrant = (typeof QUADRANTS)[number];
export const QUADRANT_LABELS: Record<Quadrant, string> = {
  how_much: "How much did we do?",
  how_well: "How well did we do it?",
  better_off: "Is anyone better off?",
};

/** The five themes of the DfE's safeguarding performance information framework (DOMAIN §9.5). */
export const THEMES = ["outcomes", "cp_activity", "decisions", "plans", "workforce"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Record<Theme, string> = {
  outcomes: "Outcomes for children and young people",
  cp_activity: "Child protection activity, including early help",
  decisions: "Quality and timeliness of decisions",
  plans: "Quality of plans",
  workforce: "Workforce",
};

export const RAGS = ["green", "amber", "red"] as const;
export type Rag = (typeof RAGS)[number];
export const RAG_LABELS: Record<Rag, string> = { green: "Green", amber: "Amber", red: "Red" };

export type Direction = "improving" | "worsening" | "no_change" | "not_comparable";
export const DIRECTION_LABELS: Record<Direction, string> = {
  improving: "Improving",
  worsening: "Worsening",
  no_change: "No change",
  not_comparable: "Not comparable",
};

/** A unit whose value is a ratio of a numerator to a denominator, and the multiplier that turns it into the value. */
export const RATIO_MULTIPLIER: Partial<Record<Unit, number>> = { percent: 100, rate_per_10000: 10_000 };

export function isRatioUnit(unit: Unit): boolean {
  return RATIO_MULTIPLIER[unit] !== undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Periods

export interface Period {
  /** As written: `2026`, `2026-Q3` or `2026-09`. */
  text: string;
  frequency: Frequency;
  year: number;
  /** Months since year 0 of the period's first month: orders periods of one frequency. */
  startMonth: number;
  /** Months since year 0 of the period's last month. */
  endMonth: number;
}

const PERIOD_EXAMPLES: Record<Frequency, string> = { monthly: "2026-09", quarterly: "2026-Q3", annual: "2026" };

/** Reads a period as written; null when it is none of `YYYY`, `YYYY-Qn` or `YYYY-MM`. */
export function parsePeriod(text: string): Period | null {
  const trimmed = text.trim().toUpperCase();
  let match = /^(\d{4})$/.exec(trimmed);
  if (match) {
    const year = Number(match[1]);
    return { text: trimmed, frequency: "annual", year, startMonth: year * 12, endMonth: year * 12 + 11 };
  }
  match = /^(\d{4})-Q([1-4])$/.exec(trimmed);
  if (match) {
    const year = Number(match[1]);
    const start = year * 12 + (Number(match[2]) - 1) * 3;
    return { text: `${year}-Q${match[2]}`, frequency: "quarterly", year, startMonth: start, endMonth: start + 2 };
  }
  match = /^(\d{4})-(\d{2})$/.exec(trimmed);
  if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12) {
    const year = Number(match[1]);
    const start = year * 12 + Number(match[2]) - 1;
    return { text: trimmed, frequency: "monthly", year, startMonth: start, endMonth: start };
  }
  return null;
}

/** Reads a period for an indicator of `frequency`, or says what is wrong in words a person can act on. */
export function readPeriod(text: string, frequency: Frequency): { ok: true; period: Period } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: false, message: `Enter the period, like ${PERIOD_EXAMPLES[frequency]}` };
  const period = parsePeriod(text);
  if (!period)
    return {
      ok: false,
      message: `Enter the period as ${PERIOD_EXAMPLES[frequency]} (a ${FREQUENCY_LABELS[frequency].toLowerCase()} period), not "${text.trim().slice(0, 20)}"`,
    };
  if (period.frequency !== frequency)
    return {
      ok: false,
      message: `This indicator is ${FREQUENCY_LABELS[frequency].toLowerCase()}: enter the period like ${PERIOD_EXAMPLES[frequency]}, not ${period.text}`,
    };
  if (period.year < 2000 || period.year > 2100) return { ok: false, message: `The period's year must be between 2000 and 2100` };
  return { ok: true, period };
}

export function comparePeriods(a: string, b: string): number {
  const left = parsePeriod(a);
  const right = parsePeriod(b);
  return (left?.startMonth ?? 0) - (right?.startMonth ?? 0) || a.localeCompare(b);
}

function periodOfMonth(month: number, frequency: Frequency): string {
  const year = Math.floor(month / 12);
  const inYear = month - year * 12;
  if (frequency === "annual") return String(year);
  if (frequency === "quarterly") return `${year}-Q${Math.floor(inYear / 3) + 1}`;
  return `${year}-${String(inYear + 1).padStart(2, "0")}`;
}

/** The period of `frequency` that holds the day `date` (YYYY-MM-DD). */
export function periodOf(date: string, frequency: Frequency): string {
  const [year, month] = date.split("-").map(Number);
  return periodOfMonth(year * 12 + month - 1, frequency);
}

/** The period before `period` (of the same frequency). */
export function previousPeriod(period: string): string {
  const parsed = parsePeriod(period);
  if (!parsed) throw new Error(`Not a period: ${period}`);
  return periodOfMonth(parsed.startMonth - 1, parsed.frequency);
}

/** The period after `period` (of the same frequency). */
export function nextPeriod(period: string): string {
  const parsed = parsePeriod(period);
  if (!parsed) throw new Error(`Not a period: ${period}`);
  return periodOfMonth(parsed.endMonth + 1, parsed.frequency);
}

/** The last day of a period, YYYY-MM-DD. */
export function periodEndDate(period: Period): string {
  const year = Math.floor(period.endMonth / 12);
  const month = period.endMonth - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(lastDay).padStart(2, "0")}`;
}

/** Days after a period ends before its observation is due (and chased when missing). */
export const OBSERVATION_DUE_DAYS = 30;

/** The observation of `period` is due this many days after the period's last day. */
export function observationDueOn(period: Period): string {
  return new Date(Date.parse(`${periodEndDate(period)}T00:00:00Z`) + OBSERVATION_DUE_DAYS * 86_400_000).toISOString().slice(0, 10);
}

/** The latest period of `frequency` whose observation was due by `today`: the one a missing figure is chased for. */
export function latestDuePeriod(frequency: Frequency, today: string): string {
  let period = periodOf(today, frequency);
  while (observationDueOn(parsePeriod(period) as Period) > today) period = previousPeriod(period);
  return period;
}

/**
 * The periods of `frequency` from `since` (inclusive) whose observation was due by `today` (YYYY-MM-DD):
 * the ones a missing observation is chased for.
 */
export function periodsDueBy(frequency: Frequency, since: string, today: string): string[] {
  const first = readPeriod(since, frequency);
  if (!first.ok) return [];
  const periods: string[] = [];
  let current = first.period;
  while (observationDueOn(current) <= today && periods.length < 1000) {
    periods.push(current.text);
    current = parsePeriod(nextPeriod(current.text)) as Period;
  }
  return periods;
}

// ---------------------------------------------------------------------------------------------------------------
// Indicators and observations as entered

const optionalNumber = (label: string) =>
  z
    .string()
    .trim()
    .max(30, `The ${label} must be a number`)
    .refine((value) => value === "" || /^-?\d+(\.\d+)?$/.test(value), `The ${label} must be a number, like 75 or 12.5`)
    .transform((value) => (value === "" ? null : Number(value)));

export const INDICATOR_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** An indicator as admin enters it (the form and `indicators:import` share this). */
export const IndicatorInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(1, "Enter the indicator's code, like CP-2")
      .regex(INDICATOR_CODE, "The code must be up to 40 letters, numbers, dots, dashes or underscores, starting with a letter or number"),
    title: z.string().trim().min(1, "Enter the indicator's title").max(200, "The title must be 200 characters or fewer"),
    definition: z
      .string()
      .trim()
      .min(1, "Enter the definition: what is counted, from which source, over what time")
      .max(2000, "The definition must be 2000 characters or fewer"),
    unit: z.enum(UNITS, { error: "Select the unit" }),
    polarity: z.enum(POLARITIES, { error: "Select whether higher or lower is better" }),
    target: optionalNumber("target"),
    greenTolerance: optionalNumber("green tolerance").refine(
      (value) => value === null || value >= 0,
      "The green tolerance must be 0 or more",
    ),
    amberTolerance: optionalNumber("amber tolerance").refine(
      (value) => value === null || value >= 0,
      "The amber tolerance must be 0 or more",
    ),
    frequency: z.enum(FREQUENCIES, { error: "Select how often the indicator is reported" }),
    quadrant: z.enum(QUADRANTS, { error: "Select the quadrant" }),
    theme: z.enum(THEMES, { error: "Select the theme" }),
    /** The owning agency's id as text; "" for the partnership. */
    owner: z
      .string()
      .trim()
      .refine((value) => value === "" || /^[1-9]\d{0,9}$/.test(value), "Select the owner")
      .transform((value) => (value === "" ? null : Number(value))),
    /** Standard codes, separated by commas or spaces. */
    linkedStandards: z
      .string()
      .trim()
      .max(500, "The linked standards must be 500 characters or fewer")
      .transform((value) => [...new Set(value.split(/[\s,;]+/).filter(Boolean))])
      .refine(
        (codes) => codes.every((code) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/.test(code)),
        "Give the linked standards as codes separated by commas, like S11-1, S11-6",
      ),
  })
  .superRefine((value, ctx) => {
    if (value.target === null && (value.greenTolerance !== null || value.amberTolerance !== null))
      ctx.addIssue({ code: "custom", path: ["target"], message: "Enter a target: the tolerances are measured from it" });
    if (value.target !== null && value.greenTolerance === null)
      ctx.addIssue({ code: "custom", path: ["greenTolerance"], message: "Enter the green tolerance (0 means the target itself)" });
    if (value.target !== null && value.amberTolerance === null)
      ctx.addIssue({ code: "custom", path: ["amberTolerance"], message: "Enter the amber tolerance" });
    if (value.greenTolerance !== null && value.amberTolerance !== null && value.amberTolerance < value.greenTolerance)
      ctx.addIssue({ code: "custom", path: ["amberTolerance"], message: "The amber tolerance must be at least the green tolerance" });
    if (value.unit === "percent" && value.target !== null && (value.target < 0 || value.target > 100))
      ctx.addIssue({ code: "custom", path: ["target"], message: "A percentage target must be between 0 and 100" });
  });
export type IndicatorInput = z.infer<typeof IndicatorInputSchema>;

/** An observation's fields as entered, before the indicator's unit is known. */
export const ObservationInputSchema = z.object({
  period: z.string().trim().max(20, "Enter the period like 2026-Q3, 2026-09 or 2026"),
  value: optionalNumber("value"),
  numerator: optionalNumber("numerator").refine((value) => value === null || value >= 0, "The numerator must be 0 or more"),
  denominator: optionalNumber("denominator").refine((value) => value === null || value >= 0, "The denominator must be 0 or more"),
  provisional: z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => ["", "yes", "no", "true", "false", "y", "n", "1", "0", "on"].includes(value), "Provisional must be yes or no")
    .transform((value) => ["yes", "true", "y", "1", "on"].includes(value)),
  commentary: z.string().trim().max(2000, "The commentary must be 2000 characters or fewer"),
});
export type ObservationInput = z.infer<typeof ObservationInputSchema>;

export interface ObservationValues {
  period: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  provisional: boolean;
  commentary: string;
}

/** How far an entered value may differ from numerator ÷ denominator (rounding in the source system). */
const VALUE_SLACK = 0.05;

/**
 * Checks an observation against its indicator: the period fits the frequency; a ratio unit takes its value
 * from numerator ÷ denominator (a value given beside them must agree); other units take the value alone.
 * Errors are keyed by field.
 */
export function checkObservation(
  input: ObservationInput,
  indicator: { unit: Unit; frequency: Frequency },
): { ok: true; observation: ObservationValues } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const period = readPeriod(input.period, indicator.frequency);
  if (!period.ok) errors.period = period.message;
  let value = input.value;
  const multiplier = RATIO_MULTIPLIER[indicator.unit];
  if (multiplier !== undefined) {
    if ((input.numerator === null) !== (input.denominator === null)) {
      errors[input.numerator === null ? "numerator" : "denominator"] = "Enter both the numerator and the denominator, or neither";
    } else if (input.numerator !== null && input.denominator !== null) {
      if (input.denominator === 0) errors.denominator = "The denominator must be more than 0";
      else if (indicator.unit === "percent" && input.numerator > input.denominator)
        errors.numerator = "The numerator cannot be more than the denominator for a percentage";
      else {
        const computed = (input.numerator / input.denominator) * multiplier;
        if (value !== null && Math.abs(value - computed) > VALUE_SLACK)
          errors.value = `The value does not match the numerator and denominator (${oneDecimal(computed)}): leave it empty or correct it`;
        value = computed;
      }
    }
  } else if (input.numerator !== null || input.denominator !== null) {
    errors[input.numerator !== null ? "numerator" : "denominator"] =
      "This indicator is not a ratio: enter the value only, without a numerator or denominator";
  }
  if (value === null && !errors.value && !errors.numerator && !errors.denominator)
    errors.value = multiplier !== undefined ? "Enter the value, or the numerator and denominator" : "Enter the value";
  if (value !== null && !errors.value && indicator.unit === "percent" && (value < 0 || value > 100))
    errors.value = "A percentage must be between 0 and 100";
  if (value !== null && !errors.value && indicator.unit !== "percent" && value < 0) errors.value = "The value must be 0 or more";
  if (Object.keys(errors).length > 0 || !period.ok || value === null) return { ok: false, errors };
  return {
    ok: true,
    observation: {
      period: period.period.text,
      value,
      numerator: input.numerator,
      denominator: input.denominator,
      provisional: input.provisional,
      commentary: input.commentary,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// RAG, direction, breaks

export interface RagRule {
  polarity: Polarity;
  target: number | null;
  greenTolerance: number | null;
  amberTolerance: number | null;
}

/**
 * Green when the value meets the target or falls short of it by no more than the green tolerance; amber
 * when short by no more than the amber tolerance; red beyond. "Short" is below the target when higher is
 * better, above it when lower is better. No target, no RAG.
 */
export function ragFor(value: number | null, rule: RagRule): Rag | null {
  if (value === null || rule.target === null) return null;
  const shortfall = rule.polarity === "higher" ? rule.target - value : value - rule.target;
  // Tolerances are in the unit's own terms; round away float noise (70.1 - 70 is not 0.1 in binary).
  const short = Math.round(shortfall * 1e9) / 1e9;
  if (short <= (rule.greenTolerance ?? 0)) return "green";
  if (short <= (rule.amberTolerance ?? rule.greenTolerance ?? 0)) return "amber";
  return "red";
}

/**
 * Direction of travel from the previous point to the latest: only within one definition version (across a
 * break the numbers measure different things), and only for consecutive points of the series.
 */
export function directionOfTravel(
  previous: { value: number; version: number } | null,
  latest: { value: number; version: number } | null,
  polarity: Polarity,
): Direction {
  if (!previous || !latest || previous.version !== latest.version) return "not_comparable";
  const change = Math.round((latest.value - previous.value) * 1e9) / 1e9;
  if (change === 0) return "no_change";
  return change > 0 === (polarity === "higher") ? "improving" : "worsening";
}

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return "–";
  if (unit === "percent") return `${oneDecimal(value)}%`;
  if (unit === "days") return `${oneDecimal(value)} days`;
  return oneDecimal(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Filters of the report page (GET form)

export interface ScorecardQuery {
  theme: Theme | null;
  quadrant: Quadrant | null;
  /** "partnership", an agency id, or null for all owners. */
  owner: "partnership" | number | null;
  from: string | null;
  to: string | null;
}

export function parseScorecardQuery(params: URLSearchParams): ScorecardQuery {
  const theme = params.get("theme") ?? "";
  const quadrant = params.get("quadrant") ?? "";
  const owner = params.get("owner") ?? "";
  const from = (params.get("from") ?? "").trim();
  const to = (params.get("to") ?? "").trim();
  return {
    theme: (THEMES as readonly string[]).includes(theme) ? (theme as Theme) : null,
    quadrant: (QUADRANTS as readonly string[]).includes(quadrant) ? (quadrant as Quadrant) : null,
    owner: owner === "partnership" ? "partnership" : /^[1-9]\d{0,9}$/.test(owner) ? Number(owner) : null,
    from: parsePeriod(from)?.text ?? null,
    to: parsePeriod(to)?.text ?? null,
  };
}
