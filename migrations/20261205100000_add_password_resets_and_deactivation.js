// @ts-check
/**
 * The business office runs people and agencies on the web. `password_resets`: one-time links
 * to choose a new password, kept like invitations (only the SHA-256 of the token, an expiry, used once),
 * whether the business office issued them (`created_by`) or the person asked for one themselves (null).
 * `users.last_sign_in_at` for the person's page; `agencies.deactivated_at` for an agency that closed or
 * merged: kept in past cycles and reports, not offered for new ones.
 *
 * The new columns hold no foreign key, so adding and dropping them is plain ALTER TABLE on both SQLite
 * and PostgreSQL.
 */

/** @param {import('knex').Knex} knex */
export async function up(knex) {
  await knex.schema.createTable("password_resets", (t) => {
    t.increments("id");
    t.integer("user_id").notNullable().references("id").inTable("users").onDelete("CASCADE");
    t.string("token_hash", 64).notNullable().unique().comment("SHA-256 of the token in the link; the token itself is never stored");
    t.integer("created_by").references("id").inTable("users").comment("The admin who issued it; null when the person asked for it (forgot password)");
    t.string("created_at", 32).notNullable();
    t.string("expires_at", 32).notNullable();
    t.string("used_at", 32).comment("Set when a password was chosen with it, or when a newer link replaced it: a link works once");
    t.index(["user_id"]);
  });
  await knex.schema.alterTable("users", (t) => {
    t.string("last_sign_in_at", 32).comment("The latest good sign-in, shown on the person's page");
  });
  await knex.schema.alterTable("agencies", (t) => {
    t.string("deactivated_at", 32).comment("Set when the agency closed or merged: kept in past cycles and reports, not offered for new cycles");
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.raw('alter table "agencies" drop column "deactivated_at"');
  await knex.raw('alter table "users" drop column "last_sign_in_at"');
  await knex.schema.dropTableIfExists("password_resets");
}
