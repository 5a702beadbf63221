import {
  MaxPartSizeExceededError,
  data,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { addEvidence, checkEvidenceInput, listEvidence, removeEvidence, type EvidenceInput, type EvidenceResult } from "~/data/evidence.server";
import { EVIDENCE_MESSAGES, MAX_EVIDENCE_BYTES } from "~/domain/evidence";
import type { Viewer } from "~/domain/permissions";
import type { Db } from "~/data/db.server";
import { evidenceFieldIds, evidenceScopeKey, inScope, toEvidenceViews, type EvidenceScope } from "~/components/evidence";
import { listQuestions, type SurveyPageJson } from "~/domain/survey-json";
import { readForm, UNREADABLE_FORM } from "./form";
import { notFound } from "./params";

/**
 * Reading evidence forms (multipart, GOV.UK file upload) and the page's evidence actions. Files are
 * held in memory up to the evidence size limit (Remix's memory upload handler), never written to
 * disk; a larger upload is a form error ("must be smaller than 10 MB"), never a 500.
 */

/** Beyond this a request is not a person's upload: it is refused outright rather than read to the end. */
const MAX_REQUEST_BYTES = 5 * MAX_EVIDENCE_BYTES;

export type EvidenceForm = { form: FormData; tooLarge: boolean };

/**
 * The posted form, multipart or not. A file over the limit is read to its end and dropped, and
 * `tooLarge` is set, so the other fields still arrive and the browser, still sending, gets the form
 * error rather than a broken connection. Remix's memory upload handler holds each part
 * (`maxPartSize` is its own guard, for an over-long text field).
 */
export async function readEvidenceForm(request: Request): Promise<EvidenceForm> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return { form: await readForm(request), tooLarge: false };
  let total = 0;
  let tooLarge = false;
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: MAX_EVIDENCE_BYTES });
  const handler: UploadHandler = async (part) => {
    let overflowed = false;
    async function* bounded() {
      let size = 0;
      for await (const chunk of part.data) {
        size += chunk.byteLength;
        total += chunk.byteLength;
        if (total > MAX_REQUEST_BYTES) throw new Response("The upload is too large", { status: 413 });
        if (size > MAX_EVIDENCE_BYTES) overflowed = true;
        else yield chunk;
      }
    }
    try {
      const value = await memory({ ...part, data: bounded() });
      if (!overflowed) return value;
    } catch (error) {
      if (!(error instanceof MaxPartSizeExceededError)) throw error;
    }
    tooLarge = true;
    return undefined;
  };
  try {
    return { form: await unstable_parseMultipartFormData(request, handler), tooLarge };
  } catch (error) {
    if (error instanceof TypeError) throw new Response(UNREADABLE_FORM, { status: 400 });
    if (isMalformedMultipart(error)) throw new Response(INCOMPLETE_UPLOAD, { status: 400 });
    throw error;
  }
}

/** A multipart body cut short or garbled (a dropped connection, a hand-made request): the form never arrived whole. */
export const INCOMPLETE_UPLOAD = "The upload did not arrive complete: select the file and upload it again";

export function isMalformedMultipart(error: unknown): boolean {
  return error instanceof Error && /^malformed multipart/i.test(error.message);
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
  const refuse = (field: string, message: string, status: number) => data<EvidenceActionError>({ kind: "evidence", field, message }, { status });
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
export async function pageEvidenceOf(db: Db, viewer: Viewer, ret: { id: number; tool: { definition: { standards: { code: string }[] } } }, page: SurveyPageJson) {
  const fileQuestions = listQuestions({ pages: [page] }).filter((question) => question.type === "file").map((question) => question.name);
  const isStandardPage = ret.tool.definition.standards.some((standard) => standard.code === page.name);
  const scopes: EvidenceScope[] = [
    ...(fileQuestions.length === 0 && isStandardPage ? [{ standardCode: page.name, questionName: null }] : []),
    ...fileQuestions.map((name) => ({ standardCode: null, questionName: name })),
  ];
  const items = scopes.length > 0 ? toEvidenceViews((await listEvidence(db, viewer, ret.id)) ?? [], ret.id) : [];
  return { pageUrl: `/returns/${ret.id}/pages/${encodeURIComponent(page.name)}`, scopes, items: items.filter((item) => scopes.some((scope) => inScope(item, scope))) };
}

/**
 * A challenge answer's form with its optional evidence: a file and/or a link, each checked (by content
 * for a file) so the form can say what is wrong beside the field before anything is saved.
 */
export async function readChallengeEvidence(request: Request): Promise<{ form: FormData; evidence: EvidenceInput[]; evidenceErrors: { file?: string; link?: string } | null }> {
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
