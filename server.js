// @ts-check
/**
 * The production server: Express serving the Remix build, with security headers, a CSP nonce per
 * request, a same-origin check on every state-changing request (CSRF), and a clean SIGTERM.
 * `npm start` builds and runs this; PORT and DATABASE_URL are honoured (DESIGN §9).
 */
import cluster from "node:cluster";
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";

// Memory: under load V8 lets the heap grow to about four times what is live (~75 MB live, ~300 MB
// resident at county scale) before collecting. Growing it by half instead keeps a process near 250 MB
// at the same throughput, with no hard cap, so a large export still completes (decision 015). Set it
// yourself in NODE_OPTIONS or on the command line to choose otherwise.
const ownHeapFlag = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].some((flag) => flag.startsWith("--heap-growing-percent"));
if (!ownHeapFlag) v8.setFlagsFromString("--heap-growing-percent=50");

// WEB_CONCURRENCY=N runs N app processes sharing the port (Node's cluster module), to use every core:
// the app is stateless (sessions and evidence live in the database; decision 013). The first process
// migrates, seeds the demo when asked and runs the notification scheduler; the others start once it is
// listening and only serve. A process that dies is replaced. Default 1: one process, as before.
const processes = Math.max(1, Math.min(16, Number.parseInt(process.env.WEB_CONCURRENCY ?? "1", 10) || 1));
if (processes > 1 && cluster.isPrimary) {
  await superviseWorkers(processes);
} else {
  await serve();
}

/**
 * The primary: starts and replaces the app processes, and passes SIGTERM on to them. It loads no app code.
 * @param {number} count
 */
async function superviseWorkers(count) {
  let stopping = false;
  const servingOnly = { SEED_DEMO: "false", NOTIFICATIONS_INTERVAL_SECONDS: "0" };
  const first = cluster.fork();
  first.once("listening", () => {
    for (let index = 1; index < count; index += 1) cluster.fork(servingOnly);
  });
  let listening = false;
  cluster.on("listening", () => {
    listening = true;
  });
  /** When recent replacements happened: a process that keeps dying is a fault to report, not to retry for ever. */
  /** @type {number[]} */
  const restarts = [];
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (!listening) {
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
    cluster.fork(servingOnly);
  });
  /** @param {number} exitCode */
  function stop(exitCode) {
    stopping = true;
    process.exitCode = exitCode;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(exitCode), 6000).unref();
  }
  process.on("SIGTERM", () => stop(0));
  process.on("SIGINT", () => stop(0));
}

async function serve() {
  const { default: express } = await import("express");
  const { createRequestHandler } = await import("@remix-run/express");
  const { ignoreAnswersAfterRefusal, limitRequestBodies } = await import("./request-limits.js");
  const root = path.dirname(fileURLToPath(import.meta.url));
  const BUILD = path.join(root, "build", "index.js");
  const build = await import(pathToFileURL(BUILD).href);

  await build.entry.module.startup();

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", process.env.TRUST_PROXY === "true");

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

  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

  app.all(
    "*",
    createRequestHandler({
      build,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? "unknown" }),
    }),
  );

  app.use(ignoreAnswersAfterRefusal);

  const port = Number(process.env.PORT ?? 3000);
  const server = app.listen(port, () => {
    console.log(`Safeguarding audit platform listening on http://localhost:${port}`);
  });

  function stop() {
    server.close(() => {
      build.entry.module.shutdown().finally(() => process.exit(0));
    });
    // Keep-alive sockets would hold close() open: end them after a grace period.
    setTimeout(() => process.exit(0), 5000).unref();
    server.closeIdleConnections?.();
  }
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
