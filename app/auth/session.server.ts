import { createHash, randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import { ROLES, type Role, type Viewer } from "~/domain/permissions";
import { getDb, nowIso, type Db } from "~/data/db.server";

/**
 * Sessions live in the database (so app servers stay stateless and sign-out really ends them).
 * The cookie holds a random token; the table holds only its SHA-256, so a leaked database does
 * not hand out live sessions. A new token is issued at every sign-in (no session fixation).
 */

export const SESSION_COOKIE = "__session";
const SESSION_HOURS = 8;

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** What the cookie helpers read of a request: a Fetch `Request`, or the server's own (server/quick-submit.js). */
export interface RequestLike {
  url: string;
  headers: { get(name: string): string | null };
}

export function readCookie(request: RequestLike, name: string): string | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Secure cookies whenever the request came over HTTPS (directly or through a proxy), or when forced. */
function isSecure(request: RequestLike): boolean {
  if (process.env.COOKIE_SECURE === "true") return true;
  const forwarded = request.headers.get("X-Forwarded-Proto");
  return forwarded ? forwarded.split(",")[0].trim() === "https" : new URL(request.url).protocol === "https:";
}

export function cookieHeader(request: RequestLike, name: string, value: string, maxAgeSeconds: number): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (isSecure(request)) parts.push("Secure");
  return parts.join("; ");
}

export async function createSession(db: Db, request: Request, userId: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await db("sessions").insert({
    id: digest(token),
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
  });
  return cookieHeader(request, SESSION_COOKIE, token, SESSION_HOURS * 3600);
}

export async function destroySession(db: Db, request: Request): Promise<string> {
  const token = readCookie(request, SESSION_COOKIE);
  if (token)
    await db("sessions")
      .where({ id: digest(token) })
      .delete();
  return cookieHeader(request, SESSION_COOKIE, "", 0);
}

// The root loader and the page's own loader both ask who is signed in, for the same request: look the
// session up once per request object. Keyed weakly, so nothing outlives the request.
const viewersByRequest = new WeakMap<Request, Promise<Viewer | null>>();

/** The signed-in user, or null. */
export function getViewer(request: Request, db: Db = getDb()): Promise<Viewer | null> {
  let viewer = viewersByRequest.get(request);
  if (!viewer) {
    viewer = lookUpViewer(request, db);
    viewersByRequest.set(request, viewer);
  }
  return viewer;
}

async function lookUpViewer(request: Request, db: Db): Promise<Viewer | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return null;
  const row = await db("sessions")
    .join("users", "users.id", "sessions.user_id")
    .where("sessions.id", digest(token))
    .where("sessions.expires_at", ">", nowIso())
    .whereNull("users.disabled_at")
    .select("users.id", "users.email", "users.name", "users.role", "users.agency_id")
    .first();
  if (!row || !(ROLES as readonly string[]).includes(row.role)) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role as Role, agencyId: row.agency_id ?? null };
}

/** Sends anyone not signed in to the sign-in page, remembering where they were going. */
export async function requireUser(request: Request, db: Db = getDb()): Promise<Viewer> {
  const viewer = await getViewer(request, db);
  if (!viewer) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return viewer;
}

/** A signed-in user with one of these roles; anyone else gets 403. */
export async function requireRole(request: Request, roles: readonly Role[], db: Db = getDb()): Promise<Viewer> {
  const viewer = await requireUser(request, db);
  if (!roles.includes(viewer.role)) throw new Response("You do not have permission to see this page", { status: 403 });
  return viewer;
}

const OWN_ORIGIN = "http://own-origin.invalid";

/**
 * Only our own paths are followed after sign-in (no open redirect). Browsers drop tabs and newlines
 * from a URL and read a backslash as a slash (WHATWG URL standard), so `/\t/evil.example` would leave
 * the site: any control character, space or backslash is refused outright; what is left must resolve
 * to our own origin, and the normalised path is what is followed (never `//…`, which is another host).
 */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || /[\s\\\p{Cc}]/u.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  if (url.origin !== OWN_ORIGIN || path.startsWith("//")) return fallback;
  return path;
}
