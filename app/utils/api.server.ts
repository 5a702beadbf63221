import { createReadableStreamFromReadable } from "@remix-run/node";
import { jsonPieces, textStream } from "../../reports/export-stream";
import { authenticateApiToken, type ApiViewer } from "~/data/api-tokens.server";
import { API_VERSION } from "~/data/api.server";
import { getDb } from "~/data/db.server";

/**
 * The JSON API's plumbing (docs/api.md): bearer-token authentication, JSON bodies with the API
 * version, and JSON errors. Every error is `{ "error": { "status", "message" } }`; a missing, unknown
 * or revoked token is a 401 with `WWW-Authenticate: Bearer` (RFC 6750).
 */

const HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" };

export function apiJson(body: Record<string, unknown>, status = 200): Response {
  return new Response(JSON.stringify({ apiVersion: API_VERSION, ...body }), { status, headers: HEADERS });
}

/**
 * The same body as apiJson, sent as it is made: for a report model, whose JSON at national scale is tens of
 * megabytes (docs/decisions/024-streamed-exports.md).
 */
export function apiJsonStream(body: Record<string, unknown>): Response {
  return new Response(createReadableStreamFromReadable(textStream(() => jsonPieces({ apiVersion: API_VERSION, ...body }, 0, ""))), {
    headers: HEADERS,
  });
}

export function apiError(
  status: 400 | 401 | 403 | 404 | 405 | 413 | 415,
  message: string,
  extraHeaders: Record<string, string> = {},
  details: Record<string, unknown> = {},
): Response {
  return new Response(JSON.stringify({ apiVersion: API_VERSION, error: { status, message, ...details } }), {
    status,
    headers: { ...HEADERS, ...extraHeaders },
  });
}

/** The viewer the request's bearer token acts as; throws a 401 JSON response otherwise. */
export async function requireApiViewer(request: Request): Promise<ApiViewer> {
  const header = request.headers.get("Authorization");
  if (!header)
    throw apiError(401, "Send an API token in the Authorization header: Bearer <token>", { "WWW-Authenticate": 'Bearer realm="api"' });
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header.trim());
  const viewer = match ? await authenticateApiToken(getDb(), match[1]) : null;
  if (!viewer)
    throw apiError(401, "The API token is not valid: it is unknown or has been revoked", {
      "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"',
    });
  return viewer;
}

/** A cycle id from the path, or a 404 JSON error. */
export function requireApiId(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) throw apiError(404, "Not found");
  return Number(value);
}

/** The API is read-only: anything but GET (and HEAD) is refused with 405. */
export function readOnly(): Response {
  return apiError(405, "The API is read-only: use GET", { Allow: "GET, HEAD" });
}
