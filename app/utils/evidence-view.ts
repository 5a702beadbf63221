import type { EvidenceItem } from "~/data/evidence.server";
import { formatDateTime } from "~/domain/dates";
import { evidenceTypeLabel, formatFileSize } from "~/domain/evidence";

/**
 * What a page shows of a return's evidence, and the element ids its controls use: shared by the
 * evidence components and by the server code that reads evidence forms (which must name the same
 * fields in its errors), so it sits below both.
 */

export interface EvidenceView {
  id: number;
  kind: "file" | "link";
  standardCode: string | null;
  questionName: string | null;
  challengeId: number | null;
  /** The file's name or the link. */
  text: string;
  /** Where the name links to: the download address, or the link itself. */
  href: string;
  /** "PDF, 12 KB" or "Link". */
  description: string;
  added: string;
}

export interface EvidenceScope {
  standardCode: string | null;
  questionName: string | null;
}

/** What the page shows of each piece of evidence (computed in the loader, so the browser gets strings). */
export function toEvidenceViews(items: EvidenceItem[], returnId: number): EvidenceView[] {
  return items.map((item) => ({
    id: item.id,
    kind: item.kind,
    standardCode: item.standardCode,
    questionName: item.questionName,
    challengeId: item.challengeId,
    text: item.kind === "file" ? (item.fileName ?? "") : (item.url ?? ""),
    href: item.kind === "file" ? `/returns/${returnId}/evidence/${item.id}` : (item.url ?? ""),
    description: item.kind === "file" ? `${evidenceTypeLabel(item.mediaType)}, ${formatFileSize(item.sizeBytes ?? 0)}` : "Link",
    added: `Added by ${item.addedBy} on ${formatDateTime(item.addedAt)}`,
  }));
}

const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, "_");

/** A stable key for where evidence belongs, used in element ids. */
export function evidenceScopeKey(scope: EvidenceScope): string {
  if (scope.questionName !== null) return `q-${safe(scope.questionName)}`;
  return scope.standardCode !== null ? `s-${safe(scope.standardCode)}` : "return";
}

/** Element ids of one scope's controls and forms (the error summary links to the field ids). */
export function evidenceFieldIds(key: string) {
  return {
    file: `evidence-file-${key}`,
    link: `evidence-link-${key}`,
    list: `evidence-list-${key}`,
    fileForm: `evidence-file-form-${key}`,
    linkForm: `evidence-link-form-${key}`,
    removeForm: `evidence-remove-form-${key}`,
  };
}

export function inScope(item: EvidenceView, scope: EvidenceScope): boolean {
  return scope.questionName !== null
    ? item.questionName === scope.questionName
    : item.questionName === null && item.standardCode === scope.standardCode && item.challengeId === null;
}
