import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createPostgresDatabase, isPostgresUrl } from "./test-databases";
import { startLoopbackSmtp, type LoopbackSmtp } from "../support/smtp";

/**
 * Starts the production build (server.js) once for all browser journeys, on a free port with a
 * fresh database seeded with the demo partnership, and stops it afterwards (a new SQLite file, or a new
 * PostgreSQL database when DATABASE_URL names a PostgreSQL server: npm test's second run). A real SMTP
 * server (smtp-server) listens on loopback for the emails the chase sends: each message it receives
 * is written to `mailDir` (tests/support/mail.ts reads them). The server's own notification
 * scheduler is off, so emails go out only when a test asks ("Send reminders now").
 */

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    mailDir: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}) before it was ready:\n${log()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server did not answer /healthz within 60 s:\n${log()}`);
}

/** The loopback SMTP server, writing every message it accepts to `dir` as JSON for tests/support/mail.ts to read. */
function startSmtp(dir: string): Promise<LoopbackSmtp> {
  let count = 0;
  return startLoopbackSmtp((message) => {
    count += 1;
    fs.writeFileSync(path.join(dir, `${String(count).padStart(5, "0")}.json`), JSON.stringify(message));
  });
}

export default async function setup(project: TestProject) {
  const root = path.resolve(__dirname, "../..");
  if (!fs.existsSync(path.join(root, "build/index.js"))) {
    throw new Error("No production build: run `npm run build` first (npm test does this for you).");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-e2e-"));
  const port = await freePort();
  const mailDir = path.join(dir, "mail");
  fs.mkdirSync(mailDir);
  const smtp = await startSmtp(mailDir);
  const databaseUrl =
    process.env.E2E_DATABASE_URL ??
    (isPostgresUrl(process.env.DATABASE_URL)
      ? await createPostgresDatabase(process.env.DATABASE_URL, "e2e")
      : `file:${path.join(dir, "app.db")}`);
  let output = "";
  const child = spawn(process.execPath, ["server.js"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SEED_DEMO: "true",
      NODE_ENV: "production",
      SMTP_URL: smtp.url,
      MAIL_FROM: "Northshire safeguarding audit <audit@northshire.example.org>",
      APP_URL: `http://127.0.0.1:${port}`,
      NOTIFICATIONS_INTERVAL_SECONDS: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, () => output);
  project.provide("baseUrl", baseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("mailDir", mailDir);

  return async () => {
    child.kill("SIGTERM");
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(undefined);
      }, 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
    await smtp.close();
    if (/Error|error:/.test(output) && process.env.E2E_SHOW_SERVER_LOG) console.log(output);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
