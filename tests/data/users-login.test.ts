import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rememberDevice } from "~/auth/device.server";
import { attemptLogin } from "~/auth/login.server";
import { DUMMY_HASH, verifyPassword } from "~/data/password-hash.server";
import { inviteMember } from "~/data/invitations.server";
import type { Db } from "~/data/db.server";
import { DuplicateEmailError, createUser } from "~/data/users.server";
import { TEST_PASSWORD, createTestDb, makeAgency, makeAgencyWithPeople, makeUser } from "../support/factories";

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

  it("makes one address wait, growing, after five failures for an account, while the right password from elsewhere signs in", async () => {
    await makeUser(db, "admin", null, { email: "target@example.org" });
    const start = new Date("2026-03-02T09:00:00Z");
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    const attacker = { email: "target@example.org", password: "guess", ip: "198.51.100.7" };
    for (let n = 0; n < 5; n += 1) expect(await attemptLogin(db, attacker, at(0))).toEqual({ ok: false, reason: "invalid" });
    // The sixth attempt from that address waits a second, even with the right password; then two, then four.
    expect(await attemptLogin(db, { ...attacker, password: TEST_PASSWORD }, at(0.5))).toEqual({ ok: false, reason: "throttled", waitSeconds: 1 });
    expect(await attemptLogin(db, attacker, at(1))).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptLogin(db, attacker, at(2))).toEqual({ ok: false, reason: "throttled", waitSeconds: 1 });
    expect(await attemptLogin(db, attacker, at(3))).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptLogin(db, attacker, at(3))).toEqual({ ok: false, reason: "throttled", waitSeconds: 4 });
    // The real user, from their own address, is not held up at all.
    expect((await attemptLogin(db, { email: "Target@example.org", password: TEST_PASSWORD, ip: "203.0.113.9" }, at(3))).ok).toBe(true);
    // Nor is another account from the attacker's address (its own count is its own).
    await makeUser(db, "qa", null, { email: "bystander@example.org" });
    expect((await attemptLogin(db, { email: "bystander@example.org", password: TEST_PASSWORD, ip: attacker.ip }, at(3))).ok).toBe(true);
    // After the wait, the right password from the attacker's address works too, and ends the run of failures.
    expect((await attemptLogin(db, { ...attacker, password: TEST_PASSWORD }, at(7))).ok).toBe(true);
    expect(await attemptLogin(db, attacker, at(7))).toEqual({ ok: false, reason: "invalid" });
  });

  it("never makes anyone wait longer than fifteen minutes, however long the guessing goes on", async () => {
    await makeUser(db, "admin", null, { email: "long-siege@example.org" });
    let now = new Date("2026-03-03T09:00:00Z");
    const attacker = { email: "long-siege@example.org", password: "guess", ip: "198.51.100.8" };
    for (let n = 0; n < 25; n += 1) {
      const result = await attemptLogin(db, attacker, now);
      expect(result, `attempt ${n + 1}`).toEqual({ ok: false, reason: "invalid" });
      now = new Date(now.getTime() + 15 * 60_000);
    }
    expect(await attemptLogin(db, attacker, now)).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptLogin(db, attacker, now)).toEqual({ ok: false, reason: "throttled", waitSeconds: 900 });
    expect((await attemptLogin(db, { ...attacker, password: TEST_PASSWORD }, new Date(now.getTime() + 15 * 60_000))).ok).toBe(true);
  });

  it("limits failures from one address across accounts, without holding up other addresses", async () => {
    const now = new Date("2026-03-04T09:00:00Z");
    const sprayer = "198.51.100.9";
    for (let n = 0; n < 30; n += 1) {
      expect(await attemptLogin(db, { email: `sprayed${n}@example.org`, password: "guess", ip: sprayer }, now)).toEqual({ ok: false, reason: "invalid" });
    }
    const victim = await makeUser(db, "qa", null, { email: "sprayed-victim@example.org" });
    expect(await attemptLogin(db, { email: victim.email, password: TEST_PASSWORD, ip: sprayer }, now)).toEqual({ ok: false, reason: "throttled", waitSeconds: 1 });
    expect((await attemptLogin(db, { email: victim.email, password: TEST_PASSWORD, ip: "203.0.113.10" }, now)).ok).toBe(true);
  });

  it("lets a browser that signed in to the account before sign in again, from an address the attacker has worn out", async () => {
    const user = await makeUser(db, "agency_lead", agencyId, { email: "known-browser@example.org" });
    const earlier = new Date("2026-03-05T08:00:00Z");
    const device = await rememberDevice(db, user.id, null, earlier);
    const now = new Date("2026-03-05T09:00:00Z");
    const shared = "198.51.100.10";
    // Five failures on the account and twenty-five on others: the address the real user shares is worn out.
    for (let n = 0; n < 30; n += 1) {
      expect(await attemptLogin(db, { email: n < 5 ? user.email : `other${n}@example.org`, password: "guess", ip: shared }, now)).toEqual({ ok: false, reason: "invalid" });
    }
    expect((await attemptLogin(db, { email: user.email, password: TEST_PASSWORD, ip: shared }, now)).ok).toBe(false);
    expect(await attemptLogin(db, { email: user.email, password: TEST_PASSWORD, ip: shared, deviceToken: device }, now)).toEqual({ ok: true, viewer: user });
    // The device counts only for the account it signed in to, and a made-up token is no device at all.
    const other = await makeUser(db, "agency_lead", agencyId, { email: "not-this-browser@example.org" });
    expect((await attemptLogin(db, { email: other.email, password: TEST_PASSWORD, ip: shared, deviceToken: device }, now)).ok).toBe(false);
    expect((await attemptLogin(db, { email: user.email, password: TEST_PASSWORD, ip: shared, deviceToken: "made-up" }, now)).ok).toBe(false);
  });

  it("still slows guessing from a known browser, on its own count", async () => {
    const user = await makeUser(db, "agency_lead", agencyId, { email: "stolen-browser@example.org" });
    const now = new Date("2026-03-06T09:00:00Z");
    const device = await rememberDevice(db, user.id, null, now);
    const guess = { email: user.email, password: "guess", ip: "198.51.100.11", deviceToken: device };
    for (let n = 0; n < 5; n += 1) expect(await attemptLogin(db, guess, now)).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptLogin(db, guess, now)).toEqual({ ok: false, reason: "throttled", waitSeconds: 1 });
  });

  it("checks the password at most five times when sixty attempts arrive at once", async () => {
    await makeUser(db, "qa", null, { email: "raced@example.org" });
    const now = new Date("2026-03-07T09:00:00Z");
    let checks = 0;
    const counting = (password: string, stored: string) => {
      checks += 1;
      return verifyPassword(password, stored);
    };
    const results = await Promise.all(Array.from({ length: 60 }, () => attemptLogin(db, { email: "raced@example.org", password: "guess", ip: "198.51.100.12" }, now, counting)));
    expect(checks).toBe(5);
    expect(results.filter((result) => !result.ok && result.reason === "invalid")).toHaveLength(5);
    expect(results.filter((result) => !result.ok && result.reason === "throttled")).toHaveLength(55);
  });

  it("checks a password against a dummy hash for an unknown address and for an invited account with no password yet", async () => {
    const { lead } = await makeAgencyWithPeople(db);
    const invitee = await inviteMember(db, lead, { email: "invited-no-password@example.org", name: "Invited Person" });
    expect(invitee.ok).toBe(true);
    const known = await makeUser(db, "qa", null, { email: "has-password@example.org" });
    const seen: string[] = [];
    const recording = (password: string, stored: string) => {
      seen.push(stored);
      return verifyPassword(password, stored);
    };
    const now = new Date("2026-03-08T09:00:00Z");
    for (const email of ["nobody-here@example.org", "invited-no-password@example.org", known.email]) {
      expect((await attemptLogin(db, { email, password: "guess", ip: "192.0.2.50" }, now, recording)).ok).toBe(false);
    }
    expect(seen.slice(0, 2)).toEqual([DUMMY_HASH, DUMMY_HASH]);
    expect(seen[2]).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(seen[2]).not.toBe(DUMMY_HASH);
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
