import { data, redirect } from "@remix-run/node";
import {
  addEvidence,
  checkEvidenceInput,
  listEvidence,
  removeEvidence,
  type EvidenceInput,
  type EvidenceResult,
} from "~/data/evidence.server";
import { EVIDENCE_MESSAGES, MAX_EVIDENCE_BYTES } from "~/domain/evidence";
import type { Viewer } from "~/domain/permissions";
import type { Db } from "~/data/db.server";
import { evidenceFieldIds, evidenceScopeKey, inScope, toEvidenceViews, type EvidenceScope } from "./evidence-view";
import { listQuestions, type SurveyPageJson } from "~/domain/survey-json";
import { readForm } from "./form";
import { notFound } from "./params";
import { INCOMPLETE_UPLOAD, readUploadForm } from "./upload-form.server";

/**
 * Reading evidence forms (multipart, GOV.UK file upload) and the page's evidence actions. Files are
 * held in memory (the request's size is limited before it is read: request-limits.js), never written
 * to disk; a file over the evidence limit is a form error ("must be smaller than 10 MB"), never a 500.
 */

export type EvidenceForm = { form: FormData; tooLarge: boolean };

/**
 * The posted form, multipart or not. A file over the limit is flagged `tooLarge` (and not used), so the
 * other fields still arrive and the page can say what is wrong beside the file field.
 */
export async function readEvidenceForm(request: Request): Promise<EvidenceForm> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data"))
    return { form: await readForm(request), tooLarge: false };
  const upload = await readUploadForm(request, "file", MAX_EVIDENCE_BYTES);
  if (!upload) throw new Response(INCOMPLETE_UPLOAD, { status: 400 });
  return upload;
}

/** The chosen file as evidence input, or null when no file was chosen (the browser sends an empty, nameless part). */
export async function evidenceFileOf(value: FormDataEntryValue | null): Promise<EvidenceInput | null> {
  if (value === null || typeof value === "string") return null;
  if (value.name === "" && value.size === 0) return null;
  return { kind: "file", name: value.name, size: value.size, bytes: new Uint8Array(await value.arrayBuffer()) };
}

export type EvidenceActionError = { kind: "evidence"; field: string; message: string };

/**
 * Adds or removes evidence from a survey page (`?evidence=file|link|remove`, with `standard` or
 * `question` naming where it belongs) and comes back to the page; a refusal comes back as a form error
 * for the field, in the GOV.UK pattern.
 */
export async function pageEvidenceAction(db: Db, viewer: Viewer, request: Request, returnId: number, pageUrl: string) {
  const url = new URL(request.url);
  const what = url.searchParams.get("evidence");
  const scope = { standardCode: url.searchParams.get("standard"), questionName: url.searchParams.get("question") };
  const ids = evidenceFieldIds(evidenceScopeKey(scope));
  const refuse = (field: string, message: string, status: number) =>
    data<EvidenceActionError>({ kind: "evidence", field, message }, { status });
  const { form, tooLarge } = await readEvidenceForm(request);

  let result: EvidenceResult;
  let field: string;
  if (what === "remove") {
    field = ids.list;
    const evidenceId = Number(form.get("evidenceId"));
    if (!Number.isInteger(evidenceId) || evidenceId <= 0) return refuse(field, "Choose the evidence to remove from the list", 400);
    result = await removeEvidence(db, viewer, returnId, evidenceId);
  } else if (what === "file") {
    field = ids.file;
    if (tooLarge) return refuse(field, EVIDENCE_MESSAGES.size, 413);
    const input = await evidenceFileOf(form.get("file"));
    if (!input) return refuse(field, EVIDENCE_MESSAGES.missing, 400);
    result = await addEvidence(db, viewer, returnId, scope, input);
  } else if (what === "link") {
    field = ids.link;
    result = await addEvidence(db, viewer, returnId, scope, { kind: "link", url: String(form.get("url") ?? "") });
  } else {
    throw new Response("Unknown evidence action", { status: 400 });
  }
  if (!result.ok) {
    if (result.status === 404 && what !== "remove") notFound();
    return refuse(field, result.message, result.status);
  }
  return redirect(`${pageUrl}#${ids.list}`);
}

/** Whether a post to a survey page is an evidence upload (the page's own form is never multipart). */
export function isEvidencePost(request: Request): boolean {
  return (request.headers.get("content-type") ?? "").startsWith("multipart/form-data") && new URL(request.url).searchParams.has("evidence");
}

/**
 * What a survey page shows of evidence: a `file` question's files where the tool asks for them, else
 * (on a standard's page) the standard's files and links.
 */
export async function pageEvidenceOf(
  db: Db,
  viewer: Viewer,
  ret: { id: number; tool: { definition: { standards: { code: string }[] } } },
  page: SurveyPageJson,
) {
  const fileQuestions = listQuestions({ pages: [page] })
    .filter((question) => question.type === "file")
    .map((question) => question.name);
  const isStandardPage = ret.tool.definition.standards.some((standard) => standard.code === page.name);
  const scopes: EvidenceScope[] = [
    ...(fileQuestions.length === 0 && isStandardPage ? [{ standardCode: page.name, questionName: null }] : []),
    ...fileQuestions.map((name) => ({ standardCode: null, questionName: name })),
  ];
  const items = scopes.length > 0 ? toEvidenceViews((await listEvidence(db, viewer, ret.id)) ?? [], ret.id) : [];
  return {
    pageUrl: `/returns/${ret.id}/pages/${encodeURIComponent(page.name)}`,
    scopes,
    items: items.filter((item) => scopes.some((scope) => inScope(item, scope))),
  };
}

/**
 * A challenge answer's form with its optional evidence: a file and/or a link, each checked (by content
 * for a file) so the form can say what is wrong beside the field before anything is saved.
 */
export async function readChallengeEvidence(
  request: Request,
): Promise<{ form: FormData; evidence: EvidenceInput[]; evidenceErrors: { file?: string; link?: string } | null }> {
  const { form, tooLarge } = await readEvidenceForm(request);
  const errors: { file?: string; link?: string } = {};
  const evidence: EvidenceInput[] = [];
  const file = tooLarge ? null : await evidenceFileOf(form.get("file"));
  if (tooLarge) errors.file = EVIDENCE_MESSAGES.size;
  else if (file) {
    const checked = checkEvidenceInput(file);
    if (checked.ok) evidence.push(file);
    else errors.file = checked.message;
  }
  const url = String(form.get("url") ?? "").trim();
  if (url !== "") {
    const link = { kind: "link" as const, url };
    const checked = checkEvidenceInput(link);
    if (checked.ok) evidence.push(link);
    else errors.link = checked.message;
  }
  return { form, evidence, evidenceErrors: errors.file || errors.link ? errors : null };
}
