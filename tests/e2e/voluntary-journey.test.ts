import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedTool } from "../support/answers";
import { openBrowser, signIn, visit, type Session } from "../support/browser";
import { returnIdOf, serverDb } from "../support/db";
import { completeAndSubmit } from "../support/journey";

/**
 * Journey: a charity's lead completes the voluntary-sector Section 11 return and submits it, on the demo's
 * "Voluntary sector Section 11 self-assessment 2026" cycle only, with JavaScript on and axe on every page.
 */
const CYCLE = "Voluntary sector Section 11 self-assessment 2026";
const tool = shippedTool("s11-vcs");

describe("a charity's lead completes the voluntary-sector Section 11 return and submits it", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, "lead@family-support.example.org");
  });
  afterAll(() => session.close());

  it("answers every section, signs off and submits", { timeout: 240_000 }, async () => {
    const { page } = session;
    await visit(page, "/returns", "voluntary-journey-returns");
    await page.getByRole("link", { name: CYCLE }).click();
    await page.waitForURL(/\/returns\/\d+$/);
    await visit(page, page.url(), "voluntary-journey-overview");
    await expect(page.locator(".govuk-task-list__item").count()).resolves.toBe(tool.survey.pages.length);
    await completeAndSubmit(page, tool, { javaScript: true, shots: "voluntary-journey", role: "Chair of trustees" });

    const db = serverDb();
    try {
      const id = await returnIdOf(db, "family-support", CYCLE);
      const row = await db("returns").where({ id }).first();
      expect(row).toMatchObject({ status: "submitted", signoff_role: "Chair of trustees" });
      const score = await db("scores").where({ return_id: id, is_current: true }).first();
      expect(score.overall_percent).toBeGreaterThan(0);
      expect(score.completeness_answered).toBe(score.completeness_total);
    } finally {
      await db.destroy();
    }
  });
});
