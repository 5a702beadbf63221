// @ts-check
import { Readable } from "node:stream";

/**
 * The quick path for a practitioner survey's last page (decision 027). When an office of practitioners
 * presses "Send your answers" together, each response goes straight to the app's own checks and store
 * (`quickSubmit`, in app/routes/p.$token._index/form.server.ts, the same steps the page's route takes), without
 * the page framework building a request, matching routes and writing a response for it. Anything the quick
 * path does not answer (another page, going back, a problem to show, a closed survey, an error) is handed
 * to the page's route with the body exactly as it came, and the route answers it from the start.
 *
 * A request on a connection in `REHEARSALS` (only server.js's start-up rehearsal puts one there, a connection it
 * opened to itself before taking any other: decision 033) takes the same steps and its store is rolled back; it is
 * never handed to the route, which would store it.
 *
 * @typedef {{ location: string; setCookie: string }} Sent
 * @typedef {(input: { token: string; body: string; request: { url: string; headers: { get(name: string): string | null } }; clientIp: string }, rehearsal?: boolean) => Promise<Sent | null>} QuickSubmit
 * @param {QuickSubmit} quickSubmit
 * @param {import("express").RequestHandler} route what answers everything else (the Remix handler)
 * @returns {import("express").RequestHandler}
 */
export function quickPractitionerSubmit(quickSubmit, route) {
  return (req, res, next) => {
    const rehearsal = REHEARSALS.has(req.socket);
    const token = req.params.token;
    const form = (req.get("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
    if (!form || !/^[A-Za-z0-9_-]{16,64}$/.test(token ?? "")) return rehearsal ? res.status(422).end() : next();
    // As for every page past the static files (server.js): a survey page holds someone's answers so far.
    res.setHeader("Cache-Control", "no-store");
    readWhole(req).then(async (body) => {
      /** @type {Sent | null} */
      let sent = null;
      try {
        sent = await quickSubmit(
          {
            token,
            body: body.toString("utf8"),
            request: { url: `${req.protocol}://${req.get("host")}${req.originalUrl}`, headers: { get: (name) => req.get(name) ?? null } },
            clientIp: req.ip ?? "unknown",
          },
          rehearsal,
        );
      } catch (error) {
        // Nothing was stored (a failed store keeps nothing): the route tries again and answers for itself. The
        // database's message is not logged, as it would quote the answers (DESIGN §11: no log line per response).
        const code = /** @type {{ code?: unknown }} */ (error)?.code;
        if (!rehearsal)
          console.error(
            `A practitioner's response could not be stored at once (${typeof code === "string" ? code : "error"}); the survey page tried again`,
          );
      }
      if (sent) res.status(302).set({ Location: sent.location, "Set-Cookie": sent.setCookie }).end();
      else if (rehearsal) res.status(422).end();
      else route(replayed(req, body), res, next);
    }, next);
  };
}

/**
 * The start-up rehearsal's connections (server.js). A set apart rather than a mark on the connection, which would
 * make rehearsed connections a different shape from real ones to V8, and teach it the wrong thing.
 * @type {WeakSet<object>}
 */
export const REHEARSALS = new WeakSet();

/**
 * The whole body (its size is already limited by request-limits.js, which fails this read past the limit).
 * @param {import("express").Request} req
 * @returns {Promise<Buffer>}
 */
function readWhole(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** What a body reader uses of a request: these come from the replayed body, everything else from the request. */
const STREAM_PARTS = new Set([
  "on",
  "once",
  "off",
  "addListener",
  "removeListener",
  "removeAllListeners",
  "emit",
  "listeners",
  "pause",
  "resume",
  "read",
  "pipe",
  "destroy",
  "destroyed",
  "readable",
  "readableEnded",
  "readableHighWaterMark",
  "isPaused",
  "complete",
  Symbol.asyncIterator,
]);

/**
 * The request again, with the body already read offered afresh to whoever reads it next.
 * @param {import("express").Request} req
 * @param {Buffer} body
 * @returns {import("express").Request}
 */
function replayed(req, body) {
  const stream = Readable.from(body.length > 0 ? [body] : []);
  return new Proxy(req, {
    get(target, property) {
      if (property === "complete") return true;
      if (!STREAM_PARTS.has(property)) return Reflect.get(target, property);
      const part = Reflect.get(stream, property);
      return typeof part === "function" ? part.bind(stream) : part;
    },
  });
}
