// @ts-check
/**
 * Contributors: an agency lead invites colleagues; each invitation is a one-time link to
 * set a password, kept only as a SHA-256 digest with an expiry, and a lead can remove a member's
 * access (`users.disabled_at`: the account stays, so the audit log and the returns it edited still
 * name its holder). Carry forward: a return prefilled from the agency's previous return records
 * which questions were carried and are still to be reviewed, and where they came from.
 *
 * The new columns hold no foreign key, so adding and dropping them is plain ALTER TABLE on both
 * SQLite (3.35 or later drops a column in place) and PostgreSQL; no table is rebuilt.
 *
 * @param {import('knex').Knex} knex
 */
export async function up(knex) {
  await knex.schema.createTable("invitations", (t) => {
    t.increments("id");
    t.integer("user_id").notNullable().references("id").inTable("users").onDelete("CASCADE");
    t.string("token_hash", 64).notNullable().unique().comment("SHA-256 of the token in the link; the token itself is never stored");
    t.integer("created_by").notNullable().references("id").inTable("users");
    t.string("created_at", 32).notNullable();
    t.string("expires_at", 32).notNullable();
    t.string("used_at", 32).comment("Set when the password was chosen: a link works once");
    t.index(["user_id"]);
  });
  await knex.schema.alterTable("users", (t) => {
    t.string("disabled_at", 32).comment("Set when the agency lead (or an admin) removed this person's access; they can no longer sign in");
  });
  await knex.schema.alterTable("returns", (t) => {
    t.text("carried_answers").notNullable().defaultTo("[]").comment("JSON list of question names prefilled from the previous return and not yet reviewed");
    t.integer("carried_from").comment("The return whose answers prefilled this one (returns.id), if any");
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.raw('alter table "returns" drop column "carried_from"');
  await knex.raw('alter table "returns" drop column "carried_answers"');
  await knex.raw('alter table "users" drop column "disabled_at"');
  await knex.schema.dropTableIfExists("invitations");
}
