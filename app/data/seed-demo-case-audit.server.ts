import { scoreAnswers } from "~/domain/score-answers";
import type { Answers } from "~/domain/scoring";
import type { Viewer } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { addLearning, createCaseAudit, raiseConcern, recommendationToAction, saveAgreedGrades, saveGrades } from "./case-audits.server";
import { nowIso, type Db } from "./db.server";
import { storeScore } from "./return-edits.server";
import { getTool } from "./tools.server";
import { createUser } from "./users.server";

/**
 * The demo's case audit (DESIGN §12): "Neglect: recognition and response", three cases, four agencies, every
 * case return submitted. Both panel members have graded the first two cases blind and the chair has agreed
 * them; on the third only the chair has graded, so the other member still grades blind. The council's joint
 * working is agreed Requires improvement, an immediate concern awaits Northshire Police's answer, and a
 * recommendation to the council is already an action in its plan.
 */

const AGENCIES = ["council", "police", "hospitals", "community-health"];
const CASES = ["2026-T1-C1", "2026-T1-C2", "2026-T1-C3"];
const SCALE = ["consistently", "mostly", "sometimes", "not_evident"];
const GRADES = ["outstanding", "good", "requires_improvement", "inadequate"];
/** How well each agency's records read, by domain (an index into SCALE): the council is weak on joint working. */
const QUALITY: Record<string, Record<string, number>> = {
  council: { recognition: 1, assessment: 1, planning: 1, joint_working: 3, voice: 1, impact: 2 },
  police: { recognition: 0, assessment: 1, planning: 1, joint_working: 1, voice: 2, impact: 1 },
  hospitals: { recognition: 0, assessment: 0, planning: 1, joint_working: 1, voice: 1, impact: 1 },
  "community-health": { recognition: 1, assessment: 1, planning: 2, joint_working: 1, voice: 0, impact: 1 },
};

function isoDate(daysFromToday: number): string {
  return new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

function viewerOf(row: { id: number; email: string; name: string; role: Viewer["role"]; agency_id: number | null }): Viewer {
  return { id: row.id, email: row.email, name: row.name, role: row.role, agencyId: row.agency_id };
}

function caseAnswers(slug: string, caseIndex: number): Answers {
  const answers: Answers = { involvement: caseIndex === 2 && slug === "hospitals" ? "limited" : "active", records_reviewed: "Case notes, referral form and the strategy meeting minutes." };
  for (const [domain, quality] of Object.entries(QUALITY[slug])) {
    const level = Math.min(3, quality + (caseIndex === 1 ? 1 : 0));
    answers[`${domain}_q1`] = SCALE[level];
    answers[`${domain}_q2`] = SCALE[Math.max(0, level - (caseIndex === 2 ? 1 : 0))];
    // Agencies grade themselves a step kinder than their records read.
    answers[`${domain}_grade`] = GRADES[Math.max(0, level - 1)];
  }
  answers.strengths = "Concerns were shared with children's social care on the day they were noticed.";
  answers.gaps = slug === "council" ? "The multi-agency plan was not shared with the school or the health visitor." : "Some entries do not record what the child said.";
  answers.learning = "Record the child's own words at every contact.";
  return answers;
}

export async function seedDemoCaseAudit(db: Db): Promise<void> {
  const admin = await db("users").where({ email: "admin@example.org" }).first();
  const chairRow = await db("users").where({ email: "qa@example.org" }).first();
  const member = await createUser(db, admin.id, { email: "qa2@example.org", name: "Priya Shah (QA subgroup member)", role: "qa", agencyId: null, password: "demo-password" });
  const chair = viewerOf(chairRow);
  const second = viewerOf({ id: member.id, email: "qa2@example.org", name: "Priya Shah (QA subgroup member)", role: "qa", agency_id: null });
  const tool = await db("tools").where({ code: "case-audit", version: "2026.1" }).first();
  if (!tool) throw new Error("surveys/case-audit is missing: the demo's case audit needs it");
  const agencies = await db("agencies").whereIn("slug", AGENCIES).select("id", "slug");
  const idOf = new Map(agencies.map((agency: { id: number; slug: string }) => [agency.slug, agency.id]));
  const created = await createCaseAudit(db, chair, {
    toolId: tool.id,
    title: "Neglect: recognition and response (spring 2026)",
    linesOfEnquiry: "Was neglect recognised early, and by whom?\nDid the agencies share what they knew and act on it together?\nWas the child seen and heard?",
    standards: ["S11-5", "S11-9", "S11-10"],
    opensOn: isoDate(-40),
    dueOn: isoDate(-12),
    panelOn: isoDate(-5),
    agencyIds: AGENCIES.map((slug) => idOf.get(slug)!),
    cases: CASES,
    memberIds: [chair.id, second.id],
    chairId: chair.id,
  });
  if (!created.ok) throw new Error(`Demo case audit: ${JSON.stringify(created)}`);
  const definition = (await getTool(db, tool.id))!.definition;
  const cases = await db("case_audit_cases").where({ case_audit_id: created.id }).orderBy("id");

  // Every agency has submitted every case return, signed off by its lead.
  for (const [caseIndex, entry] of cases.entries()) {
    const returns = await db("returns").join("agencies", "agencies.id", "returns.agency_id").where("returns.cycle_id", entry.cycle_id).select("returns.id", "agencies.slug");
    for (const ret of returns) {
      const lead = await db("users").where({ email: `lead@${ret.slug}.example.org` }).first();
      const answers = caseAnswers(ret.slug, caseIndex);
      const now = nowIso();
      await db("returns").where({ id: ret.id }).update({
        answers: JSON.stringify(answers), status: "submitted", revision: 1, started_at: now, updated_at: now, updated_by: lead.id,
        submitted_at: now, submitted_by: lead.id, signoff_name: lead.name, signoff_role: "Designated safeguarding lead", signoff_date: now.slice(0, 10),
      });
      const score = scoreAnswers(definition, answers);
      await storeScore(db, ret.id, score);
      await recordAudit(db, { userId: lead.id, action: "return.submit", entityType: "return", entityId: ret.id, summary: { demo: true } });
    }
    // The panel's grades: the member a step harsher on the council's joint working than the chair.
    const grade = (slug: string, domain: string, harsher: boolean) => GRADES[Math.min(3, QUALITY[slug][domain] + (caseIndex === 1 ? 1 : 0) + (harsher && slug === "council" ? 1 : 0))];
    const gradesFor = (harsher: boolean) =>
      Object.fromEntries(AGENCIES.flatMap((slug) => Object.keys(QUALITY[slug]).map((domain) => [`${idOf.get(slug)}:${domain}`, grade(slug, domain, harsher)])));
    await saveGrades(db, chair, entry.id, gradesFor(false), true);
    if (caseIndex < 2) {
      await saveGrades(db, second, entry.id, gradesFor(true), true);
      const agreed = gradesFor(false);
      await saveAgreedGrades(db, chair, entry.id, {
        grades: agreed,
        rationales: Object.fromEntries(Object.keys(agreed).map((key) => [key, "Agreed at the panel from the records and both members' grades."])),
        overall: caseIndex === 0 ? "requires_improvement" : "inadequate",
        overallRationale: caseIndex === 0 ? "Neglect was recognised, but the plan was not shared and the child's voice is thin." : "Drift for four months: no agency escalated when the plan stalled.",
      });
    }
  }

  await raiseConcern(db, chair, created.id, { caseId: cases[1].id, agencyId: idOf.get("police")!, concern: "The record shows a second missing episode that was not shared with children's social care. Confirm it has been shared and the child's safety plan reviewed.", respondBy: isoDate(3) });
  await addLearning(db, chair, created.id, { kind: "theme", text: "Plans were made but not shared across agencies, so nobody noticed when they stalled.", agencyId: null });
  const recommendation = await addLearning(db, chair, created.id, { kind: "recommendation", text: "Share every child in need plan with all agencies named in it within five working days.", agencyId: idOf.get("council")! });
  if (recommendation.ok) await recommendationToAction(db, chair, recommendation.id, { domain: "joint_working", owner: "Head of children's social care", dueOn: isoDate(60), successMeasure: "A re-audit of five plans finds every one shared within five working days." });
  // A recommendation for the partnership as a whole: its action is in the QA subgroup's own plan.
  const forPartnership = await addLearning(db, chair, created.id, { kind: "recommendation", text: "Add escalation of stalled plans to the multi-agency safeguarding training for every agency.", agencyId: null });
  if (forPartnership.ok) await recommendationToAction(db, chair, forPartnership.id, { domain: "planning", owner: "Partnership business manager", dueOn: isoDate(90), successMeasure: "Every agency's training record shows the session delivered to its frontline staff." });
}
