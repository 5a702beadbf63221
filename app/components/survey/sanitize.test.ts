import { describe, expect, it } from "vitest";
import { sanitizeToolHtml } from "./sanitize.server";

describe("tool HTML", () => {
  it("keeps formatting and links in GOV.UK style, and drops scripts, handlers and foreign classes", () => {
    const html = sanitizeToolHtml(
      '<p class="evil">See <a href="https://www.gov.uk/x" onclick="steal()">guidance</a></p><script>alert(1)</script><ul><li>one</li></ul><img src=x onerror=alert(1)>',
    );
    expect(html).toBe(
      '<p class="govuk-body">See <a href="https://www.gov.uk/x" class="govuk-link" rel="noreferrer noopener">guidance</a></p><ul class="govuk-list govuk-list--bullet"><li>one</li></ul>',
    );
  });

  it("refuses javascript: links", () => {
    expect(sanitizeToolHtml('<a href="javascript:alert(1)">x</a>')).toBe('<a class="govuk-link" rel="noreferrer noopener">x</a>');
  });
});
