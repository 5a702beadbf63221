import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedTool } from "../support/answers";
import { openBrowser, screenshot, signIn, visit, type Session } from "../support/browser";
import { returnIdOf, serverDb } from "../support/db";
import { completeAndSubmit } from "../support/journey";

/**
 * Journey: a school's designated safeguarding lead completes the s175/s157 self-assessment and
 * submits it. Riverside Primary with JavaScript on; Hilltop Academy with it off, on plain
 * form posts. Both use the demo's "Schools safeguarding audit 2026" and nothing else.
 */
const CYCLE = "Schools safeguarding audit 2026";
const s175 = shippedTool("s175");

async function storedReturn(slug: string) {
  const db = serverDb();
  try {
    const id = await returnIdOf(db, slug, CYCLE);
    const row = await db("returns").where({ id }).first();
    const score = await db("scores").where({ return_id: id, is_current: true }).first();
    return {
      id,
      status: row.status as string,
      signoffRole: row.signoff_role as string,
      overall: score?.overall_percent as number | undefined,
    };
  } finally {
    await db.destroy();
  }
}

describe("school DSL with JavaScript", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, "lead@riverside-primary.example.org");
  });
  afterAll(() => session.close());

  it("completes every section of the s175 return, signs it off and submits it", { timeout: 240_000 }, async () => {
    const { page } = session;
    await visit(page, "/returns", "school-js-returns");
    await page.getByRole("link", { name: CYCLE }).click();
    await page.waitForURL(/\/returns\/\d+$/);
    await visit(page, page.url(), "school-js-overview");
    await expect(page.locator(".govuk-task-list__item").count()).resolves.toBe(s175.survey.pages.length);
    await completeAndSubmit(page, s175, { javaScript: true, shots: "school-js", role: "Designated safeguarding lead and deputy head" });
    const stored = await storedReturn("riverside-primary");
    expect(stored).toMatchObject({ status: "submitted", signoffRole: "Designated safeguarding lead and deputy head" });
    expect(stored.overall).toBeGreaterThan(0);
    // Read-only now: the scores and answers, no more forms.
    await expect(page.getByRole("heading", { name: "Computed scores" }).count()).resolves.toBe(1);
  });
});

describe("school DSL without JavaScript", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser({ javaScript: false });
    await signIn(session.page, "lead@hilltop-academy.example.org");
  });
  afterAll(() => session.close());

  it("completes and submits the s175 return with plain form posts", { timeout: 240_000 }, async () => {
    const { page } = session;
    await page.getByRole("link", { name: CYCLE }).click();
    await page.waitForURL(/\/returns\/\d+$/);
    await screenshot(page, "school-nojs-overview");
    await completeAndSubmit(page, s175, { javaScript: false, shots: "school-nojs", role: "Headteacher and designated safeguarding lead" });
    const stored = await storedReturn("hilltop-academy");
    expect(stored).toMatchObject({ status: "submitted", signoffRole: "Headteacher and designated safeguarding lead" });
    expect(stored.overall).toBeGreaterThan(0);
  });
});
