// @ts-check
/**
 * The chase: in-app notifications, the email outbox that delivers them (every message kept
 * with its delivery state, retried, never lost), and a per-agency extension of a return's due date.
 *
 * @param {import('knex').Knex} knex
 */
export async function up(knex) {
  await knex.schema.createTable("notifications", (t) => {
    t.increments("id");
    t.integer("user_id").notNullable().references("id").inTable("users").onDelete("CASCADE").comment("The recipient");
    t.string("kind", 40).notNullable().comment("cycle_opened | due_in_14_days | due_in_3_days | overdue | return_sent_back | challenge_raised | challenge_answered | action_overdue");
    t.string("subject", 300).notNullable();
    t.text("body").notNullable().comment("Plain text, without the link");
    t.string("link", 300).notNullable().comment("Path in this service, e.g. /returns/12");
    t.string("created_at", 32).notNullable();
    t.string("read_at", 32);
    t.string("dedupe_key", 200).notNullable().unique().comment("One notification per event and recipient: a reminder is never queued twice, however many app servers run the reminders");
    t.index(["user_id", "read_at"]);
  });

  await knex.schema.createTable("outbox", (t) => {
    t.increments("id");
    t.integer("notification_id").notNullable().references("id").inTable("notifications").onDelete("CASCADE");
    t.string("to_address", 254).notNullable();
    t.string("state", 20).notNullable().defaultTo("pending").comment("pending | sending | sent | failed | in_app_only (no SMTP_URL when it was due)");
    t.integer("attempts").notNullable().defaultTo(0);
    t.text("last_error");
    t.string("next_attempt_at", 32).notNullable();
    t.string("claimed_at", 32).comment("When a delivery run took the message; a stale claim (crashed run) is released");
    t.string("sent_at", 32);
    t.string("created_at", 32).notNullable();
    t.index(["state", "next_attempt_at"]);
    t.index(["notification_id"]);
  });

  await knex.schema.alterTable("returns", (t) => {
    t.string("due_on_override", 10).comment("YYYY-MM-DD: this agency's extended due date; null = the cycle's due date");
    t.text("due_on_override_reason").comment("Why the business office extended the due date (latest; the audit log keeps every change)");
    t.integer("due_extended_by").references("id").inTable("users");
    t.string("due_extended_at", 32);
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  await knex.schema.alterTable("returns", (t) => {
    t.dropColumn("due_on_override");
    t.dropColumn("due_on_override_reason");
    t.dropColumn("due_extended_by");
    t.dropColumn("due_extended_at");
  });
  await knex.schema.dropTableIfExists("outbox");
  await knex.schema.dropTableIfExists("notifications");
}
