import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrate, type Db } from "~/data/db.server";
import { importS11, makeAgencyWithPeople, makeCycle } from "../tests/support/factories";
import { cliAgainst } from "../tests/support/cli";
import { startLoopbackSmtp, type LoopbackSmtp } from "../tests/support/smtp";

/* `notifications:run` through the real argument parser, sending to a real SMTP server on loopback. */

let db: Db;
let dir: string;
let url: string;
let smtp: LoopbackSmtp;
const received: { to: string[]; raw: string }[] = [];
const savedSmtpUrl = process.env.SMTP_URL;
let leadEmail: string;

const cli = cliAgainst(() => url);

/** A UK calendar date `days` from today, as YYYY-MM-DD. */
function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-notifications-"));
  url = `file:${path.join(dir, "app.db")}`;
  db = createDb(url);
  await migrate(db);
  const tool = await importS11(db);
  const { agency, lead } = await makeAgencyWithPeople(db, { name: "Northshire Youth Justice Service", sector: "youth_justice" });
  leadEmail = lead.email;
  // Opened a month ago, due five days ago: overdue today.
  await makeCycle(db, tool, { agencyIds: [agency.id] }, { dueOn: daysFromToday(-5) });
  smtp = await startLoopbackSmtp((message) => received.push(message));
});

afterAll(async () => {
  if (savedSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtpUrl;
  await smtp.close();
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("notifications:run", () => {
  it("queues the overdue chase and emails it, with the cycle-opened message, through SMTP_URL", async () => {
    process.env.SMTP_URL = smtp.url;
    const run = await cli("notifications:run");
    expect(run).toEqual({
      code: 0,
      out: ["Reminders: 2 notifications queued (1 returns, 0 actions chased)", "Email: 4 sent, 0 to retry, 0 failed"],
      err: [],
    });
    const toLead = received
      .filter((mail) => mail.to.includes(leadEmail))
      .map((mail) => /^Subject: (.*)$/m.exec(mail.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " "))?.[1]);
    expect(toLead).toEqual([
      expect.stringMatching(/ is open for Northshire Youth Justice Service$/),
      expect.stringMatching(/: your return is overdue$/),
    ]);
  });

  it("sends nothing twice when run again", async () => {
    const before = received.length;
    await expect(cli("notifications:run")).resolves.toMatchObject({
      code: 0,
      out: ["Reminders: 0 notifications queued (0 returns, 0 actions chased)", "Email: 0 sent, 0 to retry, 0 failed"],
    });
    expect(received.length).toBe(before);
  });

  it("keeps a refused email to retry, saying so on stderr, and keeps notifications in the service without SMTP_URL", async () => {
    await db("outbox").update({ state: "pending", next_attempt_at: "2000-01-01T00:00:00.000Z" }).where({ to_address: leadEmail });
    await smtp.close();
    const refused = await cli("notifications:run");
    expect(refused).toMatchObject({
      code: 0,
      out: [expect.any(String), "Email: 0 sent, 2 to retry, 0 failed"],
      err: ["2 emails could not be sent: they are kept and retried (the Outbox page shows the errors)"],
    });
    expect(await db("outbox").where({ to_address: leadEmail, state: "pending", attempts: 2 }).count({ n: "*" }).first()).toEqual({ n: 2 });
    delete process.env.SMTP_URL;
    await db("outbox").update({ next_attempt_at: "2000-01-01T00:00:00.000Z" }).where({ state: "pending" });
    await expect(cli("notifications:run")).resolves.toMatchObject({
      code: 0,
      out: [expect.any(String), "Email: SMTP_URL is not set; 2 notifications are shown in the service only"],
    });
  });
});
