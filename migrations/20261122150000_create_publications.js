// @ts-check
/**
 * Reports published to the board (DESIGN §6 Publication): the report model frozen as JSON with who
 * published it, when, and from which inputs. Later changes to data never alter a publication; a new
 * publication of the same cycle supersedes the last, and both stay listed.
 *
 * @param {import('knex').Knex} knex
 */
export async function up(knex) {
  await knex.schema.createTable("publications", (t) => {
    t.increments("id");
    t.string("kind", 20).notNullable().comment("baseline (comparison and others to follow)");
    t.integer("cycle_id").notNullable().references("id").inTable("cycles").onDelete("RESTRICT");
    t.string("title", 300).notNullable();
    t.text("model").notNullable().comment("The report model exactly as published (JSON)");
    t.boolean("anonymised").notNullable().defaultTo(false);
    t.integer("min_group_size").notNullable().defaultTo(5);
    t.integer("published_by").notNullable().references("id").inTable("users");
    t.string("published_at", 32).notNullable();
    t.integer("superseded_by").comment("The later publication of the same report, if any");
    t.index(["cycle_id", "kind"]);
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.schema.dropTableIfExists("publications");
}
