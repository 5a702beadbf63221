import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "~/data/audit.server";
import { isPostgres, type Db } from "~/data/db.server";
import { deleteDraftTool, getTool, getToolByRef, importTool, listTools, publishTool } from "~/data/tools.server";
import type { Viewer } from "~/domain/permissions";
import { createTestDb, makeCycle, makeUser } from "../support/factories";

/*
 * Custom tools: an uploaded version is a draft, previewed, then published; a draft may be replaced by
 * a corrected upload, a published version never changes (DESIGN §2 "tool"), and only an unused draft
 * can be deleted. The CLI and the seed keep importing straight to published.
 */

let db: Db;
let admin: Viewer;

/** A small valid custom tool; `title` and `question` vary the definition under the same version. */
function customTool(code: string, version = "1.0", options: { title?: string; question?: string } = {}) {
  return {
    code,
    version,
    title: options.title ?? `Custom tool ${code}`,
    kind: "custom",
    bands: [
      { code: "good", label: "Good", min: 50, colour: "#00703c" },
      { code: "poor", label: "Poor", min: 0, colour: "#d4351c" },
    ],
    standards: [{ code: "C-1", title: "Safer recruitment" }],
    items: { q1: { standard: "C-1", points: { yes: 1, no: 0 } } },
    survey: {
      pages: [
        {
          name: "C-1",
          title: "Safer recruitment",
          elements: [{ type: "radiogroup", name: "q1", title: options.question ?? "Are references checked?", choices: ["yes", "no"] }],
        },
      ],
    },
  };
}

async function auditActions(toolId: number): Promise<string[]> {
  return (await listAudit(db, { entityType: "tool", entityId: String(toolId) })).map((entry) => entry.action).reverse();
}

beforeAll(async () => {
  db = await createTestDb();
  admin = await makeUser(db, "admin");
});

afterAll(async () => {
  await db.destroy();
});

describe("importTool", () => {
  it("publishes at once by default, as the CLI and the demo seed expect", async () => {
    const result = await importTool(db, null, customTool("cli-default"));
    expect(result.ok && result.outcome).toBe("created");
    if (!result.ok) return;
    expect(result.tool.status).toBe("published");
    expect(result.tool.publishedAt).toBe(result.tool.importedAt);
  });

  it("accepts the identical published definition again without change, and refuses a different one under that version", async () => {
    await importTool(db, null, customTool("cli-again"));
    const again = await importTool(db, null, customTool("cli-again"));
    expect(again.ok && again.outcome).toBe("unchanged");
    const changed = await importTool(db, null, customTool("cli-again", "1.0", { title: "Renamed" }));
    expect(changed).toEqual({ ok: false, errors: ["version: cli-again@1.0 is already published and cannot change; give the revised tool a new version"] });
    expect((await getToolByRef(db, "cli-again", "1.0"))!.title).toBe("Custom tool cli-again");
  });

  it("stages a draft that is not published", async () => {
    const result = await importTool(db, admin.id, customTool("staged"), { status: "draft" });
    expect(result.ok && result.outcome).toBe("created");
    if (!result.ok) return;
    expect(result.tool.status).toBe("draft");
    expect(result.tool.publishedAt).toBeNull();
    expect(await auditActions(result.tool.id)).toEqual(["tool.import"]);
  });

  it("replaces a draft with a corrected upload of the same code and version, keeping its id", async () => {
    const first = await importTool(db, admin.id, customTool("replaceable"), { status: "draft" });
    const second = await importTool(db, admin.id, customTool("replaceable", "1.0", { question: "Are two references checked?" }), { status: "draft" });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.outcome).toBe("replaced");
    expect(second.tool.id).toBe(first.tool.id);
    expect(second.tool.status).toBe("draft");
    const stored = await getTool(db, first.tool.id);
    expect(stored!.definition.survey.pages[0].elements[0].title).toBe("Are two references checked?");
    expect(await db("tools").where({ code: "replaceable" }).count({ n: "*" }).first()).toEqual({ n: 1 });
    expect(await auditActions(first.tool.id)).toEqual(["tool.import", "tool.replace_draft"]);
  });

  it("refuses to replace a draft that a cycle already uses", async () => {
    const draft = await importTool(db, admin.id, customTool("in-use"), { status: "draft" });
    if (!draft.ok) throw new Error(draft.errors.join("; "));
    await makeCycle(db, draft.tool, { all: true }, { open: false });
    const replaced = await importTool(db, admin.id, customTool("in-use", "1.0", { title: "Changed" }), { status: "draft" });
    expect(replaced.ok).toBe(false);
    expect(!replaced.ok && replaced.errors[0]).toMatch(/^version: a cycle already uses the draft in-use@1\.0/);
    expect((await getTool(db, draft.tool.id))!.title).toBe("Custom tool in-use");
  });

  it("publishes a draft when the CLI imports the same version", async () => {
    const draft = await importTool(db, admin.id, customTool("cli-over-draft"), { status: "draft" });
    const imported = await importTool(db, null, customTool("cli-over-draft", "1.0", { title: "Final title" }));
    expect(draft.ok && imported.ok).toBe(true);
    if (!draft.ok || !imported.ok) return;
    expect(imported.outcome).toBe("replaced");
    expect(imported.tool).toMatchObject({ id: draft.tool.id, status: "published", title: "Final title" });
  });

  it("lists every problem of an invalid definition and stores nothing", async () => {
    const broken = customTool("broken");
    broken.items = { q1: { standard: "C-9", points: { yes: 1, no: 0 } } };
    broken.survey.pages[0].elements.push({ type: "signaturepad", name: "sig", title: "Sign here", choices: [] });
    const result = await importTool(db, admin.id, broken, { status: "draft" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.stringMatching(/^survey\.pages\.0\.elements\.1: element "sig" has type "signaturepad", which is not supported/),
      'items.q1.standard: unknown standard "C-9"',
    ]);
    expect(await getToolByRef(db, "broken", "1.0")).toBeNull();
  });
});

describe("publishTool", () => {
  it("turns a draft into a published version, recording who and when in the audit log", async () => {
    const draft = await importTool(db, admin.id, customTool("to-publish"), { status: "draft" });
    if (!draft.ok) throw new Error(draft.errors.join("; "));
    const published = await publishTool(db, admin.id, draft.tool.id);
    expect(published.ok).toBe(true);
    if (!published.ok) return;
    expect(published.tool.status).toBe("published");
    expect(published.tool.publishedAt).not.toBeNull();
    expect(await db("tools").where({ id: draft.tool.id }).first("published_by")).toEqual({ published_by: admin.id });
    const [entry] = await listAudit(db, { entityType: "tool", entityId: String(draft.tool.id) });
    expect(entry).toMatchObject({ action: "tool.publish", userId: admin.id, summary: { before: { status: "draft" }, after: { status: "published" } } });
  });

  it("changes nothing when the version is already published", async () => {
    const imported = await importTool(db, null, customTool("already-published"));
    if (!imported.ok) throw new Error(imported.errors.join("; "));
    const again = await publishTool(db, admin.id, imported.tool.id);
    expect(again.ok && again.tool.publishedAt).toBe(imported.tool.publishedAt);
    expect(await auditActions(imported.tool.id)).toEqual(["tool.import"]);
  });

  it("answers 404 for a tool that does not exist", async () => {
    expect(await publishTool(db, admin.id, 999_999)).toMatchObject({ ok: false, status: 404 });
  });

  it("never lets a published version change afterwards, even by a draft upload", async () => {
    const draft = await importTool(db, admin.id, customTool("frozen"), { status: "draft" });
    if (!draft.ok) throw new Error(draft.errors.join("; "));
    await publishTool(db, admin.id, draft.tool.id);
    const changedDraft = await importTool(db, admin.id, customTool("frozen", "1.0", { question: "Changed?" }), { status: "draft" });
    expect(changedDraft).toEqual({ ok: false, errors: ["version: frozen@1.0 is already published and cannot change; give the revised tool a new version"] });
    const sameAgain = await importTool(db, admin.id, customTool("frozen"), { status: "draft" });
    expect(sameAgain.ok && sameAgain.outcome).toBe("unchanged");
    expect(sameAgain.ok && sameAgain.tool.status).toBe("published");
    const revision = await importTool(db, admin.id, customTool("frozen", "1.1", { question: "Changed?" }), { status: "draft" });
    expect(revision.ok && revision.outcome).toBe("created");
    expect((await getTool(db, draft.tool.id))!.definition.survey.pages[0].elements[0].title).toBe("Are references checked?");
  });
});

describe("deleteDraftTool", () => {
  it("deletes an unused draft and records it", async () => {
    const draft = await importTool(db, admin.id, customTool("deletable"), { status: "draft" });
    if (!draft.ok) throw new Error(draft.errors.join("; "));
    expect(await deleteDraftTool(db, admin.id, draft.tool.id)).toEqual({ ok: true, code: "deletable", version: "1.0" });
    expect(await getTool(db, draft.tool.id)).toBeNull();
    expect(await auditActions(draft.tool.id)).toEqual(["tool.import", "tool.delete_draft"]);
  });

  it("refuses to delete a published version", async () => {
    const imported = await importTool(db, null, customTool("undeletable"));
    if (!imported.ok) throw new Error(imported.errors.join("; "));
    expect(await deleteDraftTool(db, admin.id, imported.tool.id)).toMatchObject({ ok: false, status: 409 });
    expect(await getTool(db, imported.tool.id)).not.toBeNull();
  });

  it("refuses to delete a draft that a cycle uses", async () => {
    const draft = await importTool(db, admin.id, customTool("draft-in-cycle"), { status: "draft" });
    if (!draft.ok) throw new Error(draft.errors.join("; "));
    await makeCycle(db, draft.tool, { all: true }, { open: false });
    expect(await deleteDraftTool(db, admin.id, draft.tool.id)).toEqual({ ok: false, status: 409, message: "A cycle uses this draft, so it cannot be deleted" });
    expect(await getTool(db, draft.tool.id)).not.toBeNull();
  });

  it("answers 404 for a tool that does not exist", async () => {
    expect(await deleteDraftTool(db, admin.id, 999_999)).toMatchObject({ ok: false, status: 404 });
  });
});

describe("listTools", () => {
  it("leaves drafts out when asked for published tools only", async () => {
    const draft = await importTool(db, admin.id, customTool("list-draft"), { status: "draft" });
    const published = await importTool(db, null, customTool("list-published"));
    if (!draft.ok || !published.ok) throw new Error("setup failed");
    const all = (await listTools(db)).map((tool) => tool.id);
    const usable = (await listTools(db, { publishedOnly: true })).map((tool) => tool.id);
    expect(all).toEqual(expect.arrayContaining([draft.tool.id, published.tool.id]));
    expect(usable).toContain(published.tool.id);
    expect(usable).not.toContain(draft.tool.id);
    expect((await listTools(db, { publishedOnly: true })).every((tool) => tool.status === "published")).toBe(true);
  });
});

describe("the tool status migration", () => {
  const MIGRATION = "20261122120000_add_tool_status.js";

  it("marks tools imported before it as published, as of their import, and rolls back", async () => {
    const fresh = await createTestDb();
    try {
      await fresh.migrate.down({ name: MIGRATION });
      expect(await fresh.schema.hasColumn("tools", "status")).toBe(false);
      const [user] = await fresh("users").insert({ email: "old@example.org", name: "Old admin", role: "admin", password_hash: "x", created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" }).returning("id");
      const userId = typeof user === "object" ? user.id : user;
      await fresh("tools").insert({ code: "old", version: "1", title: "Old tool", kind: "custom", definition: JSON.stringify(customTool("old", "1")), imported_at: "2026-01-02T09:00:00.000Z", imported_by: userId });

      await fresh.migrate.up({ name: MIGRATION });
      expect(await fresh("tools").where({ code: "old" }).first("status", "published_at", "published_by")).toEqual({ status: "published", published_at: "2026-01-02T09:00:00.000Z", published_by: userId });

      // Rolling back keeps published rows (and the cycles on them) and removes unused drafts.
      const tool = await getToolByRef(fresh, "old", "1");
      await makeCycle(fresh, tool!, { all: true }, { open: false });
      await importTool(fresh, null, customTool("unused-draft"), { status: "draft" });
      await fresh.migrate.down({ name: MIGRATION });
      expect(await fresh("tools").pluck("code")).toEqual(["old"]);
      expect(await fresh("cycles").count({ n: "*" }).first()).toEqual({ n: 1 });
      // PostgreSQL enforces foreign keys on every statement; SQLite checks them on request.
      if (!isPostgres(fresh)) expect(await fresh.raw("pragma foreign_key_check")).toEqual([]);
    } finally {
      await fresh.destroy();
    }
  });
});
