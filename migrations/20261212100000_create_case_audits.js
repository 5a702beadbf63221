// @ts-check
/**
 * Multi-agency case file audits (DESIGN §12, decision 020). A case audit runs a tool of kind case_audit;
 * each of its cases owns one cycle of that tool, so every participating agency's case return is an ordinary
 * return of that cycle (autosave, merge, sign-off and scoring unchanged). Cases carry a partnership reference
 * only: no names, dates of birth or addresses. Panel members grade each agency's part of a case blind; the
 * chair records the agreed grades with rationale; immediate concerns go to an agency with a deadline; themes
 * and recommendations are the learning, a recommendation may become an agency's action.
 *
 * @param {import('knex').Knex} knex
 */
export async function up(knex) {
  await knex.schema.createTable("case_audits", (t) => {
    t.increments("id");
    t.integer("tool_id").notNullable().references("id").inTable("tools").onDelete("RESTRICT").comment("A tool of kind case_audit");
    t.string("title", 200).notNullable().unique().comment("The theme, e.g. Neglect: recognition and response");
    t.text("lines_of_enquiry").notNullable();
    t.text("standards").notNullable().defaultTo("[]").comment("Standards of assured tools the audit tests (JSON list of codes)");
    t.string("opens_on", 10).notNullable();
    t.string("due_on", 10).notNullable().comment("Agencies' case returns are due");
    t.string("panel_on", 10).notNullable().comment("The panel day");
    t.string("status", 20).notNullable().defaultTo("open").comment("open | concluded");
    t.integer("created_by").references("id").inTable("users");
    t.string("created_at", 32).notNullable();
  });

  await knex.schema.createTable("case_audit_agencies", (t) => {
    t.integer("case_audit_id").notNullable().references("id").inTable("case_audits").onDelete("CASCADE");
    t.integer("agency_id").notNullable().references("id").inTable("agencies").onDelete("RESTRICT");
    t.primary(["case_audit_id", "agency_id"]);
  });

  await knex.schema.createTable("case_audit_members", (t) => {
    t.integer("case_audit_id").notNullable().references("id").inTable("case_audits").onDelete("CASCADE");
    t.integer("user_id").notNullable().references("id").inTable("users").onDelete("RESTRICT");
    t.boolean("is_chair").notNullable().defaultTo(false);
    t.primary(["case_audit_id", "user_id"]);
  });

  await knex.schema.createTable("case_audit_cases", (t) => {
    t.increments("id");
    t.integer("case_audit_id").notNullable().references("id").inTable("case_audits").onDelete("CASCADE");
    t.string("reference", 40).notNullable().comment("The partnership's case reference only, e.g. 2026-T1-C3");
    t.integer("cycle_id")
      .notNullable()
      .unique()
      .references("id")
      .inTable("cycles")
      .onDelete("RESTRICT")
      .comment("The case's own cycle: one return per agency");
    t.string("agreed_overall", 40).comment("The panel's agreed overall grade (a band code); null until agreed");
    t.text("overall_rationale");
    t.integer("agreed_by").references("id").inTable("users");
    t.string("agreed_at", 32);
    t.unique(["case_audit_id", "reference"]);
  });

  await knex.schema.createTable("case_audit_grades", (t) => {
    t.integer("case_id").notNullable().references("id").inTable("case_audit_cases").onDelete("CASCADE");
    t.integer("user_id").notNullable().references("id").inTable("users").onDelete("RESTRICT");
    t.integer("agency_id").notNullable().references("id").inTable("agencies").onDelete("RESTRICT");
    t.string("domain", 60).notNullable();
    t.string("grade", 40).notNullable();
    t.primary(["case_id", "user_id", "agency_id", "domain"]);
  });

  await knex.schema.createTable("case_audit_grade_submissions", (t) => {
    t.integer("case_id").notNullable().references("id").inTable("case_audit_cases").onDelete("CASCADE");
    t.integer("user_id").notNullable().references("id").inTable("users").onDelete("RESTRICT");
    t.string("submitted_at", 32).notNullable().comment("Once set, the member's grades are fixed and the spread is open to them");
    t.primary(["case_id", "user_id"]);
  });

  await knex.schema.createTable("case_audit_agreed", (t) => {
    t.integer("case_id").notNullable().references("id").inTable("case_audit_cases").onDelete("CASCADE");
    t.integer("agency_id").notNullable().references("id").inTable("agencies").onDelete("RESTRICT");
    t.string("domain", 60).notNullable();
    t.string("grade", 40).notNullable();
    t.text("rationale").notNullable();
    t.integer("recorded_by").notNullable().references("id").inTable("users");
    t.string("recorded_at", 32).notNullable();
    t.primary(["case_id", "agency_id", "domain"]);
  });

  await knex.schema.createTable("case_audit_concerns", (t) => {
    t.increments("id");
    t.integer("case_id").notNullable().references("id").inTable("case_audit_cases").onDelete("CASCADE");
    t.integer("agency_id").notNullable().references("id").inTable("agencies").onDelete("RESTRICT");
    t.text("concern").notNullable();
    t.string("respond_by", 10).notNullable();
    t.string("status", 20).notNullable().defaultTo("open").comment("open | answered | closed");
    t.text("response");
    t.integer("raised_by").notNullable().references("id").inTable("users");
    t.string("raised_at", 32).notNullable();
    t.integer("answered_by").references("id").inTable("users");
    t.string("answered_at", 32);
    t.integer("closed_by").references("id").inTable("users");
    t.string("closed_at", 32);
    t.index(["agency_id"]);
  });

  await knex.schema.createTable("case_audit_learning", (t) => {
    t.increments("id");
    t.integer("case_audit_id").notNullable().references("id").inTable("case_audits").onDelete("CASCADE");
    t.string("kind", 20).notNullable().comment("theme | recommendation");
    t.text("text").notNullable();
    t.integer("agency_id")
      .references("id")
      .inTable("agencies")
      .onDelete("RESTRICT")
      .comment("A recommendation's agency; null = the partnership");
    t.integer("action_id").references("id").inTable("actions").onDelete("SET NULL").comment("The action the recommendation became");
    t.integer("created_by").references("id").inTable("users");
    t.string("created_at", 32).notNullable();
  });
}

/** @param {import('knex').Knex} knex */
export async function down(knex) {
  for (const table of [
    "case_audit_learning",
    "case_audit_concerns",
    "case_audit_agreed",
    "case_audit_grade_submissions",
    "case_audit_grades",
    "case_audit_cases",
    "case_audit_members",
    "case_audit_agencies",
    "case_audits",
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
