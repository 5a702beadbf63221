import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { RawHttpConnection } from "./raw-http";

/**
 * The load generator of "50 at once" (decisions 029 and 030), run in a small process of its own. The bench's own
 * process holds a county's worth of seeding behind it, and its garbage collector paused it for 7–17 ms every few
 * waves: answers that had arrived waited to be read, and the server was timed for the client's pause. Phones do
 * not pause together, so the requests are sent from here, where the heap is a few megabytes.
 */

/** One practitioner's last page, prepared before any clock starts. */
export interface PreparedRequest {
  target: string;
  body: string;
  /** The address the request says it comes from (X-Forwarded-For). */
  from: string;
}

/** Requests sent at the same moment, with the light client (whose figures count) or Node's fetch (for comparison). */
export interface Wave {
  client: "raw" | "fetch";
  requests: PreparedRequest[];
  /**
   * The light client connects anew for this wave, inside the clock, as phones whose connection the server has
   * closed while their people read the page (decision 033). Otherwise it sends over the connections already open:
   * they are all opened before the first wave, outside any clock, so every wave finds them as the last one left them.
   */
  fresh?: boolean;
}

/** Each request's time in milliseconds, in the wave's order, and how many were not answered with a redirect. */
export interface WaveResult {
  samples: number[];
  errors: number;
}

/** Sends the waves one after another from a process of its own and returns each wave's times. */
export async function sendWavesApart(base: string, waves: Wave[]): Promise<WaveResult[]> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], { stdio: ["pipe", "pipe", "inherit"] });
  let output = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.stdin.end(JSON.stringify({ base, waves }));
  const status = await exited;
  if (status !== 0) throw new Error(`The bench's client stopped (${status})`);
  return JSON.parse(output) as WaveResult[];
}

async function sendWaves(base: string, waves: Wave[]): Promise<WaveResult[]> {
  const { hostname, port, host } = new URL(base);
  const width = Math.max(0, ...waves.map((wave) => wave.requests.length));
  const connections = Array.from({ length: width }, () => new RawHttpConnection(hostname, Number(port)));
  const results: WaveResult[] = [];
  try {
    await Promise.all(connections.map((connection) => connection.open()));
    for (const wave of waves) {
      if (wave.fresh) {
        for (const connection of connections) connection.close();
        // The server hears of the closes before the clock starts, as it would of connections it closed itself.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Everything but the sending is ready before the clock starts.
      const texts = wave.requests.map(
        ({ target, body, from }) =>
          `POST ${target} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Forwarded-For: ${from}\r\n\r\n${body}`,
      );
      const result: WaveResult = { samples: Array<number>(wave.requests.length).fill(NaN), errors: 0 };
      await Promise.all(
        wave.requests.map(async ({ target, body, from }, i) => {
          const started = performance.now();
          let status: number;
          if (wave.client === "raw") status = await connections[i].request(texts[i]);
          else {
            const response = await fetch(`${base}${target}`, {
              method: "POST",
              body: new URLSearchParams(body),
              redirect: "manual",
              headers: { "X-Forwarded-For": from },
            });
            await response.arrayBuffer();
            status = response.status;
          }
          result.samples[i] = performance.now() - started;
          if (status !== 302) result.errors += 1;
        }),
      );
      results.push(result);
    }
  } finally {
    for (const connection of connections) connection.close();
  }
  return results;
}

// Run as a program: the waves come as JSON on stdin, and their times go back as JSON on stdout.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  let input = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) input += chunk;
  const { base, waves } = JSON.parse(input) as { base: string; waves: Wave[] };
  process.stdout.write(JSON.stringify(await sendWaves(base, waves)));
}
