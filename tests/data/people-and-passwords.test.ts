import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCommonPassword } from "~/auth/password-policy.server";
import { attemptLogin } from "~/auth/login.server";
import { createSession, getViewer } from "~/auth/session.server";
import { createApiToken, authenticateApiToken } from "~/data/api-tokens.server";
import { DuplicateCycleTitleError, createCycle } from "~/data/cycles.server";
import type { Db } from "~/data/db.server";
import { completePasswordReset, getOpenReset, issuePasswordReset, requestPasswordReset } from "~/data/password-resets.server";
import { deactivateUser, listUsersPage, reactivateUser, replaceLead, updateUser } from "~/data/users.server";
import { importAgencies, previewAgencyImport, setAgencyActive } from "~/data/agencies.server";
import type { Viewer } from "~/domain/permissions";
import { parseUserListQuery } from "~/domain/user";
import { createTestDb, importS11, makeAgency, makeAgencyWithPeople, makeCycle, makeUser } from "../support/factories";

/* People, passwords and agencies run by the business office, on a real database (SQLite and PostgreSQL). */

let db: Db;
let admin: Viewer;

beforeAll(async () => {
  db = await createTestDb();
  admin = await makeUser(db, "admin");
});

afterAll(async () => {
  await db.destroy();
});

async function sessionOf(userId: number): Promise<Request> {
  const cookie = (await createSession(db, new Request("http://localhost/"), userId)).split(";")[0];
  return new Request("http://localhost/returns", { headers: { Cookie: cookie } });
}

describe("people", () => {
  it("filters and pages the users list in SQL: by part of the name or email, role, agency and status", async () => {
    const { agency, lead, member } = await makeAgencyWithPeople(db);
    await deactivateUser(db, admin, member.id, { keepTokens: false });
    const page = (params: string) => listUsersPage(db, admin, parseUserListQuery(new URLSearchParams(params)));
    expect((await page(`agencyId=${agency.id}`)).users.map((user) => user.id)).toEqual([lead.id, member.id].sort((a, b) => a - b));
    expect((await page(`agencyId=${agency.id}&status=deactivated`)).users.map((user) => [user.id, user.status])).toEqual([[member.id, "deactivated"]]);
    expect((await page(`search=${encodeURIComponent(lead.email.toUpperCase())}`)).users.map((user) => user.id)).toEqual([lead.id]);
    expect((await page(`role=agency_lead&agencyId=${agency.id}&status=active`)).total).toBe(1);
    expect((await page("search=%25")).total).toBe(0);
    for (let n = 0; n < 55; n += 1) await makeUser(db, "board");
    const second = await page("role=board&page=2");
    expect([second.total, second.window.page, second.users.length]).toEqual([55, 2, 5]);
  });

  it("edits a person with the rules of creating one; a role change ends their sessions and tells them", async () => {
    const { agency, member } = await makeAgencyWithPeople(db);
    const request = await sessionOf(member.id);
    const edit = { name: "Renamed Person", email: member.email, role: "agency_member" as const, agencyId: agency.id };
    expect(await updateUser(db, admin, member.id, { ...edit, role: "qa" })).toMatchObject({ ok: false, field: "agencyId" });
    expect(await updateUser(db, admin, member.id, { ...edit, email: admin.email })).toMatchObject({ ok: false, field: "email" });
    expect(await updateUser(db, admin, member.id, edit)).toMatchObject({ ok: true, user: { name: "Renamed Person" } });
    expect(await getViewer(request, db)).not.toBeNull();
    expect(await updateUser(db, admin, member.id, { ...edit, role: "qa", agencyId: null })).toMatchObject({ ok: true, user: { role: "qa", agencyId: null } });
    // A new request: getViewer remembers its answer per request object.
    expect(await getViewer(new Request(request.url, { headers: request.headers }), db)).toBeNull();
    expect(await db("notifications").where({ user_id: member.id, kind: "role_changed" }).pluck("subject")).toEqual(["Your role in the safeguarding audit service has changed"]);
    expect(await updateUser(db, admin, admin.id, { name: admin.name, email: admin.email, role: "qa", agencyId: null })).toMatchObject({ ok: false, status: 409 });
  });

  it("deactivates a person: sessions end, sign-in is refused, their API tokens are revoked unless kept", async () => {
    const other = await makeUser(db, "admin");
    const kept = await createApiToken(db, other, "Kept dashboard");
    const request = await sessionOf(other.id);
    expect(await deactivateUser(db, admin, other.id, { keepTokens: true })).toMatchObject({ ok: true, tokensRevoked: 0 });
    expect(await getViewer(request, db)).toBeNull();
    expect((await attemptLogin(db, { email: other.email, password: "correct-horse-battery", ip: "192.0.2.40" })).ok).toBe(false);
    if (!kept.ok) throw new Error("no token");
    expect(await authenticateApiToken(db, kept.token)).not.toBeNull();
    expect(await reactivateUser(db, admin, other.id)).toMatchObject({ ok: true });
    const revoked = await createApiToken(db, other, "Revoked dashboard");
    if (!revoked.ok) throw new Error("no token");
    expect(await deactivateUser(db, admin, other.id, { keepTokens: false })).toMatchObject({ ok: true, tokensRevoked: 2 });
    expect(await authenticateApiToken(db, revoked.token)).toBeNull();
    expect(await deactivateUser(db, admin, admin.id, { keepTokens: false })).toMatchObject({ ok: false, status: 409 });
  });

  it("keeps an active lead while the agency has open returns, and replaces a departing lead in one step", async () => {
    const { agency, lead, member } = await makeAgencyWithPeople(db);
    await makeCycle(db, await importS11(db), { agencyIds: [agency.id] });
    expect(await deactivateUser(db, admin, lead.id, { keepTokens: false })).toMatchObject({ ok: false, status: 409, message: expect.stringContaining("without an active agency lead") });
    expect(await updateUser(db, admin, lead.id, { name: lead.name, email: lead.email, role: "agency_member", agencyId: agency.id })).toMatchObject({ ok: false, status: 409 });
    expect(await replaceLead(db, admin, { agencyId: agency.id, newLeadId: lead.id, oldLeadId: lead.id, outcome: "contributor" })).toMatchObject({ ok: false, field: "newLeadId" });
    expect(await replaceLead(db, admin, { agencyId: agency.id, newLeadId: member.id, oldLeadId: lead.id, outcome: "contributor" })).toMatchObject({ ok: true });
    expect(await db("users").whereIn("id", [lead.id, member.id]).orderBy("id").select("id", "role")).toEqual(
      [
        { id: lead.id, role: "agency_member" },
        { id: member.id, role: "agency_lead" },
      ].sort((a, b) => a.id - b.id),
    );
  });
});

describe("password resets", () => {
  it("issues a link stored hashed, working once for 24 hours; using it ends every session and tells the person", async () => {
    const person = await makeUser(db, "qa");
    const request = await sessionOf(person.id);
    const now = new Date("2027-01-10T09:00:00Z");
    const issued = await issuePasswordReset(db, admin, person.id, now);
    if (!issued.ok) throw new Error(issued.message);
    const stored = await db("password_resets").where({ user_id: person.id }).first();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(issued.token);
    expect(Date.parse(stored.expires_at) - now.getTime()).toBe(24 * 3600_000);
    expect(await getOpenReset(db, issued.token, "2027-01-11T09:00:01Z")).toBeNull();
    expect(await completePasswordReset(db, issued.token, "lantern copper river", "2027-01-10T10:00:00Z")).toEqual({ ok: true, userId: person.id });
    expect(await completePasswordReset(db, issued.token, "another long phrase", "2027-01-10T10:00:01Z")).toEqual({ ok: false });
    expect(await getViewer(request, db)).toBeNull();
    expect((await attemptLogin(db, { email: person.email, password: "lantern copper river", ip: "192.0.2.41" })).ok).toBe(true);
    expect(await db("notifications").where({ user_id: person.id, kind: "password_changed" }).pluck("kind")).toEqual(["password_changed"]);
  });

  it("answers a forgotten-password request alike for unknown addresses, and stops issuing links to one account after three", async () => {
    const person = await makeUser(db, "board");
    const now = new Date("2027-02-01T09:00:00Z");
    expect(await requestPasswordReset(db, `nobody-${Date.now()}@example.org`, "192.0.2.50", now)).toEqual({ kind: "nothing" });
    const kinds = [];
    for (let n = 0; n < 4; n += 1) kinds.push((await requestPasswordReset(db, person.email, `192.0.2.${60 + n}`, now)).kind);
    expect(kinds).toEqual(["issued", "issued", "issued", "nothing"]);
    // Only the newest link works.
    const open = await db("password_resets").where({ user_id: person.id }).whereNull("used_at");
    expect(open).toHaveLength(1);
  });

  it("refuses common passwords from the shipped list, in any case", () => {
    expect(isCommonPassword("Password1234")).toBe(true);
    expect(isCommonPassword("qwertyuiop123")).toBe(true);
    expect(isCommonPassword("quiet river lantern")).toBe(false);
  });
});

describe("agencies and cycles", () => {
  it("previews an import as what will be added and what updated, and writes nothing until imported", async () => {
    const known = await makeAgency(db);
    const rows = [
      { name: known.name.toUpperCase(), sector: "police" as const, contactEmail: known.contactEmail },
      { name: `Preview new agency ${Date.now()}`, sector: "faith" as const, contactEmail: null },
    ];
    const preview = await previewAgencyImport(db, rows);
    expect(preview).toEqual({ added: [rows[1]], updated: [{ name: known.name, changes: ["Sector: Health → Police"] }], unchanged: 0 });
    expect(await db("agencies").where({ name: rows[1].name }).first()).toBeUndefined();
    expect(await importAgencies(db, admin.id, rows)).toEqual({ added: 1, updated: 1, unchanged: 0 });
  });

  it("leaves a deactivated agency out of a cycle that opens, and refuses a second cycle with the same title", async () => {
    const closed = await makeAgency(db, { sector: "faith" });
    const open = await makeAgency(db, { sector: "faith" });
    expect(await setAgencyActive(db, admin, closed.id, false)).toMatchObject({ ok: true });
    const tool = await importS11(db);
    const cycleId = await makeCycle(db, tool, { agencyIds: [closed.id, open.id] });
    expect(await db("returns").where({ cycle_id: cycleId }).pluck("agency_id")).toEqual([open.id]);
    const title = `Section 11 audit unique ${Date.now()}`;
    const input = { toolId: tool.id, title, opensOn: "2027-01-04", dueOn: "2027-03-31", finalDeadlineOn: null, selection: { all: true as const } };
    await createCycle(db, null, input);
    await expect(createCycle(db, null, { ...input, title: ` ${title.toUpperCase()} ` })).rejects.toBeInstanceOf(DuplicateCycleTitleError);
  });
});
