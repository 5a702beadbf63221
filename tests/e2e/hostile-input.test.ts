import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { baseUrl, DEMO_PASSWORD, sessionCookie } from "../support/browser";
import { returnIdOf, serverDb } from "../support/db";
import { importS11, makeAgency, makeCycle, makeUser } from "../support/factories";
import { receivedMail, waitForMail } from "../support/mail";

/*
 * Hostile input over real HTTP against the production build (docs/security.md): a redirect smuggled past
 * the sign-in form, pages with draft answers kept out of caches, and header injection through an
 * agency's name into the email the chase sends (to the loopback SMTP server).
 */

let db: Db;
beforeAll(() => {
  db = serverDb();
});
afterAll(() => db.destroy());

async function signInWith(fields: Record<string, string>): Promise<Response> {
  const response = await fetch(`${baseUrl()}/login`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
  await response.arrayBuffer();
  return response;
}

describe("after signing in", () => {
  it.each([
    ["a tab", "/\t/evil.example/phish"],
    ["a newline", "/\n/evil.example/phish"],
    ["a backslash", "/\\evil.example/phish"],
    ["two slashes", "//evil.example/phish"],
    ["a full address", "https://evil.example/phish"],
  ])("goes home, not off the site, when the target holds %s", async (_name, redirectTo) => {
    const response = await signInWith({ email: "qa@example.org", password: DEMO_PASSWORD, redirectTo });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });

  it("goes on to our own page, with its query, as asked", async () => {
    const response = await signInWith({ email: "qa@example.org", password: DEMO_PASSWORD, redirectTo: "/cycles?status=open" });
    expect(response.headers.get("location")).toBe("/cycles?status=open");
  });

  it("sends the tab-smuggled target of the issue home, as the browser would ask for it", async () => {
    // The sign-in page carries redirectTo from its own address into the form: follow it as a browser does.
    const page = await fetch(`${baseUrl()}/login?redirectTo=/%09/evil.example/phish`);
    const hidden = /name="redirectTo" value="([^"]*)"/.exec(await page.text())?.[1];
    expect(hidden).toBe("/\t/evil.example/phish");
    const response = await signInWith({ email: "qa@example.org", password: DEMO_PASSWORD, redirectTo: hidden! });
    expect(response.headers.get("location")).toBe("/");
  });
});

describe("caching", () => {
  it("tells browsers and proxies not to store any page, signed in or not", async () => {
    const lead = await sessionCookie("lead@council.example.org");
    const draft = await returnIdOf(db, "council");
    for (const [path, cookie] of [
      [`/returns/${draft}`, lead],
      ["/returns", lead],
      ["/notifications", lead],
      ["/login", null],
    ] as const) {
      const response = await fetch(`${baseUrl()}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
      await response.arrayBuffer();
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toContain("no-store");
    }
  });

  it("lets browsers keep the style sheets and scripts", async () => {
    const home = await (await fetch(`${baseUrl()}/login`)).text();
    const asset = /href="(\/[^"]+\.css)"/.exec(home)?.[1];
    expect(asset).toBeTruthy();
    const response = await fetch(`${baseUrl()}${asset}`);
    await response.arrayBuffer();
    expect(response.headers.get("cache-control")).not.toContain("no-store");
  });
});

describe("email", () => {
  it("sends no extra header or recipient when an agency's name holds a line break", async () => {
    // Straight into the database, as an import or an old row might: the agency form refuses such a name.
    const agency = await makeAgency(db, { name: `Injected ${Date.now()}\r\nBcc: evil@example.org` });
    const lead = await makeUser(db, "agency_lead", agency.id, { email: `injected-${Date.now()}@agency.example.org` });
    await makeCycle(db, await importS11(db), { agencyIds: [agency.id] });

    const admin = await sessionCookie("admin@example.org", DEMO_PASSWORD);
    const run = await fetch(`${baseUrl()}/outbox`, {
      method: "POST",
      headers: { Cookie: admin },
      body: new URLSearchParams({ _intent: "run" }),
      redirect: "manual",
    });
    await run.arrayBuffer();
    expect(run.status).toBeLessThan(400);

    const mail = await waitForMail((message) => message.to.includes(lead.email));
    expect(mail.to).toEqual([lead.email]);
    expect(receivedMail().filter((message) => message.to.includes("evil@example.org"))).toEqual([]);
    // No header line of its own: every line of the header block is a known header or a folded continuation.
    const headers = mail.raw.split(/\r?\n\r?\n/)[0].split(/\r?\n/);
    expect(headers.filter((line) => /^bcc:/i.test(line))).toEqual([]);
    expect(headers.filter((line) => /^subject:/i.test(line))).toHaveLength(1);
    expect(mail.subject).toContain("is open for Injected");
  });
});
