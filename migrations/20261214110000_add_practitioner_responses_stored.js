// @ts-check
/**
 * A practitioner survey counts its stored responses as they are stored (in the same transaction as the
 * response and its tallies), so pages show the count and know the results have changed without counting a
 * hundred thousand rows on every view (decision 026). Existing surveys are counted once here.
 */

/** @param {import('knex').Knex} knex */
export async function up(knex) {
  await knex.schema.alterTable("practitioner_surveys", (t) => {
    t.integer("responses_stored").notNullable().defaultTo(0).comment("Responses stored so far; raised with each response stored");
  });
  await knex("practitioner_surveys").update({
    responses_stored: knex("practitioner_responses").count("*").whereRaw("practitioner_responses.survey_id = practitioner_surveys.id"),
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.schema.alterTable("practitioner_surveys", (t) => {
    t.dropColumn("responses_stored");
  });
}
