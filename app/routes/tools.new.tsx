import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useMemo } from "react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, Details, ErrorSummary, FileUpload } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { importTool } from "~/data/tools.server";
import { groupToolProblems, type ProblemGroup, type ProblemPlace } from "~/domain/tool-problems";
import { parseForm } from "~/utils/form";
import { readFileForm } from "~/utils/upload-form.server";
import { uploadSchema } from "~/utils/upload-schema";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

/**
 * Uploading a tool file (DESIGN §4): the file is checked by its content, every problem is listed, grouped
 * by what is wrong, with the page and question title and the JSON path of each place, so the business
 * office can fix them all in one go; a good file is stored as a draft to preview before publishing. Nothing is written unless the whole file is valid.
 */

export const meta: MetaFunction = () => [{ title: pageTitle("Upload a tool") }];

const FIELD = "toolFile";
/** DESIGN §10 (security): uploads have a size limit; tool files are a few hundred kilobytes at most. */
const MAX_FILE_BYTES = 2_000_000;
const TOO_BIG = "The file must be smaller than 2 MB";
const MISSING = "Select a tool file";
const NOT_A_TOOL = "The selected file must be a JSON tool definition";

const UploadSchema = uploadSchema(FIELD, MISSING);

function refused(fileError: string | null, problems: ProblemGroup[] = [], fileName: string | null = null) {
  return data({ fileError, problems, fileName }, { status: 400 });
}

/** Where a problem is, for the error summary: its one place, or how many places share it. */
function summaryText(problem: ProblemGroup): string {
  if (problem.places.length === 0) return problem.message;
  if (problem.places.length > 1) return `${problem.message} (${problem.places.length} places)`;
  const [place] = problem.places;
  return `${place.where ?? place.path}: ${problem.message}`;
}

/** How many places of one problem are listed before the rest fold into "Show all". */
const PLACES_SHOWN = 5;

function Place({ place }: { place: ProblemPlace }) {
  return (
    <li>
      {place.where ? <>{place.where} </> : null}
      <code>{place.path}</code>
    </li>
  );
}

/** The file's JSON, judged by content (not by name or type): a tool definition is a JSON object. */
function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    // Editors on Windows often save JSON with a byte-order mark, which JSON.parse refuses.
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ""));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const upload = await readFileForm(request, FIELD, { maxBytes: MAX_FILE_BYTES, tooBig: TOO_BIG });
  if ("error" in upload) return refused(upload.error);
  const parsed = parseForm(UploadSchema, { [FIELD]: upload.form.get(FIELD) ?? undefined });
  if (!parsed.ok) return refused(parsed.errors[FIELD] ?? MISSING);
  const file = parsed.data[FIELD];
  const fileName = file instanceof File ? file.name : null;
  const json = parseJsonObject(await file.text());
  if (!json) return refused(NOT_A_TOOL, [], fileName);
  const result = await importTool(getDb(), viewer.id, json, { status: "draft" });
  if (!result.ok) return refused(null, groupToolProblems(result.errors, json), fileName);
  return redirect(`/tools/${result.tool.id}?uploaded=${result.outcome}`);
}

export default function UploadTool() {
  const actionData = useActionData<typeof action>();
  const problems = actionData?.problems ?? [];
  const fieldError =
    actionData?.fileError ??
    (problems.length > 0 ? `Correct the ${count(problems.length, "problem")} in the file and upload it again` : null);
  useErrorTitle(Boolean(fieldError));
  // Built once per answer from the server, so the summary takes focus after each failed upload only.
  const summary = useMemo(
    () =>
      actionData?.fileError
        ? [{ href: `#${FIELD}`, text: actionData.fileError }]
        : (actionData?.problems ?? []).map((problem) => ({ href: `#${FIELD}`, text: summaryText(problem) })),
    [actionData],
  );
  return (
    <>
      <BackLink href="/tools">Back to audit tools</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {fieldError ? <ErrorSummary errors={summary} /> : null}
          <h1 className="govuk-heading-l">Upload a tool</h1>
          <p className="govuk-body">
            The tool is checked and saved as a draft. You can then preview it as agencies will see it, and publish it when it is right. A
            published version never changes: to revise it, upload the tool again with a new version.
          </p>
          {problems.length > 0 ? (
            <>
              <h2 className="govuk-heading-m">{`${count(problems.length, "problem")} in ${actionData?.fileName || "the file"}`}</h2>
              <p className="govuk-body">
                Each problem says what is wrong, then where: the page and question, and its place in the file (its JSON path). Nothing has
                been saved.
              </p>
              <ol className="govuk-list govuk-list--number app-break-word">
                {problems.map((problem, index) => (
                  <li key={index} className="app-tool-problem">
                    <strong>{problem.message}</strong>
                    {problem.places.length > 0 ? (
                      <>
                        <span className="govuk-body-s"> ({count(problem.places.length, "place")})</span>
                        <ul className="govuk-list govuk-list--bullet govuk-body-s">
                          {problem.places.slice(0, PLACES_SHOWN).map((place, at) => (
                            <Place key={at} place={place} />
                          ))}
                        </ul>
                        {problem.places.length > PLACES_SHOWN ? (
                          <Details summary={`Show the other ${count(problem.places.length - PLACES_SHOWN, "place")}`}>
                            <ul className="govuk-list govuk-list--bullet govuk-body-s">
                              {problem.places.slice(PLACES_SHOWN).map((place, at) => (
                                <Place key={at} place={place} />
                              ))}
                            </ul>
                          </Details>
                        ) : null}
                      </>
                    ) : null}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          <Form method="post" encType="multipart/form-data" noValidate>
            <FileUpload
              name={FIELD}
              label="Tool file"
              labelSize="m"
              hint="A JSON file in the tool definition format, smaller than 2 MB"
              error={fieldError}
              accept="application/json,.json"
            />
            <Details summary="What the tool file holds">
              <p className="govuk-body">
                One JSON object: the tool's code, version, title and kind, its rating bands, its standards, the scoring rule of each scored
                question (which standard it counts towards and the points of each answer), and the questions themselves as a SurveyJS
                survey.
              </p>
              <p className="govuk-body">
                Questions may be radios, checkboxes, yes or no, ratings, drop-downs, text, comments, matrices, panels, HTML text and
                evidence files.
              </p>
            </Details>
            <Button>Upload and check</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
