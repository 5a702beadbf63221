import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { THROTTLE_WINDOW_MINUTES, attemptLogin } from "~/auth/login.server";
import { verifyPassword } from "~/auth/password.server";
import type { Db } from "~/data/db.server";
import { DuplicateEmailError, createUser } from "~/data/users.server";
import { TEST_PASSWORD, createTestDb, makeAgency, makeUser } from "../support/factories";

/* DESIGN §7 and §10 (Security): one account per email address, hashed passwords, login throttling. */

let db: Db;
let agencyId: number;

function newUser(overrides: Partial<Parameters<typeof createUser>[2]> = {}) {
  return createUser(db, null, { email: "someone@example.org", name: "Some One", role: "qa", agencyId: null, password: TEST_PASSWORD, ...overrides });
}

async function userCount() {
  return Number((await db("users").count({ n: "*" }).first())?.n);
}

beforeAll(async () => {
  db = await createTestDb();
  agencyId = (await makeAgency(db)).id;
});

afterAll(async () => {
  await db.destroy();
});

describe("createUser", () => {
  it("stores the email address in lower case and refuses the same address in any case", async () => {
    const user = await createUser(db, null, { email: "  Pat.Lee@Example.ORG ", name: "Pat Lee", role: "admin", agencyId: null, password: TEST_PASSWORD });
    expect(user.email).toBe("pat.lee@example.org");
    const before = await userCount();
    for (const email of ["pat.lee@example.org", "PAT.LEE@EXAMPLE.ORG", " Pat.Lee@example.org"]) {
      await expect(newUser({ email })).rejects.toBeInstanceOf(DuplicateEmailError);
    }
    await expect(newUser({ email: "PAT.LEE@example.org" })).rejects.toThrow("A user with the email address pat.lee@example.org already exists");
    expect(await userCount()).toBe(before);
  });

  it("refuses an agency role without an agency", async () => {
    for (const role of ["agency_lead", "agency_member"] as const) {
      await expect(newUser({ email: `${role}@example.org`, role, agencyId: null })).rejects.toThrow("Agency roles need an agency");
    }
    expect(await db("users").whereIn("email", ["agency_lead@example.org", "agency_member@example.org"])).toEqual([]);
  });

  it("refuses a partnership role tied to an agency", async () => {
    await expect(newUser({ email: "board-with-agency@example.org", role: "board", agencyId })).rejects.toThrow("Partnership roles cannot belong to an agency");
  });

  it("stores the password as a scrypt hash, never the password itself", async () => {
    const user = await makeUser(db, "agency_lead", agencyId);
    const { password_hash: hash } = await db("users").where({ id: user.id }).first();
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(hash).not.toContain(TEST_PASSWORD);
    expect(await verifyPassword(TEST_PASSWORD, hash)).toBe(true);
    expect(await verifyPassword("not-the-password", hash)).toBe(false);
    // Salted: the same password gives a different hash for another user.
    const other = await makeUser(db, "agency_member", agencyId);
    expect((await db("users").where({ id: other.id }).first()).password_hash).not.toBe(hash);
  });

  it("writes the new user to the audit log without the password", async () => {
    const user = await newUser({ email: "audited@example.org" });
    const entry = await db("audit_log").where({ action: "user.create", entity_id: String(user.id) }).first();
    expect(JSON.parse(entry.summary)).toEqual({ after: { email: "audited@example.org", name: "Some One", role: "qa", agencyId: null } });
    expect(entry.summary).not.toContain(TEST_PASSWORD);
  });
});

describe("attemptLogin", () => {
  it("accepts the right password, whatever the case of the email address", async () => {
    const user = await makeUser(db, "agency_lead", agencyId, { email: "right@example.org" });
    expect(await attemptLogin(db, { email: " RIGHT@example.org", password: TEST_PASSWORD, ip: "192.0.2.10" })).toEqual({ ok: true, viewer: user });
  });

  it("refuses a wrong password and an unknown email address alike", async () => {
    await makeUser(db, "qa", null, { email: "wrong@example.org" });
    expect(await attemptLogin(db, { email: "wrong@example.org", password: "not-it", ip: "192.0.2.11" })).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptLogin(db, { email: "nobody@example.org", password: TEST_PASSWORD, ip: "192.0.2.11" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("throttles an email address after five failures in 15 minutes, even with the right password", async () => {
    await makeUser(db, "admin", null, { email: "target@example.org" });
    const start = new Date("2026-03-02T09:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    // Five failures from five addresses (so the per-address limit plays no part).
    for (let n = 0; n < 5; n += 1) {
      expect(await attemptLogin(db, { email: "target@example.org", password: "guess", ip: `198.51.100.${n}` }, at(n))).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await attemptLogin(db, { email: "Target@example.org", password: TEST_PASSWORD, ip: "203.0.113.9" }, at(5))).toEqual({ ok: false, reason: "throttled" });
    // Another account is not affected.
    await makeUser(db, "qa", null, { email: "bystander@example.org" });
    expect((await attemptLogin(db, { email: "bystander@example.org", password: TEST_PASSWORD, ip: "203.0.113.9" }, at(5))).ok).toBe(true);
    // Once the first failure is more than 15 minutes old, only four remain in the window.
    const result = await attemptLogin(db, { email: "target@example.org", password: TEST_PASSWORD, ip: "203.0.113.9" }, at(THROTTLE_WINDOW_MINUTES + 0.5));
    expect(result.ok).toBe(true);
  });

  it("does not throttle after four failures", async () => {
    await makeUser(db, "admin", null, { email: "four@example.org" });
    const now = new Date("2026-03-02T10:00:00Z");
    for (let n = 0; n < 4; n += 1) await attemptLogin(db, { email: "four@example.org", password: "guess", ip: `198.51.100.${50 + n}` }, now);
    expect((await attemptLogin(db, { email: "four@example.org", password: TEST_PASSWORD, ip: "198.51.100.60" }, now)).ok).toBe(true);
  });

  it("records every attempt, never the password", async () => {
    await attemptLogin(db, { email: "recorded@example.org", password: "secret-guess", ip: "192.0.2.99" });
    const rows = await db("login_attempts").where({ email: "recorded@example.org" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ip: "192.0.2.99" });
    expect(Boolean(rows[0].succeeded)).toBe(false);
    expect(JSON.stringify(rows)).not.toContain("secret-guess");
  });
});
