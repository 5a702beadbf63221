import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, startWalCheckpoints } from "~/data/db.server";

/*
 * SQLite's WAL is copied back into the database file from a thread of its own (decision 030), not inside whichever
 * request's write happens to commit when the WAL is full. A SQLite file of the test's own, whichever database the
 * suite runs on: this is about SQLite.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wal-checkpoints-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("WAL checkpoints in the background", () => {
  it("copy what is written back into the database file without the app's connection doing it", async () => {
    const file = path.join(dir, "app.db");
    const db = createDb(`file:${file}`);
    try {
      await db.schema.createTable("notes", (table) => {
        table.increments("id");
        table.text("body");
      });
      await db.raw("pragma wal_checkpoint(TRUNCATE)");
      const stop = await startWalCheckpoints(db, 25);
      expect(stop).not.toBeNull();
      // The app's own connection now leaves the WAL alone until 10,000 pages (40 MB): far more than written here.
      expect((await db.raw("pragma wal_autocheckpoint"))[0]).toEqual({ wal_autocheckpoint: 10_000 });
      const before = fs.statSync(file).size;
      for (let batch = 0; batch < 4; batch += 1) {
        await db("notes").insert(Array.from({ length: 500 }, (_, n) => ({ body: `${"words ".repeat(160)}${batch}.${n}` })));
      }
      // About 2 MB went into the WAL; only the background thread copies it into the file this soon.
      await expect.poll(() => fs.statSync(file).size, { timeout: 5_000, interval: 25 }).toBeGreaterThan(before + 1_500_000);
      expect(Number((await db("notes").count({ n: "*" }))[0].n)).toBe(2_000);
      await stop?.();
    } finally {
      await db.destroy();
    }
  });

  it("are not started for a database in memory, which has no WAL", async () => {
    const db = createDb("file::memory:");
    try {
      expect(await startWalCheckpoints(db)).toBeNull();
    } finally {
      await db.destroy();
    }
  });
});
