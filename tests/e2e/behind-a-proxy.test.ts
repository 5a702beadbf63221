import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { freshDatabase, startServer, type ServerProcess, type TestDatabase } from "../support/server";

/*
 * TRUST_PROXY (server/trust-proxy.js, docs/operations.md "Behind a proxy"): only our own proxies' hops of
 * X-Forwarded-For are believed. This test is the proxy: it connects from 127.0.0.1 and sends the header a
 * proxy would, "<whatever the client claimed>, <the address the proxy saw>". A client that forges the
 * first part must still be counted as the address the proxy saw.
 */

let database: TestDatabase;
let db: Db;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  db = database.connect();
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await db?.destroy();
  database?.remove();
});

async function serve(trustProxy: string): Promise<ServerProcess> {
  const server = await startServer(database.url, { TRUST_PROXY: trustProxy });
  servers.push(server);
  return server;
}

async function wrongPassword(server: ServerProcess, email: string, forwardedFor: string): Promise<number> {
  const response = await fetch(`${server.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": forwardedFor },
    body: new URLSearchParams({ email, password: "a-wrong-password" }),
    redirect: "manual",
  });
  await response.arrayBuffer();
  return response.status;
}

async function recordedAddresses(email: string): Promise<string[]> {
  return (await db("login_attempts").where({ email }).orderBy("id")).map((row) => row.ip as string);
}

describe("behind one proxy", () => {
  it("counts a client that forges X-Forwarded-For as the address the proxy saw, so the per-address limit holds", async () => {
    const server = await serve("1");
    const statuses: number[] = [];
    for (let n = 0; n < 31; n += 1)
      statuses.push(await wrongPassword(server, `sprayed${n}@proxy.example.org`, `10.9.8.${n}, 203.0.113.50`));
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses[30], "the 31st failure from one address waits").toBe(429);
    expect(await recordedAddresses("sprayed0@proxy.example.org")).toEqual(["203.0.113.50"]);
    await server.stop();
  });

  it("reads TRUST_PROXY=true as one proxy, and says so when it starts", async () => {
    const server = await serve("true");
    expect(await wrongPassword(server, "true-setting@proxy.example.org", "10.9.8.7, 203.0.113.51")).toBe(401);
    expect(await recordedAddresses("true-setting@proxy.example.org")).toEqual(["203.0.113.51"]);
    expect(server.output()).toContain("TRUST_PROXY=true is read as TRUST_PROXY=1");
    await server.stop();
  });

  it("believes hops only from the proxy addresses it is given", async () => {
    const server = await serve("127.0.0.1");
    // The hop from 127.0.0.1 (this test) is skipped; 203.0.113.52 is not a proxy of ours, so it is the client.
    expect(await wrongPassword(server, "listed@proxy.example.org", "10.9.8.7, 203.0.113.52")).toBe(401);
    expect(await recordedAddresses("listed@proxy.example.org")).toEqual(["203.0.113.52"]);
    await server.stop();
  });

  it("believes a chain of its own proxies, and still stops at the first hop that is not one of them", async () => {
    const server = await serve("127.0.0.1, 10.0.0.0/8");
    // Each address's answer is remembered after its first request (server.js, rememberedTrust): asked twice over.
    for (let n = 0; n < 2; n += 1) {
      // The client writes "10.9.9.9" itself; 10.1.2.3 is a proxy of ours, 203.0.113.55 is not: it is the client.
      expect(await wrongPassword(server, `chain${n}@proxy.example.org`, "10.9.9.9, 203.0.113.55, 10.1.2.3")).toBe(401);
      expect(await recordedAddresses(`chain${n}@proxy.example.org`)).toEqual(["203.0.113.55"]);
    }
    await server.stop();
  });

  it("does not start with a setting it cannot read, and says why", async () => {
    await expect(serve("yes")).rejects.toThrow('TRUST_PROXY: "yes" is not a number of proxies, an IP address, a CIDR range');
  });
});

describe("with no proxy", () => {
  it("ignores X-Forwarded-For altogether", async () => {
    const server = await serve("");
    expect(await wrongPassword(server, "no-proxy@proxy.example.org", "203.0.113.53")).toBe(401);
    expect(await recordedAddresses("no-proxy@proxy.example.org")).toEqual([expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/)]);
    await server.stop();
  });
});
