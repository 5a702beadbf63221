import { z } from "zod";

/**
 * The comparison's query (page, downloads and API alike): which earlier cycle, and the threshold in
 * whole percentage points (1–50). Messages are GOV.UK style, shown on the page and in API errors.
 */
export const ComparisonQuerySchema = z.object({
  against: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, "Select an earlier cycle to compare with")
    .transform(Number)
    .optional(),
  threshold: z
    .string()
    .trim()
    .min(1, "Enter the threshold for improved or declined")
    .regex(/^\d+$/, "Enter the threshold as a whole number of percentage points, like 5")
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, "The threshold must be between 1 and 50 percentage points")
        .max(50, "The threshold must be between 1 and 50 percentage points"),
    )
    .optional(),
});

export type ComparisonQueryErrors = { against?: string; threshold?: string };

/** Parses `against` and `threshold` from URL search parameters; errors by field. */
export function parseComparisonQuery(
  search: URLSearchParams,
): { ok: true; against?: number; threshold?: number } | { ok: false; errors: ComparisonQueryErrors } {
  const parsed = ComparisonQuerySchema.safeParse({
    against: search.get("against") ?? undefined,
    threshold: search.get("threshold") ?? undefined,
  });
  if (parsed.success) return { ok: true, ...parsed.data };
  const errors: ComparisonQueryErrors = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as keyof ComparisonQueryErrors] ??= issue.message;
  return { ok: false, errors };
}
