// @ts-check
/**
 * Practitioner surveys (DESIGN §11, decision 018). A survey runs beside one cycle; each agency of the cycle
 * has one open link. A response holds its survey, agency, optional role group, the date and the answers, and
 * nothing else: no user, no address, no browser, no time of day. The tallies hold running totals per agency,
 * role group and standard, so aggregating a large survey reads a few thousand rows, not every answer.
 *
 * @param {import('knex').Knex} knex
 */
export async function up(knex) {
  await knex.schema.createTable("practitioner_surveys", (t) => {
    t.increments("id");
    t.integer("cycle_id").notNullable().references("id").inTable("cycles").onDelete("RESTRICT");
    t.integer("tool_id").notNullable().references("id").inTable("tools").onDelete("RESTRICT").comment("A tool of kind practitioner that assures the cycle's tool");
    t.string("opens_on", 10).notNullable();
    t.string("closes_on", 10).notNullable().comment("Last day answers are taken (UK date)");
    t.string("closed_at", 32).comment("Set when QA or the business office closes the survey early");
    t.integer("created_by").references("id").inTable("users");
    t.string("created_at", 32).notNullable();
    t.index(["cycle_id"]);
  });

  await knex.schema.createTable("practitioner_links", (t) => {
    t.increments("id");
    t.integer("survey_id").notNullable().references("id").inTable("practitioner_surveys").onDelete("CASCADE");
    t.integer("agency_id").notNullable().references("id").inTable("agencies").onDelete("RESTRICT");
    t.string("token", 64).notNullable().unique().comment("The agency's open link: one per agency, never per person (random, 128 bits)");
    t.unique(["survey_id", "agency_id"]);
  });

  await knex.schema.createTable("practitioner_responses", (t) => {
    t.increments("id");
    t.integer("survey_id").notNullable().references("id").inTable("practitioner_surveys").onDelete("CASCADE");
    t.integer("agency_id").notNullable().references("id").inTable("agencies").onDelete("RESTRICT");
    t.string("role_group", 20).comment("frontline | manager | other; null when not given");
    t.string("responded_on", 10).notNullable().comment("The UK date only: never a time of day");
    t.text("answers").notNullable().comment("Answers keyed by question name (JSON)");
    t.index(["survey_id", "agency_id"]);
  });

  await knex.schema.createTable("practitioner_tallies", (t) => {
    t.integer("survey_id").notNullable().references("id").inTable("practitioner_surveys").onDelete("CASCADE");
    t.integer("agency_id").notNullable().references("id").inTable("agencies").onDelete("RESTRICT");
    t.string("role_group", 20).notNullable().comment("frontline | manager | other | none");
    t.string("standard_code", 60).notNullable();
    t.integer("responses").notNullable().comment("Responses in this agency and role group");
    t.double("points").notNullable().comment("Sum of the positive answers' points on this standard");
    t.double("max").notNullable().comment("Sum of the applicable answers' maximum points on this standard");
    t.primary(["survey_id", "agency_id", "role_group", "standard_code"]);
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  for (const table of ["practitioner_tallies", "practitioner_responses", "practitioner_links", "practitioner_surveys"]) {
    await knex.schema.dropTableIfExists(table);
  }
}
