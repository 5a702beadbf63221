import type net from "node:net";
import { SMTPServer } from "smtp-server";

/** One message as the loopback SMTP server accepted it: the envelope and the raw text. */
export interface SmtpMessage {
  from: string | null;
  to: string[];
  raw: string;
}

export interface LoopbackSmtp {
  port: number;
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (smtp-server, no TLS or AUTH) for tests where mail is sent: every accepted
 * message is handed to `onMessage`. Mail goes through nodemailer and a socket exactly as in production.
 */
export async function startLoopbackSmtp(onMessage: (message: SmtpMessage) => void): Promise<LoopbackSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        onMessage({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
        });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.server.address() as net.AddressInfo).port));
  });
  return { port, url: `smtp://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
