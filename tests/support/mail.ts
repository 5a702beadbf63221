import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";

/** An email the e2e server sent, as the loopback SMTP server received it (tests/setup/e2e-server.ts). */
export interface ReceivedMail {
  from: string | null;
  to: string[];
  subject: string;
  raw: string;
}

/** Every email received so far, oldest first. */
export function receivedMail(): ReceivedMail[] {
  const dir = inject("mailDir");
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const message = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Omit<ReceivedMail, "subject">;
      // Long headers are folded onto several lines (RFC 5322): unfold before reading the subject.
      const headers = message.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
      return { ...message, subject: /^Subject: (.*)$/m.exec(headers)?.[1]?.trim() ?? "" };
    });
}

/** Waits (up to `timeoutMs`) for an email matching `match`, and answers it. */
export async function waitForMail(match: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = receivedMail().find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(
        `No such email arrived within ${timeoutMs} ms; received: ${
          receivedMail()
            .map((mail) => `${mail.to.join(",")}: ${mail.subject}`)
            .join(" | ") || "none"
        }`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
