import { Form } from "@remix-run/react";
import { EVIDENCE_ACCEPT } from "~/domain/evidence";
import { evidenceFieldIds, evidenceScopeKey, inScope, type EvidenceScope, type EvidenceView } from "~/utils/evidence-view";
import type { SurveyElementJson } from "~/domain/survey-json";
import { Button, FileUpload, Input } from "./govuk";
import { questionId } from "./survey/survey-page";

/**
 * Evidence on a return: the list (name, type, size, who added it and when, a download link)
 * and, while the return can be changed, a GOV.UK file upload and a link field per standard or `file`
 * question. The upload controls sit inside the survey page's markup but belong, by the HTML `form`
 * attribute, to small multipart forms rendered after it (`EvidenceForms`): forms cannot nest, and this
 * keeps the page form as it is. Without JavaScript each upload is a plain post; with it, Remix posts
 * it without reloading, so answers typed on the page stay in their fields.
 */

function actionUrl(pageUrl: string, what: "file" | "link" | "remove", scope: EvidenceScope): string {
  const search = new URLSearchParams({ evidence: what });
  if (scope.standardCode !== null) search.set("standard", scope.standardCode);
  if (scope.questionName !== null) search.set("question", scope.questionName);
  return `${pageUrl}?${search.toString()}`;
}

/** The evidence as a list; with `removeForm`, each has a "Remove" button posting to that form. */
export function EvidenceList({ items, removeForm, id }: { items: EvidenceView[]; removeForm?: string; id?: string }) {
  if (items.length === 0) {
    return (
      <p className="govuk-body" id={id}>
        No evidence has been added.
      </p>
    );
  }
  return (
    <ul className="govuk-list app-evidence-list" id={id}>
      {items.map((item) => (
        <li key={item.id} className="app-evidence-list__item">
          <a className="govuk-link" href={item.href} {...(item.kind === "link" ? { rel: "noreferrer noopener" } : { download: true })}>
            {item.text}
          </a>
          <span className="govuk-body-s app-evidence-list__meta">
            {item.description}. {item.added}.
          </span>
          {removeForm ? (
            <button type="submit" form={removeForm} name="evidenceId" value={String(item.id)} className="app-link-button govuk-body-s">
              Remove<span className="govuk-visually-hidden"> {item.text}</span>
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export interface EvidenceError {
  field: string;
  message: string;
}

function errorFor(error: EvidenceError | null | undefined, field: string): string | undefined {
  return error && error.field === field ? error.message : undefined;
}

const FILE_HINT = "PDF, Word, Excel or an image (PNG, JPEG, GIF or WebP), smaller than 10 MB.";

/**
 * A standard's evidence section on its survey page: what is attached, then (while the return can be
 * changed) a file upload and a link field. The standard's written evidence stays a question of the tool.
 */
export function StandardEvidence({
  scope,
  items,
  editable,
  error,
}: {
  scope: EvidenceScope;
  items: EvidenceView[];
  editable: boolean;
  error?: EvidenceError | null;
}) {
  const ids = evidenceFieldIds(evidenceScopeKey(scope));
  const mine = items.filter((item) => inScope(item, scope));
  // A finished upload changes the list: the fields start empty again (with JavaScript the page is not reloaded).
  const fresh = mine.map((item) => item.id).join(",");
  return (
    <div className="app-evidence govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m">Supporting files and links</h2>
      <p className="govuk-body">
        Optional. Attach documents or link to where the evidence for this standard is kept, such as a policy, training records or an audit
        report.
      </p>
      {errorFor(error, ids.list) ? <p className="govuk-error-message">{errorFor(error, ids.list)}</p> : null}
      <EvidenceList items={mine} id={ids.list} removeForm={editable ? ids.removeForm : undefined} />
      {editable ? (
        <>
          <FileUpload
            key={`file-${fresh}`}
            id={ids.file}
            name="file"
            label="Upload a file"
            labelSize="s"
            hint={FILE_HINT}
            accept={EVIDENCE_ACCEPT}
            form={ids.fileForm}
            error={errorFor(error, ids.file)}
          />
          <Button variant="secondary" form={ids.fileForm}>
            Upload file
          </Button>
          <Input
            key={`link-${fresh}`}
            id={ids.link}
            name="url"
            type="url"
            label="Or add a link"
            labelSize="s"
            hint="For example, https://intranet.example.org/safeguarding-policy"
            spellCheck={false}
            autoComplete="off"
            form={ids.linkForm}
            error={errorFor(error, ids.link)}
          />
          <Button variant="secondary" form={ids.linkForm}>
            Add link
          </Button>
        </>
      ) : null}
    </div>
  );
}

/** A `file` question of the tool: its label, the files attached, and (while editable) an upload. */
export function FileQuestion({
  name,
  title,
  hint,
  required,
  items,
  editable,
  error,
  pageError,
}: {
  name: string;
  title: string;
  hint?: string;
  required: boolean;
  items: EvidenceView[];
  editable: boolean;
  error?: EvidenceError | null;
  /** The page's own message for this question (a required file still missing). */
  pageError?: string;
}) {
  const scope = { standardCode: null, questionName: name };
  const ids = evidenceFieldIds(evidenceScopeKey(scope));
  const mine = items.filter((item) => inScope(item, scope));
  const message = errorFor(error, ids.file) ?? pageError;
  const fresh = mine.map((item) => item.id).join(",");
  return (
    <div className="app-evidence">
      <h2 className="govuk-heading-s">
        {title}
        {required ? null : <span className="govuk-visually-hidden"> (optional)</span>}
      </h2>
      {errorFor(error, ids.list) ? <p className="govuk-error-message">{errorFor(error, ids.list)}</p> : null}
      <EvidenceList items={mine} id={ids.list} removeForm={editable ? ids.removeForm : undefined} />
      {editable ? (
        <>
          <FileUpload
            key={`file-${fresh}`}
            id={ids.file}
            name="file"
            label={mine.length > 0 ? "Upload another file" : "Upload a file"}
            labelSize="s"
            hint={[hint, FILE_HINT].filter(Boolean).join(" ")}
            accept={EVIDENCE_ACCEPT}
            form={ids.fileForm}
            error={message}
          />
          <Button variant="secondary" form={ids.fileForm}>
            Upload file
          </Button>
        </>
      ) : null}
    </div>
  );
}

/** The forms the evidence controls post through: one per scope and purpose, empty, after the page form. */
export function EvidenceForms({ pageUrl, scopes }: { pageUrl: string; scopes: EvidenceScope[] }) {
  return (
    <>
      {scopes.map((scope) => {
        const ids = evidenceFieldIds(evidenceScopeKey(scope));
        return (
          <div key={evidenceScopeKey(scope)} hidden>
            <Form id={ids.fileForm} method="post" encType="multipart/form-data" action={actionUrl(pageUrl, "file", scope)} />
            {scope.questionName === null ? (
              <Form id={ids.linkForm} method="post" encType="multipart/form-data" action={actionUrl(pageUrl, "link", scope)} noValidate />
            ) : null}
            <Form id={ids.removeForm} method="post" encType="multipart/form-data" action={actionUrl(pageUrl, "remove", scope)} />
          </div>
        );
      })}
    </>
  );
}

/**
 * A read-only list of a return's evidence by standard (the submitted return, QA's review). Evidence
 * sent with an answer to a QA question is marked so. With one standard there are no subheadings.
 */
export function EvidenceByStandard({
  items,
  standards,
  headingLevel = 2,
  emptyText,
}: {
  items: EvidenceView[];
  standards: { code: string; title: string }[];
  headingLevel?: 2 | 3;
  /** Shown when there is no evidence; without it nothing is shown. */
  emptyText?: string;
}) {
  if (items.length === 0 && !emptyText) return null;
  const single = standards.length === 1;
  const groups = [
    ...standards.map((standard) => ({
      key: standard.code,
      title: `${standard.code} ${standard.title}`,
      items: items.filter((item) => item.standardCode === standard.code),
    })),
    ...(single ? [] : [{ key: "", title: "The return as a whole", items: items.filter((item) => item.standardCode === null) }]),
  ].filter((group) => group.items.length > 0);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const SubHeading = headingLevel === 2 ? "h3" : "h4";
  const marked = (list: EvidenceView[]) =>
    list.map((item) =>
      item.challengeId !== null ? { ...item, description: `${item.description}, sent with an answer to a QA question` } : item,
    );
  return (
    <section className="app-evidence-summary">
      <Heading className={headingLevel === 2 ? "govuk-heading-m" : "govuk-heading-s"}>Evidence files and links</Heading>
      {groups.length === 0 ? <p className="govuk-body">{emptyText}</p> : null}
      {groups.map((group) => (
        <div key={group.key}>
          {single ? null : <SubHeading className="govuk-heading-s">{group.title}</SubHeading>}
          <EvidenceList items={marked(group.items)} />
        </div>
      ))}
    </section>
  );
}

/** A summary-list row of the evidence sent with one challenge's answer, if any. */
export function challengeEvidenceRows(items: EvidenceView[], challengeId: number) {
  const mine = items.filter((item) => item.challengeId === challengeId);
  return mine.length > 0 ? [{ key: "Evidence sent", value: <EvidenceList items={mine} /> }] : [];
}

/** Optional evidence with an answer to a QA challenge: a file, a link, or both (fields of the answer form). */
export function ChallengeEvidenceFields({ idPrefix, errors }: { idPrefix: string; errors?: { file?: string; link?: string } }) {
  return (
    <>
      <FileUpload
        id={`${idPrefix}-file`}
        name="file"
        label="Attach a file (optional)"
        labelSize="s"
        hint={FILE_HINT}
        accept={EVIDENCE_ACCEPT}
        error={errors?.file}
      />
      <Input
        id={`${idPrefix}-link`}
        name="url"
        type="url"
        label="Or add a link (optional)"
        labelSize="s"
        spellCheck={false}
        autoComplete="off"
        error={errors?.link}
      />
    </>
  );
}

/** What the survey page loader gives about evidence (see `pageEvidenceOf`). */
export interface PageEvidence {
  pageUrl: string;
  scopes: EvidenceScope[];
  items: EvidenceView[];
}

/**
 * The evidence parts of an editable survey page: how its `file` questions render, the standard's
 * section (inside the page form, before its buttons) and the forms they post through (after it).
 */
export function pageEvidenceParts(evidence: PageEvidence, error: EvidenceError | null) {
  const standardScope = evidence.scopes.find((scope) => scope.questionName === null) ?? null;
  return {
    renderFile: (element: SurveyElementJson, pageError: string | undefined) => (
      <div id={questionId(element.name)}>
        <FileQuestion
          name={element.name}
          title={element.title ?? element.name}
          hint={element.description}
          required={element.isRequired === true}
          items={evidence.items}
          editable
          error={error}
          pageError={pageError}
        />
      </div>
    ),
    section: standardScope ? <StandardEvidence scope={standardScope} items={evidence.items} editable error={error} /> : null,
    forms: <EvidenceForms pageUrl={evidence.pageUrl} scopes={evidence.scopes} />,
    summary: error ? [{ href: `#${error.field}`, text: error.message }] : [],
  };
}
