// @ts-check
/**
 * Each score keeps its items' outcomes as worked out when it was computed (decision 026): a JSON object by
 * item key of `[points, max]` (included), "na" (answered not applicable) or "-" (not answered or hidden).
 * Reports count items from these stored numbers instead of reading and re-scoring every return's answers.
 * Scores stored before this column keep null; reports work their outcomes out from the answers as before.
 */

/** @param {import('knex').Knex} knex */
export async function up(knex) {
  await knex.schema.alterTable("scores", (t) => {
    t.text("item_outcomes").comment('JSON {item: [points, max] | "na" | "-"} as scored; null for scores stored before it was kept');
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.schema.alterTable("scores", (t) => {
    t.dropColumn("item_outcomes");
  });
}
