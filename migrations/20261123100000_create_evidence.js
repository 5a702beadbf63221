// @ts-check
/**
 * Evidence for returns and challenge answers: files or links, per standard and/or per `file`
 * question. Files are kept in the database, not on disk, so one backup holds everything and app
 * servers stay stateless (docs/decisions/006-evidence.md). Contents sit in their own table so that
 * listing evidence never reads them.
 *
 * @param {import('knex').Knex} knex
 */
export async function up(knex) {
  await knex.schema.createTable("evidence", (t) => {
    t.increments("id");
    t.integer("return_id").notNullable().references("id").inTable("returns").onDelete("CASCADE");
    t.string("standard_code", 60).comment("The standard the evidence supports (null: the return as a whole)");
    t.string("question_name", 200).comment("The `file` question it answers, if any");
    t.integer("challenge_id").references("id").inTable("challenges").onDelete("CASCADE").comment("Set when it came with an answer to a QA challenge");
    t.string("kind", 10).notNullable().comment("file | link");
    t.string("file_name", 255).comment("Cleaned original name: a label only, never a path");
    t.string("media_type", 120).comment("Type detected from the content, not the name");
    t.integer("size_bytes");
    t.string("sha256", 64);
    t.text("url").comment("For links: an http(s) address");
    t.integer("added_by").notNullable().references("id").inTable("users");
    t.string("added_at", 32).notNullable();
    t.index(["return_id"]);
  });
  await knex.schema.createTable("evidence_contents", (t) => {
    t.integer("evidence_id").primary().references("id").inTable("evidence").onDelete("CASCADE");
    t.binary("content").notNullable().comment("The file's bytes (BLOB on SQLite, bytea on PostgreSQL)");
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.schema.dropTableIfExists("evidence_contents");
  await knex.schema.dropTableIfExists("evidence");
}
