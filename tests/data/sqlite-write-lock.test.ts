import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrate, transactionWithoutBlocking, type Db } from "~/data/db.server";

/*
 * Two app processes share one SQLite file (WEB_CONCURRENCY=2). While one holds the write lock, SQLite's own busy
 * handler makes the other sleep with its event loop stopped. `transactionWithoutBlocking` waits for the lock
 * without stopping the process (decision 029). Two connections in this one process stand in for the two
 * processes: if the waiting one blocked the event loop, the holder's commit (a timer in the same loop) could never
 * run, and the wait would end only in SQLITE_BUSY after five seconds. Always SQLite: this is its adapter.
 */

/** An agency row as the core table needs it. */
const agency = (name: string, sector: string) => ({
  name,
  slug: name.toLowerCase().replace(/[^a-z]+/g, "-"),
  sector,
  created_at: "2026-12-05T09:00:00.000Z",
  updated_at: "2026-12-05T09:00:00.000Z",
});

let dir: string;
let holder: Db;
let waiter: Db;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "write-lock-"));
  const url = `file:${path.join(dir, "app.db")}`;
  holder = createDb(url);
  await migrate(holder);
  waiter = createDb(url);
  await holder("agencies").insert(agency("Lock holder agency", "health"));
});

afterAll(async () => {
  await holder.destroy();
  await waiter.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a write that finds another process's write lock", () => {
  it("waits for it without stopping the process, then writes", async () => {
    let releaseLock!: () => void;
    const released = new Promise<void>((resolve) => (releaseLock = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holding = holder.transaction(async (trx) => {
      await trx("agencies").where({ name: "Lock holder agency" }).update({ name: "Lock holder agency (renamed)" });
      locked();
      await released;
    });
    await lockTaken;

    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    setTimeout(releaseLock, 120);
    const started = Date.now();
    await transactionWithoutBlocking(waiter, (trx) => trx("agencies").insert(agency("Waiting agency", "police")));
    clearInterval(ticker);
    await holding;

    // It waited for the holder's commit, and the process kept running meanwhile.
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(ticks).toBeGreaterThan(5);
    const names = (await waiter("agencies").orderBy("name").pluck("name")) as string[];
    expect(names).toEqual(["Lock holder agency (renamed)", "Waiting agency"]);
  });

  it("leaves other writes on the connection waiting as before", async () => {
    await transactionWithoutBlocking(waiter, (trx) => trx("agencies").where({ name: "Waiting agency" }).update({ sector: "health" }));
    const [timeout] = (await waiter.raw("PRAGMA busy_timeout")) as { timeout: number }[];
    expect(timeout).toEqual({ timeout: 5000 });
  });

  it("gives up with SQLite's error once the lock has been held for five seconds", async () => {
    let releaseLock!: () => void;
    const released = new Promise<void>((resolve) => (releaseLock = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holding = holder.transaction(async (trx) => {
      await trx("agencies").where({ name: "Waiting agency" }).update({ sector: "police" });
      locked();
      await released;
    });
    await lockTaken;
    try {
      await expect(transactionWithoutBlocking(waiter, (trx) => trx("agencies").insert(agency("Never stored", "police")))).rejects.toMatchObject({
        code: expect.stringMatching(/^SQLITE_BUSY/),
      });
    } finally {
      releaseLock();
      await holding;
    }
    expect(await waiter("agencies").where({ name: "Never stored" }).first()).toBeUndefined();
  }, 15_000);
});
