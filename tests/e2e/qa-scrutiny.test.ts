import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedTool } from "../support/answers";
import type { Db } from "~/data/db.server";
import {
  arrive,
  baseUrl,
  expectAccessible,
  openBrowser,
  screenshot,
  type Session,
  sessionCookie,
  signIn,
  submit,
  visit,
} from "../support/browser";
import { returnIdOf, serverDb } from "../support/db";

/**
 * QA scrutiny end to end: QA moderates and challenges a standard and returns the
 * return; the agency answers and resubmits; QA closes the challenge and validates; the baseline uses
 * the moderated rating. Works on the demo probation return, which no other journey touches.
 */
let db: Db;
let returnId = 0;
let qa: Session;
beforeAll(async () => {
  db = serverDb();
  returnId = await returnIdOf(db, "probation");
  qa = await openBrowser();
  await signIn(qa.page, "qa@example.org");
});
afterAll(async () => {
  await qa.close();
  await db.destroy();
});

describe("QA scrutiny of a submitted return", () => {
  it("shows every standard's computed, self and moderated ratings", async () => {
    await visit(qa.page, `/returns/${returnId}/review`, "qa-review");
    await expect(qa.page.getByRole("table", { name: "Ratings by standard" }).locator("tbody tr").count()).resolves.toBe(
      shippedTool("s11").standards.length,
    );
    await expect(qa.page.locator(".govuk-summary-list").first().textContent()).resolves.toContain("Optimism gap");
  });

  it("records a moderated rating with its reason, refusing one without", async () => {
    const { page } = qa;
    await page.getByRole("link", { name: "S11-2 Designated safeguarding lead" }).click();
    await expectAccessible(page);
    await submit(page, "Record moderated rating");
    const errors = await page.locator(".govuk-error-summary").textContent();
    expect(errors).toContain("Select the moderated rating");
    expect(errors).toContain("Enter the reason for the moderated rating");
    await expectAccessible(page);
    await page.getByLabel("Not met").check();
    await page.getByLabel("Reason").fill("No job description for the lead; training lapsed in 2024.");
    await page.getByRole("button", { name: "Record moderated rating" }).click();
    await arrive(page, /moderated=1/);
    const summary = await page.locator(".govuk-summary-list").first().textContent();
    expect(summary).toContain("Moderated ratingNot met");
    expect(summary).toContain("Effective ratingNot met");
    // The computed band and self rating are still there, beside it.
    expect(summary).toMatch(/Computed(Partially met|Mostly met|Fully met|Not met) \(\d+%\)/);
    await screenshot(page, "qa-review-standard");
  });

  it("raises a challenge and returns the return for changes with a reason", async () => {
    const { page } = qa;
    await page.getByLabel("Raise a challenge").fill("Please send the lead's job description and training record.");
    await page.getByRole("button", { name: "Send challenge to the agency" }).click();
    await arrive(page, /challenged=1/);
    await expect(page.locator(".app-challenge").textContent()).resolves.toContain("Waiting for the agency");

    await page.goto(`/returns/${returnId}/review`);
    await submit(page, "Return for changes");
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("Enter what the agency needs to change");
    await page.getByLabel("Return to the agency for changes").fill("Add evidence for standard 2 and answer our question.");
    await page.getByRole("button", { name: "Return for changes" }).click();
    await arrive(page, /returned=1/);
    const row = await db("returns").where({ id: returnId }).first();
    expect(row.status).toBe("returned");
  });
});

describe("the agency responds", () => {
  it("sees the reason and the question, answers it, and resubmits", async () => {
    const lead = await openBrowser();
    try {
      const { page } = lead;
      await signIn(page, "lead@probation.example.org");
      await visit(page, `/returns/${returnId}`, "lead-returned");
      await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toContain("Add evidence for standard 2");
      await submit(page, "Send answer");
      await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain(
        "Enter your answer to the QA subgroup's question",
      );
      await expectAccessible(page);
      await page.getByLabel("Your answer").fill("Job description attached to the evidence section; training booked for January.");
      await page.getByRole("button", { name: "Send answer" }).click();
      await arrive(page, /answered=1/);
      await page.getByRole("button", { name: "Continue to sign off" }).click();
      await page.getByLabel("Their role").fill("Head of Public Protection");
      await page.getByLabel(/I confirm this return is accurate/).check();
      await page.getByRole("button", { name: "Submit return" }).click();
      await arrive(page, /submitted=1/);
      const row = await db("returns").where({ id: returnId }).first();
      expect(row.status).toBe("submitted");
      // Re-scoring kept the earlier score beside the new one.
      const scores = await db("scores").where({ return_id: returnId }).select("is_current");
      expect(scores.filter((score: { is_current: unknown }) => Boolean(score.is_current))).toHaveLength(1);
      expect(scores.length).toBeGreaterThanOrEqual(2);
    } finally {
      await lead.close();
    }
  });
});

describe("QA closes the loop", () => {
  it("refuses to validate while a challenge is open, then closes it and validates", async () => {
    const { page } = qa;
    await page.goto(`/returns/${returnId}/review`);
    // Validating is confirmed on a second step, which says what stands in the way.
    await page.getByRole("button", { name: "Validate return" }).click();
    await arrive(page, /confirm=validate/);
    await expect(page.locator("#validate").textContent()).resolves.toContain("1 challenge is still open: close it first.");
    await expect(page.getByRole("button", { name: "Yes, validate the return" }).count()).resolves.toBe(0);
    // The server refuses too, whatever the page offers.
    const refused = await page.evaluate(async (url) => {
      const response = await fetch(url, { method: "POST", body: new URLSearchParams({ _intent: "validate" }) });
      return { status: response.status, text: await response.text() };
    }, `/returns/${returnId}/review`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("Close every challenge before validating the return");

    await page.getByRole("link", { name: "S11-2 Designated safeguarding lead" }).click();
    await expect(page.locator(".app-challenge").textContent()).resolves.toContain("Job description attached");
    await page.getByLabel("Accepted").check();
    await page.getByRole("button", { name: "Close challenge" }).click();
    await arrive(page, /closed=1/);
    await page.goto(`/returns/${returnId}/review`);
    await page.getByRole("button", { name: "Validate return" }).click();
    await arrive(page, /confirm=validate/);
    await expect(page.locator("#validate").textContent()).resolves.toContain("Every challenge is closed.");
    await expectAccessible(page);
    await screenshot(page, "qa-validate-confirm");
    await page.getByRole("button", { name: "Yes, validate the return" }).click();
    await arrive(page, /validated=1/);
    await expect(page.locator(".govuk-notification-banner").textContent()).resolves.toMatch(
      /Return validated.*Every challenge was closed\..*moderated ratings are now locked/,
    );
    await expectAccessible(page);
    const row = await db("returns").where({ id: returnId }).first();
    expect(row.status).toBe("validated");
    await expect(page.getByRole("button", { name: "Validate return" }).count()).resolves.toBe(0);
  });

  it("keeps an append-only history of every step, readable by QA", async () => {
    await visit(qa.page, `/returns/${returnId}/history`, "qa-return-history");
    const text = await qa.page.locator("table").textContent();
    for (const step of [
      "Moderated rating recorded",
      "Challenge raised",
      "Returned for changes",
      "Challenge answered",
      "Signed off and submitted",
      "Challenge closed",
      "Validated",
    ]) {
      expect(text).toContain(step);
    }
  });

  it("shows the moderated rating as the effective rating in the baseline", async () => {
    const cycle = await db("returns").where({ id: returnId }).first();
    await visit(qa.page, `/cycles/${cycle.cycle_id}/baseline`, "qa-baseline-moderated");
    const row = await qa.page
      .getByRole("table", { name: /Effective rating/ })
      .locator("tbody tr", { hasText: "Probation Service" })
      .locator("td")
      .allTextContents();
    // Cells: overall, optimism gap, then S11-1, S11-2, …: S11-2 is the fourth cell, its source said in words.
    expect(row[3]).toBe("Not met moderated");
  });

  it("keeps scrutiny private: other agencies get 404, the board and agencies cannot reach the review", async () => {
    const police = await sessionCookie("lead@police.example.org");
    const board = await sessionCookie("board@example.org");
    const expectations: [string, string, number][] = [
      [police, `/returns/${returnId}`, 404],
      [police, `/returns/${returnId}/review`, 403],
      [police, `/returns/${returnId}/review/S11-2`, 403],
      [board, `/returns/${returnId}/review`, 403],
      [board, `/returns/${returnId}`, 404],
    ];
    for (const [cookie, path, status] of expectations) {
      const response = await fetch(`${baseUrl()}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(response.status, path).toBe(status);
      expect(await response.text()).not.toContain("No job description for the lead");
    }
    // Another agency cannot answer this return's challenge, even by posting its id directly.
    const challenge = await db("challenges").where({ return_id: returnId }).first();
    const answer = await fetch(`${baseUrl()}/returns/${returnId}`, {
      method: "POST",
      headers: { Cookie: police },
      body: new URLSearchParams({ challengeId: String(challenge.id), answer: "tampering" }),
      redirect: "manual",
    });
    expect(answer.status).toBe(404);
    const after = await db("challenges").where({ id: challenge.id }).first();
    expect(after.answer).not.toBe("tampering");
  });
});
