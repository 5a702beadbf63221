import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/data/db.server";
import { runObservationReminders } from "~/data/notifications.server";
import { getIndicator, getScorecardReport, importIndicators, importObservations, listIndicatorOwners, listIndicators, saveIndicator, saveObservation } from "~/data/scorecard.server";
import type { Viewer } from "~/domain/permissions";
import { IndicatorInputSchema, ObservationInputSchema, type IndicatorInput } from "~/domain/scorecard";
import { createTestDb, makeAgencyWithPeople, makeUser } from "../support/factories";

let db: Db;
let admin: Viewer;
let qa: Viewer;
let board: Viewer;
let police: Awaited<ReturnType<typeof makeAgencyWithPeople>>;
let health: Awaited<ReturnType<typeof makeAgencyWithPeople>>;

function indicator(overrides: Record<string, string> = {}): IndicatorInput {
  return IndicatorInputSchema.parse({ code: "RI-72", title: "Return interviews within 72 hours", definition: "Return interviews offered within 72 hours of a child's return", unit: "percent", polarity: "higher", target: "85", greenTolerance: "0", amberTolerance: "5", frequency: "quarterly", quadrant: "how_well", theme: "cp_activity", owner: "", linkedStandards: "", ...overrides });
}

const observation = (overrides: Record<string, string> = {}) => ObservationInputSchema.parse({ period: "2026-Q1", value: "", numerator: "", denominator: "", provisional: "", commentary: "", ...overrides });

beforeAll(async () => {
  db = await createTestDb();
  admin = await makeUser(db, "admin");
  qa = await makeUser(db, "qa");
  board = await makeUser(db, "board");
  police = await makeAgencyWithPeople(db, { sector: "police" });
  health = await makeAgencyWithPeople(db);
});

afterAll(async () => {
  await db.destroy();
});

describe("indicators", () => {
  it("only admin defines; a changed definition is the next version and the series breaks there", async () => {
    expect(await saveIndicator(db, qa, indicator(), null)).toMatchObject({ ok: false, status: 403 });
    const created = await saveIndicator(db, admin, indicator({ owner: String(police.agency.id) }), null);
    if (!created.ok) throw new Error("not created");
    expect(await saveIndicator(db, admin, indicator(), null)).toEqual({ ok: false, status: 400, errors: { code: "There is already an indicator with the code RI-72" } });
    expect(await saveObservation(db, police.lead, created.id, observation({ numerator: "40", denominator: "50" }))).toMatchObject({ ok: true, replaced: false });
    const changed = await saveIndicator(db, admin, indicator({ owner: String(police.agency.id), definition: "Return interviews completed within 72 hours" }), created.id);
    expect(changed).toEqual({ ok: true, id: created.id, newVersion: true });
    expect(await saveObservation(db, police.member, created.id, observation({ period: "2026-Q2", numerator: "45", denominator: "50" }))).toMatchObject({ ok: true });
    expect(await saveIndicator(db, admin, indicator({ owner: String(police.agency.id), frequency: "monthly", definition: "Return interviews completed within 72 hours" }), created.id)).toMatchObject({ ok: false, errors: { frequency: expect.stringContaining("cannot change") } });

    const report = await getScorecardReport(db, qa, { theme: null, quadrant: null, owner: null, from: null, to: null });
    const row = report!.indicators.find((entry) => entry.code === "RI-72")!;
    // 40/50 = 80% (amber: 5 short of 85), then 45/50 = 90% (green) under version 2.
    expect(row.points.map((point) => [point.period, point.value, point.version, point.rag, point.breakBefore])).toEqual([
      ["2026-Q1", 80, 1, "amber", false],
      ["2026-Q2", 90, 2, "green", true],
    ]);
    expect(row.direction).toBe("not_comparable");
    expect(await getScorecardReport(db, board, { theme: null, quadrant: null, owner: null, from: null, to: null })).toBeNull();
  });

  it("keeps each agency to its own indicators", async () => {
    const [ri] = (await listIndicators(db, admin)).filter((entry) => entry.code === "RI-72");
    expect((await listIndicators(db, police.lead)).map((entry) => entry.code)).toEqual(["RI-72"]);
    expect(await listIndicators(db, health.lead)).toEqual([]);
    expect(await listIndicators(db, board)).toEqual([]);
    expect(await listIndicatorOwners(db, qa)).toEqual([{ id: police.agency.id, name: police.agency.name }]);
    expect(await listIndicatorOwners(db, police.lead)).toEqual([]);
    expect(await getIndicator(db, health.lead, ri.id)).toBeNull();
    expect(await saveObservation(db, health.lead, ri.id, observation({ period: "2026-Q3", value: "50" }))).toMatchObject({ ok: false, status: 404 });
    expect(await saveObservation(db, qa, ri.id, observation({ period: "2026-Q3", value: "50" }))).toMatchObject({ ok: false, status: 403 });
    expect(await db("observations").where({ indicator_id: ri.id, period: "2026-Q3" }).first()).toBeUndefined();
  });
});

describe("imports", () => {
  it("imports indicators all or nothing and versions a changed definition", async () => {
    const refused = await importIndicators(db, null, [
      { line: 2, input: indicator({ code: "LADO-30", title: "LADO referrals resolved within 30 days" }) },
      { line: 3, input: indicator({ code: "LADO-30" }) },
    ]);
    expect(refused).toEqual({ ok: false, problems: [{ line: 3, text: "LADO-30 is already on row 2: give each indicator once" }] });
    expect(await db("indicators").where({ code: "LADO-30" }).first()).toBeUndefined();
    expect(await importIndicators(db, null, [{ line: 2, input: indicator({ code: "LADO-30" }) }, { line: 3, input: indicator({ code: "RI-72", owner: String(police.agency.id), definition: "A third definition" }) }])).toEqual({ ok: true, added: 1, updated: 1, newVersions: 1 });
  });

  it("imports observations all or nothing, naming each bad row", async () => {
    const before = await db("observations").count({ n: "*" }).first();
    const rows = [
      { line: 2, indicator: "LADO-30", agency: "", input: observation({ period: "2025-Q3", value: "70" }) },
      { line: 3, indicator: "LADO-30", agency: "", input: observation({ period: "2025-09", value: "70" }) },
      { line: 4, indicator: "RI-72", agency: "", input: observation({ period: "2025-Q3", value: "70" }) },
      { line: 5, indicator: "NOPE", agency: "", input: observation({ period: "2025-Q3", value: "70" }) },
    ];
    expect(await importObservations(db, admin.id, rows)).toEqual({
      ok: false,
      problems: [
        { line: 3, text: "This indicator is quarterly: enter the period like 2026-Q3, not 2025-09" },
        { line: 4, text: `RI-72 belongs to ${police.agency.name}: give that agency (got "nothing")` },
        { line: 5, text: "There is no indicator NOPE" },
      ],
    });
    expect(await db("observations").count({ n: "*" }).first()).toEqual(before);
    const good = await importObservations(db, admin.id, [
      { line: 2, indicator: "LADO-30", agency: "", input: observation({ period: "2025-Q3", value: "70" }) },
      { line: 3, indicator: "lado-30", agency: "", input: observation({ period: "2025-Q4", numerator: "9", denominator: "10", provisional: "yes", commentary: "New LADO in post" }) },
      { line: 4, indicator: "RI-72", agency: police.agency.name.toUpperCase(), input: observation({ period: "2026-Q1", value: "81" }) },
    ]);
    expect(good).toEqual({ ok: true, added: 2, replaced: 1 });
    const row = await db("observations").join("indicators", "indicators.id", "observations.indicator_id").where({ code: "LADO-30", period: "2025-Q4" }).first("value", "provisional", "commentary", "source");
    expect({ ...row, provisional: Boolean(row.provisional) }).toEqual({ value: 90, provisional: true, commentary: "New LADO in post", source: "import" });
  });
});

describe("chasing missing figures", () => {
  it("chases the owning agency's people once for the latest due quarter, and the business office for the partnership's", async () => {
    // On 2026-11-05 the latest quarter due is 2026-Q3 (due 30 October). RI-72 (police) has 2026-Q1 and Q2 only; LADO-30 (partnership) none.
    const now = "2026-11-05T10:00:00.000Z";
    const result = await runObservationReminders(db, now);
    expect(result).toEqual({ queued: 3, indicators: 2 });
    const rows = await db("notifications").where({ kind: "observation_overdue" }).join("users", "users.id", "notifications.user_id").orderBy("users.id").select("users.email", "notifications.subject", "notifications.link");
    const ri = await db("indicators").where({ code: "RI-72" }).first("id");
    expect(rows).toEqual([
      { email: admin.email, subject: "Scorecard figures overdue: LADO-30 for 2026-Q3", link: expect.stringMatching(/^\/indicators\/\d+\/observations\/new$/) },
      { email: police.lead.email, subject: "Scorecard figures overdue: RI-72 for 2026-Q3", link: `/indicators/${ri.id}/observations/new` },
      { email: police.member.email, subject: "Scorecard figures overdue: RI-72 for 2026-Q3", link: `/indicators/${ri.id}/observations/new` },
    ]);
    expect(await db("outbox").join("notifications", "notifications.id", "outbox.notification_id").where("notifications.kind", "observation_overdue").count({ n: "*" }).first()).toEqual({ n: 3 });
    expect(await runObservationReminders(db, now)).toEqual({ queued: 0, indicators: 0 });
    // Entered: not chased again for the next quarter until it is due.
    await saveObservation(db, police.lead, ri.id, observation({ period: "2026-Q3", value: "88" }));
    expect(await runObservationReminders(db, "2027-01-29T10:00:00.000Z")).toEqual({ queued: 0, indicators: 0 });
  });
});
