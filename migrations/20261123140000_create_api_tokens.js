// @ts-check
/**
 * Bearer tokens for the read-only JSON API (/api/v1, DESIGN §9, decision 012). Only the SHA-256 of a
 * token is stored: the token itself is shown once, when an admin creates it.
 */

/** @param {import('knex').Knex} knex */
export async function up(knex) {
  await knex.schema.createTable("api_tokens", (t) => {
    t.increments("id");
    t.string("name", 100).notNullable().comment("What the token is for, e.g. the BI tool that holds it");
    t.string("token_hash", 64).notNullable().unique().comment("SHA-256 (hex) of the token; the token itself is never stored");
    t.integer("created_by").notNullable().references("id").inTable("users");
    t.string("created_at", 32).notNullable();
    t.string("last_used_at", 32).comment("When a request last presented the token");
    t.integer("revoked_by").references("id").inTable("users");
    t.string("revoked_at", 32).comment("Set when an admin revokes the token; a revoked token is refused");
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.schema.dropTableIfExists("api_tokens");
}
