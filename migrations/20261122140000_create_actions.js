// @ts-check
/**
 * Action plans (DESIGN §6): an improvement an agency commits to for one standard of one
 * return, agreed by the QA subgroup, with its progress history (every update kept, never edited).
 *
 * @param {import('knex').Knex} knex
 */
export async function up(knex) {
  await knex.schema.createTable("actions", (t) => {
    t.increments("id");
    t.integer("return_id").notNullable().references("id").inTable("returns").onDelete("CASCADE");
    t.integer("agency_id").notNullable().references("id").inTable("agencies").onDelete("RESTRICT").comment("The return's agency, kept here so every read can scope by agency without a join");
    t.string("standard_code", 60).notNullable();
    t.text("description").notNullable().comment("What will be done");
    t.string("owner", 200).notNullable().comment("Who is responsible: a name as the agency writes it, not necessarily a user");
    t.string("due_on", 10).notNullable().comment("YYYY-MM-DD; overdue once this UK date has passed and the action is not done");
    t.text("success_measure").notNullable().comment("How the agency will know the action has worked");
    t.string("status", 20).notNullable().defaultTo("open").comment("open | in_progress | done");
    t.string("rag", 20).notNullable().defaultTo("on_track").comment("Progress RAG: on_track | at_risk | off_track (shown as done once the action is done)");
    t.integer("created_by").notNullable().references("id").inTable("users");
    t.string("created_at", 32).notNullable();
    t.integer("agreed_by").references("id").inTable("users").comment("The QA subgroup member who agreed the action; null until agreed");
    t.string("agreed_at", 32);
    t.string("done_at", 32);
    t.text("evidence_note").comment("What shows the action is done; required when status becomes done");
    t.index(["agency_id"]);
    t.index(["return_id"]);
  });

  await knex.schema.createTable("action_updates", (t) => {
    t.increments("id");
    t.integer("action_id").notNullable().references("id").inTable("actions").onDelete("CASCADE");
    t.integer("user_id").notNullable().references("id").inTable("users");
    t.string("at", 32).notNullable();
    t.string("status", 20).notNullable().comment("The action's status after this update");
    t.string("rag", 20).comment("The progress RAG after this update; null when the update marked the action done");
    t.text("note").comment("The dated progress note (optional when marking done: the evidence note is on the action)");
    t.index(["action_id"]);
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.schema.dropTableIfExists("action_updates");
  await knex.schema.dropTableIfExists("actions");
}
