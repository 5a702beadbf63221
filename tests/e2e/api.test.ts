import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getComparisonReport } from "~/data/reports/comparison.server";
import type { Db } from "~/data/db.server";
import type { Viewer } from "~/domain/permissions";
import type { BaselineReport } from "~/domain/reports/baseline";
import { arrive, baseUrl, expectAccessible, openBrowser, screenshot, type Session, sessionCookie, signIn, visit } from "../support/browser";
import { serverDb } from "../support/db";

/*
 * The read-only JSON API (DESIGN §9, docs/api.md) over real HTTP: the admin creates a token on the
 * API tokens page (shown once), a client reads with it, the numbers are the pages' numbers, and a
 * revoked token is refused.
 */

let db: Db;
let later: number;
let earlier: number;
let admin: Session;
let token: string;

const api = (path: string, bearer: string | null = token) =>
  fetch(`${baseUrl()}/api/v1${path}`, { headers: bearer === null ? {} : { Authorization: `Bearer ${bearer}` } });

beforeAll(async () => {
  db = serverDb();
  later = (await db("cycles").where({ title: "Section 11 audit 2026" }).first()).id;
  earlier = (await db("cycles").where({ title: "Section 11 audit 2025" }).first()).id;
  admin = await openBrowser();
  await signIn(admin.page, "admin@example.org");
});
afterAll(async () => {
  await admin.close();
  await db.destroy();
});

describe("API tokens page", () => {
  it("creates a token with a name and shows it once", async () => {
    const { page } = admin;
    await visit(page, "/api-tokens", "admin-api-tokens");
    await page.getByRole("button", { name: "Create token" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    await expectAccessible(page);
    await expect(page.locator(".govuk-error-summary").textContent()).resolves.toContain("Enter a name for the token");
    await page.getByLabel("Name").fill("E2E dashboard");
    await page.getByRole("button", { name: "Create token" }).click();
    await page.getByTestId("new-token").waitFor();
    token = (await page.getByTestId("new-token").textContent())!.trim();
    expect(token).toMatch(/^sap_/);
    await expectAccessible(page);
    await screenshot(page, "admin-api-token-created");
    const row = await db("api_tokens").where({ name: "E2E dashboard" }).first();
    expect(row.token_hash).not.toContain(token);
    // Shown once: reloading the page lists the token but never shows it again.
    await page.goto("/api-tokens");
    await expect(page.locator("main").textContent()).resolves.not.toContain(token);
    await expect(page.getByRole("table", { name: /API tokens/ }).textContent()).resolves.toContain("E2E dashboard");
  });
});

describe("/api/v1", () => {
  it("refuses a request without a token, or with a wrong one, as JSON 401 with WWW-Authenticate: Bearer", async () => {
    for (const bearer of [null, "sap_not-a-real-token"]) {
      const response = await api("/cycles", bearer);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="api"/);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect((await response.json()).error.status).toBe(401);
    }
  });

  it("lists cycles and one cycle, and answers an unknown cycle or address with a JSON 404", async () => {
    const list = await (await api("/cycles")).json();
    expect(list.apiVersion).toBe(1);
    expect(list.cycles.map((cycle: { title: string }) => cycle.title)).toEqual(
      expect.arrayContaining(["Section 11 audit 2025", "Section 11 audit 2026"]),
    );
    const one = await (await api(`/cycles/${later}`)).json();
    expect(one.cycle).toMatchObject({ id: later, title: "Section 11 audit 2026", status: "open", tool: { code: "s11" } });
    for (const path of ["/cycles/999999", "/cycles/abc", "/cycles/999999/returns", `/cycles/${later}/reports/nonsense`, "/no-such-thing"]) {
      const response = await api(path);
      expect(response.status, path).toBe(404);
      expect((await response.json()).error.status).toBe(404);
    }
  });

  it("gives the returns with the same overall scores and effective ratings as the baseline page's JSON", async () => {
    const body = await (await api(`/cycles/${later}/returns`)).json();
    const page = (await (
      await fetch(`${baseUrl()}/cycles/${later}/baseline/export?format=json`, {
        headers: { Cookie: await sessionCookie("qa@example.org") },
      })
    ).json()) as BaselineReport;
    const scored = body.returns.filter((entry: { overall: unknown }) => entry.overall !== null);
    expect(scored).toHaveLength(page.agencies.length);
    for (const row of page.agencies) {
      const entry = scored.find((candidate: { agency: { name: string } }) => candidate.agency.name === row.agency.name);
      expect(entry.overall.percent).toBe(row.overall.percent);
      expect(entry.standards.map((standard: { code: string; effectiveBand: string }) => [standard.code, standard.effectiveBand])).toEqual(
        row.standards.map((standard) => [standard.code, standard.effectiveBand]),
      );
    }
    // Drafts show their status only.
    const draft = body.returns.find((entry: { status: string }) => entry.status === "in_progress");
    expect(draft).toMatchObject({ overall: null, standards: [] });
  });

  it("gives the comparison the page shows, and 400s for a missing or bad against or threshold", async () => {
    const user = await db("users").where({ email: "qa@example.org" }).first();
    const qa: Viewer = { id: user.id, email: user.email, name: user.name, role: "qa", agencyId: null };
    const result = await getComparisonReport(db, qa, earlier, later, { threshold: 10 });
    if (!result?.ok) throw new Error("no comparison");
    const body = await (await api(`/cycles/${later}/reports/comparison?against=${earlier}&threshold=10`)).json();
    expect(body.report).toEqual(JSON.parse(JSON.stringify(result.report)));
    for (const query of ["", "?against=abc", `?against=${earlier}&threshold=0`, `?against=${later}`]) {
      const response = await api(`/cycles/${later}/reports/comparison${query}`);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.message).toEqual(expect.any(String));
    }
    for (const kind of ["baseline", "completion", "actions", "trend"]) {
      const response = await api(`/cycles/${later}/reports/${kind}`);
      expect(response.status, kind).toBe(200);
      expect((await response.json()).report.kind).toBe(kind);
    }
  });

  it("lists case audits with their cases' cycles, and gives a case audit's report as the page's export has it", async () => {
    const audit = await db("case_audits").where({ title: "Neglect: recognition and response (spring 2026)" }).first();
    const list = await (await api("/case-audits")).json();
    expect(list.apiVersion).toBe(1);
    const listed = list.caseAudits.find((entry: { id: number }) => entry.id === audit.id);
    const cases = await db("case_audit_cases").where({ case_audit_id: audit.id }).orderBy("id").select("id", "reference", "cycle_id");
    expect(listed).toMatchObject({
      title: audit.title,
      status: "open",
      tool: { code: "case-audit" },
      agencies: 4,
      panelOn: audit.panel_on,
    });
    expect(listed.cases).toEqual(
      cases.map((entry: { id: number; reference: string; cycle_id: number }) => ({
        id: entry.id,
        reference: entry.reference,
        cycleId: entry.cycle_id,
      })),
    );
    // A case's agency case returns are its cycle's returns, with their scores.
    const returns = await (await api(`/cycles/${listed.cases[0].cycleId}/returns`)).json();
    expect(returns.returns).toHaveLength(4);
    const report = await (await api(`/case-audits/${audit.id}/report`)).json();
    const page = await (
      await fetch(`${baseUrl()}/case-audits/${audit.id}/report/export?format=json`, {
        headers: { Cookie: await sessionCookie("qa@example.org") },
      })
    ).json();
    expect(report.report).toEqual(page);
    expect(report.report).toMatchObject({ kind: "case-audit", summary: { cases: 3, agencies: 4 } });
    for (const path of ["/case-audits/999999/report", "/case-audits/abc/report", `/case-audits/${audit.id}/nonsense`]) {
      const response = await api(path);
      expect(response.status, path).toBe(404);
      expect((await response.json()).error.status).toBe(404);
    }
    for (const path of ["/case-audits", `/case-audits/${audit.id}/report`]) {
      expect((await api(path, null)).status, path).toBe(401);
      expect(
        (await fetch(`${baseUrl()}/api/v1${path}`, { method: "POST", headers: { Authorization: `Bearer ${token}` } })).status,
        path,
      ).toBe(405);
    }
  });

  it("is read-only: a POST is refused", async () => {
    const response = await fetch(`${baseUrl()}/api/v1/cycles`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(405);
  });

  it("refuses the token once the admin revokes it, after asking for confirmation", async () => {
    const { page } = admin;
    await page.goto("/api-tokens");
    await page.getByRole("link", { name: "Revoke E2E dashboard" }).click();
    await arrive(page, /\/api-tokens\/\d+\/revoke$/);
    await expectAccessible(page);
    await screenshot(page, "admin-api-token-revoke");
    expect((await api("/cycles")).status).toBe(200);
    await page.getByRole("button", { name: "Revoke token" }).click();
    await arrive(page, /\/api-tokens\?revoked=1$/);
    await expectAccessible(page);
    const refused = await api("/cycles");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const row = await db("api_tokens").where({ name: "E2E dashboard" }).first();
    expect(row.last_used_at).not.toBeNull();
  });
});
