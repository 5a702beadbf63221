// @ts-check
/**
 * Challenge panels: the QA subgroup meets agencies of one cycle in a scheduled session,
 * records per agency who attended, notes and the outcome, then sends each a feedback letter.
 * A panel is `scheduled` until QA marks it `complete`; the agency reads its letter from then on.
 *
 * @param {import('knex').Knex} knex
 */
export async function up(knex) {
  await knex.schema.createTable("panels", (t) => {
    t.increments("id");
    t.integer("cycle_id").notNullable().references("id").inTable("cycles").onDelete("RESTRICT");
    t.string("held_on", 10).notNullable().comment("YYYY-MM-DD, the UK date of the session");
    t.string("starts_at", 5).notNullable().comment("HH:MM, 24-hour UK time");
    t.string("location", 300).notNullable().comment("A room, an address or 'Microsoft Teams'");
    t.string("status", 20).notNullable().defaultTo("scheduled").comment("scheduled | complete");
    t.integer("created_by").notNullable().references("id").inTable("users");
    t.string("created_at", 32).notNullable();
    t.integer("completed_by").references("id").inTable("users");
    t.string("completed_at", 32);
    t.index(["cycle_id"]);
  });

  await knex.schema.createTable("panel_agencies", (t) => {
    t.increments("id");
    t.integer("panel_id").notNullable().references("id").inTable("panels").onDelete("CASCADE");
    t.integer("agency_id").notNullable().references("id").inTable("agencies").onDelete("RESTRICT");
    t.integer("return_id").notNullable().references("id").inTable("returns").onDelete("RESTRICT").comment("The agency's return in the panel's cycle: what the panel scrutinises");
    t.boolean("attended").comment("null until recorded");
    t.text("attendees").comment("Who attended for the agency, as QA writes it (names and roles)");
    t.text("notes");
    t.text("outcome").comment("What the panel concluded for this agency; printed in its feedback letter");
    t.integer("updated_by").references("id").inTable("users");
    t.string("updated_at", 32);
    t.unique(["panel_id", "agency_id"]);
    t.index(["agency_id"]);
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.schema.dropTableIfExists("panel_agencies");
  await knex.schema.dropTableIfExists("panels");
}
