// @ts-check
/**
 * Scoring rules version 2 (DESIGN §5): an unmet essential item caps the overall band, and every view of
 * an overall says how many essential requirements are not met. A score keeps both facts as computed at
 * the time: `overall_capped` (the band was lowered from what the percentage alone gives) and
 * `unmet_essentials` (JSON list of {standard, item, answer}). Scores made under rules version 1 keep null
 * there: those rules did not look, so nothing is claimed for them.
 */

/** @param {import('knex').Knex} knex */
export async function up(knex) {
  await knex.schema.alterTable("scores", (t) => {
    t.boolean("overall_capped").notNullable().defaultTo(false).comment("Rules v2: the overall band was lowered by an unmet essential item");
    t.text("unmet_essentials").comment("Rules v2: JSON [{standard, item, answer}] of essential items scored 0; null for scores made under v1");
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.schema.alterTable("scores", (t) => {
    t.dropColumn("overall_capped");
    t.dropColumn("unmet_essentials");
  });
}
