import { z } from "zod";
import { bandRank } from "./moderation";
import type { Viewer } from "./permissions";
import type { Band, ToolDefinition } from "./tool-schema";

/**
 * Multi-agency case file audits (DESIGN §12, decision 020), pure: what a set-up form may hold, the free-text
 * checks that keep children unidentifiable, who may see which panel grades (blind grading), the spread of
 * grades, and the case-evidence gap the assurance view shows.
 */

export const CASE_AUDIT_STATUSES = ["open", "concluded"] as const;
export type CaseAuditStatus = (typeof CASE_AUDIT_STATUSES)[number];
export const CONCERN_STATUSES = ["open", "answered", "closed"] as const;
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];
export const CONCERN_STATUS_LABELS: Record<ConcernStatus, string> = {
  open: "Awaiting the agency's response",
  answered: "Answered",
  closed: "Closed",
};

/* ---------- free-text checks ---------- */

/**
 * An NHS number: ten digits whose check digit passes modulus 11 (weights 10…2 on the first nine digits;
 * check = 11 − (sum mod 11), 11 becomes 0, 10 means the number is invalid).
 */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < 9; index++) sum += Number(digits[index]) * (10 - index);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** Ten digits written together or as 3-3-4 with spaces or dashes, not inside a longer run of digits. */
const NHS_CANDIDATE = /(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])/g;

/** The valid NHS numbers a text holds, as written. */
export function nhsNumbersIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(NHS_CANDIDATE)) if (isValidNhsNumber(match[1] + match[2] + match[3])) found.push(match[0]);
  return found;
}

const MONTHS =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
/** A full date: day, month and year ("3/4/2019", "03-04-19", "2019-04-03", "3 April 2019", "3rd Apr 19"). */
const FULL_DATE = new RegExp(
  [
    String.raw`\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b`,
    String.raw`\b\d{4}-\d{1,2}-\d{1,2}\b`,
    String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:${MONTHS})\.?,?\s+\d{2,4}\b`,
    String.raw`\b(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b`,
  ].join("|"),
  "gi",
);
/** A full UK postcode (outward and inward code), e.g. "TF1 5AB", "sw1a1aa". */
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;

export type IdentifierFlag = { kind: "date" | "postcode"; text: string };

/** Full dates and postcodes in a text: not refused, but the writer confirms they identify nobody. */
export function identifierFlagsIn(text: string): IdentifierFlag[] {
  const flags: IdentifierFlag[] = [];
  for (const match of text.matchAll(FULL_DATE)) flags.push({ kind: "date", text: match[0] });
  for (const match of text.matchAll(POSTCODE)) flags.push({ kind: "postcode", text: match[0].toUpperCase() });
  return flags;
}

export type FreeTextCheck = { refused: { name: string; message: string }[]; flagged: { name: string; message: string }[] };

/**
 * Checks every free-text answer of a case return (or any case audit text): a valid NHS number is refused
 * with a message that says why and what to write instead; a full date or a postcode is flagged for the
 * writer to confirm it identifies nobody.
 */
export function checkFreeText(texts: Record<string, unknown>): FreeTextCheck {
  const refused: FreeTextCheck["refused"] = [];
  const flagged: FreeTextCheck["flagged"] = [];
  for (const [name, value] of Object.entries(texts)) {
    if (typeof value !== "string" || value.trim() === "") continue;
    const nhs = nhsNumbersIn(value);
    if (nhs.length > 0) {
      refused.push({
        name,
        message: `Remove the NHS number (${nhs[0]}): a case audit never records who the child is. Refer to the child by the case reference`,
      });
      continue;
    }
    const flags = identifierFlagsIn(value);
    if (flags.length > 0) {
      const said = flags.map((flag) => `${flag.kind === "date" ? "the date" : "the postcode"} ‘${flag.text}’`).join(" and ");
      flagged.push({
        name,
        message: `Check ${said}: if it could identify the child or family (a date of birth, an address), remove it; if not, confirm below`,
      });
    }
  }
  return { refused, flagged };
}

/** Said beside every free-text box of a case audit. */
export const NO_NAMES_WARNING = "Do not write names, dates of birth, addresses or NHS numbers. Refer to the child by the case reference.";

type FreeTextElement = { type: string; name?: string; inputType?: unknown; description?: unknown; elements?: FreeTextElement[] };

/** Whether a survey element takes free text (a comment, or a text input that is not a number or a date). */
export function isFreeText(element: { type: string; inputType?: unknown }): boolean {
  return element.type === "comment" || (element.type === "text" && element.inputType !== "number" && element.inputType !== "date");
}

/** A case return's page elements with the no-names warning added to the hint of every free-text box. */
export function withNameWarnings<T extends FreeTextElement>(elements: T[]): T[] {
  return elements.map((element) => {
    if (element.type === "panel") return { ...element, elements: withNameWarnings(element.elements ?? []) };
    if (!isFreeText(element)) return element;
    const hint =
      typeof element.description === "string" && element.description.trim() !== ""
        ? `${element.description.trim()} ${NO_NAMES_WARNING}`
        : NO_NAMES_WARNING;
    return { ...element, description: hint };
  });
}

/* ---------- set-up ---------- */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/-]{0,39}$/;

function noNhsNumber(value: string, ctx: z.RefinementCtx) {
  const found = nhsNumbersIn(value);
  if (found.length > 0)
    ctx.addIssue({ code: "custom", message: `Remove the NHS number (${found[0]}): a case audit never records who the child is` });
}

/** A case audit as QA sets it up (dates already read from GOV.UK date inputs). */
export const CaseAuditInputSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, "Enter the theme of the audit")
      .max(200, "The theme must be 200 characters or fewer")
      .superRefine(noNhsNumber),
    linesOfEnquiry: z
      .string()
      .trim()
      .min(1, "Enter the lines of enquiry")
      .max(5000, "The lines of enquiry must be 5,000 characters or fewer")
      .superRefine(noNhsNumber),
    standards: z.array(z.string()).default([]),
    opensOn: z.string().regex(ISO_DATE),
    dueOn: z.string().regex(ISO_DATE),
    panelOn: z.string().regex(ISO_DATE),
    agencyIds: z.array(z.coerce.number().int().positive()).min(1, "Select the agencies taking part"),
    cases: z
      .string()
      .transform((text) =>
        text
          .split(/[\r\n,]+/)
          .map((line) => line.trim())
          .filter((line) => line !== ""),
      )
      .pipe(
        z
          .array(
            z
              .string()
              .regex(
                REFERENCE,
                "Give each case as a partnership reference such as 2026-T1-C3: letters, numbers, dashes or slashes, up to 40 characters, never a name",
              ),
          )
          .min(1, "Enter at least one case reference")
          .max(12, "A case audit takes at most 12 cases: split a larger sample into themes")
          .refine(
            (references) => new Set(references.map((reference) => reference.toLowerCase())).size === references.length,
            "Each case reference must be different",
          )
          .refine(
            (references) => references.every((reference) => nhsNumbersIn(reference).length === 0),
            "A case reference must not be an NHS number",
          ),
      ),
    memberIds: z.array(z.coerce.number().int().positive()).min(2, "Select at least two panel members"),
    chairId: z.coerce.number({ error: "Select the panel chair" }).int().positive("Select the panel chair"),
  })
  .superRefine((input, ctx) => {
    if (input.dueOn < input.opensOn)
      ctx.addIssue({
        code: "custom",
        path: ["dueOn"],
        message: "The date case returns are due must be on or after the date the audit opens",
      });
    if (input.panelOn < input.dueOn)
      ctx.addIssue({ code: "custom", path: ["panelOn"], message: "The panel date must be on or after the date case returns are due" });
    if (!input.memberIds.includes(input.chairId))
      ctx.addIssue({ code: "custom", path: ["chairId"], message: "The chair must be one of the panel members" });
  });
export type CaseAuditInput = z.infer<typeof CaseAuditInputSchema>;

/** An immediate concern as a panel member raises it. */
export const ConcernInputSchema = z.object({
  caseId: z.coerce.number({ error: "Select the case" }).int().positive("Select the case"),
  agencyId: z.coerce.number({ error: "Select the agency" }).int().positive("Select the agency"),
  concern: z
    .string()
    .trim()
    .min(1, "Describe the concern")
    .max(5000, "The concern must be 5,000 characters or fewer")
    .superRefine(noNhsNumber),
  respondBy: z.string().regex(ISO_DATE),
});

export const ConcernResponseSchema = z.object({
  response: z
    .string()
    .trim()
    .min(1, "Enter your agency's response")
    .max(5000, "The response must be 5,000 characters or fewer")
    .superRefine(noNhsNumber),
});

export const LearningInputSchema = z.object({
  kind: z.enum(["theme", "recommendation"], { error: "Select theme or recommendation" }),
  text: z.string().trim().min(1, "Enter the learning").max(3000, "The learning must be 3,000 characters or fewer").superRefine(noNhsNumber),
  agencyId: z.union([z.literal("").transform(() => null), z.coerce.number().int().positive()]).default(null),
});

/* ---------- who may do what (DESIGN §7) ---------- */

/** QA and the business office set up case audits. */
export function canSetUpCaseAudits(viewer: Viewer): boolean {
  return viewer.role === "qa" || viewer.role === "admin";
}

/** QA and the business office read the whole audit (but see panel grades only as `canSeeOthersGrades` allows). */
export function canReadCaseAudits(viewer: Viewer): boolean {
  return viewer.role === "qa" || viewer.role === "admin";
}

export interface PanelPosition {
  isMember: boolean;
  isChair: boolean;
  /** The viewer has submitted their own grades for this case. */
  submitted: boolean;
  /** The chair has recorded the agreed grades: the panel's work on the case is done. */
  agreed: boolean;
}

/** A panel member (always QA) records grades for a case until they submit them; then they are fixed. */
export function canGrade(viewer: Viewer, position: PanelPosition): boolean {
  return viewer.role === "qa" && position.isMember && !position.submitted;
}

/**
 * Blind grading: nobody reads another member's grades for a case until they have submitted their own,
 * so no grade is anchored on someone else's. Once the chair has agreed the grades, QA and the business
 * office read the spread (it is in the report).
 */
export function canSeeOthersGrades(viewer: Viewer, position: PanelPosition): boolean {
  if (viewer.role !== "qa" && viewer.role !== "admin") return false;
  if (position.agreed) return true;
  return viewer.role === "qa" && position.isMember && position.submitted;
}

/** The chair records the agreed grades once they have submitted their own (and so seen the spread). */
export function canAgree(viewer: Viewer, position: PanelPosition): boolean {
  return viewer.role === "qa" && position.isChair && position.submitted;
}

/* ---------- grades ---------- */

/** How many of each grade, highest first (every grade listed, 0 where none). */
export function spreadOf(bands: Band[], grades: string[]): { grade: string; count: number }[] {
  return bands.map((band) => ({ grade: band.code, count: grades.filter((grade) => grade === band.code).length }));
}

/** The lowest of some grades (the first band is the highest); null when there are none. */
export function worstGrade(bands: Band[], grades: string[]): string | null {
  return grades.reduce<string | null>(
    (worst, grade) => (worst === null || bandRank(bands, grade) > bandRank(bands, worst) ? grade : worst),
    null,
  );
}

/**
 * "Requires improvement or worse": a grade below the tool's second band (with Outstanding, Good, Requires
 * improvement, Inadequate: the last two).
 */
export function isRequiresImprovementOrWorse(bands: Band[], grade: string): boolean {
  return bandRank(bands, grade) >= 2;
}

/** The assured tools' standards each domain maps to (an empty map when the tool names none). */
export function domainMapOf(tool: Pick<ToolDefinition, "assures">, assuredCode: string): Record<string, string[]> {
  return typeof tool.assures === "object" && tool.assures ? (tool.assures[assuredCode] ?? {}) : {};
}

/**
 * Per assured standard, an agency's case-audit evidence: the worst agreed grade over the domains that map
 * to it, across its cases, and how many cases had one (decision 020: the worst, because one case graded
 * Requires improvement is the evidence that matters beside a self rating of the top band).
 */
export function caseEvidenceByStandard(
  caseBands: Band[],
  domainMap: Record<string, string[]>,
  agreed: { caseId: number; domain: string; grade: string }[],
): Map<string, { grade: string; cases: number }> {
  const byStandard = new Map<string, { grades: string[]; cases: Set<number> }>();
  for (const entry of agreed) {
    for (const standard of domainMap[entry.domain] ?? []) {
      const slot = byStandard.get(standard) ?? { grades: [], cases: new Set<number>() };
      slot.grades.push(entry.grade);
      slot.cases.add(entry.caseId);
      byStandard.set(standard, slot);
    }
  }
  return new Map([...byStandard].map(([code, slot]) => [code, { grade: worstGrade(caseBands, slot.grades)!, cases: slot.cases.size }]));
}

/**
 * A case-evidence gap (DESIGN §12): the agency's agreed grade is Requires improvement or worse and the
 * standard was rated in the assured tool's top band by the agency itself or by the moderator.
 */
export function isCaseGap(
  assuredBands: Band[],
  ratings: { selfRating: string | null; moderatedRating: string | null },
  caseBands: Band[],
  grade: string | null,
): boolean {
  if (grade === null || !isRequiresImprovementOrWorse(caseBands, grade)) return false;
  return [ratings.selfRating, ratings.moderatedRating].some((rating) => rating !== null && bandRank(assuredBands, rating) === 0);
}

/** A concern is overdue when not yet answered after its respond-by day (UK dates, compared as text). */
export function isConcernOverdue(status: ConcernStatus, respondBy: string, today: string): boolean {
  return status === "open" && today > respondBy;
}
