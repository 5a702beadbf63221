// @ts-check
/**
 * QA scrutiny (DESIGN §6): moderated ratings per standard (history kept: a new rating supersedes,
 * never overwrites), challenges per standard with the agency's answer and QA's outcome, and the
 * return's QA decisions (returned for changes with a reason, validated).
 *
 * @param {import('knex').Knex} knex
 */
export async function up(knex) {
  await knex.schema.createTable("moderations", (t) => {
    t.increments("id");
    t.integer("return_id").notNullable().references("id").inTable("returns").onDelete("CASCADE");
    t.string("standard_code", 60).notNullable();
    t.string("band", 40).notNullable().comment("A band code of the return's tool");
    t.text("rationale").notNullable();
    t.integer("created_by").notNullable().references("id").inTable("users");
    t.string("created_at", 32).notNullable();
    t.string("superseded_at", 32).comment("Set when a later moderation of the same standard replaces this one");
    t.index(["return_id", "standard_code"]);
  });

  await knex.schema.createTable("challenges", (t) => {
    t.increments("id");
    t.integer("return_id").notNullable().references("id").inTable("returns").onDelete("CASCADE");
    t.string("standard_code", 60).notNullable();
    t.string("status", 20).notNullable().defaultTo("open").comment("open | answered | closed");
    t.text("question").notNullable();
    t.integer("raised_by").notNullable().references("id").inTable("users");
    t.string("raised_at", 32).notNullable();
    t.text("answer");
    t.integer("answered_by").references("id").inTable("users");
    t.string("answered_at", 32);
    t.string("outcome", 20).comment("accepted | rating_revised | escalated");
    t.text("outcome_note");
    t.integer("closed_by").references("id").inTable("users");
    t.string("closed_at", 32);
    t.index(["return_id"]);
  });

  await knex.schema.alterTable("returns", (t) => {
    t.text("returned_reason").comment("Why the QA subgroup sent the return back for changes (latest)");
    t.string("returned_at", 32);
    t.integer("validated_by").references("id").inTable("users");
    t.string("validated_at", 32);
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.schema.alterTable("returns", (t) => {
    t.dropColumn("returned_reason");
    t.dropColumn("returned_at");
    t.dropColumn("validated_by");
    t.dropColumn("validated_at");
  });
  await knex.schema.dropTableIfExists("challenges");
  await knex.schema.dropTableIfExists("moderations");
}
