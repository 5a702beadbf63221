import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { arrive, expectAccessible, openBrowser, screenshot, signIn, submit, visit } from "../support/browser";
import { serverDb } from "../support/db";

/** Journey: the QA subgroup publishes the baseline to the board; a board member reads it, named or anonymised. */
let db: Db;
let cycleId = 0;
beforeAll(async () => {
  db = serverDb();
  cycleId = (await db("cycles").where({ title: "Section 11 audit 2026" }).first()).id;
});
afterAll(() => db.destroy());

describe("publishing to the board", () => {
  it("QA publishes the baseline by name and then anonymised; the board reads both, the latest marked current", async () => {
    const qa = await openBrowser();
    try {
      await signIn(qa.page, "qa@example.org");
      await visit(qa.page, `/cycles/${cycleId}/baseline`, "qa-baseline-publish");
      await submit(qa.page, "Publish to the board");
      await expect(qa.page.locator(".govuk-error-summary").textContent()).resolves.toContain("Select how agencies are shown to the board");
      await expectAccessible(qa.page);
      await qa.page.getByLabel("By name").check();
      await qa.page.getByRole("button", { name: "Publish to the board" }).click();
      await arrive(qa.page, /\/board\/\d+\?published=1/);
      await qa.page.goto(`/cycles/${cycleId}/baseline`);
      await qa.page.getByLabel("Anonymised").check();
      await qa.page.getByRole("button", { name: "Publish to the board" }).click();
      await arrive(qa.page, /\/board\/\d+\?published=1/);
    } finally {
      await qa.close();
    }

    const board = await openBrowser();
    try {
      await signIn(board.page, "board@example.org");
      await visit(board.page, "/board", "board-reports");
      const rows = board.page.locator("tbody tr", { hasText: "Section 11 audit 2026" });
      expect(await rows.count()).toBeGreaterThanOrEqual(2);
      await expect(rows.first().textContent()).resolves.toContain("Current");
      await expect(rows.first().textContent()).resolves.toContain("(anonymised)");

      await rows.first().getByRole("link").click();
      await expectAccessible(board.page);
      await screenshot(board.page, "board-anonymised");
      const heatmap = await board.page.getByRole("table", { name: /Effective rating/ }).textContent();
      expect(heatmap).toContain("Agency A");
      expect(heatmap).not.toContain("Northshire County Council");

      await board.page.goto("/board");
      await board.page.locator("tbody tr", { hasText: "Superseded" }).first().getByRole("link").click();
      await expectAccessible(board.page);
      await expect(board.page.getByRole("table", { name: /Effective rating/ }).textContent()).resolves.toContain(
        "Northshire County Council",
      );
      await expect(board.page.locator(".govuk-inset-text").textContent()).resolves.toContain("newer publication");
    } finally {
      await board.close();
    }
  });
});
