import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useMemo } from "react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, Details, ErrorMessage, ErrorSummary, Hint, Label, Table } from "~/components/govuk";
import { importAgencies, previewAgencyImport, type AgencyImportPreview } from "~/data/agencies.server";
import { getDb } from "~/data/db.server";
import { SECTOR_LABELS } from "~/domain/agency";
import { readAgencyRows, type AgencyImportRow } from "~/domain/agency-import";
import { SECTORS } from "~/domain/tool-schema";
import { formValues, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { readFileForm } from "~/utils/upload-form.server";
import { uploadSchema } from "~/utils/upload-schema";
import { useErrorTitle } from "~/utils/use-error-title";
import { readSpreadsheetRows } from "../../cli/read-spreadsheet";

/**
 * Importing agencies from a spreadsheet on the web, the CLI's `agencies:import` format and
 * code (readAgencyRows, importAgencies). Two steps: the upload is checked and previewed (what will be
 * added, what updated and how, or every problem with its row number) and nothing is written; the admin
 * then confirms, and the rows are checked again and imported all or nothing. The file is read through the
 * CLI's own spreadsheet reader, so every guard on reading XLSX applies here too.
 */

export const meta: MetaFunction = () => [{ title: pageTitle("Import agencies") }];

const FIELD = "agencyFile";
/** A county's 600 agencies are tens of kilobytes; a national list a few megabytes at most. */
const MAX_FILE_BYTES = 5_000_000;
const MISSING = "Select a CSV or Excel file of agencies";
const NOT_A_SPREADSHEET = "The selected file must be a CSV file or an Excel workbook (.xlsx)";
const CONFIRM_STALE = "The import could not be confirmed: upload the file again";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return null;
}

type Answer = {
  fileError: string | null;
  problems: string[];
  fileName: string | null;
  preview: (AgencyImportPreview & { payload: string }) | null;
};

function answer(body: Answer, status = 200) {
  return data(body, { status, headers: { "Cache-Control": "no-store" } });
}

/** The upload, read by the CLI's reader from a private temporary file (it reads files, and guards what it reads). */
async function readRows(file: Blob, fileName: string): Promise<{ rows: { line: number; cells: string[] }[] } | { error: string }> {
  const bytes = Buffer.from(await file.arrayBuffer());
  const isZip = bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (!isZip && (/\.xlsx$/i.test(fileName) || bytes.includes(0))) return { error: NOT_A_SPREADSHEET };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-import-"));
  try {
    const target = path.join(dir, isZip ? "agencies.xlsx" : "agencies.csv");
    fs.writeFileSync(target, bytes, { mode: 0o600 });
    return { rows: await readSpreadsheetRows(target) };
  } catch (error) {
    return { error: `${fileName} could not be read: ${(error as Error).message}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ConfirmSchema = z.object({ _intent: z.literal("confirm", { error: MISSING }), agencies: z.string().max(10_000_000, CONFIRM_STALE) });
const PayloadSchema = z
  .array(
    z.object({
      line: z.number().int().min(1),
      name: z.string().max(1000),
      sector: z.string().max(100),
      contactEmail: z.string().max(1000).nullable(),
    }),
  )
  .min(1)
  .max(100_000);

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const db = getDb();
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    // The confirmation: the previewed rows come back and are checked again exactly as a file's would be.
    const confirm = parseForm(ConfirmSchema, formValues(await readForm(request)));
    if (!confirm.ok)
      return answer(
        { fileError: confirm.errors._intent ?? confirm.errors.agencies ?? MISSING, problems: [], fileName: null, preview: null },
        400,
      );
    let payload: z.infer<typeof PayloadSchema>;
    try {
      payload = PayloadSchema.parse(JSON.parse(confirm.data.agencies));
    } catch {
      return answer({ fileError: CONFIRM_STALE, problems: [], fileName: null, preview: null }, 400);
    }
    const reading = readAgencyRows([
      { line: 1, cells: ["name", "sector", "contact email"] },
      ...payload.map((row) => ({ line: row.line, cells: [row.name, row.sector, row.contactEmail ?? ""] })),
    ]);
    if (!reading.ok) return answer({ fileError: CONFIRM_STALE, problems: reading.problems, fileName: null, preview: null }, 400);
    const counts = await importAgencies(
      db,
      viewer.id,
      reading.agencies.map(({ line: _line, ...agency }) => agency),
    );
    return redirect(
      `/agencies?imported=${encodeURIComponent(`${counts.added} added, ${counts.updated} updated, ${counts.unchanged} unchanged`)}`,
    );
  }
  const upload = await readFileForm(request, FIELD, { maxBytes: MAX_FILE_BYTES, tooBig: "The file must be smaller than 5 MB" });
  if ("error" in upload) return answer({ fileError: upload.error, problems: [], fileName: null, preview: null }, 400);
  const parsed = parseForm(uploadSchema(FIELD, MISSING), { [FIELD]: upload.form.get(FIELD) ?? undefined });
  if (!parsed.ok) return answer({ fileError: parsed.errors[FIELD] ?? MISSING, problems: [], fileName: null, preview: null }, 400);
  const file = parsed.data[FIELD];
  const fileName = file instanceof File && file.name ? path.basename(file.name) : "the file";
  const read = await readRows(file, fileName);
  if ("error" in read) return answer({ fileError: read.error, problems: [], fileName, preview: null }, 400);
  const reading = readAgencyRows(read.rows);
  if (!reading.ok)
    return answer(
      { fileError: reading.fileProblem ? `${fileName} ${reading.fileProblem}` : null, problems: reading.problems, fileName, preview: null },
      400,
    );
  const preview = await previewAgencyImport(db, reading.agencies);
  const payload = JSON.stringify(
    reading.agencies.map((row: AgencyImportRow) => ({
      line: row.line,
      name: row.name,
      sector: row.sector,
      contactEmail: row.contactEmail,
    })),
  );
  return answer({ fileError: null, problems: [], fileName, preview: { ...preview, payload } });
}

export default function ImportAgencies() {
  const actionData = useActionData<typeof action>();
  const problems = actionData?.problems ?? [];
  const fieldError =
    actionData?.fileError ??
    (problems.length > 0 ? `Correct the ${count(problems.length, "problem")} in the file and upload it again` : null);
  useErrorTitle(Boolean(fieldError));
  const summary = useMemo(
    () =>
      actionData?.fileError
        ? [{ href: `#${FIELD}`, text: actionData.fileError }]
        : (actionData?.problems ?? []).map((text) => ({ href: `#${FIELD}`, text })),
    [actionData],
  );
  const preview = actionData?.preview ?? null;
  return (
    <>
      <BackLink href="/agencies">Back to agencies</BackLink>
      {fieldError ? <ErrorSummary errors={summary} /> : null}
      <h1 className="govuk-heading-l">{preview ? "Check the import" : "Import agencies"}</h1>
      {preview ? (
        <>
          <p className="govuk-body">
            Nothing has been saved yet. {actionData?.fileName}: {count(preview.added.length, "agency", "agencies")} to add,{" "}
            {count(preview.updated.length, "agency", "agencies")} to update, {preview.unchanged} unchanged.
          </p>
          {preview.updated.length > 0 ? (
            <div className="app-table-wrapper" role="region" aria-label="Agencies to update" tabIndex={0}>
              <Table
                caption={`${count(preview.updated.length, "agency", "agencies")} to update`}
                captionSize="m"
                firstCellIsHeader
                head={[{ text: "Agency" }, { text: "What changes" }]}
                rows={preview.updated.map((row) => [{ text: row.name }, { text: row.changes.join("; ") }])}
              />
            </div>
          ) : null}
          {preview.added.length > 0 ? (
            <div className="app-table-wrapper" role="region" aria-label="Agencies to add" tabIndex={0}>
              <Table
                caption={`${count(preview.added.length, "agency", "agencies")} to add`}
                captionSize="m"
                firstCellIsHeader
                head={[{ text: "Agency" }, { text: "Sector" }, { text: "Safeguarding contact" }]}
                rows={preview.added.map((row) => [
                  { text: row.name },
                  { text: SECTOR_LABELS[row.sector] },
                  { text: row.contactEmail ?? "None given" },
                ])}
              />
            </div>
          ) : null}
          <Form method="post">
            <input type="hidden" name="_intent" value="confirm" />
            <input type="hidden" name="agencies" value={preview.payload} />
            <div className="govuk-button-group">
              <Button>Import {count(preview.added.length + preview.updated.length, "agency", "agencies")}</Button>
              <a className="govuk-link" href="/agencies/import">
                Upload a different file
              </a>
            </div>
          </Form>
        </>
      ) : (
        <>
          <p className="govuk-body">
            Add and update agencies from a spreadsheet. You will see what will change before anything is saved. If any row has a problem,
            nothing is imported.
          </p>
          {problems.length > 0 ? (
            <>
              <h2 className="govuk-heading-m">{`${count(problems.length, "problem")} in ${actionData?.fileName ?? "the file"}`}</h2>
              <ul className="govuk-list govuk-list--bullet app-break-word">
                {problems.map((problem, index) => (
                  <li key={index}>{problem}</li>
                ))}
              </ul>
            </>
          ) : null}
          <Form method="post" encType="multipart/form-data" noValidate>
            <div className={`govuk-form-group${fieldError ? " govuk-form-group--error" : ""}`}>
              <Label htmlFor={FIELD} size="m">
                Agencies file
              </Label>
              <Hint id={`${FIELD}-hint`}>A CSV file or an Excel workbook (.xlsx), smaller than 5 MB</Hint>
              {fieldError ? <ErrorMessage id={`${FIELD}-error`}>{fieldError}</ErrorMessage> : null}
              <input
                className={`govuk-file-upload${fieldError ? " govuk-file-upload--error" : ""}`}
                id={FIELD}
                name={FIELD}
                type="file"
                accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-describedby={fieldError ? `${FIELD}-hint ${FIELD}-error` : `${FIELD}-hint`}
              />
            </div>
            <Details summary="What the file holds">
              <p className="govuk-body">
                The first row names the columns: <strong>name</strong>, <strong>sector</strong> and <strong>contact email</strong>{" "}
                (optional), in any order. Then one agency a row. An agency already here (matched by name, in any case) is updated; a new
                name is added. Nothing is ever removed.
              </p>
              <p className="govuk-body">Sectors: {SECTORS.map((sector) => `${sector} (${SECTOR_LABELS[sector]})`).join(", ")}.</p>
            </Details>
            <Button>Upload and check</Button>
          </Form>
        </>
      )}
    </>
  );
}

function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
