// @ts-check
/**
 * Sign-in throttling that cannot lock a real user out (DESIGN §10): a failure count per key (an account
 * from one address, one address, or an account from one known browser), claimed with a compare-and-set
 * update so parallel attempts cannot share one free try; and the browsers that have signed in to an
 * account before, which keep their own count.
 */

/** @param {import('knex').Knex} knex */
export async function up(knex) {
  await knex.schema.createTable("login_throttles", (t) => {
    t.string("key", 400).primary().comment("pair:<email> <address>, address:<address> or device:<user id>:<device token hash>");
    t.integer("failures").notNullable().defaultTo(0).comment("Attempts counted against the key: claimed before the password is checked, given back on success");
    t.string("last_failure_at", 32).comment("The wait after the free failures runs from here; a long quiet spell forgets the key");
  });
  await knex.schema.createTable("known_devices", (t) => {
    t.string("token_hash", 64).notNullable().comment("SHA-256 (hex) of the random token in the browser's __device cookie");
    t.integer("user_id").notNullable().references("id").inTable("users").onDelete("CASCADE");
    t.string("created_at", 32).notNullable();
    t.string("last_used_at", 32).notNullable();
    t.primary(["token_hash", "user_id"]);
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.schema.dropTableIfExists("known_devices");
  await knex.schema.dropTableIfExists("login_throttles");
}
