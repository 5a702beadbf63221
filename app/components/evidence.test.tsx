import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { toEvidenceViews } from "~/utils/evidence-view";
import { EvidenceByStandard, FileQuestion, StandardEvidence } from "./evidence";

const items = toEvidenceViews(
  [
    {
      id: 7,
      standardCode: "S11-1",
      questionName: null,
      challengeId: null,
      kind: "file",
      fileName: "policy.pdf",
      mediaType: "application/pdf",
      sizeBytes: 12_800,
      url: null,
      addedBy: "Jo Lead",
      addedAt: "2026-11-22T13:05:00Z",
    },
    {
      id: 8,
      standardCode: "S11-1",
      questionName: null,
      challengeId: 3,
      kind: "link",
      fileName: null,
      mediaType: null,
      sizeBytes: null,
      url: "https://example.org/minutes",
      addedBy: "Jo Lead",
      addedAt: "2026-11-22T14:05:00Z",
    },
    {
      id: 9,
      standardCode: "S11-1",
      questionName: "s1_policy",
      challengeId: null,
      kind: "file",
      fileName: "scan.png",
      mediaType: "image/png",
      sizeBytes: 900,
      url: null,
      addedBy: "Sam Member",
      addedAt: "2026-11-22T15:05:00Z",
    },
  ],
  42,
);

describe("evidence views", () => {
  it("describe each piece of evidence with its type, size, who added it and when, and link files to their download", () => {
    expect(items[0]).toMatchObject({
      text: "policy.pdf",
      href: "/returns/42/evidence/7",
      description: "PDF, 13 KB",
      added: "Added by Jo Lead on 22 November 2026 at 1:05pm",
    });
    expect(items[1]).toMatchObject({ text: "https://example.org/minutes", href: "https://example.org/minutes", description: "Link" });
  });
});

describe("StandardEvidence", () => {
  it("lists the standard's own evidence (not a question's or a challenge's) with remove buttons, and controls that belong to the upload forms", () => {
    const html = renderToStaticMarkup(
      <StandardEvidence
        scope={{ standardCode: "S11-1", questionName: null }}
        items={items}
        editable
        error={{ field: "evidence-file-s-S11-1", message: "The selected file is empty" }}
      />,
    );
    expect(html).toContain('href="/returns/42/evidence/7"');
    expect(html).not.toContain("scan.png");
    expect(html).not.toContain("example.org/minutes");
    expect(html).toContain('form="evidence-remove-form-s-S11-1" name="evidenceId" value="7"');
    expect(html).toMatch(/<input[^>]*class="govuk-file-upload govuk-file-upload--error"[^>]*form="evidence-file-form-s-S11-1"/);
    expect(html).toContain("The selected file is empty");
    expect(html).toMatch(/<input[^>]*form="evidence-link-form-s-S11-1"/);
  });

  it("shows no controls on a return that can no longer be changed", () => {
    const html = renderToStaticMarkup(
      <StandardEvidence scope={{ standardCode: "S11-1", questionName: null }} items={items} editable={false} />,
    );
    expect(html).toContain("policy.pdf");
    expect(html).not.toContain("<input");
    expect(html).not.toContain("Remove");
  });
});

describe("FileQuestion", () => {
  it("lists the question's files and offers another upload, with the page's required message", () => {
    const html = renderToStaticMarkup(
      <FileQuestion
        name="s1_policy"
        title="Upload your policy"
        required
        items={items}
        editable
        pageError="Upload a file for “Upload your policy”"
      />,
    );
    expect(html).toContain("scan.png");
    expect(html).not.toContain("policy.pdf");
    expect(html).toContain("Upload another file");
    expect(html).toContain("Upload a file for “Upload your policy”");
  });
});

describe("EvidenceByStandard", () => {
  it("groups by standard and marks evidence sent with a challenge answer", () => {
    const html = renderToStaticMarkup(
      <EvidenceByStandard
        items={items}
        standards={[
          { code: "S11-1", title: "Leadership" },
          { code: "S11-2", title: "Lead" },
        ]}
      />,
    );
    expect(html).toContain("S11-1 Leadership");
    expect(html).not.toContain("S11-2 Lead");
    expect(html).toContain("Link, sent with an answer to a QA question");
  });
});
