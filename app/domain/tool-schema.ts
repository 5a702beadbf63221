import { z } from "zod";
import {
  SUPPORTED_ELEMENT_TYPES,
  choiceValuesOf,
  listElements,
  listQuestions,
  matrixRowsOf,
  type QuestionInfo,
  type SurveyJson,
} from "./survey-json";

/**
 * The tool definition format (DESIGN §4): one JSON file per tool version. The zod schema checks
 * the shape; `checkToolReferences` then checks that everything the scoring rules name exists in the
 * survey, so a tool that validates can always be scored. Every message names its JSON path.
 */

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const Code = z.string().regex(CODE, "Use letters, numbers, dots, dashes or underscores");

export const TOOL_KINDS = ["s11", "s175", "supervision", "early_years", "custom", "practitioner", "case_audit"] as const;
export const SECTORS = [
  "local_authority",
  "police",
  "health",
  "education",
  "probation",
  "youth_justice",
  "housing",
  "voluntary",
  "faith",
  "early_years",
  "other",
] as const;
export type Sector = (typeof SECTORS)[number];

export const BandSchema = z.strictObject({
  code: Code,
  label: z.string().min(1),
  min: z.number().min(0).max(100),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Give the colour as #rrggbb"),
});

export const StandardSchema = z.strictObject({
  code: Code,
  title: z.string().min(1),
  weight: z.number().positive().optional(),
  dimension: Code.optional(),
  guidance: z.string().optional(),
  reference: z.string().optional(),
  selfRating: z.string().min(1).optional(),
});

const NumericBandSchema = z.strictObject({ min: z.number(), points: z.number().min(0) });

export const ItemRuleSchema = z
  .strictObject({
    standard: Code,
    weight: z.number().positive().optional(),
    // Negative points are allowed: a checkbox may penalise a choice (DESIGN §5 keeps its total within 0…max).
    points: z.record(z.string(), z.number()).optional(),
    bands: z.array(NumericBandSchema).min(1).optional(),
    max: z.number().positive().optional(),
    notApplicable: z.array(z.string()).optional(),
    essential: z.boolean().optional(),
  })
  .refine((rule) => !(rule.points && rule.bands), { message: "Give either points or bands, not both" });

const ElementSchema = z.looseObject({ type: z.string(), name: z.string().optional() });
const PageSchema = z.looseObject({
  name: z.string().min(1),
  title: z.string().optional(),
  elements: z.array(ElementSchema),
});

export const ToolSchema = z.strictObject({
  code: Code,
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "Use a version such as 2026.1"),
  title: z.string().min(1),
  description: z.string().optional(),
  kind: z.enum(TOOL_KINDS),
  /**
   * A practitioner survey's assured tool code (DESIGN §11): its standards are that tool's standards. A case
   * audit's map from its domains to standards of assured tools (DESIGN §12): {"s11": {"joint_working": ["S11-9"]}}.
   */
  assures: z.union([Code, z.record(Code, z.record(Code, z.array(Code).min(1)))]).optional(),
  sectors: z.array(z.enum(SECTORS)).min(1).optional(),
  bands: z.array(BandSchema).min(2, "Give at least two bands"),
  dimensions: z.array(z.strictObject({ code: Code, title: z.string().min(1) })).optional(),
  standards: z.array(StandardSchema).min(1, "Give at least one standard"),
  items: z.record(z.string(), ItemRuleSchema),
  comparableTo: z.record(z.string(), z.record(z.string(), z.string().nullable())).optional(),
  survey: z.looseObject({ pages: z.array(PageSchema).min(1, "The survey needs at least one page") }),
});

export type Band = z.infer<typeof BandSchema>;
export type Standard = z.infer<typeof StandardSchema>;
export type ItemRule = z.infer<typeof ItemRuleSchema>;
export type ToolDefinition = Omit<z.infer<typeof ToolSchema>, "survey"> & { survey: SurveyJson };

export type ToolValidation = { ok: true; tool: ToolDefinition } | { ok: false; errors: string[] };

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list ([…])",
  object: "an object ({…})",
};

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "text";
  if (typeof value === "number") return Number.isInteger(value) ? "a whole number" : "a number";
  if (typeof value === "object") return "an object";
  return String(typeof value);
}

/**
 * zod's own words for a wrong type or value ("Invalid input: expected array, received undefined") said
 * as the person fixing the file needs them: what is missing, what it must be. The schema's own messages stay.
 */
const plainIssueMessage: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return "is missing";
    return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, not ${kindOf(issue.input)}`;
  }
  if (issue.code === "invalid_value" && issue.values.length > 0)
    return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}, not ${JSON.stringify(issue.input) ?? "nothing"}`;
  return undefined;
};

/** Validates a parsed JSON value as a tool definition; every problem is listed as "path: message". */
export function validateTool(input: unknown): ToolValidation {
  const parsed = ToolSchema.safeParse(input, { error: plainIssueMessage });
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`) };
  }
  const tool = parsed.data as ToolDefinition;
  const errors = checkToolReferences(tool);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, tool };
}

/** Parses tool JSON text, reporting a JSON syntax error as such. */
export function parseToolJson(text: string): ToolValidation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`The file is not valid JSON: ${(error as Error).message}`] };
  }
  return validateTool(value);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(top level)" : path.map(String).join(".");
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

/** The cross-reference checks of DESIGN §4 that a shape schema cannot express. */
export function checkToolReferences(tool: ToolDefinition): string[] {
  const errors: string[] = [];
  const add = (path: string, message: string) => errors.push(`${path}: ${message}`);

  for (const { element, path } of listElements(tool.survey)) {
    if (!(SUPPORTED_ELEMENT_TYPES as readonly string[]).includes(element.type)) {
      add(
        path,
        `element "${element.name || "(no name)"}" has type "${element.type}", which is not supported (supported: ${SUPPORTED_ELEMENT_TYPES.join(", ")})`,
      );
    } else if (!element.name) {
      add(path, `a ${element.type} element needs a name`);
    }
  }

  if (tool.kind === "practitioner" && typeof tool.assures !== "string")
    add("assures", 'a practitioner survey names the tool it assures, e.g. "assures": "s11"');
  if (tool.kind === "case_audit" && tool.assures !== undefined && typeof tool.assures !== "object") {
    add(
      "assures",
      'a case audit maps its domains to standards of the tools it assures, e.g. "assures": {"s11": {"joint_working": ["S11-9"]}}',
    );
  }
  if (tool.kind !== "practitioner" && tool.kind !== "case_audit" && tool.assures !== undefined)
    add("assures", `only a practitioner survey or a case audit assures another tool (this tool's kind is "${tool.kind}")`);
  if (tool.kind === "case_audit") {
    // A case return holds no documents about a child (DESIGN §12): no evidence uploads.
    for (const { element, path } of listElements(tool.survey))
      if (element.type === "file")
        add(
          path,
          `a case audit cannot ask for evidence files ("${element.name || "(no name)"}"): ask the agency to describe what the record shows`,
        );
  }
  if (tool.kind === "case_audit" && typeof tool.assures === "object") {
    const domains = new Set(tool.standards.map((standard) => standard.code));
    for (const [assured, mapping] of Object.entries(tool.assures)) {
      for (const domain of Object.keys(mapping))
        if (!domains.has(domain)) add(`assures.${assured}.${domain}`, `"${domain}" is not a domain (standard) of this case audit`);
    }
  }

  tool.bands.forEach((band, index) => {
    if (index > 0 && !(band.min < tool.bands[index - 1].min)) {
      add(
        `bands.${index}.min`,
        `bands must be listed highest first with strictly falling minimums (${band.min} is not below ${tool.bands[index - 1].min})`,
      );
    }
  });
  if (tool.bands[tool.bands.length - 1]?.min !== 0) add(`bands.${tool.bands.length - 1}.min`, "the lowest band must start at 0");
  for (const code of duplicates(tool.bands.map((band) => band.code))) add("bands", `band code "${code}" is used more than once`);

  const dimensionCodes = new Set((tool.dimensions ?? []).map((dimension) => dimension.code));
  for (const code of duplicates((tool.dimensions ?? []).map((dimension) => dimension.code)))
    add("dimensions", `dimension code "${code}" is used more than once`);
  for (const code of duplicates(tool.standards.map((standard) => standard.code)))
    add("standards", `standard code "${code}" is used more than once`);

  const questions = listQuestions(tool.survey);
  for (const name of duplicates(questions.map((question) => question.name)))
    add("survey", `question name "${name}" is used more than once`);
  for (const name of duplicates(tool.survey.pages.map((page) => page.name)))
    add("survey.pages", `page name "${name}" is used more than once`);
  const byName = new Map(questions.map((question) => [question.name, question]));
  const bandCodes = tool.bands.map((band) => band.code);

  tool.standards.forEach((standard, index) => {
    if (standard.dimension && !dimensionCodes.has(standard.dimension)) {
      add(`standards.${index}.dimension`, `unknown dimension "${standard.dimension}"`);
    }
    if (standard.selfRating) {
      const question = byName.get(standard.selfRating);
      if (!question) add(`standards.${index}.selfRating`, `"${standard.selfRating}" is not a question of the survey`);
      else {
        const values = choiceValuesOf(question.element) ?? [];
        const notBands = values.filter((value) => !bandCodes.includes(value));
        if (values.length === 0 || notBands.length > 0) {
          add(
            `standards.${index}.selfRating`,
            `the choices of "${standard.selfRating}" must be band codes (${bandCodes.join(", ")})${notBands.length ? `; not bands: ${notBands.join(", ")}` : ""}`,
          );
        }
      }
    }
  });

  const standardCodes = new Set(tool.standards.map((standard) => standard.code));
  for (const [key, rule] of Object.entries(tool.items)) {
    const path = `items.${key}`;
    if (!standardCodes.has(rule.standard)) add(`${path}.standard`, `unknown standard "${rule.standard}"`);
    const target = resolveItemQuestion(key, byName);
    if (typeof target === "string") {
      add(path, target);
      continue;
    }
    errors.push(...checkItemRule(rule, target.question, target.row).map((message) => `${path}: ${message}`));
  }

  for (const [reference, mapping] of Object.entries(tool.comparableTo ?? {})) {
    if (!/^[^@]+@[^@]+$/.test(reference)) add(`comparableTo.${reference}`, 'name the older version as "code@version"');
    for (const code of Object.keys(mapping)) {
      if (!standardCodes.has(code)) add(`comparableTo.${reference}.${code}`, `unknown standard "${code}" of this version`);
    }
  }
  return errors;
}

/** An item key is a question name, or "<matrix>.<row value>" for one row of a matrix. */
function resolveItemQuestion(key: string, byName: Map<string, QuestionInfo>): { question: QuestionInfo; row?: string } | string {
  const direct = byName.get(key);
  if (direct) {
    if (direct.type === "matrix") return `"${key}" is a matrix: score each row as "${key}.<row value>"`;
    return { question: direct };
  }
  const dot = key.lastIndexOf(".");
  if (dot > 0) {
    const matrix = byName.get(key.slice(0, dot));
    const row = key.slice(dot + 1);
    if (matrix?.type === "matrix") {
      return matrixRowsOf(matrix.element).some((candidate) => candidate.value === row)
        ? { question: matrix, row }
        : `"${row}" is not a row of matrix "${matrix.name}"`;
    }
  }
  return `"${key}" is not a question of the survey`;
}

function checkItemRule(rule: ItemRule, question: QuestionInfo, row?: string): string[] {
  const problems: string[] = [];
  const { type, name, element } = question;
  const label = row ? `${name}.${row}` : name;
  if (rule.bands) {
    const numeric = type === "text" && element.inputType === "number";
    if (!numeric) problems.push(`numeric bands need a text question with inputType "number" ("${label}" is a ${type})`);
    rule.bands.forEach((band, index) => {
      if (index > 0 && !(band.min < rule.bands![index - 1].min)) problems.push(`bands.${index}.min must be below the band before it`);
    });
    return problems;
  }
  if (type === "rating" && !rule.points) {
    // Scored as value − rateMin out of rateMax − rateMin (DESIGN §5), which only fits a rateMin…rateMax scale.
    if (Array.isArray(element.rateValues) && element.rateValues.length > 0) {
      problems.push(
        `give points for the choices of "${label}": a rating whose scale is a list of rateValues cannot be scored from rateMin and rateMax`,
      );
    }
    return problems;
  }
  const values = choiceValuesOf(element);
  if (!values) return [`"${label}" is a ${type} question: score it with numeric bands (a number input) or leave it unscored`];
  if (!rule.points) return [`give points for the choices of "${label}"`];
  const notApplicable = rule.notApplicable ?? [];
  for (const key of Object.keys(rule.points)) {
    if (!values.includes(key)) problems.push(`points key "${key}" is not a choice of "${label}" (choices: ${values.join(", ")})`);
  }
  for (const value of notApplicable) {
    if (!values.includes(value)) problems.push(`notApplicable value "${value}" is not a choice of "${label}"`);
  }
  for (const value of values) {
    if (!(value in rule.points) && !notApplicable.includes(value)) {
      problems.push(`choice "${value}" of "${label}" has neither points nor a place in notApplicable`);
    }
  }
  if (type === "checkbox") {
    const positive = Object.values(rule.points).filter((points) => points > 0);
    if (positive.length === 0 && !rule.max) problems.push(`checkbox "${label}" needs at least one choice worth points`);
  } else {
    if (rule.max !== undefined) problems.push(`"max" applies to checkbox questions only`);
    // Only a checkbox total is kept within 0…max (DESIGN §5); a negative single choice would push a standard below 0%.
    for (const [key, points] of Object.entries(rule.points)) {
      if (points < 0)
        problems.push(`points for "${key}" of "${label}" must be 0 or more (negative points apply to checkbox questions only)`);
    }
  }
  return problems;
}

/**
 * The authoring rules a new tool version must meet today that tools published earlier did not have to
 * (scoring rules version 2, DESIGN §4): an essential item never offers "not applicable", because a
 * statutory duty cannot be not applicable. A tool already published keeps loading and scoring (under v2
 * such an answer counts as not met); only a new version is refused. One line per item, naming the page,
 * the question and what to change.
 */
export function checkCurrentRules(tool: ToolDefinition): string[] {
  const questions = new Map(listQuestions(tool.survey).map((question) => [question.name, question]));
  const pages = new Map(tool.survey.pages.map((page) => [page.name, page.title ?? page.name]));
  const problems: string[] = [];
  for (const [key, rule] of Object.entries(tool.items)) {
    if (!rule.essential || !rule.notApplicable?.length) continue;
    const question = questions.get(key) ?? questions.get(key.slice(0, key.lastIndexOf(".")));
    const title = typeof question?.element.title === "string" ? question.element.title : key;
    const page = question ? (pages.get(question.pageName) ?? question.pageName) : "?";
    const choices = rule.notApplicable.map((value) => `"${value}"`).join(", ");
    problems.push(
      `items.${key}: page "${page}", question "${title}" is essential but offers not applicable (${choices}): a statutory duty cannot be not applicable, so remove ${choices} from its choices and notApplicable, or make the item non-essential`,
    );
  }
  return problems;
}
