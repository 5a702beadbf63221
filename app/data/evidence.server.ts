import { createHash } from "node:crypto";
import { z } from "zod";
import { checkEvidenceFile, checkEvidenceLink } from "~/domain/evidence";
import { canEditReturn, canReadReturn, isAgencyRole, type ReturnStatus, type Viewer } from "~/domain/permissions";
import type { Answers } from "~/domain/scoring";
import { listQuestions } from "~/domain/survey-json";
import { recordAudit } from "./audit.server";
import { nowIso, parseJson, type Db } from "./db.server";
import { getTool } from "./tools.server";

/**
 * Evidence attached to a return: files kept in the database (so a backup holds them and app
 * servers keep no state; docs/decisions/006-evidence.md) and links. Reads are scoped exactly as
 * `getReturn` is (DESIGN §7): the agency its own return, admin and QA once it is submitted, the board
 * never; anything else is "not found". Adding and removing follow the return's editing rules and write
 * the audit log in the same transaction. The contents live in `evidence_contents`, so listing never
 * reads them.
 */

export interface EvidenceItem {
  id: number;
  standardCode: string | null;
  questionName: string | null;
  challengeId: number | null;
  kind: "file" | "link";
  fileName: string | null;
  mediaType: string | null;
  sizeBytes: number | null;
  url: string | null;
  addedBy: string;
  addedAt: string;
}

/** Where on the return evidence belongs: a standard, a `file` question (its page's standard follows), or both null for the return as a whole. */
export interface EvidenceScope {
  standardCode: string | null;
  questionName: string | null;
}

export type EvidenceInput = { kind: "file"; name: string; size: number; bytes: Uint8Array } | { kind: "link"; url: string };

export type EvidenceResult = { ok: true; id: number } | { ok: false; status: 404 | 409 | 422; message: string };

export interface EvidenceFile {
  fileName: string;
  mediaType: string;
  content: Buffer;
}

const NOT_FOUND = { ok: false as const, status: 404 as const, message: "Return not found" };

const ItemRow = z.object({
  id: z.number(),
  standard_code: z.string().nullable(),
  question_name: z.string().nullable(),
  challenge_id: z.number().nullable(),
  kind: z.enum(["file", "link"]),
  file_name: z.string().nullable(),
  media_type: z.string().nullable(),
  size_bytes: z.number().nullable(),
  url: z.string().nullable(),
  added_by_name: z.string(),
  added_at: z.string(),
});

function toItem(row: unknown): EvidenceItem {
  const parsed = ItemRow.parse(row);
  return {
    id: parsed.id,
    standardCode: parsed.standard_code,
    questionName: parsed.question_name,
    challengeId: parsed.challenge_id,
    kind: parsed.kind,
    fileName: parsed.file_name,
    mediaType: parsed.media_type,
    sizeBytes: parsed.size_bytes,
    url: parsed.url,
    addedBy: parsed.added_by_name,
    addedAt: parsed.added_at,
  };
}

interface ReturnRow {
  id: number;
  agency_id: number;
  status: ReturnStatus;
  tool_id: number;
  cycle_status: string;
  answers: string;
  revision: number;
}

async function loadReturnRow(db: Db, returnId: number): Promise<ReturnRow | null> {
  const row = await db("returns")
    .join("cycles", "cycles.id", "returns.cycle_id")
    .where("returns.id", returnId)
    .select("returns.id", "returns.agency_id", "returns.status", "returns.answers", "returns.revision", "cycles.tool_id", "cycles.status as cycle_status")
    .first();
  return (row as ReturnRow | undefined) ?? null;
}

/** The return if the viewer may read it, as `getReturn` decides (another agency's, a draft for QA, anything for the board: null). */
async function readableReturn(db: Db, viewer: Viewer, returnId: number): Promise<ReturnRow | null> {
  const row = await loadReturnRow(db, returnId);
  if (!row || viewer.role === "board") return null;
  return canReadReturn(viewer, row.agency_id, row.status) ? row : null;
}

/** Why the viewer may not add or remove evidence on the return now, or null when they may. */
function editRefusal(viewer: Viewer, row: ReturnRow | null): EvidenceResult | null {
  if (!row || !isAgencyRole(viewer.role) || row.agency_id !== viewer.agencyId) return NOT_FOUND;
  if (!canEditReturn(viewer, row.agency_id, row.status) || row.cycle_status === "draft") {
    return { ok: false, status: 409, message: "This return has been submitted and its evidence can no longer be changed" };
  }
  if (row.cycle_status === "closed" && row.status !== "returned") return { ok: false, status: 409, message: "This cycle has closed: contact the partnership business office" };
  return null;
}

function itemsQuery(db: Db, returnId: number) {
  return db("evidence")
    .join("users", "users.id", "evidence.added_by")
    .where("evidence.return_id", returnId)
    .orderBy("evidence.id")
    .select(
      "evidence.id",
      "evidence.standard_code",
      "evidence.question_name",
      "evidence.challenge_id",
      "evidence.kind",
      "evidence.file_name",
      "evidence.media_type",
      "evidence.size_bytes",
      "evidence.url",
      "users.name as added_by_name",
      "evidence.added_at",
    );
}

/** Every piece of evidence on the return, oldest first, if the viewer may read the return; null (→ 404) otherwise. */
export async function listEvidence(db: Db, viewer: Viewer, returnId: number): Promise<EvidenceItem[] | null> {
  if (!(await readableReturn(db, viewer, returnId))) return null;
  return (await itemsQuery(db, returnId)).map(toItem);
}

/** One stored file with its contents, for download; null unless the viewer may read its return. */
export async function getEvidenceFile(db: Db, viewer: Viewer, returnId: number, evidenceId: number): Promise<EvidenceFile | null> {
  if (!(await readableReturn(db, viewer, returnId))) return null;
  const row = await db("evidence")
    .join("evidence_contents", "evidence_contents.evidence_id", "evidence.id")
    .where({ "evidence.id": evidenceId, "evidence.return_id": returnId, "evidence.kind": "file" })
    .select("evidence.file_name", "evidence.media_type", "evidence_contents.content")
    .first();
  if (!row) return null;
  return { fileName: row.file_name, mediaType: row.media_type, content: Buffer.from(row.content) };
}

type CheckedInput =
  | { kind: "file"; fileName: string; mediaType: string; bytes: Uint8Array }
  | { kind: "link"; url: string };

/** The input re-checked here whatever the route did (the client is never trusted), or the reason it is refused. */
export function checkEvidenceInput(input: EvidenceInput): { ok: true; value: CheckedInput } | { ok: false; message: string } {
  if (input.kind === "link") {
    const link = checkEvidenceLink(input.url);
    return link.ok ? { ok: true, value: { kind: "link", url: link.url } } : link;
  }
  // The size claimed by the caller and the bytes actually held must agree: the larger counts.
  const file = checkEvidenceFile({ name: input.name, size: Math.max(input.size, input.bytes.length), bytes: input.bytes });
  return file.ok ? { ok: true, value: { kind: "file", fileName: file.fileName, mediaType: file.mediaType, bytes: input.bytes } } : file;
}

/**
 * Writes one checked piece of evidence and its audit entry, inside the caller's transaction (adding
 * evidence to a page, or answering a challenge with it). Returns its id.
 */
export async function insertEvidence(
  trx: Db,
  viewer: Viewer,
  returnId: number,
  scope: EvidenceScope & { challengeId?: number | null },
  value: CheckedInput,
): Promise<number> {
  const file = value.kind === "file" ? value : null;
  const sha256 = file ? createHash("sha256").update(file.bytes).digest("hex") : null;
  const [row] = await trx("evidence")
    .insert({
      return_id: returnId,
      standard_code: scope.standardCode,
      question_name: scope.questionName,
      challenge_id: scope.challengeId ?? null,
      kind: value.kind,
      file_name: file?.fileName ?? null,
      media_type: file?.mediaType ?? null,
      size_bytes: file?.bytes.length ?? null,
      sha256,
      url: value.kind === "link" ? value.url : null,
      added_by: viewer.id,
      added_at: nowIso(),
    })
    .returning("id");
  const id: number = typeof row === "object" ? row.id : row;
  if (file) await trx("evidence_contents").insert({ evidence_id: id, content: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) });
  await recordAudit(trx, {
    userId: viewer.id,
    action: "evidence.add",
    entityType: "return",
    entityId: returnId,
    summary: {
      evidenceId: id,
      kind: value.kind,
      standard: scope.standardCode,
      question: scope.questionName,
      challengeId: scope.challengeId ?? null,
      ...(file ? { fileName: file.fileName, mediaType: file.mediaType, size: file.bytes.length, sha256 } : { url: value.kind === "link" ? value.url : null }),
    },
  });
  return id;
}

/**
 * A `file` question's answer is the names of the files attached to it, kept in step with the evidence
 * so the survey engine's required-answer check and page progress see it like any other answer.
 */
async function syncFileAnswer(trx: Db, viewer: Viewer, row: ReturnRow, questionName: string): Promise<void> {
  const names: string[] = (await trx("evidence").where({ return_id: row.id, question_name: questionName }).whereNull("challenge_id").orderBy("id").select("file_name", "url")).map(
    (entry: { file_name: string | null; url: string | null }) => entry.file_name ?? entry.url ?? "",
  );
  const current = await trx("returns").where({ id: row.id }).select("answers", "revision", "status", "started_at").first();
  const answers = parseJson<Answers>(current.answers, {});
  if (names.length > 0) answers[questionName] = names;
  else delete answers[questionName];
  const now = nowIso();
  await trx("returns")
    .where({ id: row.id })
    .update({
      answers: JSON.stringify(answers),
      revision: current.revision + 1,
      status: current.status === "not_started" ? "in_progress" : current.status,
      started_at: current.started_at ?? now,
      updated_at: now,
      updated_by: viewer.id,
    });
}

/** Whether the scope names a standard or `file` question of the return's tool; the standard a question's page stands for fills in. */
async function resolveScope(db: Db, row: ReturnRow, scope: EvidenceScope): Promise<EvidenceScope | null> {
  const tool = (await getTool(db, row.tool_id))!.definition;
  const standards = new Set(tool.standards.map((standard) => standard.code));
  if (scope.questionName !== null) {
    const question = listQuestions(tool.survey).find((candidate) => candidate.name === scope.questionName && candidate.type === "file");
    if (!question) return null;
    const standardCode = scope.standardCode ?? (standards.has(question.pageName) ? question.pageName : null);
    return standardCode === null || standards.has(standardCode) ? { standardCode, questionName: question.name } : null;
  }
  if (scope.standardCode !== null && !standards.has(scope.standardCode)) return null;
  return scope;
}

/**
 * Adds a file or link to a return the viewer's agency may still edit. The file is checked by content
 * (type, size, not empty); the row, its contents, the `file` question's answer and the audit entry are
 * written in one transaction, so nothing is half-stored.
 */
export async function addEvidence(db: Db, viewer: Viewer, returnId: number, scope: EvidenceScope, input: EvidenceInput): Promise<EvidenceResult> {
  const checked = checkEvidenceInput(input);
  return db.transaction(async (trx) => {
    const row = await loadReturnRow(trx, returnId);
    const refusal = editRefusal(viewer, row);
    if (refusal) return refusal;
    const resolved = await resolveScope(trx, row!, scope);
    if (!resolved) return { ok: false as const, status: 404 as const, message: "That part of the return was not found" };
    if (!checked.ok) return { ok: false as const, status: 422 as const, message: checked.message };
    if (resolved.questionName !== null && checked.value.kind !== "file") return { ok: false as const, status: 422 as const, message: "Select a file" };
    const id = await insertEvidence(trx, viewer, returnId, resolved, checked.value);
    if (resolved.questionName !== null) await syncFileAnswer(trx, viewer, row!, resolved.questionName);
    return { ok: true as const, id };
  });
}

/** Removes a file or link from a return the viewer's agency may still edit (evidence sent with a challenge answer stays). */
export async function removeEvidence(db: Db, viewer: Viewer, returnId: number, evidenceId: number): Promise<EvidenceResult> {
  return db.transaction(async (trx) => {
    const row = await loadReturnRow(trx, returnId);
    const refusal = editRefusal(viewer, row);
    if (refusal) return refusal;
    const evidence = await trx("evidence").where({ id: evidenceId, return_id: returnId }).whereNull("challenge_id").first();
    if (!evidence) return { ok: false as const, status: 404 as const, message: "That evidence was not found: it may already have been removed" };
    await trx("evidence_contents").where({ evidence_id: evidenceId }).delete();
    await trx("evidence").where({ id: evidenceId }).delete();
    if (evidence.question_name) await syncFileAnswer(trx, viewer, row!, evidence.question_name);
    await recordAudit(trx, {
      userId: viewer.id,
      action: "evidence.remove",
      entityType: "return",
      entityId: returnId,
      summary: { evidenceId, kind: evidence.kind, standard: evidence.standard_code, question: evidence.question_name, fileName: evidence.file_name, sha256: evidence.sha256, url: evidence.url },
    });
    return { ok: true as const, id: evidenceId };
  });
}
