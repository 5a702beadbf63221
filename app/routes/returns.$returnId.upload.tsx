import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, FileUpload, NotificationBanner } from "~/components/govuk";
import { answerText } from "~/components/survey/answer-text";
import { getDb } from "~/data/db.server";
import { getReturn } from "~/data/returns.server";
import { saveReturnAnswers } from "~/data/return-edits.server";
import { canEditReturn } from "~/domain/permissions";
import { readReturnUpload } from "~/domain/return-sheet";
import { listQuestions } from "~/domain/survey-json";
import { parseForm } from "~/utils/form";
import { readFileForm } from "~/utils/upload-form.server";
import { uploadSchema } from "~/utils/upload-schema";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";
import { WorkbookTooLargeError } from "../../reports/load-workbook.server";
import { readReturnXlsx } from "../../reports/return-xlsx";

/**
 * Uploading a return's spreadsheet, filled in offline. Every cell is read and judged as the
 * page form would judge it (`readReturnUpload`); problems are listed by sheet and cell; nothing is
 * saved unless the whole file is good, and then every answer is saved at once (`saveReturnAnswers`).
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Upload a completed spreadsheet – ${data.cycleTitle}` : "Upload a completed spreadsheet") },
];

const FIELD = "returnFile";
/** DESIGN §10 (security): uploads have a size limit; a filled-in return is tens of kilobytes. */
const MAX_FILE_BYTES = 5_000_000;
const MISSING = "Select the completed spreadsheet";
const NOT_XLSX = "The selected file must be an Excel spreadsheet (.xlsx) downloaded from this return";
const TOO_LARGE_ADVICE = "Upload the spreadsheet downloaded from this return, with only your answers added";

const UploadSchema = uploadSchema(FIELD, MISSING);

async function loadEditable(request: Request, params: LoaderFunctionArgs["params"]) {
  const viewer = await requireRole(request, ["agency_lead", "agency_member"]);
  const ret = await getReturn(getDb(), viewer, requireId(params.returnId));
  if (!ret) notFound();
  if (!canEditReturn(viewer, ret.agencyId, ret.status)) throw redirect(`/returns/${ret.id}`);
  return { viewer, ret };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ret } = await loadEditable(request, params);
  return { returnId: ret.id, cycleTitle: ret.cycleTitle, agencyName: ret.agencyName };
}

function refused(fileError: string, problems: string[] = [], fileName: string | null = null) {
  return data({ fileError, problems, fileName }, { status: 400 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, ret } = await loadEditable(request, params);
  const upload = await readFileForm(request, FIELD, { maxBytes: MAX_FILE_BYTES, tooBig: "The file must be smaller than 5 MB" });
  if ("error" in upload) return refused(upload.error);
  const parsed = parseForm(UploadSchema, { [FIELD]: upload.form.get(FIELD) ?? undefined });
  if (!parsed.ok) return refused(parsed.errors[FIELD] ?? MISSING);
  const file = parsed.data[FIELD];
  const fileName = file instanceof File ? file.name : "spreadsheet.xlsx";
  let workbook;
  try {
    workbook = await readReturnXlsx(new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    if (error instanceof WorkbookTooLargeError) return refused(`${error.message}. ${TOO_LARGE_ADVICE}`, [], fileName);
    // Judged by content: a CSV, a PDF or an old .xls renamed is not an Excel workbook.
    return refused(NOT_XLSX, [], fileName);
  }
  const tool = ret.tool.definition;
  const reading = readReturnUpload(tool, workbook, ret.answers);
  if (!reading.ok) {
    if ("refused" in reading) return refused(reading.refused, [], fileName);
    return refused(
      problemsLine(reading.problems.length),
      reading.problems.map((problem) => `${problem.where}: ${problem.message}`),
      fileName,
    );
  }
  const saved = await saveReturnAnswers(getDb(), viewer, ret.id, reading.answers, reading.base, { fileName });
  if (!saved.ok) {
    if ("conflicts" in saved) {
      const questions = new Map(listQuestions(tool.survey).map((question) => [question.name, question]));
      const problems = saved.conflicts.map(({ name, mine, theirs }) => {
        const element = questions.get(name)!.element;
        const said = (value: unknown) => answerText(element, value).replace(/\n/g, "; ");
        return `${reading.places.get(name)}: Someone in your agency changed this answer to ‘${said(theirs)}’ after the spreadsheet was downloaded; your file says ‘${said(mine)}’. Download the spreadsheet again, or change this answer on the website`;
      });
      return refused(problemsLine(problems.length), problems, fileName);
    }
    return refused(saved.message, [], fileName);
  }
  return redirect(`/returns/${ret.id}/upload?saved=${saved.changed.length}`);
}

function problemsLine(count: number): string {
  return `Correct the ${count === 1 ? "problem" : `${count} problems`} in the spreadsheet and upload it again: nothing has been saved`;
}

export default function UploadReturnSpreadsheet() {
  const { returnId, cycleTitle, agencyName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = actionData ? null : params.get("saved");
  const fieldError = actionData?.fileError ?? null;
  useErrorTitle(Boolean(fieldError));
  // Built once per answer from the server, so the summary takes focus after each failed upload only.
  const summary = useMemo(
    () =>
      actionData
        ? (actionData.problems.length > 0 ? actionData.problems : [actionData.fileError]).map((text) => ({ href: `#${FIELD}`, text }))
        : [],
    [actionData],
  );
  return (
    <>
      <BackLink href={`/returns/${returnId}`}>Back to your return</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {summary.length > 0 ? (
            <ErrorSummary
              errors={summary}
              description={actionData?.fileName ? `Nothing from ${actionData.fileName} has been saved.` : undefined}
            />
          ) : null}
          {saved !== null ? (
            <NotificationBanner type="success" heading="Your spreadsheet has been uploaded">
              <p className="govuk-body">
                {saved === "0"
                  ? "Every answer in it was already saved: nothing has changed."
                  : `${saved} ${saved === "1" ? "answer has" : "answers have"} been saved.`}{" "}
                <a className="govuk-notification-banner__link" href={`/returns/${returnId}`}>
                  Check your return
                </a>
              </p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">{`${agencyName}: ${cycleTitle}`}</span>
          <h1 className="govuk-heading-l">Upload a completed spreadsheet</h1>
          <p className="govuk-body">
            <a className="govuk-link" href={`/returns/${returnId}/spreadsheet`} download>
              Download the questions as a spreadsheet
            </a>
            , fill in your answers in the yellow cells, then upload it here.
          </p>
          <p className="govuk-body">
            Every answer is checked as if you had typed it into the form. If anything needs correcting you will see the sheet and cell to
            fix, and nothing is saved until the whole file is right. An answer you cleared in the spreadsheet is cleared here too.
          </p>
          <Form method="post" encType="multipart/form-data" noValidate>
            <FileUpload
              name={FIELD}
              label="Completed spreadsheet"
              labelSize="m"
              hint="The Excel file (.xlsx) downloaded from this return, smaller than 5 MB"
              error={fieldError}
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            />
            <Button>Upload and check</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
