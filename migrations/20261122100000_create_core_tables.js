// @ts-check
/**
 * The spine's tables: agencies, users and their sessions, tools, cycles, returns, their scores,
 * and the append-only audit log. Timestamps are ISO-8601 UTC strings and dates are YYYY-MM-DD
 * strings, so SQLite and PostgreSQL return the same values to the application.
 *
 * @param {import('knex').Knex} knex
 */
export async function up(knex) {
  await knex.schema.createTable("agencies", (t) => {
    t.increments("id");
    t.string("name", 200).notNullable().unique();
    t.string("slug", 100).notNullable().unique().comment("Short name used in demo logins and URLs");
    t.string("sector", 40).notNullable();
    t.string("contact_email", 254);
    t.string("created_at", 32).notNullable();
    t.string("updated_at", 32).notNullable();
  });

  await knex.schema.createTable("users", (t) => {
    t.increments("id");
    t.string("email", 254).notNullable().unique().comment("Stored lower-case");
    t.string("name", 200).notNullable();
    t.string("role", 20).notNullable().comment("admin | qa | board | agency_lead | agency_member");
    t.integer("agency_id").references("id").inTable("agencies").onDelete("RESTRICT");
    t.string("password_hash", 300).notNullable().comment("scrypt$N$r$p$salt$hash");
    t.string("created_at", 32).notNullable();
    t.string("updated_at", 32).notNullable();
    t.index(["agency_id"]);
  });

  await knex.schema.createTable("sessions", (t) => {
    t.string("id", 64).primary().comment("SHA-256 of the random token held in the cookie");
    t.integer("user_id").notNullable().references("id").inTable("users").onDelete("CASCADE");
    t.string("created_at", 32).notNullable();
    t.string("expires_at", 32).notNullable();
    t.index(["user_id"]);
  });

  await knex.schema.createTable("login_attempts", (t) => {
    t.increments("id");
    t.string("email", 254).notNullable();
    t.string("ip", 64).notNullable();
    t.string("at", 32).notNullable();
    t.boolean("succeeded").notNullable();
    t.index(["email", "at"]);
    t.index(["ip", "at"]);
  });

  await knex.schema.createTable("tools", (t) => {
    t.increments("id");
    t.string("code", 60).notNullable();
    t.string("version", 40).notNullable();
    t.string("title", 200).notNullable();
    t.string("kind", 20).notNullable();
    t.text("definition").notNullable().comment("The validated tool JSON (DESIGN §4); immutable once imported");
    t.string("imported_at", 32).notNullable();
    t.integer("imported_by").references("id").inTable("users");
    t.unique(["code", "version"]);
  });

  await knex.schema.createTable("cycles", (t) => {
    t.increments("id");
    t.integer("tool_id").notNullable().references("id").inTable("tools").onDelete("RESTRICT");
    t.string("title", 200).notNullable();
    t.string("status", 20).notNullable().defaultTo("draft").comment("draft | open | closed");
    t.string("opens_on", 10).notNullable();
    t.string("due_on", 10).notNullable();
    t.string("final_deadline_on", 10);
    t.text("selection").notNullable().comment('Which agencies take part: {"all":true} | {"sectors":[...]} | {"agencyIds":[...]}');
    t.boolean("is_baseline").notNullable().defaultTo(false);
    t.integer("created_by").references("id").inTable("users");
    t.string("created_at", 32).notNullable();
    t.string("opened_at", 32);
    t.string("closed_at", 32);
  });

  await knex.schema.createTable("returns", (t) => {
    t.increments("id");
    t.integer("cycle_id").notNullable().references("id").inTable("cycles").onDelete("RESTRICT");
    t.integer("agency_id").notNullable().references("id").inTable("agencies").onDelete("RESTRICT");
    t.string("status", 20).notNullable().defaultTo("not_started").comment("not_started | in_progress | submitted | returned | validated");
    t.text("answers").notNullable().defaultTo("{}").comment("Answers keyed by question name (JSON)");
    t.integer("revision").notNullable().defaultTo(0).comment("Bumped on every save; guards against silent overwrites");
    t.string("started_at", 32);
    t.string("submitted_at", 32);
    t.integer("submitted_by").references("id").inTable("users");
    t.string("signoff_name", 200);
    t.string("signoff_role", 200);
    t.string("signoff_date", 10);
    t.string("updated_at", 32);
    t.integer("updated_by").references("id").inTable("users");
    t.unique(["cycle_id", "agency_id"]);
    t.index(["agency_id"]);
  });

  await knex.schema.createTable("scores", (t) => {
    t.increments("id");
    t.integer("return_id").notNullable().references("id").inTable("returns").onDelete("CASCADE");
    t.string("tool_version", 40).notNullable();
    t.string("rules_version", 20).notNullable();
    t.boolean("is_current").notNullable().defaultTo(true).comment("Older rows keep earlier figures when a return is re-scored");
    t.double("overall_percent").comment("Full precision; null = not scored");
    t.string("overall_band", 40);
    t.integer("completeness_answered").notNullable();
    t.integer("completeness_total").notNullable();
    t.text("dimensions").notNullable().defaultTo("[]").comment("JSON [{code, percent, band}]");
    t.string("computed_at", 32).notNullable();
    t.index(["return_id", "is_current"]);
  });

  await knex.schema.createTable("standard_scores", (t) => {
    t.increments("id");
    t.integer("score_id").notNullable().references("id").inTable("scores").onDelete("CASCADE");
    t.string("standard_code", 60).notNullable();
    t.double("percent");
    t.string("band", 40);
    t.string("essential_cap", 10).comment("lowest | second when an essential item moved the band");
    t.string("self_rating", 40);
    t.integer("included").notNullable();
    t.integer("not_applicable").notNullable();
    t.integer("unanswered").notNullable();
    t.index(["score_id"]);
  });

  await knex.schema.createTable("audit_log", (t) => {
    t.increments("id");
    t.string("at", 32).notNullable();
    t.integer("user_id").references("id").inTable("users");
    t.string("action", 60).notNullable();
    t.string("entity_type", 40).notNullable();
    t.string("entity_id", 40);
    t.text("summary").notNullable().defaultTo("{}").comment("JSON before/after summary");
    t.index(["entity_type", "entity_id"]);
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  for (const table of ["audit_log", "standard_scores", "scores", "returns", "cycles", "tools", "login_attempts", "sessions", "users", "agencies"]) {
    await knex.schema.dropTableIfExists(table);
  }
}
