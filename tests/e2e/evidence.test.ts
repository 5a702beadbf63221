import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCycle, openCycle } from "~/data/cycles.server";
import type { Db } from "~/data/db.server";
import { raiseChallenge } from "~/data/moderation.server";
import { submitReturn } from "~/data/return-edits.server";
import { getTool } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import {
  arrive,
  baseUrl,
  expectAccessible,
  expectNoSidewaysScroll,
  openBrowser,
  screenshot,
  sessionCookie,
  signIn,
  type Session,
  visit,
} from "../support/browser";
import { serverDb } from "../support/db";
import { PDF, PNG, TEXT } from "../support/evidence-samples";
import { SIGNOFF, answerReturn } from "../support/factories";

/*
 * Evidence end to end: the youth justice lead attaches a PDF and a link to a
 * standard, is refused a text file named .pdf and a file over 10 MB with GOV.UK errors, and (without
 * JavaScript too) can add and remove a file; QA sees the evidence on the submitted return and its
 * review, downloads it as an attachment; the council's lead gets 404 for the same address. A cycle of
 * its own (youth-justice and council), so the demo's returns stay as other journeys expect them.
 */

let db: Db;
let returnId = 0;
let councilReturnId = 0;
let lead: Session;
const stamp = Date.now();
const pageUrl = () => `/returns/${returnId}/pages/S11-1`;

async function viewerOf(email: string): Promise<Viewer> {
  const user = await db("users").where({ email }).first();
  return { id: user.id, email: user.email, name: user.name, role: user.role, agencyId: user.agency_id };
}

beforeAll(async () => {
  db = serverDb();
  const tool = await db("tools").where({ code: "s11", version: "2026.1" }).first();
  const agencies = await db("agencies").whereIn("slug", ["youth-justice", "council"]).select("id", "slug");
  const idOf = (slug: string) => agencies.find((agency: { slug: string }) => agency.slug === slug).id as number;
  const cycleId = await createCycle(db, null, {
    toolId: tool.id,
    title: `Evidence check ${stamp}`,
    opensOn: "2026-01-05",
    dueOn: "2099-03-31",
    finalDeadlineOn: null,
    selection: { agencyIds: [idOf("youth-justice"), idOf("council")] },
  });
  const opened = await openCycle(db, null, cycleId);
  if (!opened.ok) throw new Error(opened.message);
  returnId = (
    await db("returns")
      .where({ cycle_id: cycleId, agency_id: idOf("youth-justice") })
      .first()
  ).id;
  councilReturnId = (
    await db("returns")
      .where({ cycle_id: cycleId, agency_id: idOf("council") })
      .first()
  ).id;
  lead = await openBrowser();
  await signIn(lead.page, "lead@youth-justice.example.org");
});

afterAll(async () => {
  await lead?.close();
  await db.destroy();
});

describe("evidence on a return", () => {
  it("attaches a PDF and a link to a standard, listed with their names and who added them", async () => {
    const { page } = lead;
    await visit(page, pageUrl(), "evidence-standard-page");
    await page
      .getByLabel("Upload a file")
      .setInputFiles({ name: "Safeguarding policy 2026.pdf", mimeType: "application/pdf", buffer: Buffer.from(PDF) });
    await page.getByRole("button", { name: "Upload file" }).click();
    const list = page.locator("#evidence-list-s-S11-1");
    await expect(list.getByRole("link", { name: "Safeguarding policy 2026.pdf" }).waitFor()).resolves.toBeUndefined();
    const leadName = (await db("users").where({ email: "lead@youth-justice.example.org" }).first()).name;
    await expect(list.textContent()).resolves.toContain(`PDF, ${PDF.length} bytes. Added by ${leadName}`);
    // The upload is done: the field is empty again, ready for the next file.
    await expect(page.getByLabel("Upload a file").inputValue()).resolves.toBe("");

    await page.getByLabel("Or add a link").fill("https://intranet.example.org/yjs/safeguarding");
    await page.getByRole("button", { name: "Add link" }).click();
    await expect(list.getByRole("link", { name: "https://intranet.example.org/yjs/safeguarding" }).waitFor()).resolves.toBeUndefined();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, "evidence-attached");
  });

  it("refuses a text file renamed .pdf and a file over 10 MB with the GOV.UK error pattern", async () => {
    const { page } = lead;
    await page.getByLabel("Upload a file").setInputFiles({ name: "minutes.pdf", mimeType: "application/pdf", buffer: Buffer.from(TEXT) });
    await page.getByRole("button", { name: "Upload file" }).click();
    const summary = page.locator(".govuk-error-summary");
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain(
      "The selected file must be a PDF, Word document, Excel spreadsheet or image (PNG, JPEG, GIF or WebP)",
    );
    await expect(page.locator("#evidence-file-s-S11-1-error").textContent()).resolves.toContain("The selected file must be a PDF");
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectAccessible(page);
    await screenshot(page, "evidence-wrong-type");

    // A real file on disk: the browser reads it itself (10 MB through the DevTools protocol is slow on a busy machine).
    const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "evidence-e2e-")), "board pack.pdf");
    fs.writeFileSync(big, Buffer.concat([Buffer.from(PDF), Buffer.alloc(10 * 1024 * 1024)]));
    await page.getByLabel("Upload a file").setInputFiles(big, { timeout: 30_000 });
    await page.getByRole("button", { name: "Upload file" }).click();
    await page.getByText("The selected file must be smaller than 10 MB").first().waitFor({ timeout: 30_000 });
    fs.rmSync(path.dirname(big), { recursive: true, force: true });
    await expect(summary.getByRole("link", { name: "The selected file must be smaller than 10 MB" }).getAttribute("href")).resolves.toBe(
      "#evidence-file-s-S11-1",
    );
    await expectAccessible(page);
    expect(await db("evidence").where({ return_id: returnId }).count({ n: "*" }).first()).toEqual({ n: 2 });
  });

  it("adds and removes a file without JavaScript", async () => {
    const plain = await openBrowser({ javaScript: false });
    try {
      await signIn(plain.page, "lead@youth-justice.example.org");
      await plain.page.goto(pageUrl());
      await plain.page.getByLabel("Upload a file").setInputFiles({ name: "chart.png", mimeType: "image/png", buffer: Buffer.from(PNG) });
      // Without JavaScript each post is a whole page load; wait for the page it comes back to.
      await Promise.all([plain.page.waitForEvent("load"), plain.page.getByRole("button", { name: "Upload file" }).click()]);
      const list = plain.page.locator("#evidence-list-s-S11-1");
      await expect(list.textContent()).resolves.toContain("chart.png");
      await Promise.all([plain.page.waitForEvent("load"), plain.page.getByRole("button", { name: "Remove chart.png" }).click()]);
      await expect(list.textContent()).resolves.not.toContain("chart.png");
      await expect(list.textContent()).resolves.toContain("Safeguarding policy 2026.pdf");
    } finally {
      await plain.close();
    }
    const audit = await db("audit_log")
      .whereIn("action", ["evidence.add", "evidence.remove"])
      .where({ entity_id: String(returnId) })
      .orderBy("id")
      .pluck("action");
    expect(audit).toEqual(["evidence.add", "evidence.add", "evidence.add", "evidence.remove"]);
  });

  it("shows QA the evidence on the submitted return and its review, and downloads it as an attachment", async () => {
    const leadViewer = await viewerOf("lead@youth-justice.example.org");
    const tool = (await getTool(
      db,
      (await db("cycles").join("returns", "returns.cycle_id", "cycles.id").where("returns.id", returnId).first("cycles.tool_id")).tool_id,
    ))!;
    await answerReturn(db, leadViewer, tool, returnId);
    const submitted = await submitReturn(db, leadViewer, returnId, SIGNOFF);
    expect(submitted.ok).toBe(true);

    const qa = await openBrowser({ width: 320 });
    try {
      await signIn(qa.page, "qa@example.org");
      await visit(qa.page, `/returns/${returnId}`, "evidence-submitted-return");
      const section = qa.page.locator(".app-evidence-summary");
      await expect(section.textContent()).resolves.toContain("S11-1");
      const download = section.getByRole("link", { name: "Safeguarding policy 2026.pdf" });
      await expect(section.getByRole("link", { name: "https://intranet.example.org/yjs/safeguarding" }).count()).resolves.toBe(1);

      await visit(qa.page, `/returns/${returnId}/review/S11-1`, "evidence-qa-review");
      await expect(
        qa.page.locator(".app-evidence-summary").getByRole("link", { name: "Safeguarding policy 2026.pdf" }).count(),
      ).resolves.toBe(1);

      await qa.page.goto(`/returns/${returnId}`);
      const href = (await download.getAttribute("href"))!;
      const response = await qa.page.request.get(href);
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toBe("application/pdf");
      expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="Safeguarding policy 2026\.pdf"/);
      expect(response.headers()["x-content-type-options"]).toContain("nosniff");
      expect(new Uint8Array(await response.body())).toEqual(PDF);

      // Another agency's lead, with the same address (and through their own return's), finds nothing.
      const council = await sessionCookie("lead@council.example.org");
      const foreign = await fetch(`${baseUrl()}${href}`, { headers: { cookie: council } });
      expect(foreign.status).toBe(404);
      const sideways = await fetch(`${baseUrl()}${href.replace(`/returns/${returnId}/`, `/returns/${councilReturnId}/`)}`, {
        headers: { cookie: council },
      });
      expect(sideways.status).toBe(404);
    } finally {
      await qa.close();
    }
  });

  it("lets the agency answer a QA challenge with a file", async () => {
    const qaViewer = await viewerOf("qa@example.org");
    expect(
      (
        await raiseChallenge(db, qaViewer, returnId, {
          standardCode: "S11-1",
          question: "Please send the minutes where the board discussed safeguarding.",
        })
      ).ok,
    ).toBe(true);
    const { page } = lead;
    await visit(page, `/returns/${returnId}`, "evidence-challenge-answer");
    await page.getByLabel("Your answer").fill("The minutes are attached.");
    await page
      .getByLabel("Attach a file (optional)")
      .setInputFiles({ name: "board minutes.png", mimeType: "image/png", buffer: Buffer.from(PNG) });
    await page.getByRole("button", { name: "Send answer" }).click();
    await arrive(page, /answered=1/);
    await expect(
      page.locator(".govuk-summary-list").filter({ hasText: "Evidence sent" }).getByRole("link", { name: "board minutes.png" }).count(),
    ).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, "evidence-challenge-answered");
  });
});
