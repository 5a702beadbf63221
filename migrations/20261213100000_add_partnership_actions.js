// @ts-check
/**
 * Partnership actions (DESIGN §12, decision 020): a case audit's recommendation for the partnership becomes
 * an action owned by the partnership (the QA subgroup and business office), not by an agency. Such an
 * action belongs to its case audit, not to a return, so `actions.return_id` and `actions.agency_id` become
 * nullable and `actions.case_audit_id` names the case audit. An agency's action keeps its return and
 * agency as before; the data layer writes exactly one of the two shapes.
 *
 * SQLITE ADAPTER: SQLite cannot change a column's NOT NULL in place; knex rebuilds the table (create a
 * copy, copy the rows, drop the original, rename), which keeps every row and id. Dropping the original
 * with foreign-key enforcement on would cascade into `action_updates` and clear
 * `case_audit_learning.action_id`, and SQLite ignores the switch inside a transaction, so this migration
 * manages its own transactions (`config.transaction = false`) and lets knex's rebuild turn enforcement
 * off around it (and check the keys afterwards).
 */
export const config = { transaction: false };

/** @param {import('knex').Knex} knex */
function isSqlite(knex) {
  return knex.client.config.client !== "pg";
}

/** @param {import('knex').Knex} knex */
export async function up(knex) {
  await knex.schema.alterTable("actions", (t) => {
    t.setNullable("return_id");
    t.setNullable("agency_id");
    if (!isSqlite(knex)) t.integer("case_audit_id").references("id").inTable("case_audits").onDelete("RESTRICT").comment("A partnership action's case audit; null for an agency's action");
  });
  // SQLite adds a column with a REFERENCES clause in place; knex would rebuild the table once more for it.
  if (isSqlite(knex)) await knex.raw('alter table "actions" add column "case_audit_id" integer references "case_audits" ("id") on delete restrict');
  await knex.schema.alterTable("actions", (t) => {
    t.index(["case_audit_id"]);
  });
}

/**
 * Without a nullable return and agency there is nowhere for a partnership action, so rolling back removes
 * them (with their progress history; their recommendations go back to having no action). The audit log
 * keeps the record of each.
 *
 * @param {import('knex').Knex} knex
 */
export async function down(knex) {
  await knex.transaction(async (trx) => {
    const partnership = trx("actions").whereNull("return_id").select("id");
    await trx("case_audit_learning").whereIn("action_id", partnership.clone()).update({ action_id: null });
    await trx("action_updates").whereIn("action_id", partnership.clone()).delete();
    await trx("actions").whereNull("return_id").delete();
  });
  await knex.schema.alterTable("actions", (t) => {
    t.dropIndex(["case_audit_id"]);
  });
  await knex.schema.alterTable("actions", (t) => {
    t.dropColumn("case_audit_id");
  });
  await knex.schema.alterTable("actions", (t) => {
    t.dropNullable("return_id");
    t.dropNullable("agency_id");
  });
}
