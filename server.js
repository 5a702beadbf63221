// @ts-check
/**
 * The production server: Express serving the Remix build, with security headers, a CSP nonce per
 * request, a same-origin check on every state-changing request (CSRF), and a clean SIGTERM.
 * `npm start` builds and runs this; PORT and DATABASE_URL are honoured (DESIGN §9).
 */
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";

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

app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? "unknown" }),
  }),
);

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
