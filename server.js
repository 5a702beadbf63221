// @ts-check
/**
 * The production server: Express serving the Remix build, with security headers, a CSP nonce per
 * request, a same-origin check on every state-changing request (CSRF), and a clean SIGTERM.
 * `npm start` builds and runs this; PORT and DATABASE_URL are honoured (DESIGN §9).
 */
import cluster from "node:cluster";
import crypto from "node:crypto";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";
import { parseTrustProxy } from "./server/trust-proxy.js";

// Memory: under load V8 lets the heap grow to about four times what is live (~75 MB live, ~300 MB
// resident at county scale) before collecting. Growing it by half instead keeps a process near 250 MB
// at the same throughput, with no hard cap, so a large export still completes (decision 015). Set it
// yourself in NODE_OPTIONS or on the command line to choose otherwise.
const ownHeapFlag = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].some((flag) =>
  flag.startsWith("--heap-growing-percent"),
);
if (!ownHeapFlag) v8.setFlagsFromString("--heap-growing-percent=50");

// Which proxies' X-Forwarded-* headers are believed (server/trust-proxy.js): read once, before any process
// serves, so a wrong value stops the start with its reason instead of trusting the wrong hops.
/** @type {number | string | false} */
let trustProxy;
try {
  const parsed = parseTrustProxy(process.env.TRUST_PROXY);
  trustProxy = parsed.setting;
  if (parsed.warning && cluster.isPrimary) console.warn(parsed.warning);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

// The app always runs in worker processes under a small primary that holds the port, so that a worker
// that dies for any reason (out of memory, a bug, a kill) is replaced while the port keeps accepting:
// the primary accepts each connection and hands it to a ready worker, and while none is ready (the only
// one has just died) connections wait in the primary instead of being refused. (Node's cluster module
// closes the port when its last worker exits, so the primary hands connections over itself.)
// WEB_CONCURRENCY=N runs N workers, to use every core: the app is stateless (sessions and evidence live
// in the database; decision 013). The first worker migrates, seeds the demo when asked and runs the
// notification scheduler; the others start once it is ready and only serve. Default: one worker.
const processes = Math.max(1, Math.min(16, Number.parseInt(process.env.WEB_CONCURRENCY ?? "1", 10) || 1));
// Waves of fifty answers each app process rehearses before it serves (decision 033; see `rehearse`).
const rehearsalWaves = readRehearsalWaves(process.env.REHEARSAL_WAVES);
const port = Number(process.env.PORT ?? 3000);
if (cluster.isPrimary) {
  superviseWorkers(processes);
} else {
  await serve();
}

/**
 * The primary: holds the port, hands connections to the app processes, starts and replaces them, and
 * passes SIGTERM on to them. It loads no app code and reads no request, so no request can crash it.
 * @param {number} count
 */
function superviseWorkers(count) {
  let stopping = false;
  const servingOnly = { SEED_DEMO: "false", NOTIFICATIONS_INTERVAL_SECONDS: "0" };
  /** Workers ready for connections, taken in turn. @type {import("node:cluster").Worker[]} */
  let ready = [];
  let turn = 0;
  /** Connections accepted while no worker was ready. @type {net.Socket[]} */
  const waiting = [];
  const listener = net.createServer({ pauseOnConnect: true }, (socket) => {
    waiting.push(socket);
    handOver();
  });
  listener.on("error", (error) => {
    console.error(`Cannot listen on port ${port}: ${error.message}`);
    stop(1);
  });
  /**
   * Connections sent to a worker and not yet taken, by worker: the primary keeps its copy of each until
   * the worker says it has it, so one sent to a worker that dies first goes to the next one instead.
   * @type {Map<number, Map<number, net.Socket>>}
   */
  const inFlight = new Map();
  let sent = 0;
  function handOver() {
    while (waiting.length > 0 && ready.length > 0) {
      const socket = /** @type {net.Socket} */ (waiting.shift());
      const worker = ready[turn++ % ready.length];
      const id = (sent += 1);
      inFlight.get(worker.id)?.set(id, socket);
      worker.send({ connection: id }, socket, { keepOpen: true }, (error) => {
        if (error) requeue(worker);
      });
    }
  }
  /** @param {import("node:cluster").Worker} worker */
  function requeue(worker) {
    ready = ready.filter((other) => other !== worker);
    const untaken = inFlight.get(worker.id);
    inFlight.delete(worker.id);
    if (untaken) waiting.unshift(...untaken.values());
    handOver();
  }

  /**
   * A worker's start-up rehearsal (decision 033) comes in through a door of its own: a loopback port that only the
   * worker is told of, open until it is ready, whose connections are handed to that worker alone, exactly as real
   * ones are, marked as a rehearsal. They are kept apart from real connections, and never passed to another worker.
   * @type {Map<number, { door: net.Server; untaken: Map<number, net.Socket> }>}
   */
  const rehearsals = new Map();
  /** @param {import("node:cluster").Worker} worker */
  function openRehearsalDoor(worker) {
    const untaken = new Map();
    const door = net.createServer({ pauseOnConnect: true }, (socket) => {
      const id = (sent += 1);
      untaken.set(id, socket);
      worker.send({ connection: id, rehearsal: true }, socket, { keepOpen: true }, (error) => {
        if (error) socket.destroy();
      });
    });
    // A worker that has just died cannot be told: the send fails quietly, and its exit closes the door.
    const tell = (/** @type {number | null} */ port) => worker.send({ rehearsalDoor: port }, undefined, {}, () => {});
    door.on("error", () => tell(null));
    rehearsals.set(worker.id, { door, untaken });
    door.listen(0, "127.0.0.1", () => tell(/** @type {net.AddressInfo} */ (door.address()).port));
  }
  /** @param {import("node:cluster").Worker} worker */
  function closeRehearsalDoor(worker) {
    const rehearsal = rehearsals.get(worker.id);
    if (!rehearsal) return;
    rehearsals.delete(worker.id);
    rehearsal.door.close();
    for (const socket of rehearsal.untaken.values()) socket.destroy();
  }

  // The worker that runs the scheduler: its replacement runs it too (the demo is seeded once, by the first).
  let scheduler = cluster.fork();
  let started = false;
  cluster.on("message", (worker, message) => {
    if (typeof message?.took === "number") {
      // The worker has its own copy of the connection now: the primary's is closed (the connection stays open).
      const copies = rehearsals.get(worker.id)?.untaken.has(message.took) ? rehearsals.get(worker.id)?.untaken : inFlight.get(worker.id);
      copies?.get(message.took)?.destroy();
      copies?.delete(message.took);
      return;
    }
    if (message?.rehearsalDoor === "open") {
      // A process replacing the only one, while connections wait in the primary: it serves first, unrehearsed.
      if (stopping || (started && ready.length === 0)) return worker.send({ rehearsalDoor: null }, undefined, {}, () => {});
      return openRehearsalDoor(worker);
    }
    if (message?.rehearsalDoor === "close") return closeRehearsalDoor(worker);
    if (message !== "ready" || stopping) return;
    closeRehearsalDoor(worker);
    inFlight.set(worker.id, new Map());
    ready.push(worker);
    if (!started) {
      started = true;
      listener.listen(port);
      for (let index = 1; index < count; index += 1) cluster.fork(servingOnly);
    }
    handOver();
  });
  /** When recent replacements happened: a process that keeps dying is a fault to report, not to retry for ever. */
  /** @type {number[]} */
  const restarts = [];
  cluster.on("exit", (worker, code, signal) => {
    closeRehearsalDoor(worker);
    requeue(worker);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (!started) {
      console.error(`The app did not start (process ${worker.process.pid} ended with ${signal ?? code}): see the messages above`);
      stop(typeof code === "number" && code !== 0 ? code : 1);
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0] < now - 60_000) restarts.shift();
    if (restarts.length > 5) {
      console.error("App processes ended more than 5 times in a minute: stopping");
      stop(1);
      return;
    }
    console.error(`App process ${worker.process.pid} ended (${signal ?? code}); starting another`);
    if (worker === scheduler) scheduler = cluster.fork({ SEED_DEMO: "false" });
    else cluster.fork(servingOnly);
  });
  /** @param {number} exitCode */
  function stop(exitCode) {
    stopping = true;
    process.exitCode = exitCode;
    listener.close();
    for (const socket of waiting.splice(0)) socket.destroy();
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(exitCode), 6000).unref();
  }
  process.on("SIGTERM", () => stop(0));
  process.on("SIGINT", () => stop(0));
}

/**
 * Express's trust check for proxy addresses, remembering its answers: it parses each address afresh
 * (IPv6-mapped, with regular expressions), two or three times a request. The answer for an address never
 * changes; the memory is bounded, as X-Forwarded-For addresses are written by clients.
 * @param {(address: string, hop: number) => boolean} trust
 * @returns {(address: string, hop: number) => boolean}
 */
function rememberedTrust(trust) {
  /** @type {Map<string, boolean>} */
  const answers = new Map();
  return (address, hop) => {
    let answer = answers.get(address);
    if (answer === undefined) {
      answer = trust(address, hop);
      if (answers.size >= 1000) answers.clear();
      answers.set(address, answer);
    }
    return answer;
  };
}

/** What someone who followed a link cut short or mistyped is shown (a plain page: the app's layout needs a route). */
const BAD_ADDRESS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>This link is not complete – Safeguarding audit</title></head>
<body style="font-family: arial, sans-serif; margin: 1.5em; max-width: 40em; line-height: 1.4">
<main><h1>This link is not complete</h1>
<p>Part of the address is missing or mistyped. Check the link you were given, or type it again exactly as it is written.</p>
<p><a href="/">Go to the home page</a></p></main>
</body>
</html>`;

/**
 * An address Express cannot decode (a "%" not followed by two hex digits: a link cut short in an email, say) is
 * answered 400 with a plain page, and not logged: for a practitioner survey the address is an agency's link, and
 * the log must never name one (decision 018).
 * @type {import("express").ErrorRequestHandler}
 */
function refuseUndecodableAddresses(error, req, res, next) {
  if (!(error instanceof URIError) || res.headersSent) return next(error);
  res.status(400).set("Cache-Control", "no-store").type("html").send(BAD_ADDRESS_PAGE);
}

async function serve() {
  const { default: express } = await import("express");
  const { createRequestHandler } = await import("@remix-run/express");
  const { ignoreAnswersAfterRefusal, limitRequestBodies } = await import("./request-limits.js");
  const { quickPractitionerSubmit, REHEARSALS } = await import("./server/quick-submit.js");
  const root = path.dirname(fileURLToPath(import.meta.url));
  const BUILD = path.join(root, "build", "index.js");
  const build = await import(pathToFileURL(BUILD).href);

  await build.entry.module.startup();

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  if (typeof trustProxy === "string") app.set("trust proxy", rememberedTrust(app.get("trust proxy fn")));
  // Nothing here reads req.query (Remix reads the URL itself): Node's own parser, not qs's, saves ~20 µs a request.
  app.set("query parser", "simple");

  app.use((req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        // Band colours are data (each tool defines its own), so style attributes are allowed; style sheets are not.
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  });

  // CSRF: browsers send Origin on cross-site POSTs; a state-changing request from another origin is refused.
  // Session cookies are also SameSite=Lax. Requests without Origin (CLI tools, API clients) carry no cookies of ours.
  app.use((req, res, next) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
    const origin = req.get("origin");
    if (!origin || origin === "null") return origin === "null" ? res.status(403).send("Cross-site request refused") : next();
    let host;
    try {
      host = new URL(origin).host;
    } catch {
      return res.status(403).send("Cross-site request refused");
    }
    const expected = req.get("x-forwarded-host") && app.get("trust proxy") ? req.get("x-forwarded-host") : req.get("host");
    if (host !== expected) return res.status(403).send("Cross-site request refused");
    next();
  });

  // Body limits by route, before anything reads a body (request-limits.js).
  app.use(limitRequestBodies);

  const remix = createRequestHandler({
    build,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? "unknown" }),
  });

  // A practitioner survey's last page, many sent at once: stored without a trip through Remix (decision 027).
  app.post("/p/:token", quickPractitionerSubmit(build.entry.module.quickSubmit, remix));

  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

  // Everything past the static files is made for one person (drafts, scores, names): no browser or proxy may
  // keep a copy, for the back button on a shared computer to show after sign-out. Routes may add to this.
  app.use((req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });

  app.all("*", remix);

  app.use(ignoreAnswersAfterRefusal);
  app.use(refuseUndecodableAddresses);

  // Connections come from the primary, which holds the port (see superviseWorkers).
  const server = http.createServer(app);
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  /** @param {net.Socket} socket */
  function serveConnection(socket) {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    // Sent at once, as a server that accepted the connection itself would (Node's http servers turn Nagle's
    // algorithm off when they accept). Without this, a page written in more than one piece waits for the
    // browser's delayed acknowledgement, about 40 ms, before its last piece goes (decision 027).
    socket.setNoDelay(true);
    server.emit("connection", socket);
    socket.resume();
  }
  process.on("message", (/** @type {any} */ message, socket) => {
    if (typeof message?.connection !== "number" || !(socket instanceof net.Socket)) return;
    process.send?.({ took: message.connection });
    // Only the primary sends these, and only for connections to the door it opened for this process's rehearsal.
    if (message.rehearsal === true) REHEARSALS.add(socket);
    serveConnection(socket);
  });
  if (process.env.EVENT_LOOP_REPORT === "1") await reportEventLoopDelay();
  // Before the first connection: the quick path's code rehearsed until V8 has optimised it (decision 033).
  // It only makes the first answers quicker: if it cannot run, the process serves without it.
  const rehearsing = performance.now();
  const rehearsed = await rehearse(build.entry.module.rehearsalPages).catch((/** @type {unknown} */ error) => {
    console.error(`The start-up rehearsal did not run (${error instanceof Error ? error.message : String(error)}); serving without it`);
    return 0;
  });
  if (process.env.REHEARSAL_REPORT === "1")
    console.log(`rehearsed ${rehearsed} responses in ${(performance.now() - rehearsing).toFixed(0)} ms (none kept)`);
  process.send?.("ready");
  console.log(`Safeguarding audit platform listening on http://localhost:${port}`);

  function stop() {
    // Requests in progress finish; idle keep-alive connections are closed as they become idle.
    const ended = () => build.entry.module.shutdown().finally(() => process.exit(0));
    const drain = setInterval(() => {
      server.closeIdleConnections();
      if (sockets.size === 0) {
        clearInterval(drain);
        ended();
      }
    }, 50);
    setTimeout(() => process.exit(0), 5000).unref();
  }
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/**
 * REHEARSAL_WAVES: a whole number from 0 (no rehearsal) to 200; unset, 60. Anything else is reported (by the
 * primary, once) and the default used: the rehearsal only makes the first answers quicker, so it never stops a start.
 * @param {string | undefined} value
 */
function readRehearsalWaves(value) {
  if (value === undefined || value.trim() === "") return 60;
  const waves = Number(value);
  if (Number.isInteger(waves) && waves >= 0 && waves <= 200) return waves;
  if (cluster.isPrimary) console.warn(`REHEARSAL_WAVES must be a whole number from 0 to 200 (got "${value}"): using 60`);
  return 60;
}

/**
 * The start-up rehearsal (decision 033). Before this process takes its first connection, it sends itself
 * `waves` × 50 practitioners' last pages, 50 at a time over fresh connections through a door the primary opens for
 * it (see superviseWorkers), so each arrives exactly as a real one does: accepted by the primary, handed over, and
 * served by the same server and app. Every step of a real submit runs (headers, the same-origin check, body limits,
 * reading and checking the answers, scoring, storing and tallying, the flood limits, the redirect), and the store of
 * each batch is rolled back; the flood limits count on a scratch ledger. The primary marks these connections, so
 * nothing is kept. Half the pages carry what a phone's browser sends, half only what a form needs, and behind a
 * trusted proxy each says who it is for (X-Forwarded-For), so V8 learns the shapes real requests have. With no
 * survey open there is nothing to rehearse. Returns how many rehearsed responses would have been stored.
 * @param {(count: number) => Promise<{ path: string; bodies: string[] } | null>} pagesFor
 * @returns {Promise<number>}
 */
async function rehearse(pagesFor) {
  // How much: V8 goes on optimising the code a practitioner's last page runs through for a few thousand submits,
  // and until it has, an office of fifty phones sending together waits about twice as long. REHEARSAL_WAVES=0 turns
  // the rehearsal off.
  const concurrent = 50;
  const waves = rehearsalWaves;
  const plan = waves > 0 && process.send ? await pagesFor(waves * concurrent) : null;
  if (!plan) return 0;
  /** @type {number | null} */
  const door = await new Promise((resolve) => {
    /** @param {any} message */
    const answer = (message) => {
      if (message?.rehearsalDoor === undefined) return;
      done(typeof message.rehearsalDoor === "number" ? message.rehearsalDoor : null);
    };
    // A primary that does not answer (it is stopping) leaves the rehearsal out rather than the start waiting.
    const timer = setTimeout(() => done(null), 5000);
    /** @param {number | null} value */
    const done = (value) => {
      clearTimeout(timer);
      process.off("message", answer);
      resolve(value);
    };
    process.on("message", answer);
    process.send?.({ rehearsalDoor: "open" });
  });
  if (door === null) return 0;
  const origin = `http://localhost:${port}`;
  const agent = new http.Agent({ keepAlive: false, maxSockets: concurrent });
  // However the database is (locked by another writer, slow), the rehearsal ends within about DEADLINE_MS and a wave
  // more, and a request that gets no answer in REQUEST_MS is given up.
  const DEADLINE_MS = 10_000;
  const REQUEST_MS = 5_000;
  const began = performance.now();
  /** @param {string} body @param {number} n @returns {Promise<boolean>} */
  const send = (body, n) =>
    new Promise((resolve) => {
      /** @type {Record<string, string | number>} */
      const headers = {
        Host: `localhost:${port}`,
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": Buffer.byteLength(body),
      };
      if (n % 2 === 0)
        Object.assign(headers, {
          Origin: origin,
          Referer: `${origin}${plan.path}`,
          "User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
          Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
          "Accept-Language": "en-GB,en;q=0.9",
          "Accept-Encoding": "gzip, deflate, br",
        });
      if (trustProxy) headers["X-Forwarded-For"] = `10.255.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
      if (trustProxy && n % 2 === 0) headers["X-Forwarded-Proto"] = "https";
      const request = http.request({ host: "127.0.0.1", port: door, path: plan.path, method: "POST", agent, headers }, (response) => {
        response.resume();
        response.once("end", () => resolve(response.statusCode === 302));
      });
      request.setTimeout(REQUEST_MS, () => request.destroy(new Error("no answer in time")));
      request.once("error", () => resolve(false));
      request.end(body);
    });
  let accepted = 0;
  let sent = 0;
  try {
    for (let wave = 0; wave < waves && performance.now() - began < DEADLINE_MS; wave += 1) {
      const answers = await Promise.all(
        plan.bodies.slice(wave * concurrent, (wave + 1) * concurrent).map((body, i) => send(body, wave * concurrent + i)),
      );
      sent += answers.length;
      const inWave = answers.filter(Boolean).length;
      accepted += inWave;
      if (inWave === 0) break; // nothing is getting through: more waves would only hold the start up
    }
  } finally {
    agent.destroy();
    process.send?.({ rehearsalDoor: "close" });
  }
  if (accepted < waves * concurrent)
    console.warn(
      `The start-up rehearsal took ${accepted} of ${waves * concurrent} answers (${sent} sent): the first answers after this start may be slower (decision 033)`,
    );
  return accepted;
}

/**
 * For `npm run bench` only (EVENT_LOOP_REPORT=1): how long this app process's event loop was held up, which
 * only the process itself can measure. Each SIGUSR2 prints the delay since the last one and starts afresh, so
 * the bench can ask for exactly the window it loaded.
 */
async function reportEventLoopDelay() {
  const { monitorEventLoopDelay } = await import("node:perf_hooks");
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const ms = (/** @type {number} */ nanoseconds) => (nanoseconds / 1e6).toFixed(1);
  process.on("SIGUSR2", () => {
    console.log(`event-loop delay ${process.pid}: p50 ${ms(delay.percentile(50))} p99 ${ms(delay.percentile(99))} max ${ms(delay.max)} ms`);
    delay.reset();
  });
}
