import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedTool } from "../support/answers";
import { openBrowser, signIn, visit, type Session } from "../support/browser";
import { returnIdOf, serverDb } from "../support/db";
import { completeAndSubmit } from "../support/journey";

/**
 * Journey: a police lead completes the supervision audit, case records included, and submits it, on the demo's
 * "Supervision audit 2026" cycle only, with JavaScript on and axe on every page.
 */
const CYCLE = "Supervision audit 2026";
const tool = shippedTool("supervision");

describe("a police lead completes the supervision audit, case records included, and submits it", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await signIn(session.page, "lead@police.example.org");
  });
  afterAll(() => session.close());

  it("answers every section, signs off and submits", { timeout: 240_000 }, async () => {
    const { page } = session;
    await visit(page, "/returns", "supervision-journey-returns");
    await page.getByRole("link", { name: CYCLE }).click();
    await page.waitForURL(/\/returns\/\d+$/);
    await visit(page, page.url(), "supervision-journey-overview");
    await expect(page.locator(".govuk-task-list__item").count()).resolves.toBe(tool.survey.pages.length);
    await completeAndSubmit(page, tool, {
      javaScript: true,
      shots: "supervision-journey",
      role: "Detective Superintendent, head of public protection",
    });

    const db = serverDb();
    try {
      const id = await returnIdOf(db, "police", CYCLE);
      const row = await db("returns").where({ id }).first();
      expect(row).toMatchObject({ status: "submitted", signoff_role: "Detective Superintendent, head of public protection" });
      const score = await db("scores").where({ return_id: id, is_current: true }).first();
      expect(score.overall_percent).toBeGreaterThan(0);
      expect(score.completeness_answered).toBe(score.completeness_total);
    } finally {
      await db.destroy();
    }
  });
});
