import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/data/db.server";
import { importObservations, type ObservationImportRow } from "~/data/scorecard.server";
import { ObservationInputSchema } from "~/domain/scorecard";
import { apiError, apiJson, requireApiViewer } from "~/utils/api.server";

/**
 * POST /api/v1/observations (docs/api.md): a BI feed writes scorecard figures with a token of the write scope.
 * The body is `{ "observations": [ { indicator, period, agency, value, numerator, denominator, provisional,
 * commentary } ] }`; every entry is checked as `observations:import` checks a row, and one bad entry refuses
 * them all (nothing written), each problem named by its index in the list.
 */

const MAX_OBSERVATIONS = 5000;

const text = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined ? "" : String(value)));
const EntrySchema = z.object(
  { indicator: text, period: text, agency: text, value: text, numerator: text, denominator: text, provisional: text, commentary: text },
  { error: "Each observation must be an object" },
);
const BodySchema = z.object(
  {
    observations: z
      .array(z.unknown(), { error: 'Send { "observations": [ … ] }: a list of observations' })
      .min(1, "Send at least one observation")
      .max(MAX_OBSERVATIONS, `Send at most ${MAX_OBSERVATIONS} observations at once`),
  },
  { error: 'Send { "observations": [ … ] }: a list of observations' },
);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireApiViewer(request);
  return apiError(405, "Post observations here; read them in the scorecard report: GET /api/v1/scorecard", { Allow: "POST" });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireApiViewer(request);
  if (request.method !== "POST") return apiError(405, "Use POST to write observations", { Allow: "POST" });
  if (viewer.scope !== "write")
    return apiError(403, "This token is read-only: an admin must create a token with the write scope to post observations");
  if (!(request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("application/json"))
    return apiError(415, "Send the observations as JSON, with Content-Type: application/json");
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return apiError(400, "The body is not valid JSON");
  }
  const parsed = BodySchema.safeParse(body);
  if (!parsed.success) return apiError(400, parsed.error.issues[0].message);
  const problems: { index: number; message: string }[] = [];
  const rows: ObservationImportRow[] = [];
  parsed.data.observations.forEach((entry, index) => {
    const fields = EntrySchema.safeParse(entry);
    if (!fields.success) {
      problems.push({ index, message: fields.error.issues[0].message });
      return;
    }
    const input = ObservationInputSchema.safeParse(fields.data);
    if (!input.success) {
      problems.push({ index, message: input.error.issues[0].message });
      return;
    }
    rows.push({ line: index, indicator: fields.data.indicator, agency: fields.data.agency, input: input.data });
  });
  if (problems.length === 0) {
    const result = await importObservations(getDb(), viewer.id, rows, "api");
    if (result.ok) return apiJson({ added: result.added, replaced: result.replaced }, 201);
    problems.push(...result.problems.map((problem) => ({ index: problem.line, message: problem.text })));
  }
  problems.sort((a, b) => a.index - b.index);
  return apiError(
    400,
    `Nothing was written: ${problems.length} ${problems.length === 1 ? "observation has a problem" : "observations have problems"}`,
    {},
    { problems },
  );
}
