import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Viewer } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { nowIso, type Db } from "./db.server";

/**
 * Bearer tokens for the API (DESIGN §9, decisions 012 and 021). An admin creates one with a name and
 * sees the token once; only its SHA-256 is stored, as with sessions, so a leaked database hands out
 * no working token. A request presenting a live token reads as the QA subgroup does (submitted
 * returns of every agency, drafts never). A token of the write scope may also post scorecard
 * observations (a BI feed); a read token is refused there.
 */

export const TOKEN_SCOPES = ["read", "write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const TOKEN_PREFIX = "sap_";

export const ApiTokenNameSchema = z.object({
  name: z.string().trim().min(1, "Enter a name for the token, such as the BI tool that will use it").max(100, "The name must be 100 characters or fewer"),
  /** Read unless write is chosen: a form or request without the field makes the narrower token. */
  scope: z
    .string()
    .transform((value) => (value === "" ? "read" : value))
    .pipe(z.enum(TOKEN_SCOPES, { error: "Select whether the token only reads or may also write scorecard figures" })),
});

/** The viewer a bearer token acts as, with what the token may do. */
export type ApiViewer = Viewer & { tokenId: number; scope: TokenScope };

export interface ApiTokenSummary {
  id: number;
  name: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  scope: TokenScope;
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function listApiTokens(db: Db, viewer: Viewer): Promise<ApiTokenSummary[]> {
  if (viewer.role !== "admin") return [];
  const rows = await db("api_tokens").join("users", "users.id", "api_tokens.created_by").orderBy("api_tokens.id", "desc").select("api_tokens.*", "users.name as creator");
  return rows.map((row: Record<string, unknown>) => ({
    id: row.id as number,
    name: row.name as string,
    createdBy: row.creator as string,
    createdAt: row.created_at as string,
    lastUsedAt: (row.last_used_at as string | null) ?? null,
    revokedAt: (row.revoked_at as string | null) ?? null,
    scope: row.scope === "write" ? "write" : "read",
  }));
}

export async function getApiToken(db: Db, viewer: Viewer, id: number): Promise<ApiTokenSummary | null> {
  return (await listApiTokens(db, viewer)).find((token) => token.id === id) ?? null;
}

/** Creates a token (admin only) and returns it in full: the one time anyone sees it. */
export async function createApiToken(db: Db, viewer: Viewer, name: string, scope: TokenScope = "read"): Promise<{ ok: true; id: number; token: string } | { ok: false; status: 403 }> {
  if (viewer.role !== "admin") return { ok: false, status: 403 };
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (trx) => {
    const [row] = await trx("api_tokens").insert({ name, scope, token_hash: digest(token), created_by: viewer.id, created_at: nowIso() }).returning("id");
    const id = (typeof row === "object" ? row.id : row) as number;
    await recordAudit(trx, { userId: viewer.id, action: "api_token.create", entityType: "api_token", entityId: id, summary: { name, scope } });
    return { ok: true as const, id, token };
  });
}

/** Revokes a live token (admin only); a revoked token is refused from the next request on. */
export async function revokeApiToken(db: Db, viewer: Viewer, id: number): Promise<{ ok: true } | { ok: false; status: 403 | 404 | 409; message: string }> {
  if (viewer.role !== "admin") return { ok: false, status: 403, message: "Only the business office manages API tokens" };
  return db.transaction(async (trx) => {
    const row = await trx("api_tokens").where({ id }).first();
    if (!row) return { ok: false as const, status: 404 as const, message: "Token not found" };
    if (row.revoked_at) return { ok: false as const, status: 409 as const, message: "This token has already been revoked" };
    await trx("api_tokens").where({ id }).update({ revoked_at: nowIso(), revoked_by: viewer.id });
    await recordAudit(trx, { userId: viewer.id, action: "api_token.revoke", entityType: "api_token", entityId: id, summary: { name: row.name } });
    return { ok: true as const };
  });
}

/**
 * The viewer a bearer token acts as, or null for a token that is unknown or revoked. It reads as the
 * QA subgroup reads, named after the token; the token's last use is recorded.
 */
export async function authenticateApiToken(db: Db, token: string): Promise<ApiViewer | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db("api_tokens").where({ token_hash: digest(token) }).whereNull("revoked_at").first();
  if (!row) return null;
  await db("api_tokens").where({ id: row.id }).update({ last_used_at: nowIso() });
  return { id: row.created_by, email: `api-token-${row.id}`, name: `API token “${row.name}”`, role: "qa", agencyId: null, tokenId: row.id, scope: row.scope === "write" ? "write" : "read" };
}
