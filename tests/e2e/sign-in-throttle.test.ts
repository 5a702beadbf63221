import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { TEST_PASSWORD, makeUser } from "../support/factories";
import { freshDatabase, startServer, type ServerProcess, type TestDatabase } from "../support/server";

/*
 * Sign-in throttling over real HTTP (docs/security.md "Signing in"), on a server of its own so its
 * failures touch no other test. TRUST_PROXY=1: this test plays the proxy, so each request can come from
 * the address it names in X-Forwarded-For.
 */

let database: TestDatabase;
let db: Db;
let server: ServerProcess;

beforeAll(async () => {
  database = await freshDatabase();
  db = database.connect();
  server = await startServer(database.url, { TRUST_PROXY: "1" });
});

afterAll(async () => {
  await server?.stop();
  await db?.destroy();
  database?.remove();
});

async function signIn(email: string, password: string, from: string, cookie?: string): Promise<Response> {
  const response = await fetch(`${server.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": from, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  await response.arrayBuffer();
  return response;
}

describe("sign-in throttling", () => {
  it("checks the password five times when sixty wrong attempts arrive at once, and lets the real user in from elsewhere", async () => {
    const user = await makeUser(db, "qa", null, { email: "raced@throttle.example.org" });
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 60 }, () => signIn(user.email, "a-wrong-password", "198.51.100.20")));
    const seconds = (Date.now() - started) / 1000;
    const checked = responses.filter((response) => response.status === 401).length;
    const throttled = responses.filter((response) => response.status === 429);
    // Five free failures, then one more each time a wait (1 s, 2 s, 4 s…: 2^k - 1 s for k more) ran out meanwhile.
    const extra = Math.floor(Math.log2(seconds + 1));
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(5 + extra);
    expect(throttled).toHaveLength(60 - checked);
    expect(throttled.every((response) => Number(response.headers.get("retry-after")) >= 1)).toBe(true);
    expect(await db("login_attempts").where({ email: user.email }).count({ n: "*" }).first()).toEqual({ n: checked });
    // Someone else's guessing does not hold the real user up at their own address.
    expect((await signIn(user.email, TEST_PASSWORD, "203.0.113.20")).status).toBe(302);
  });

  it("says how long to wait", async () => {
    const user = await makeUser(db, "qa", null, { email: "told@throttle.example.org" });
    for (let n = 0; n < 5; n += 1) expect((await signIn(user.email, "a-wrong-password", "198.51.100.21")).status).toBe(401);
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "198.51.100.21" },
      body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(429);
    expect(await response.text()).toMatch(/Too many attempts to sign in\. Wait [12] seconds? and try again/);
  });

  it("lets a browser that signed in before back in from an address the attacker has worn out", async () => {
    const person = await makeUser(db, "admin", null, { email: "office@throttle.example.org" });
    const office = "198.51.100.22";
    const first = await signIn(person.email, TEST_PASSWORD, office);
    expect(first.status).toBe(302);
    const device = first.headers.getSetCookie().find((line) => line.startsWith("__device="));
    expect(device).toMatch(/^__device=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=31536000/);
    // Someone at the same office address guesses at this account and sprays others.
    for (let n = 0; n < 30; n += 1) await signIn(n < 5 ? person.email : `sprayed${n}@throttle.example.org`, "a-wrong-password", office);
    expect((await signIn(person.email, TEST_PASSWORD, office)).status).toBe(429);
    expect((await signIn(person.email, TEST_PASSWORD, office, device!.split(";")[0])).status).toBe(302);
  });
});
