// @ts-check
/**
 * Request body limits for every route, enforced before the app reads a byte of the body (DESIGN §10:
 * "request body limits on every route"). Remix reads a urlencoded form whole, so without this a
 * 400 MB post to /login is held in memory before anyone is signed in.
 *
 * A body whose Content-Length is over its route's limit is answered 413 at once, unread. A body sent
 * without a length (chunked) is counted as it streams: past the limit the app's read of it fails (so
 * nothing half-read is acted on) and the 413 is sent. What follows is dropped as it arrives, never kept. The answer is a GOV.UK-styled page for a browser
 * and JSON for /api.
 */

const KB = 1024;
const MB = 1024 * KB;

/**
 * The limits, first match wins. Each is the largest legitimate body of its kind with room to spare:
 * - the API's bodies are small JSON;
 * - a return's spreadsheet is at most 5 MB, a tool definition 2 MB (their own form errors say so);
 * - any other multipart form carries one evidence file of at most 10 MB (a file over 10 MB, up to
 *   this limit, still gets the form's own "smaller than 10 MB" error with the typed text kept);
 * - a survey page holds up to 7 text answers of 20,000 characters each, posted with the answers the
 *   page was built from: about 2.5 MB if every character were a percent-encoded 3-byte one;
 * - every other form is a few fields.
 * @typedef {{ name: string; path?: RegExp; multipart?: boolean; bytes: number; file?: string }} BodyLimit
 * @type {BodyLimit[]}
 */
export const BODY_LIMITS = [
  { name: "api", path: /^\/api\//, bytes: 1 * MB },
  {
    name: "spreadsheet",
    path: /^\/returns\/[^/]+\/upload\/?$/,
    multipart: true,
    bytes: 6 * MB,
    file: "A completed spreadsheet must be smaller than 5 MB",
  },
  { name: "tool file", path: /^\/tools\/new\/?$/, multipart: true, bytes: 3 * MB, file: "A tool file must be smaller than 2 MB" },
  { name: "evidence", multipart: true, bytes: 12 * MB, file: "Evidence files must be smaller than 10 MB" },
  { name: "survey page", path: /^\/returns\/[^/]+\/pages\//, bytes: 4 * MB },
  { name: "form", bytes: 512 * KB },
];

/** @param {import("express").Request} req */
export function bodyLimitOf(req) {
  const multipart = (req.get("content-type") ?? "").toLowerCase().startsWith("multipart/");
  const limit = BODY_LIMITS.find(
    (rule) => (!rule.path || rule.path.test(req.path)) && (rule.multipart === undefined || rule.multipart === multipart),
  );
  if (!limit) throw new Error("BODY_LIMITS has no catch-all rule");
  return limit;
}

/** @param {number} bytes */
const sizeText = (bytes) => (bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`);

/** @param {string} text */
const escapeHtml = (text) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * The 413 answer: JSON for the API, else a page in the service's own GOV.UK style that says what to do.
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 * @param {BodyLimit} limit
 */
function refuse(req, res, limit) {
  res.status(413);
  if (limit.name === "api") {
    res.json({ error: { status: 413, message: `The request body must be ${sizeText(limit.bytes)} or smaller` } });
    return;
  }
  const what = limit.file
    ? `The file you chose is too large to upload. ${limit.file}.`
    : `What you sent was larger than ${sizeText(limit.bytes)}, so it was not read.`;
  const back = escapeHtml(req.path);
  res.type("html").send(`<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Error: too large to send – Safeguarding audit</title><link rel="stylesheet" href="/css/app.css"></head>
<body class="govuk-template__body">
<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">Too large to send</h1>
<p class="govuk-body">${escapeHtml(what)}</p>
<p class="govuk-body">Nothing has been saved. <a class="govuk-link" href="${back}">Go back to the page</a> and try again${limit.file ? " with a smaller file" : " with shorter answers"}.</p>
</div></div>
</main></div>
</body>
</html>`);
}

/**
 * The client is still sending when the 413 goes: Node reads and drops the rest of a body nobody reads
 * (nothing is kept), so the browser gets to see the answer instead of a reset connection. A client
 * still sending after a minute is cut off.
 * @param {import("express").Request} req
 */
function dropUnreadBody(req) {
  if (req.complete) return;
  const timer = setTimeout(() => req.socket.destroy(), 60_000);
  timer.unref();
  req.once("close", () => clearTimeout(timer));
}

/** The error the app's read of a body sees when the body passes its limit mid-stream. */
export class BodyTooLargeError extends Error {}

/**
 * Express middleware: the limit of the route the request is for, checked on Content-Length first and
 * then on the bytes as they arrive.
 * @type {import("express").RequestHandler}
 */
export function limitRequestBodies(req, res, next) {
  const limit = bodyLimitOf(req);
  const declared = Number(req.get("content-length"));
  if (Number.isFinite(declared) && declared > limit.bytes) {
    refuse(req, res, limit);
    dropUnreadBody(req);
    return;
  }
  // Chunked (no length given): count what the app is handed, and stop handing it on past the limit.
  let seen = 0;
  let over = false;
  const emit = req.emit;
  req.emit = /** @type {typeof req.emit} */ (
    function (/** @type {string | symbol} */ event, /** @type {any[]} */ ...args) {
      if (event === "data" && !over) {
        seen += args[0].length;
        if (seen > limit.bytes) {
          over = true;
          res.locals.bodyTooLarge = true;
          if (!res.headersSent) refuse(req, res, limit);
          emit.call(req, "error", new BodyTooLargeError(`The body passed its ${sizeText(limit.bytes)} limit`));
          dropUnreadBody(req);
        }
      }
      if (over && (event === "data" || event === "end")) return false;
      return emit.call(req, event, ...args);
    }
  );
  next();
}

/**
 * After a mid-stream refusal the app's own answer (to its failed read) finds the 413 already sent:
 * that is expected, not an error to log.
 * @type {import("express").ErrorRequestHandler}
 */
export function ignoreAnswersAfterRefusal(error, req, res, next) {
  if (res.locals.bodyTooLarge && res.headersSent) return;
  next(error);
}
