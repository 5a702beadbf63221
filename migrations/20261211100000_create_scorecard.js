// @ts-check
/**
 * The scorecard (DESIGN §13, decision 021). An indicator keeps its settings; each definition it has had is a
 * numbered version, and every observation records the version it was counted under, so a changed definition
 * shows as a break in the series instead of silently joining two different measures. One observation per
 * indicator and period, for the indicator's owner (an agency, or the partnership when owner_agency_id is null).
 *
 * API tokens gain a scope (read, or write for a BI feed that posts observations). Publications may hold a
 * report that belongs to no cycle (the scorecard is partnership-wide): cycle_id becomes nullable.
 *
 * @param {import('knex').Knex} knex
 */
export async function up(knex) {
  await knex.schema.createTable("indicators", (t) => {
    t.increments("id");
    t.string("code", 40).notNullable().unique();
    t.string("title", 200).notNullable();
    t.string("unit", 20).notNullable().comment("count | percent | days | rate_per_10000");
    t.string("polarity", 10).notNullable().comment("higher | lower: which way is better");
    t.double("target");
    t.double("green_tolerance").comment("How far short of the target still reads green, in the unit's terms");
    t.double("amber_tolerance").comment("How far short of the target still reads amber");
    t.string("frequency", 12).notNullable().comment("monthly | quarterly | annual");
    t.string("quadrant", 12).notNullable().comment("how_much | how_well | better_off");
    t.string("theme", 20).notNullable().comment("The DfE framework theme: outcomes | cp_activity | decisions | plans | workforce");
    t.integer("owner_agency_id").references("id").inTable("agencies").onDelete("RESTRICT").comment("Null: the partnership owns the indicator");
    t.text("linked_standards").notNullable().defaultTo("[]").comment("Standard codes (JSON array)");
    t.integer("current_version").notNullable().defaultTo(1);
    t.string("created_at", 32).notNullable();
    t.string("updated_at", 32).notNullable();
    t.index(["owner_agency_id"]);
  });

  await knex.schema.createTable("indicator_versions", (t) => {
    t.increments("id");
    t.integer("indicator_id").notNullable().references("id").inTable("indicators").onDelete("CASCADE");
    t.integer("version").notNullable();
    t.text("definition").notNullable();
    t.integer("created_by").references("id").inTable("users");
    t.string("created_at", 32).notNullable();
    t.unique(["indicator_id", "version"]);
  });

  await knex.schema.createTable("observations", (t) => {
    t.increments("id");
    t.integer("indicator_id").notNullable().references("id").inTable("indicators").onDelete("CASCADE");
    t.integer("version").notNullable().comment("The definition version the value was counted under");
    t.string("period", 7).notNullable().comment("2026 | 2026-Q3 | 2026-09, matching the indicator's frequency");
    t.double("value").notNullable();
    t.double("numerator");
    t.double("denominator");
    t.boolean("provisional").notNullable().defaultTo(false);
    t.text("commentary").notNullable().defaultTo("");
    t.string("source", 10).notNullable().comment("form | import | api");
    t.integer("entered_by").references("id").inTable("users");
    t.string("entered_at", 32).notNullable();
    t.unique(["indicator_id", "period"]);
  });

  await knex.schema.alterTable("api_tokens", (t) => {
    t.string("scope", 10).notNullable().defaultTo("read").comment("read | write (write also posts scorecard observations)");
  });

  await knex.schema.alterTable("publications", (t) => {
    t.integer("cycle_id").nullable().alter();
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex("publications").whereNull("cycle_id").delete();
  await knex.schema.alterTable("publications", (t) => {
    t.integer("cycle_id").notNullable().alter();
  });
  await knex.schema.alterTable("api_tokens", (t) => {
    t.dropColumn("scope");
  });
  for (const table of ["observations", "indicator_versions", "indicators"]) await knex.schema.dropTableIfExists(table);
}
