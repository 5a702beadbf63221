// @ts-check
/**
 * Custom tools: the business office uploads a tool file, previews it as agencies will see it, then
 * publishes it. An uploaded version is a draft until then (a corrected upload may replace it); a
 * published version is usable in cycles and never changes. Every version imported before this
 * migration was usable at once, so existing rows are published, as of their import.
 *
 * SQLITE ADAPTER: SQLite cannot drop a column that holds a foreign key; knex rebuilds the table
 * instead, which only works with foreign-key enforcement off, and SQLite ignores that switch inside
 * a transaction. So this migration manages its own transactions (`config.transaction = false`):
 * `up` runs in one, and `down` lets knex's rebuild run in its own.
 */
export const config = { transaction: false };

/** @param {import('knex').Knex} knex */
function isSqlite(knex) {
  return knex.client.config.client !== "pg";
}

/** @param {import('knex').Knex} knex */
export async function up(knex) {
  await knex.transaction(async (trx) => {
    await trx.schema.alterTable("tools", (t) => {
      t.string("status", 20).notNullable().defaultTo("published").comment("draft (uploaded, being previewed) | published (usable in cycles, immutable)");
      t.string("published_at", 32);
      if (!isSqlite(knex)) t.integer("published_by").references("id").inTable("users");
    });
    // SQLite adds a column with a REFERENCES clause in place; knex would rebuild the table for it (see above).
    if (isSqlite(knex)) await trx.raw('alter table "tools" add column "published_by" integer references "users" ("id")');
    await trx("tools").update({ published_at: trx.ref("imported_at"), published_by: trx.ref("imported_by") });
  });
}

/**
 * Without a status every row reads as a usable version, so drafts nobody published are removed
 * first (no cycle uses them; the audit log keeps the record of their upload).
 *
 * @param {import('knex').Knex} knex
 */
export async function down(knex) {
  await knex("tools")
    .where({ status: "draft" })
    .whereNotExists(knex("cycles").whereRaw('"cycles"."tool_id" = "tools"."id"').select(knex.raw("1")))
    .delete();
  await knex.schema.alterTable("tools", (t) => {
    t.dropColumn("published_by");
    t.dropColumn("published_at");
    t.dropColumn("status");
  });
}
