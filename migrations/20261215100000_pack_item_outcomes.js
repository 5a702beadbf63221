// @ts-check
/**
 * Scores stored from now on keep their item outcomes packed (decision 028): a JSON array with two slots per
 * item of the tool, in the tool's item order: `points, max` (included), `"na", null` (answered not applicable),
 * `"-", null` (not answered or hidden), `null, null` (an item worth no points). The keyed object of decision 026
 * stays readable, so no stored score is rewritten; only the column's description changes (PostgreSQL keeps
 * column comments, SQLite has none).
 */

const PACKED =
  'JSON [points, max | "na", null | "-", null | null, null] per item in the tool\'s order as scored (decision 028), or the keyed object {item: [points, max] | "na" | "-"} of scores stored before it; null for scores stored before either';
const KEYED = 'JSON {item: [points, max] | "na" | "-"} as scored; null for scores stored before it was kept';

/** @param {import('knex').Knex} knex @param {string} comment */
async function describe(knex, comment) {
  if (knex.client.config.client !== "pg") return;
  // COMMENT takes a literal, not a parameter; the text is this file's own constant.
  await knex.raw(`comment on column scores.item_outcomes is '${comment.replaceAll("'", "''")}'`);
}

/** @param {import('knex').Knex} knex */
export async function up(knex) {
  await describe(knex, PACKED);
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await describe(knex, KEYED);
}
