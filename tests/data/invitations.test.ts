import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptLogin } from "~/auth/login.server";
import type { Db } from "~/data/db.server";
import { acceptInvitation, getOpenInvitation, inviteMember, listAgencyPeople, reissueInvitation, removeMemberAccess } from "~/data/invitations.server";
import { saveReturnPage, submitReturn } from "~/data/return-edits.server";
import { SIGNOFF, createTestDb, importS11, makeAgencyWithPeople, makeCycle, pageNames, returnIdOf } from "../support/factories";

/* Contributors: a lead invites colleagues, who set a password from a one-time link; the lead removes access. */

let db: Db;

beforeAll(async () => {
  db = await createTestDb();
});

afterAll(async () => {
  await db.destroy();
});

describe("invitations", () => {
  it("creates a contributor who cannot sign in until the link is used, once, and stores only the token's digest", async () => {
    const { lead, agency } = await makeAgencyWithPeople(db);
    const invited = await inviteMember(db, lead, { name: "Kim Lee", email: "Kim.Lee@Agency.example.org" });
    if (!invited.ok) throw new Error(invited.message);
    const stored = await db("invitations").where({ user_id: invited.userId }).first();
    expect(stored.token_hash).not.toContain(invited.token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(invited.expiresAt) - Date.parse(stored.created_at)).toBe(7 * 86_400_000);
    const user = await db("users").where({ id: invited.userId }).first();
    expect(user).toMatchObject({ email: "kim.lee@agency.example.org", role: "agency_member", agency_id: agency.id });
    expect((await attemptLogin(db, { email: "kim.lee@agency.example.org", password: "invited", ip: "192.0.2.9" })).ok).toBe(false);

    expect(await getOpenInvitation(db, invited.token)).toMatchObject({ name: "Kim Lee", agencyName: agency.name });
    expect(await acceptInvitation(db, invited.token, "a long enough passphrase")).toEqual({ ok: true, userId: invited.userId });
    expect(await acceptInvitation(db, invited.token, "another long passphrase")).toEqual({ ok: false });
    expect((await attemptLogin(db, { email: "kim.lee@agency.example.org", password: "a long enough passphrase", ip: "192.0.2.9" })).ok).toBe(true);
    const actions = (await db("audit_log").where({ entity_type: "user", entity_id: String(invited.userId) }).orderBy("id")).map((row) => row.action);
    expect(actions).toEqual(["user.invite", "user.accept_invitation"]);
  });

  it("refuses an expired link and an unknown one, and a new link replaces the old", async () => {
    const { lead } = await makeAgencyWithPeople(db);
    const longAgo = new Date(Date.now() - 8 * 86_400_000);
    const invited = await inviteMember(db, lead, { name: "Old Invite", email: "old.invite@agency.example.org" }, longAgo);
    if (!invited.ok) throw new Error(invited.message);
    expect(await getOpenInvitation(db, invited.token)).toBeNull();
    expect(await getOpenInvitation(db, "not-a-real-token-at-all-xxxxxxxx")).toBeNull();
    expect((await listAgencyPeople(db, lead))!.find((person) => person.id === invited.userId)?.state).toBe("expired");
    const fresh = await reissueInvitation(db, lead, invited.userId);
    if (!fresh.ok) throw new Error(fresh.message);
    expect(await getOpenInvitation(db, fresh.token)).not.toBeNull();
    expect((await listAgencyPeople(db, lead))!.find((person) => person.id === invited.userId)?.state).toBe("invited");
  });

  it("lets only the agency's lead invite, list and remove, and never for another agency", async () => {
    const ours = await makeAgencyWithPeople(db);
    const theirs = await makeAgencyWithPeople(db);
    expect(await inviteMember(db, ours.member, { name: "X", email: "x@agency.example.org" })).toMatchObject({ ok: false, status: 403 });
    expect(await listAgencyPeople(db, ours.member)).toBeNull();
    expect(await removeMemberAccess(db, ours.lead, theirs.member.id)).toMatchObject({ ok: false, status: 404 });
    expect(await removeMemberAccess(db, ours.lead, ours.lead.id)).toMatchObject({ ok: false, status: 409 });
    expect(await inviteMember(db, ours.lead, { name: "Dup", email: theirs.member.email })).toMatchObject({ ok: false, status: 409 });
    expect((await listAgencyPeople(db, ours.lead))!.map((person) => person.id).sort()).toEqual([ours.lead.id, ours.member.id].sort());
  });

  it("removes a contributor's access: sessions end, sign-in refused, the account and its history kept", async () => {
    const { lead, member, agency } = await makeAgencyWithPeople(db);
    const s11 = await importS11(db);
    const returnId = await returnIdOf(db, await makeCycle(db, s11, { agencyIds: [agency.id] }), agency.id);
    expect((await saveReturnPage(db, member, returnId, pageNames(s11)[0], { s11_1_q1: "fully" })).ok).toBe(true);
    await db("sessions").insert({ id: "f".repeat(64), user_id: member.id, created_at: new Date().toISOString(), expires_at: "2999-01-01T00:00:00.000Z" });
    expect(await removeMemberAccess(db, lead, member.id)).toEqual({ ok: true, name: member.name });
    expect(await db("sessions").where({ user_id: member.id })).toEqual([]);
    expect((await attemptLogin(db, { email: member.email, password: "correct-horse-battery", ip: "192.0.2.10" })).ok).toBe(false);
    expect((await listAgencyPeople(db, lead))!.find((person) => person.id === member.id)?.state).toBe("removed");
    expect(await db("users").where({ id: member.id }).first()).toBeTruthy();
    expect((await db("audit_log").where({ action: "user.remove_access", entity_id: String(member.id) })).length).toBe(1);
    // A contributor never signs off, removed or not.
    expect(await submitReturn(db, member, returnId, SIGNOFF)).toMatchObject({ ok: false, status: 409, message: "Only your agency lead can sign off and submit the return" });
  });
});
